import { getIntrospectionQuery } from 'graphql';
import type { IntrospectionQuery } from 'graphql';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { recordSqlStatements } from '../support/sql-statements.js';
import type { SqlStatementLog } from '../support/sql-statements.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { tracedGql } from './api-helpers.js';

const repeat = (count: number, make: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => make(i)).join(' ');

describe('query limits: an expensive operation is refused before it runs, saying which limit', () => {
  let t: TestApp;
  let sql: SqlStatementLog;
  let user: UserWithToken;

  beforeAll(async () => {
    t = await startTestApp();
    user = await createUser(t);
    sql = recordSqlStatements(t);
    await tracedGql(t, '{ me { id } }', undefined, user.token); // writes last-used once
  });
  afterAll(async () => {
    sql?.detach();
    await t?.close();
  });

  /** Sends the query as the user; expects a 400 refusal of `limit` with nothing but the token lookup run. */
  const expectRefused = async (
    query: string,
    limit: string,
    maximum: number,
    variables?: Record<string, unknown>,
  ) => {
    const response = await tracedGql(t, query, variables, user.token);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_LIMIT_EXCEEDED',
      limit,
      maximum,
    });
    expect(response.errors?.[0]?.message).toMatch(
      new RegExp(`^Query refused: .*; the ${limit} limit is ${maximum}$`),
    );
    expect(sql.of(response.requestId)).toHaveLength(1);
    return response;
  };

  it("refuses the issue's query: 100 aliases of posts on a page of 200", async () => {
    const response = await expectRefused(
      `{ conversations(first: 200) { nodes { ${repeat(100, (i) => `p${i}: posts { id }`)} } } }`,
      'aliases',
      15,
    );
    expect(response.errors?.[0]?.message).toBe(
      'Query refused: it uses 100 aliases; the aliases limit is 15',
    );
  });

  it('refuses 800 aliases of me from a real user while parsing, and 16 by counting aliases', async () => {
    await expectRefused(`{ ${repeat(800, (i) => `m${i}: me { id }`)} }`, 'tokens', 1000);
    await expectRefused(`{ ${repeat(16, (i) => `m${i}: me { id }`)} }`, 'aliases', 15);
  });

  it('prices a page by its first argument, also when it comes in a variable', async () => {
    // 15 aliases of posts (the most allowed) on 200 conversations: far beyond the cost limit.
    const expensive = `query($n: Int!) { conversations(first: $n) { nodes { ${repeat(
      15,
      (i) => `p${i}: posts { author { id username displayName } }`,
    )} } } }`;
    const refused = await expectRefused(expensive, 'cost', 50_000, { n: 200 });
    expect(refused.errors?.[0]?.extensions?.found).toBeGreaterThan(50_000);

    // The same selection on a page of 10 is within the limit, and runs.
    const allowed = await tracedGql(t, expensive, { n: 10 }, user.token);
    expect(allowed.errors).toBeUndefined();
  });

  it('prices an omitted first at its default of 50', async () => {
    const selection = repeat(
      15,
      (i) => `p${i}: posts { author { id username displayName } mentionedUsers { id } }`,
    );
    await expectRefused(`{ conversations { nodes { ${selection} } } }`, 'cost', 50_000);
  });

  it('counts fields with fragments expanded, so a few tokens cannot select thousands of fields', async () => {
    // 10 x 10 x 10 spreads of three fields: 1,000 fields selected from a 60-token document.
    const wide = `
      query { ...A ...A ...A ...A ...A ...A ...A ...A ...A ...A }
      fragment A on Query { me { ...B ...B ...B ...B ...B ...B ...B ...B ...B ...B } }
      fragment B on User { ...C ...C ...C ...C ...C ...C ...C ...C ...C ...C }
      fragment C on User { id username displayName }`;
    await expectRefused(wide, 'fields', 500);
  });

  it('refuses too many directives', async () => {
    await expectRefused(
      `{ me { ${repeat(25, () => '__typename @include(if: true)')} } }`,
      'directives',
      20,
    );
  });

  it('refuses an over-deep query', async () => {
    const nested = `{ __type(name: "Conversation") { fields { type { ${'ofType { '.repeat(10)}name${' }'.repeat(10)} } } } }`;
    await expectRefused(nested, 'depth', 12);
  });

  it('answers the introspection query GraphiQL and other tools send, where introspection is on', async () => {
    // 15 levels deep, lists six deep: refused by the depth and cost limits were it counted like data.
    const standard = getIntrospectionQuery({
      descriptions: true,
      inputValueDeprecation: true,
      schemaDescription: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
    });
    for (const token of [t.adminToken, user.token]) {
      const response = await tracedGql<IntrospectionQuery>(t, standard, undefined, token);
      expect(response.errors).toBeUndefined();
      expect(response.data!.__schema.types.map((type) => type.name)).toContain('Conversation');
      // The schema is in memory: nothing but the token's lookup (and its last-used time) runs.
      expect(sql.of(response.requestId).every((statement) => /api_tokens/.test(statement))).toBe(
        true,
      );
    }
  });

  it('bounds introspection all the same: no type-field cycles, the whole schema at most 10 times', async () => {
    const cycle = await tracedGql(
      t,
      '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }',
      undefined,
      user.token,
    );
    expect(cycle.status).toBe(400);
    expect(cycle.errors?.[0]).toMatchObject({
      message: 'Maximum introspection depth exceeded',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const many = await expectRefused(
      `{ ${repeat(11, (i) => `s${i}: __schema { types { name } }`)} }`,
      'cost',
      50_000,
    );
    expect(many.errors?.[0]?.extensions?.found).toBe(55_000);
  });

  it('refuses a document of more than 1,000 tokens while parsing it', async () => {
    await expectRefused(`{ me { ${repeat(1100, () => '__typename')} } }`, 'tokens', 1000);
  });

  it('refuses a batch of operations in one request, which would multiply every limit', async () => {
    const batch = Array.from({ length: 50 }, () => ({ query: '{ me { id } }' }));
    const response = await t
      .http()
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .set('Authorization', `Bearer ${user.token}`)
      .send(batch);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('lets an ordinary page with every relation through', async () => {
    const page = await tracedGql(
      t,
      `{ conversations(first: 200) { nodes { id title subjectRef createdAt lastActivityAt
          createdBy { id username displayName } assignee { id username displayName }
          posts { id body source createdAt author { id username displayName }
                  mentionedUsers { id username displayName } } }
        pageInfo { endCursor hasNextPage } } }`,
      undefined,
      user.token,
    );
    expect(page.errors).toBeUndefined();
  });

  it('reads its limits from the environment', async () => {
    const strict = await startTestApp({
      env: { GRAPHQL_MAX_ALIASES: '2', GRAPHQL_MAX_COST: '100', GRAPHQL_MAX_DEPTH: '3' },
    });
    try {
      const aliases = await strict.gql('{ a: me { id } b: me { id } c: me { id } }');
      expect(aliases.errors?.[0]?.extensions).toMatchObject({ limit: 'aliases', maximum: 2 });
      const cost = await strict.gql('{ conversations(first: 100) { nodes { id } } }');
      expect(cost.errors?.[0]?.extensions).toMatchObject({ limit: 'cost', maximum: 100 });
      const depth = await strict.gql('{ conversations { nodes { posts { id } } } }');
      expect(depth.errors?.[0]?.extensions).toMatchObject({ limit: 'depth', maximum: 3 });
    } finally {
      await strict.close();
    }
  });
});

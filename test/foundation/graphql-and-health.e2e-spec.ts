import { readFileSync, writeFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

describe('GraphQL endpoint and health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness and readiness (with the database) without a token', async () => {
    const live = await t.http().get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers a malformed query with 400 and a message', async () => {
    const { status, errors } = await t.gql('query { me { id ');
    expect(status).toBe(400);
    expect(errors?.[0]?.message).toMatch(/Syntax Error/);
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses an over-deep query with a clear error', async () => {
    // 14 levels: __type, fields, type, ten ofType, name. (A `__schema` selection is not counted:
    // the standard introspection query nests 15 levels; see "Limits and errors" in the README.)
    const nested = `query { __type(name: "Conversation") { fields { type { ${'ofType { '.repeat(10)}name${' }'.repeat(10)} } } } }`;
    const { status, errors } = await t.gql(nested);
    expect(status).toBe(400);
    expect(errors?.[0]?.message).toBe(
      'Query refused: it nests fields 14 levels deep; the depth limit is 12',
    );
    expect(errors?.[0]?.extensions).toEqual({
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'depth',
      maximum: 12,
      found: 14,
    });
  });

  it('refuses an oversized document', async () => {
    const huge = `query { ${Array.from({ length: 3000 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const { status, errors } = await t.gql(huge);
    expect(status).toBe(400);
    expect(errors?.[0]?.message).toBe(
      'Query refused: the document is too long; the tokens limit is 1000',
    );
    expect(errors?.[0]?.extensions).toEqual({
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'tokens',
      maximum: 1000,
    });
  });

  it('never leaks internals in errors and echoes a request id', async () => {
    const response = await t
      .http()
      .post('/graphql')
      .set('x-request-id', 'req-123')
      .send({ query: '{ me { id } }' });
    expect(response.headers['x-request-id']).toBe('req-123');
    expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|at \w+ \(/);
  });

  it('keeps the committed schema.graphql in step with the code (refresh: `npm run schema:update`)', () => {
    const schema = `${printSchema(t.app.get(GraphQLSchemaHost).schema).trim()}\n`;
    const file = new URL('../../schema.graphql', import.meta.url);
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(file, schema);
    expect(readFileSync(file, 'utf8')).toBe(schema);
  });
});

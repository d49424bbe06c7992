import { createService, createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { startTestApp } from '../support/test-app.js';
import type { GqlResponse, TestApp } from '../support/test-app.js';

const NUL = '\u0000';
const CREATE = `mutation($input: CreateConversationInput!) { createConversation(input: $input) { id } }`;
const ADD_POST = `mutation($c: ID!, $body: String!) { addPost(conversationId: $c, body: $body) { id } }`;
const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { recipientCount } }`;
const SUBSCRIBE = `mutation($input: SubscriptionInput!) { subscribe(input: $input) { id } }`;

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const GOOD_TIME = '2026-01-01T00:00:00.000Z';
const GOOD_ID = '00000000-0000-4000-8000-000000000000';

/** BAD_USER_INPUT naming exactly `fields`, and nothing logged as an unexpected error. */
function expectBadInput(response: GqlResponse<unknown>, fields: string[]): void {
  expect(response.errors).toHaveLength(1);
  expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(Object.keys(response.errors?.[0]?.extensions?.fields ?? {}).sort()).toEqual(
    [...fields].sort(),
  );
}

describe('bad input is BAD_USER_INPUT with the field named, never a 500', () => {
  let t: TestApp;
  let user: UserWithToken;
  let service: UserWithToken;
  let conversationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    user = await createUser(t);
    service = await createService(t);
    const created = await t.gql<{ createConversation: { id: string } }>(
      CREATE,
      { input: { title: 'Totals', subjectRef: 'table:1', body: 'Hello' } },
      user.token,
    );
    conversationId = created.data!.createConversation.id;
  });
  const rawGql = (body: string, token: string) =>
    t
      .http()
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .set('Authorization', `Bearer ${token}`)
      .send(body);

  afterEach(() => {
    // Refused input is the client's mistake: nothing reaches the log as an unexpected error.
    expect(t.logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a NUL character in a title, a body or a subject reference, naming each field', async () => {
    const response = await t.gql(
      CREATE,
      { input: { title: `a${NUL}b`, subjectRef: `table:${NUL}`, body: `x${NUL}` } },
      user.token,
    );
    expectBadInput(response, ['title', 'subjectRef', 'body']);
    expect(response.errors?.[0]?.extensions?.fields?.title).toEqual([
      'must not contain the NUL character (\\u0000)',
    ]);
    expectBadInput(await t.gql(ADD_POST, { c: conversationId, body: `hi${NUL}` }, user.token), [
      'body',
    ]);
    // Inline in the document too, not only in variables.
    expectBadInput(
      await t.gql(
        `mutation { addPost(conversationId: "${conversationId}", body: "a\\u0000b") { id } }`,
        undefined,
        user.token,
      ),
      ['body'],
    );
  });

  it('refuses a NUL in an object reference, in a payload string and in a payload key', async () => {
    expectBadInput(
      await t.gql(
        SUBSCRIBE,
        { input: { eventType: 'table_updated', objectRef: `table:4${NUL}2` } },
        user.token,
      ),
      ['objectRef'],
    );
    expectBadInput(
      await t.gql(
        PUBLISH,
        {
          input: {
            type: 'subscription_event',
            objectRef: `table:${NUL}`,
            payload: { eventType: 'table_updated', nested: { note: `x${NUL}` }, [`k${NUL}`]: 1 },
          },
        },
        service.token,
      ),
      ['objectRef', 'payload', 'payload.nested.note'],
    );
  });

  it('refuses whitespace-only titles and bodies', async () => {
    expectBadInput(
      await t.gql(
        CREATE,
        { input: { title: '   ', subjectRef: 'table:1', body: '\n\t ' } },
        user.token,
      ),
      ['title', 'body'],
    );
    // Zero-width characters look just as blank.
    expectBadInput(
      await t.gql(
        CREATE,
        { input: { title: '\u200b\u200d', subjectRef: 'table:1', body: 'Hello' } },
        user.token,
      ),
      ['title'],
    );
    const blank = await t.gql(ADD_POST, { c: conversationId, body: ' \u00a0\n' }, user.token);
    expectBadInput(blank, ['body']);
    expect(blank.errors?.[0]?.extensions?.fields?.body).toEqual([
      'must contain more than whitespace',
    ]);
  });

  it('refuses a JSON payload nested 200,000 deep, or too long, without a stack overflow', async () => {
    // Sent as text: the test's own JSON.stringify could not write a value this deep.
    const deepArray = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const deep = await rawGql(
      `{"query":${JSON.stringify(PUBLISH)},"variables":{"input":{"type":"system_health","payload":{"status":"ok","details":${deepArray}}}}}`,
      service.token,
    );
    expect(deep.status).toBe(400);
    expect(deep.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(JSON.stringify(deep.body)).toMatch(/JSON value nested deeper than 10 levels, the limit/);

    const long = await t.gql(
      PUBLISH,
      {
        input: {
          type: 'system_health',
          payload: { items: Array.from({ length: 5000 }, () => 'x'.repeat(30)) },
        },
      },
      service.token,
    );
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(long.errors?.[0]?.message).toMatch(
      /JSON value longer than 100000 characters, the limit/,
    );

    // Written inline in the document, the same limit answers the same code.
    const inline = await t.gql(
      `mutation { publishEvent(input: { type: "system_health", payload: ${'{ a: '.repeat(12)}1${' }'.repeat(12)} }) { recipientCount } }`,
      undefined,
      service.token,
    );
    expect(inline.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(inline.errors?.[0]?.message).toMatch(/nested deeper than 10 levels/);
  });

  it('answers a 200,000-deep payload object, larger than the body limit, with a JSON 413', async () => {
    const deepObject = `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`;
    const response = await rawGql(
      `{"query":${JSON.stringify(PUBLISH)},"variables":{"input":{"type":"system_health","payload":${deepObject}}}}`,
      service.token,
    );
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({
      errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
  });

  it.each([
    ['a date that is not a date', cursor({ at: '2024-13-45T99:00:00Z', id: GOOD_ID })],
    ['a date that does not exist', cursor({ at: '2024-02-30T00:00:00Z', id: GOOD_ID })],
    ['an id that is not a uuid', cursor({ at: GOOD_TIME, id: "1' OR '1'='1" })],
    ['numbers instead of strings', cursor({ at: 1, id: 2 })],
    ['not JSON', Buffer.from('garbage').toString('base64url')],
  ])('refuses a cursor holding %s on every paginated query', async (_what, after) => {
    const queries: Array<[string, string]> = [
      ['conversations', user.token],
      ['emailSettingsAudit', t.adminToken],
      ['incomingEmails', t.adminToken],
      ['emailDeliveries', t.adminToken],
    ];
    for (const [field, token] of queries) {
      const response = await t.gql(
        `query($after: String) { ${field}(first: 5, after: $after) { nodes { __typename } } }`,
        { after },
        token,
      );
      expect({ field, code: response.errors?.[0]?.extensions?.code }).toEqual({
        field,
        code: 'BAD_USER_INPUT',
      });
      expect(response.errors?.[0]?.extensions?.fields).toEqual({
        after: ['is not a cursor this API returned'],
      });
    }
  });

  it('still accepts the cursors it hands out', async () => {
    for (let i = 0; i < 3; i += 1) {
      await t.gql(
        CREATE,
        { input: { title: `T${i}`, subjectRef: 'table:1', body: 'b' } },
        user.token,
      );
    }
    const first = await t.gql<{ conversations: { pageInfo: { endCursor: string } } }>(
      '{ conversations(first: 2) { pageInfo { endCursor } } }',
      undefined,
      user.token,
    );
    const next = await t.gql<{ conversations: { nodes: unknown[] } }>(
      'query($after: String) { conversations(first: 2, after: $after) { nodes { id } } }',
      { after: first.data!.conversations.pageInfo.endCursor },
      user.token,
    );
    expect(next.errors).toBeUndefined();
    expect(next.data!.conversations.nodes).toHaveLength(2);
  });
});

import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { recordSqlStatements } from '../support/sql-statements.js';
import type { SqlStatementLog } from '../support/sql-statements.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { tracedGql } from './api-helpers.js';

const aliasesOfMe = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `m${i}: me { username }`).join(' ')} }`;

describe('authentication: once per request, and bad tokens stay cheap', () => {
  let t: TestApp;
  let sql: SqlStatementLog;
  let user: UserWithToken;

  beforeAll(async () => {
    // A small per-address budget, so that the test can use it up.
    t = await startTestApp({ env: { AUTH_FAILURES_PER_MINUTE: '5' } });
    user = await createUser(t);
    sql = recordSqlStatements(t);
    await tracedGql(t, '{ me { id } }', undefined, user.token); // writes last-used once
  });
  afterAll(async () => {
    sql?.detach();
    await t?.close();
  });

  it('looks a valid token up once however many fields ask for the user', async () => {
    const response = await tracedGql<Record<string, { username: string }>>(
      t,
      aliasesOfMe(15),
      undefined,
      user.token,
    );
    expect(response.errors).toBeUndefined();
    expect(Object.values(response.data!).every((me) => me.username === user.user.username)).toBe(
      true,
    );
    expect(sql.of(response.requestId)).toHaveLength(1);
  });

  it('refuses a made-up token with 800 aliases of me after one lookup, before parsing the query', async () => {
    const response = await tracedGql(
      t,
      aliasesOfMe(800),
      undefined,
      'rl_made_up_token_aaaaaaaaaaaaaaaaaaaaaaaa',
    );
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      errors: [
        { message: 'Invalid, revoked or expired token', extensions: { code: 'UNAUTHENTICATED' } },
      ],
    });
    expect(sql.of(response.requestId)).toHaveLength(1);
  });

  it('answers the same bad token again without asking the database', async () => {
    const token = 'rl_another_made_up_token_bbbbbbbbbbbbbbbbbbb';
    const first = await tracedGql(t, '{ me { id } }', undefined, token);
    const again = await tracedGql(t, '{ me { id } }', undefined, token);
    expect([first.status, again.status]).toEqual([401, 401]);
    expect(sql.of(first.requestId)).toHaveLength(1);
    expect(sql.of(again.requestId)).toHaveLength(0);
  });

  it('does not remember a deactivated user as a bad token: reactivated, the token works at once', async () => {
    const other = await createUser(t);
    const setActive = (active: boolean) =>
      t.gql(
        'mutation($id: ID!, $active: Boolean!) { updateUser(id: $id, input: { active: $active }) { id } }',
        {
          id: other.user.id,
          active,
        },
      );
    await setActive(false);
    expect((await tracedGql(t, '{ me { id } }', undefined, other.token)).status).toBe(401);
    await setActive(true);
    const back = await tracedGql<{ me: { id: string } }>(
      t,
      '{ me { id } }',
      undefined,
      other.token,
    );
    expect(back.data?.me.id).toBe(other.user.id);
  });

  it('stops looking up new bad tokens from an address over its budget, but lets a valid token in', async () => {
    // Each made-up token costs one lookup until the address has used its 5 failures for the minute
    // (this test file's earlier made-up tokens count too).
    const responses = [];
    for (let i = 0; i < 6; i += 1) {
      responses.push(
        await tracedGql(t, '{ me { id } }', undefined, `rl_guess_${i}_ccccccccccccccccccccccccc`),
      );
    }
    const throttled = responses.at(-1)!;
    expect(throttled.status).toBe(429);
    expect(throttled.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(throttled.errors?.[0]?.message).toMatch(/try again in \d+ s/);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(sql.of(throttled.requestId)).toHaveLength(0);

    // A token that proved valid before is still looked up, and works.
    const valid = await tracedGql<{ me: { id: string } }>(
      t,
      '{ me { id } }',
      undefined,
      user.token,
    );
    expect(valid.data?.me.id).toBe(user.user.id);
  });

  it('answers a request without a token per field, with no lookup', async () => {
    const response = await tracedGql(t, '{ me { id } }', undefined, null);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(sql.of(response.requestId)).toHaveLength(0);
  });
});

import { createUser } from '../support/factories.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const ME = 'query { me { id username email role active } }';

describe('authentication and users', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('bootstraps the Server Admin with ADMIN_TOKEN on an empty database', async () => {
    const { data, errors } = await t.gql<{ me: { username: string; role: string; email: string } }>(
      ME,
    );
    expect(errors).toBeUndefined();
    expect(data?.me).toMatchObject({
      username: 'admin',
      role: 'SERVER_ADMIN',
      email: 'admin@localhost',
    });
  });

  it('answers UNAUTHENTICATED without a token or with an unknown one', async () => {
    for (const token of [null, 'rl_not_a_real_token_at_all_000000000000']) {
      const { errors } = await t.gql(ME, undefined, token);
      expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers FORBIDDEN when a USER calls an admin operation', async () => {
    const { token } = await createUser(t);
    const { errors, data } = await t.gql('query { users { id } }', undefined, token);
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('creates users, issues a token once, and stops a revoked token at once', async () => {
    const created = await t.gql<{ createUser: { id: string } }>(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id username role } }',
      { input: { username: 'Ana', email: 'ana@example.test' } },
    );
    expect(created.errors).toBeUndefined();
    const userId = created.data!.createUser.id;

    const issued = await t.gql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      'mutation($userId: ID!) { createApiToken(userId: $userId, name: "laptop") { token apiToken { id name } } }',
      { userId },
    );
    const { token, apiToken } = issued.data!.createApiToken;
    expect(token).toMatch(/^rl_[A-Za-z0-9_-]{43}$/);
    expect(
      (await t.gql<{ me: { username: string } }>(ME, undefined, token)).data?.me.username,
    ).toBe('Ana');

    const listed = await t.gql<{ apiTokens: Array<Record<string, unknown>> }>(
      'query($userId: ID!) { apiTokens(userId: $userId) { id name lastUsedAt } }',
      { userId },
    );
    expect(listed.data?.apiTokens[0]?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(token);

    await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', {
      id: apiToken.id,
    });
    expect((await t.gql(ME, undefined, token)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('stops a deactivated user at once', async () => {
    const { user, token } = await createUser(t);
    expect((await t.gql(ME, undefined, token)).errors).toBeUndefined();
    await t.gql('mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { active } }', {
      id: user.id,
    });
    expect((await t.gql(ME, undefined, token)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses duplicate usernames and emails case-insensitively, per field', async () => {
    await createUser(t, { username: 'Bruno', email: 'bruno@example.test' });
    const byName = await t.gql(
      'mutation { createUser(input: { username: "bruno", email: "other@example.test" }) { id } }',
    );
    expect(byName.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(byName.errors?.[0]?.extensions?.fields ?? {})).toEqual(['username']);
    const byEmail = await t.gql(
      'mutation { createUser(input: { username: "bruno2", email: "BRUNO@example.test" }) { id } }',
    );
    expect(byEmail.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(byEmail.errors?.[0]?.extensions?.fields ?? {})).toEqual(['email']);
  });

  it('reports class-validator problems per field as BAD_USER_INPUT', async () => {
    const { errors } = await t.gql(
      'mutation { createUser(input: { username: "has space", email: "not-an-email" }) { id } }',
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(errors?.[0]?.extensions?.fields ?? {}).sort()).toEqual([
      'email',
      'username',
    ]);
  });

  it('answers NOT_FOUND for an unknown user and BAD_USER_INPUT for a malformed id', async () => {
    const unknown = await t.gql(
      'mutation { updateUser(id: "00000000-0000-4000-8000-000000000000", input: { active: false }) { id } }',
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const malformed = await t.gql(
      'mutation { updateUser(id: "nope", input: { active: false }) { id } }',
    );
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

import { randomUUID } from 'node:crypto';
import { createUser } from '../support/factories.js';
import { newMicrosoftApp, startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { SAVE_MICROSOFT, SETTINGS, TEST_MICROSOFT } from './settings-queries.js';
import type { SettingsShape } from './settings-queries.js';

const MAILBOX = 'replies@contoso.test';

describe('reply by email with Microsoft OAuth (local identity + Graph fake)', () => {
  let fake: MicrosoftFake;
  let t: TestApp;
  const app = newMicrosoftApp();
  const settings = async () => (await t.gql<SettingsShape>(SETTINGS)).data!.emailServerSettings;
  const input = (overrides: Record<string, unknown> = {}) => ({
    replyToAddress: MAILBOX,
    ...app,
    ...overrides,
  });
  const credentialsError = (tenantId: string, clientId: string) =>
    `Error connecting to Tenant ID: ${tenantId} with Client: ${clientId} credentials.`;

  beforeAll(async () => {
    fake = await startMicrosoftFake();
    fake.registerApp(app);
    fake.addMailbox(MAILBOX);
    t = await startTestApp({
      env: {
        MICROSOFT_LOGIN_BASE_URL: fake.url,
        MICROSOFT_GRAPH_BASE_URL: fake.url,
        MAILBOX_CONNECT_TIMEOUT_MS: '1500',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it('fails with the documented message for a bad secret, tenant or client, and saves nothing', async () => {
    const before = await settings();
    const cases = [
      input({ clientSecret: 'wrong-secret' }), // AADSTS7000215 invalid_client
      input({ tenantId: randomUUID() }), // AADSTS90002 unknown tenant
      input({ clientId: randomUUID() }), // AADSTS700016 unknown application
    ];
    for (const wrong of cases) {
      const tested = await t.gql<{ testMicrosoftConnection: { ok: boolean; message: string } }>(
        TEST_MICROSOFT,
        {
          input: wrong,
        },
      );
      const expected = credentialsError(String(wrong.tenantId), String(wrong.clientId));
      expect(tested.data?.testMicrosoftConnection).toEqual({ ok: false, message: expected });
      const saved = await t.gql(SAVE_MICROSOFT, { input: wrong });
      expect(saved.errors?.[0]).toMatchObject({
        message: expected,
        extensions: { code: 'CONNECTION_FAILED' },
      });
    }
    expect(await settings()).toEqual(before);
  });

  it('names the mailbox and Graph error when the token works but the mailbox cannot be read', async () => {
    const noConsent = {
      tenantId: randomUUID(),
      clientId: randomUUID(),
      clientSecret: 'no-consent-secret',
      mailboxes: [],
    };
    fake.registerApp(noConsent);
    const denied = await t.gql<{ testMicrosoftConnection: { ok: boolean; message: string } }>(
      TEST_MICROSOFT,
      {
        input: input({
          tenantId: noConsent.tenantId,
          clientId: noConsent.clientId,
          clientSecret: noConsent.clientSecret,
        }),
      },
    );
    expect(denied.data?.testMicrosoftConnection.ok).toBe(false);
    expect(denied.data?.testMicrosoftConnection.message).toMatch(
      new RegExp(`cannot read the mailbox ${MAILBOX}.*ErrorAccessDenied`),
    );

    const unknownMailbox = await t.gql<{
      testMicrosoftConnection: { ok: boolean; message: string };
    }>(TEST_MICROSOFT, {
      input: input({ replyToAddress: 'nobody@contoso.test' }),
    });
    expect(unknownMailbox.data?.testMicrosoftConnection.ok).toBe(false);
    expect(unknownMailbox.data?.testMicrosoftConnection.message).toMatch(
      /cannot read the mailbox nobody@contoso\.test.*: \w+/,
    );
    expect(unknownMailbox.data?.testMicrosoftConnection.message).not.toContain('with Client');
  });

  it('checks the granted permissions: without Mail.ReadWrite replies could never be marked read', async () => {
    const readOnly = newMicrosoftApp();
    fake.registerApp({ ...readOnly, roles: ['Mail.Read', 'Mail.ReadBasic', 'Mail.Send'] });
    const refused = await t.gql<{ testMicrosoftConnection: { ok: boolean; message: string } }>(
      TEST_MICROSOFT,
      { input: input({ ...readOnly }) },
    );
    expect(refused.data?.testMicrosoftConnection).toEqual({
      ok: false,
      message: `Connected to Tenant ID: ${readOnly.tenantId} with Client: ${readOnly.clientId}, but the app registration lacks the Mail.ReadWrite application permission (granted: Mail.Read, Mail.ReadBasic, Mail.Send). Replyline marks every reply it reads as read, which Mail.Read alone does not allow: add Mail.ReadWrite under API permissions as an application permission and grant admin consent.`,
    });
    const saved = await t.gql(SAVE_MICROSOFT, { input: input({ ...readOnly }) });
    expect(saved.errors?.[0]?.extensions?.code).toBe('CONNECTION_FAILED');

    // Consent granted in Azure: the next test gets a fresh token with the new permission.
    fake.setRoles(readOnly.clientId, ['Mail.Read', 'Mail.ReadWrite']);
    const passed = await t.gql<{ testMicrosoftConnection: { ok: boolean } }>(TEST_MICROSOFT, {
      input: input({ ...readOnly }),
    });
    expect(passed.data?.testMicrosoftConnection.ok).toBe(true);

    const noPermissions = newMicrosoftApp();
    fake.registerApp({ ...noPermissions, roles: [] });
    const none = await t.gql<{ testMicrosoftConnection: { ok: boolean; message: string } }>(
      TEST_MICROSOFT,
      { input: input({ ...noPermissions }) },
    );
    expect(none.data?.testMicrosoftConnection.message).toContain(
      'lacks the Mail.ReadWrite application permission (none granted)',
    );
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    // The token would come after 4 s; the connection test's deadline is shorter.
    fake.setDelay({ tokenMs: 4000 });
    try {
      const { data } = await t.gql<{ testMicrosoftConnection: { ok: boolean; message: string } }>(
        TEST_MICROSOFT,
        {
          input: input({ clientSecret: 'another-secret-to-skip-token-cache' }),
        },
      );
      expect(data?.testMicrosoftConnection.ok).toBe(false);
      expect(data?.testMicrosoftConnection.message).toMatch(/timed out|did not answer/i);
    } finally {
      fake.setDelay({ tokenMs: 0 });
    }
  });

  it('tests and saves working credentials; the intent tracking mode is always MESSAGE_ID', async () => {
    const tested = await t.gql<{ testMicrosoftConnection: { ok: boolean; message: string } }>(
      TEST_MICROSOFT,
      {
        input: input(),
      },
    );
    expect(tested.data?.testMicrosoftConnection.ok).toBe(true);

    const { data, errors } = await t.gql<{
      saveMicrosoftReplyByEmail: SettingsShape['emailServerSettings'];
    }>(SAVE_MICROSOFT, { input: input() });
    expect(errors).toBeUndefined();
    expect(data?.saveMicrosoftReplyByEmail.replyByEmail).toMatchObject({
      enabled: true,
      authMethod: 'MICROSOFT_OAUTH',
      replyToAddress: MAILBOX,
      intentTrackingMode: 'MESSAGE_ID',
      microsoft: { tenantId: app.tenantId, clientId: app.clientId, clientSecretSet: true },
    });
    expect((await settings()).replyByEmail.microsoft.serviceProvider).toBe('Microsoft');
  });

  it('accepts a verified-domain tenant and refuses malformed ids field by field', async () => {
    const { errors } = await t.gql(SAVE_MICROSOFT, {
      input: input({ tenantId: 'not a tenant', clientId: 'contoso', replyToAddress: 'nope' }),
    });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(errors?.[0]?.extensions?.fields ?? {}).sort()).toEqual([
      'clientId',
      'replyToAddress',
      'tenantId',
    ]);
    const domainTenant = await t.gql(TEST_MICROSOFT, {
      input: input({ tenantId: 'contoso.onmicrosoft.com' }),
    });
    expect(domainTenant.errors).toBeUndefined();
  });

  it('keeps the stored secret when a later save omits it', async () => {
    const { clientSecret: _omitted, ...withoutSecret } = input();
    const { data, errors } = await t.gql<{
      saveMicrosoftReplyByEmail: SettingsShape['emailServerSettings'];
    }>(SAVE_MICROSOFT, { input: withoutSecret });
    expect(errors).toBeUndefined();
    expect(data?.saveMicrosoftReplyByEmail.replyByEmail.microsoft.clientSecretSet).toBe(true);
  });

  it('lets only Server Admins test or save', async () => {
    const { token } = await createUser(t);
    for (const mutation of [TEST_MICROSOFT, SAVE_MICROSOFT]) {
      expect((await t.gql(mutation, { input: input() }, token)).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('never puts the client secret in a response or a log line', () => {
    expect(JSON.stringify(t.responses)).not.toContain(app.clientSecret);
    expect(t.logs.join('\n')).not.toContain(app.clientSecret);
  });
});

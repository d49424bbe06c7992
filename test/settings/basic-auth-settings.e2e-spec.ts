import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { freePort } from '../support/free-port.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { SAVE_BASIC, SETTINGS, TEST_BASIC } from './settings-queries.js';
import type { SettingsShape } from './settings-queries.js';

const MAILBOX = 'replies@example.test';
const PASSWORD = 'imap-Pa55word-7f3a9c';

describe('reply by email with Basic Auth (real Dovecot)', () => {
  let dovecot: DovecotServer;
  let t: TestApp;
  const settings = async () => (await t.gql<SettingsShape>(SETTINGS)).data!.emailServerSettings;
  const input = (overrides: Record<string, unknown> = {}) => ({
    replyToAddress: MAILBOX,
    imapHost: '127.0.0.1',
    imapPort: dovecot.plainPort,
    imapSsl: false,
    username: MAILBOX,
    password: PASSWORD,
    intentTrackingMode: 'EMAIL_ADDRESS',
    ...overrides,
  });

  beforeAll(async () => {
    dovecot = await startDovecot();
    await dovecot.addUser(MAILBOX, PASSWORD);
    t = await startTestApp({ env: { MAILBOX_CONNECT_TIMEOUT_MS: '3000' } });
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
  });

  it('starts with reply by email off and the documented defaults', async () => {
    expect(await settings()).toEqual({
      notificationsDisabled: false,
      // The product page's two export types, and the admin's own test email.
      exemptNotificationTypes: [
        'notify_on_download_ready',
        'notify_on_download_failed',
        'test_email',
      ],
      replyByEmail: {
        enabled: false,
        authMethod: null,
        replyToAddress: null,
        intentTrackingMode: 'EMAIL_ADDRESS',
        pollIntervalMinutes: 3,
        basic: {
          replyToAddress: null,
          intentTrackingMode: 'EMAIL_ADDRESS',
          imapHost: null,
          imapPort: null,
          imapSsl: true,
          username: null,
          passwordSet: false,
          allowUnencryptedLogin: false,
        },
        microsoft: {
          serviceProvider: 'Microsoft',
          replyToAddress: null,
          tenantId: null,
          clientId: null,
          clientSecretSet: false,
        },
      },
    });
  });

  it('tests a working connection without saving it', async () => {
    const { data } = await t.gql<{ testBasicAuthConnection: { ok: boolean; message: string } }>(
      TEST_BASIC,
      {
        input: input(),
      },
    );
    expect(data?.testBasicAuthConnection.ok).toBe(true);
    expect((await settings()).replyByEmail.enabled).toBe(false);
  });

  describe('a failed test saves nothing and says what went wrong', () => {
    const cases: Array<
      [string, () => Record<string, unknown> | Promise<Record<string, unknown>>, RegExp]
    > = [
      [
        'wrong password',
        () => input({ password: 'wrong-password' }),
        /^Error connecting to IMAP server 127\.0\.0\.1:\d+: authentication failed/,
      ],
      [
        'closed port',
        async () => input({ imapPort: await freePort() }),
        /^Error connecting to IMAP server 127\.0\.0\.1:\d+: connection refused/,
      ],
      [
        'unknown host',
        () => input({ imapHost: 'imap.replyline-test.invalid' }),
        /^Error connecting to IMAP server imap\.replyline-test\.invalid:\d+: host not found/,
      ],
      [
        'TLS port with SSL off',
        () => input({ imapPort: dovecot.tlsPort, imapSsl: false }),
        /^Error connecting to IMAP server 127\.0\.0\.1:\d+: no IMAP greeting from the server \(the port expects TLS/,
      ],
      [
        'plain port with SSL on',
        () => input({ imapPort: dovecot.plainPort, imapSsl: true }),
        /^Error connecting to IMAP server 127\.0\.0\.1:\d+: TLS handshake failed/,
      ],
    ];

    it.each(cases)('%s', async (_name, makeInput, expected) => {
      const before = await settings();
      const tested = await t.gql<{ testBasicAuthConnection: { ok: boolean; message: string } }>(
        TEST_BASIC,
        {
          input: await makeInput(),
        },
      );
      expect(tested.data?.testBasicAuthConnection.ok).toBe(false);
      expect(tested.data?.testBasicAuthConnection.message).toMatch(expected);

      const saved = await t.gql(SAVE_BASIC, { input: await makeInput() });
      expect(saved.data).toBeNull();
      expect(saved.errors?.[0]?.extensions?.code).toBe('CONNECTION_FAILED');
      expect(saved.errors?.[0]?.message).toMatch(expected);
      expect(await settings()).toEqual(before);
    });
  });

  it('saves working settings, enables reply by email and never returns the password', async () => {
    const { data, errors } = await t.gql<{
      saveBasicAuthReplyByEmail: SettingsShape['emailServerSettings'];
    }>(SAVE_BASIC, { input: input({ intentTrackingMode: 'MESSAGE_ID' }) });
    expect(errors).toBeUndefined();
    expect(data?.saveBasicAuthReplyByEmail.replyByEmail).toMatchObject({
      enabled: true,
      authMethod: 'BASIC',
      replyToAddress: MAILBOX,
      intentTrackingMode: 'MESSAGE_ID',
      basic: {
        replyToAddress: MAILBOX,
        intentTrackingMode: 'MESSAGE_ID',
        imapHost: '127.0.0.1',
        imapPort: dovecot.plainPort,
        imapSsl: false,
        username: MAILBOX,
        passwordSet: true,
        allowUnencryptedLogin: false,
      },
    });
  });

  it('stores the password sealed, not in clear', async () => {
    const rows = await t.app
      .get(DataSource)
      .query<Array<{ imap_password_sealed: string }>>(
        'SELECT imap_password_sealed FROM email_server_settings',
      );
    expect(rows[0]?.imap_password_sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(rows[0]?.imap_password_sealed).not.toContain(PASSWORD);
  });

  it('keeps the stored password when a later save omits it, and tests with it', async () => {
    const { password: _omitted, ...withoutPassword } = input({
      intentTrackingMode: 'EMAIL_ADDRESS',
    });
    const tested = await t.gql<{ testBasicAuthConnection: { ok: boolean } }>(TEST_BASIC, {
      input: withoutPassword,
    });
    expect(tested.data?.testBasicAuthConnection.ok).toBe(true);
    const saved = await t.gql<{ saveBasicAuthReplyByEmail: SettingsShape['emailServerSettings'] }>(
      SAVE_BASIC,
      {
        input: withoutPassword,
      },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.saveBasicAuthReplyByEmail.replyByEmail.basic.passwordSet).toBe(true);
    expect(saved.data?.saveBasicAuthReplyByEmail.replyByEmail.intentTrackingMode).toBe(
      'EMAIL_ADDRESS',
    );
  });

  it('refuses bad input field by field', async () => {
    const { errors } = await t.gql(SAVE_BASIC, {
      input: input({
        replyToAddress: 'not-an-address',
        imapPort: 70000,
        imapHost: 'imaps://mail.example.com',
      }),
    });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(errors?.[0]?.extensions?.fields ?? {}).sort()).toEqual([
      'imapHost',
      'imapPort',
      'replyToAddress',
    ]);
    const badEnum = await t.gql(SAVE_BASIC, {
      input: input({ intentTrackingMode: 'CARRIER_PIGEON' }),
    });
    expect(badEnum.status).toBe(400);
    expect(badEnum.errors?.[0]?.message).toMatch(/CARRIER_PIGEON/);
  });

  it('turns notifications off and on, and sets the poll interval within 1 to 60 minutes', async () => {
    const off = await t.gql<{ setEmailNotificationsDisabled: { notificationsDisabled: boolean } }>(
      'mutation { setEmailNotificationsDisabled(disabled: true) { notificationsDisabled } }',
    );
    expect(off.data?.setEmailNotificationsDisabled.notificationsDisabled).toBe(true);
    await t.gql(
      'mutation { setEmailNotificationsDisabled(disabled: false) { notificationsDisabled } }',
    );

    for (const minutes of [0, 61]) {
      const { errors } = await t.gql(
        `mutation { setMailboxPollInterval(minutes: ${minutes}) { replyByEmail { pollIntervalMinutes } } }`,
      );
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    await t.gql(
      'mutation { setMailboxPollInterval(minutes: 5) { replyByEmail { pollIntervalMinutes } } }',
    );
    expect((await settings()).replyByEmail.pollIntervalMinutes).toBe(5);
  });

  it('records every change in the audit, secrets only as changed', async () => {
    const { data } = await t.gql<{
      emailSettingsAudit: {
        nodes: Array<{
          action: string;
          actorUsername: string;
          changes: Array<{
            field: string;
            oldValue: string | null;
            newValue: string | null;
            secret: boolean;
          }>;
        }>;
      };
    }>(
      'query { emailSettingsAudit(first: 50) { nodes { action actorUsername changes { field oldValue newValue secret } } } }',
    );
    const entries = data!.emailSettingsAudit.nodes;
    const firstSave = entries
      .filter((entry) => entry.action === 'saveBasicAuthReplyByEmail')
      .at(-1)!;
    expect(firstSave.actorUsername).toBe('admin');
    expect(firstSave.changes).toContainEqual({
      field: 'imapPassword',
      oldValue: null,
      newValue: null,
      secret: true,
    });
    expect(firstSave.changes).toContainEqual({
      field: 'replyByEmailEnabled',
      oldValue: 'false',
      newValue: 'true',
      secret: false,
    });
    expect(entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['setEmailNotificationsDisabled', 'setMailboxPollInterval']),
    );
    // The failed saves above changed nothing, so they left no entry.
    expect(entries.filter((entry) => entry.action === 'saveBasicAuthReplyByEmail')).toHaveLength(2);
  });

  it('disables reply by email', async () => {
    await t.gql('mutation { disableReplyByEmail { replyByEmail { enabled } } }');
    expect((await settings()).replyByEmail).toMatchObject({
      enabled: false,
      basic: { passwordSet: true },
    });
  });

  it('forgets the stored password on request, and records it in the audit', async () => {
    const { errors } = await t.gql(
      'mutation { disableReplyByEmail(forgetCredentials: true) { replyByEmail { enabled } } }',
    );
    expect(errors).toBeUndefined();
    expect((await settings()).replyByEmail).toMatchObject({
      enabled: false,
      basic: { passwordSet: false, username: MAILBOX },
    });
    const [stored] = await t.app
      .get(DataSource)
      .query<Array<{ imap_password_sealed: string | null }>>(
        `SELECT imap_password_sealed FROM email_server_settings`,
      );
    expect(stored.imap_password_sealed).toBeNull();

    const { data } = await t.gql<{
      emailSettingsAudit: {
        nodes: Array<{ action: string; changes: Array<{ field: string; secret: boolean }> }>;
      };
    }>('query { emailSettingsAudit(first: 1) { nodes { action changes { field secret } } } }');
    expect(data!.emailSettingsAudit.nodes[0]).toEqual({
      action: 'disableReplyByEmailAndForgetCredentials',
      changes: [{ field: 'imapPassword', secret: true }],
    });

    // Saving again needs the password again; forgetting twice records nothing more.
    const { password: _omitted, ...withoutPassword } = input();
    void _omitted;
    const resave = await t.gql(SAVE_BASIC, { input: withoutPassword });
    expect(resave.errors?.[0]?.message).toBe('A password is required');
    await t.gql(
      'mutation { disableReplyByEmail(forgetCredentials: true) { notificationsDisabled } }',
    );
    const again = await t.gql<{ emailSettingsAudit: { nodes: Array<{ action: string }> } }>(
      'query { emailSettingsAudit(first: 50) { nodes { action } } }',
    );
    const forgets = again.data!.emailSettingsAudit.nodes.filter(
      (entry) => entry.action === 'disableReplyByEmailAndForgetCredentials',
    );
    expect(forgets).toHaveLength(1);
  });

  it('lets only Server Admins near any settings operation', async () => {
    const { token } = await createUser(t);
    const operations = [
      SETTINGS,
      'query { emailSettingsAudit { nodes { id } } }',
      'mutation { setEmailNotificationsDisabled(disabled: true) { notificationsDisabled } }',
      'mutation { disableReplyByEmail { notificationsDisabled } }',
      'mutation { setMailboxPollInterval(minutes: 4) { notificationsDisabled } }',
    ];
    for (const operation of operations) {
      expect((await t.gql(operation, undefined, token)).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
    }
    for (const mutation of [TEST_BASIC, SAVE_BASIC]) {
      expect((await t.gql(mutation, { input: input() }, token)).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('never puts the password in a response or a log line', () => {
    expect(t.responses.length).toBeGreaterThan(10);
    expect(JSON.stringify(t.responses)).not.toContain(PASSWORD);
    expect(t.logs.join('\n')).not.toContain(PASSWORD);
  });
});

describe('reply by email with Basic Auth over TLS', () => {
  it('trusts a private CA given in IMAP_CA_FILE', async () => {
    const dovecot = await startDovecot();
    const caFile = join(mkdtempSync(join(tmpdir(), 'replyline-ca-')), 'ca.pem');
    writeFileSync(caFile, dovecot.caCert);
    await dovecot.addUser(MAILBOX, PASSWORD);
    const t = await startTestApp({ env: { IMAP_CA_FILE: caFile } });
    try {
      const { data } = await t.gql<{ testBasicAuthConnection: { ok: boolean; message: string } }>(
        TEST_BASIC,
        {
          input: {
            replyToAddress: MAILBOX,
            imapHost: '127.0.0.1',
            imapPort: dovecot.tlsPort,
            imapSsl: true,
            username: MAILBOX,
            password: PASSWORD,
            intentTrackingMode: 'EMAIL_ADDRESS',
          },
        },
      );
      expect(data?.testBasicAuthConnection).toEqual({
        ok: true,
        message: `Connected to IMAP server 127.0.0.1:${dovecot.tlsPort} and opened INBOX.`,
      });
    } finally {
      await t.close();
      await dovecot.stop();
    }
  });
});

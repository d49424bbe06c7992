import { Injectable } from '@nestjs/common';
import { HostResolver, SystemHostResolver } from '../../src/mailbox/host-resolver.js';
import type { ResolvedAddress } from '../../src/mailbox/network-destination.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { startImapCapture } from '../support/imap-capture.js';
import type { ImapCapture } from '../support/imap-capture.js';
import { newMicrosoftApp, startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import {
  SAVE_BASIC,
  SAVE_MICROSOFT,
  SETTINGS,
  TEST_BASIC,
  TEST_MICROSOFT,
} from './settings-queries.js';
import type { SettingsShape } from './settings-queries.js';

/**
 * The reply mailbox's password and client secret cannot be turned against their owner by whoever
 * holds an admin token: a stored secret only goes to the server and account it was saved for, the
 * password never crosses the network unencrypted without an explicit opt-in, and the connection
 * test does not reach into the machine's link-local network. Against a real Dovecot, a listener
 * that keeps every byte it receives, and the Microsoft fake.
 */

const MAILBOX = 'replies@example.test';
const STORED_PASSWORD = 'stored-Pa55word-4b1d';

type TestResult = { testBasicAuthConnection: { ok: boolean; message: string } };

/**
 * DNS as a test needs it: names it was told about answer from its table, one answer per lookup
 * (the last one repeats), everything else goes to the system resolver.
 */
@Injectable()
class ScriptedResolver extends HostResolver {
  static answers = new Map<string, ResolvedAddress[][]>();
  static lookups: string[] = [];
  private readonly system = new SystemHostResolver();

  resolve(host: string): Promise<ResolvedAddress[]> {
    ScriptedResolver.lookups.push(host);
    const script = ScriptedResolver.answers.get(host);
    if (!script) return this.system.resolve(host);
    return Promise.resolve(script.length > 1 ? script.shift()! : script[0]);
  }
}
const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });

describe('a stored IMAP password only goes to the server and account it was saved for', () => {
  let dovecot: DovecotServer;
  let capture: ImapCapture;
  let t: TestApp;
  const saved = () => ({
    replyToAddress: MAILBOX,
    imapHost: 'localhost',
    imapPort: dovecot.plainPort,
    imapSsl: false,
    username: MAILBOX,
    intentTrackingMode: 'EMAIL_ADDRESS',
  });
  const settings = async () => (await t.gql<SettingsShape>(SETTINGS)).data!.emailServerSettings;

  beforeAll(async () => {
    dovecot = await startDovecot();
    await dovecot.addUser(MAILBOX, STORED_PASSWORD);
    capture = await startImapCapture();
    t = await startTestApp({ env: { MAILBOX_CONNECT_TIMEOUT_MS: '3000' } });
    const response = await t.gql(SAVE_BASIC, { input: { ...saved(), password: STORED_PASSWORD } });
    expect(response.errors).toBeUndefined();
  });
  afterAll(async () => {
    await t?.close();
    await capture?.stop();
    await dovecot?.stop();
  });

  it('still tests and saves with the stored password while nothing it belongs to changed', async () => {
    const tested = await t.gql<TestResult>(TEST_BASIC, { input: saved() });
    expect(tested.data?.testBasicAuthConnection.ok).toBe(true);
    const again = await t.gql(SAVE_BASIC, { input: { ...saved(), imapHost: 'LocalHost' } });
    expect(again.errors).toBeUndefined();
  });

  const changes: Array<[string, () => Record<string, unknown>, string]> = [
    [
      'another host and user name, SSL off (the reported attack)',
      () => ({ imapHost: '127.0.0.1', imapPort: capture.port, username: 'attacker' }),
      'the IMAP server, the port and the user name',
    ],
    ['another port', () => ({ imapPort: capture.port }), 'the port'],
    ['another user name', () => ({ username: 'someone-else@example.test' }), 'the user name'],
    ['SSL turned on', () => ({ imapSsl: true }), '"Server uses SSL"'],
    [
      'sign-in without TLS newly allowed',
      () => ({ allowUnencryptedLogin: true }),
      'sign-in without TLS was turned on',
    ],
  ];

  it.each(changes)(
    'refuses to test or save with %s unless the password is typed again',
    async (_name, change, named) => {
      const before = await settings();
      const connectionsBefore = capture.connections;
      const input = { ...saved(), ...change() };
      for (const mutation of [TEST_BASIC, SAVE_BASIC]) {
        const { data, errors } = await t.gql(mutation, { input });
        expect(data).toBeNull();
        expect(errors?.[0]).toMatchObject({
          message: `Enter the password again: ${named} changed, and the stored password is only sent to the server and account it was saved for`,
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: { password: [`must be entered again because ${named} changed`] },
          },
        });
      }
      // Nothing was connected to, nothing was saved.
      expect(capture.connections).toBe(connectionsBefore);
      expect(await settings()).toEqual(before);
    },
  );

  it('sends a typed password where it is told to, and never the stored one', async () => {
    // The listener does capture what a client sends it: a password typed for it arrives.
    const typed = 'typed-for-the-listener';
    const tested = await t.gql<TestResult>(TEST_BASIC, {
      input: {
        ...saved(),
        imapHost: '127.0.0.1',
        imapPort: capture.port,
        username: 'attacker',
        password: typed,
        allowUnencryptedLogin: true,
      },
    });
    expect(tested.data?.testBasicAuthConnection.message).toMatch(/authentication failed/);
    expect(capture.sawSecret(typed)).toBe(true);
    expect(capture.sawSecret(STORED_PASSWORD)).toBe(false);
  });

  it('never returned or logged the stored password', () => {
    expect(JSON.stringify(t.responses)).not.toContain(STORED_PASSWORD);
    expect(t.logs.join('\n')).not.toContain(STORED_PASSWORD);
  });
});

describe('a stored client secret only goes with the app registration it was saved for', () => {
  let fake: MicrosoftFake;
  let t: TestApp;
  const app = newMicrosoftApp();
  const other = newMicrosoftApp();

  beforeAll(async () => {
    fake = await startMicrosoftFake();
    fake.registerApp(app);
    fake.registerApp({ ...other, tenantId: app.tenantId });
    fake.addMailbox('replies@contoso.test');
    t = await startTestApp({
      env: { MICROSOFT_LOGIN_BASE_URL: fake.url, MICROSOFT_GRAPH_BASE_URL: fake.url },
    });
    const saved = await t.gql(SAVE_MICROSOFT, {
      input: { replyToAddress: 'replies@contoso.test', ...app },
    });
    expect(saved.errors).toBeUndefined();
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it.each([
    ['tenant', () => ({ tenantId: other.tenantId, clientId: app.clientId }), 'the Tenant ID'],
    ['client', () => ({ tenantId: app.tenantId, clientId: other.clientId }), 'the Client ID'],
  ])('refuses another %s without the secret typed again', async (_name, ids, named) => {
    const tokenRequests = fake.tokenRequestCount();
    for (const mutation of [TEST_MICROSOFT, SAVE_MICROSOFT]) {
      const { errors } = await t.gql(mutation, {
        input: { replyToAddress: 'replies@contoso.test', ...ids() },
      });
      expect(errors?.[0]).toMatchObject({
        message: `Enter the client secret again: ${named} changed, and the stored secret is only used with the app registration it was saved for`,
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: { clientSecret: [`must be entered again because ${named} changed`] },
        },
      });
    }
    expect(fake.tokenRequestCount()).toBe(tokenRequests);
  });

  it('reuses the stored secret for the same tenant and client, and a new mailbox', async () => {
    fake.addMailbox('other@contoso.test');
    const { data } = await t.gql<{ testMicrosoftConnection: { ok: boolean } }>(TEST_MICROSOFT, {
      input: {
        replyToAddress: 'other@contoso.test',
        tenantId: app.tenantId.toUpperCase(),
        clientId: app.clientId,
      },
    });
    expect(data?.testMicrosoftConnection.ok).toBe(true);
  });
});

describe('the IMAP password leaves only over TLS unless sign-in without TLS is allowed', () => {
  let dovecot: DovecotServer;
  let legacy: DovecotServer;
  let t: TestApp;
  const input = (server: DovecotServer, overrides: Record<string, unknown> = {}) => ({
    replyToAddress: MAILBOX,
    imapHost: '127.0.0.1',
    imapPort: server.plainPort,
    imapSsl: false,
    username: MAILBOX,
    password: STORED_PASSWORD,
    intentTrackingMode: 'EMAIL_ADDRESS',
    ...overrides,
  });
  const logins = async (server: DovecotServer) =>
    (await server.log()).split('\n').filter((line) => line.includes(`Login: user=<${MAILBOX}>`));

  beforeAll(async () => {
    dovecot = await startDovecot();
    legacy = await startDovecot({ withoutTls: true });
    await dovecot.addUser(MAILBOX, STORED_PASSWORD);
    await legacy.addUser(MAILBOX, STORED_PASSWORD);
    t = await startTestApp({ env: { MAILBOX_CONNECT_TIMEOUT_MS: '3000' } });
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
    await legacy?.stop();
  });

  it('upgrades a plain port with STARTTLS before signing in', async () => {
    const before = (await logins(dovecot)).length;
    const { data } = await t.gql<TestResult>(TEST_BASIC, { input: input(dovecot) });
    expect(data?.testBasicAuthConnection).toEqual({
      ok: true,
      message: `Connected to IMAP server 127.0.0.1:${dovecot.plainPort}, secured with STARTTLS, and opened INBOX.`,
    });
    // Dovecot's own record of the sign-in says it came over TLS.
    const login = (await logins(dovecot)).slice(before);
    expect(login).toHaveLength(1);
    expect(login[0]).toMatch(/, TLS, /);
  });

  it('refuses a server without STARTTLS without sending the password', async () => {
    const before = (await logins(legacy)).length;
    const tested = await t.gql<TestResult>(TEST_BASIC, { input: input(legacy) });
    expect(tested.data?.testBasicAuthConnection).toEqual({
      ok: false,
      message: `Error connecting to IMAP server 127.0.0.1:${legacy.plainPort}: the server does not offer STARTTLS, so signing in would send the password unencrypted; it was not sent. Use the server's TLS port with "Server uses SSL" on, or allow sign-in without TLS if the network to the server is trusted`,
    });
    const saved = await t.gql(SAVE_BASIC, { input: input(legacy) });
    expect(saved.errors?.[0]?.extensions?.code).toBe('CONNECTION_FAILED');
    expect(await logins(legacy)).toHaveLength(before);
    expect(await legacy.log()).not.toMatch(/auth failed/);
  });

  it('signs in without TLS only with the opt-in, warns about it, and stores and audits the opt-in', async () => {
    const optIn = input(legacy, { allowUnencryptedLogin: true });
    const tested = await t.gql<TestResult>(TEST_BASIC, { input: optIn });
    expect(tested.data?.testBasicAuthConnection).toEqual({
      ok: true,
      message: `Connected to IMAP server 127.0.0.1:${legacy.plainPort} and opened INBOX, but without TLS: the server offers no STARTTLS, so the password crossed the network unencrypted (allowed by "Allow sign-in without TLS"). Prefer the server's TLS port with "Server uses SSL" on.`,
    });
    const saved = await t.gql<{ saveBasicAuthReplyByEmail: SettingsShape['emailServerSettings'] }>(
      SAVE_BASIC,
      { input: optIn },
    );
    expect(saved.data?.saveBasicAuthReplyByEmail.replyByEmail.basic.allowUnencryptedLogin).toBe(
      true,
    );
    const shown = (await t.gql<SettingsShape>(SETTINGS)).data!.emailServerSettings;
    expect(shown.replyByEmail.basic.allowUnencryptedLogin).toBe(true);
    const audit = await t.gql<{
      emailSettingsAudit: { nodes: Array<{ changes: Array<{ field: string; newValue: string }> }> };
    }>('query { emailSettingsAudit(first: 1) { nodes { changes { field newValue } } } }');
    expect(audit.data?.emailSettingsAudit.nodes[0]?.changes).toContainEqual({
      field: 'imapAllowUnencryptedLogin',
      newValue: 'true',
    });
    // A save that leaves it out turns it off again: the safe value is the default.
    const refused = await t.gql(SAVE_BASIC, { input: input(legacy) });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONNECTION_FAILED');
  });

  it('logs a warning whenever a sync signs in without TLS', async () => {
    const run = await t.gql<{ syncMailboxNow: { succeeded: boolean } }>(
      'mutation { syncMailboxNow { succeeded } }',
    );
    expect(run.data?.syncMailboxNow.succeeded).toBe(true);
    expect(t.logs.join('\n')).toContain(
      `Signed in to IMAP server 127.0.0.1:${legacy.plainPort} without TLS`,
    );
  });

  // Last: another app in this process takes over Nest's static logger, and with it t.logs.
  it('fails clearly, before signing in, when the STARTTLS certificate is not trusted', async () => {
    const untrusting = await startTestApp({ env: { IMAP_CA_FILE: '' } });
    try {
      const before = (await logins(dovecot)).length;
      const { data } = await untrusting.gql<TestResult>(TEST_BASIC, {
        input: input(dovecot, { allowUnencryptedLogin: true }),
      });
      expect(data?.testBasicAuthConnection).toEqual({
        ok: false,
        message: `Error connecting to IMAP server 127.0.0.1:${dovecot.plainPort}: TLS handshake after STARTTLS failed: self-signed certificate (the server's certificate is not trusted)`,
      });
      expect(await logins(dovecot)).toHaveLength(before);
    } finally {
      await untrusting.close();
    }
  });
});

describe('the connection test does not reach link-local or metadata addresses', () => {
  let dovecot: DovecotServer;
  let legacy: DovecotServer;
  let t: TestApp;
  const input = (imapHost: string, imapPort: number, overrides: Record<string, unknown> = {}) => ({
    replyToAddress: MAILBOX,
    imapHost,
    imapPort,
    imapSsl: false,
    username: MAILBOX,
    password: STORED_PASSWORD,
    intentTrackingMode: 'EMAIL_ADDRESS',
    ...overrides,
  });
  const test = async (app: TestApp, values: Record<string, unknown>) =>
    (await app.gql<TestResult>(TEST_BASIC, { input: values })).data!.testBasicAuthConnection;
  const refusal = (host: string, port: number, why: string) =>
    `Error connecting to IMAP server ${host}:${port}: refused to connect: ${why}. Replyline does not connect mail servers on link-local, cloud metadata, unspecified, broadcast or multicast addresses; if the IMAP server really is there, add its address to IMAP_ALLOWED_NETWORKS.`;
  const connectionsTo = async (server: DovecotServer) =>
    (await server.log()).split('\n').filter((line) => line.includes('imap-login:')).length;

  beforeAll(async () => {
    dovecot = await startDovecot();
    legacy = await startDovecot({ withoutTls: true });
    await dovecot.addUser(MAILBOX, STORED_PASSWORD);
    await legacy.addUser(MAILBOX, STORED_PASSWORD);
    t = await startTestApp({
      env: { MAILBOX_CONNECT_TIMEOUT_MS: '3000' },
      configure: (builder) => builder.overrideProvider(HostResolver).useClass(ScriptedResolver),
    });
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
    await legacy?.stop();
  });

  it.each([
    ['169.254.169.254', 'a cloud metadata service address'],
    ['[fd00:ec2::254]', 'a cloud metadata service address'],
    ['169.254.10.20', 'a link-local address'],
    ['[fe80::1]', 'a link-local address'],
    ['255.255.255.255', 'a broadcast address'],
  ])('refuses %s at once, as %s', async (host, kind) => {
    const address = host.replace(/^\[|\]$/g, '');
    expect(await test(t, input(host, 993))).toEqual({
      ok: false,
      message: refusal(host, 993, `${address} is ${kind}`),
    });
  });

  it('refuses 0.0.0.0, which Linux would connect to this very machine', async () => {
    const before = await connectionsTo(dovecot);
    expect(await test(t, input('0.0.0.0', dovecot.plainPort))).toEqual({
      ok: false,
      message: refusal('0.0.0.0', dovecot.plainPort, '0.0.0.0 is the unspecified address'),
    });
    expect(await connectionsTo(dovecot)).toBe(before);
  });

  it('refuses metadata service names without looking them up', async () => {
    ScriptedResolver.lookups = [];
    expect(await test(t, input('metadata.google.internal', 80))).toEqual({
      ok: false,
      message: refusal(
        'metadata.google.internal',
        80,
        'metadata.google.internal is the name of a cloud metadata service',
      ),
    });
    expect(ScriptedResolver.lookups).toEqual([]);
  });

  it('refuses a name that resolves to a metadata address, naming the address', async () => {
    ScriptedResolver.answers.set('imap.sneaky.test', [[v4('10.0.0.9'), v4('169.254.169.254')]]);
    expect(await test(t, input('imap.sneaky.test', 143))).toEqual({
      ok: false,
      message: refusal(
        'imap.sneaky.test',
        143,
        'imap.sneaky.test resolves to 169.254.169.254, a cloud metadata service address',
      ),
    });
  });

  it('resolves a name once and connects to the address it checked (no DNS rebinding)', async () => {
    // First answer: the real server. Any later lookup would get the metadata address.
    ScriptedResolver.answers.set('imap.rebinding.test', [
      [v4('127.0.0.1')],
      [v4('169.254.169.254')],
    ]);
    ScriptedResolver.lookups = [];
    const result = await test(
      t,
      input('imap.rebinding.test', legacy.plainPort, {
        allowUnencryptedLogin: true,
      }),
    );
    expect(result.ok).toBe(true);
    expect(ScriptedResolver.lookups).toEqual(['imap.rebinding.test']);
  });

  it('verifies the certificate against the name, not the address it connected to', async () => {
    ScriptedResolver.answers.set('imap.corp.test', [[v4('127.0.0.1')]]);
    const mismatch = await test(t, input('imap.corp.test', dovecot.plainPort));
    expect(mismatch.ok).toBe(false);
    expect(mismatch.message).toMatch(
      /TLS handshake after STARTTLS failed: .*Host: imap\.corp\.test\. is not in the cert's altnames/,
    );
    ScriptedResolver.answers.set('localhost', [[v4('127.0.0.1')]]);
    expect((await test(t, input('localhost', dovecot.plainPort))).ok).toBe(true);
  });

  it('connects where IMAP_ALLOWED_NETWORKS allows it', async () => {
    const allowing = await startTestApp({
      env: { MAILBOX_CONNECT_TIMEOUT_MS: '3000', IMAP_ALLOWED_NETWORKS: '0.0.0.0/32' },
    });
    try {
      const result = await test(
        allowing,
        input('0.0.0.0', legacy.plainPort, { allowUnencryptedLogin: true }),
      );
      expect(result.ok).toBe(true);
      expect((await test(allowing, input('169.254.169.254', 993))).message).toContain(
        'refused to connect',
      );
    } finally {
      await allowing.close();
    }
  });
});

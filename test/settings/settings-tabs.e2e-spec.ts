import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { newMicrosoftApp, startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { appEnv, mention, syncOptions } from '../mailbox-sync/support/sync-harness.js';
import { SAVE_BASIC, SAVE_MICROSOFT, SETTINGS } from './settings-queries.js';
import type { SettingsShape } from './settings-queries.js';

const BASIC_MAILBOX = 'replies@corp.test';
const MICROSOFT_MAILBOX = 'replies@contoso.test';
const PASSWORD = 'imap-Pa55word-tabs';

/**
 * The Basic Auth and OAuth 2.0 tabs are two sets of values: saving one never replaces what the
 * other holds, and the tab in use decides how mention emails carry their reply token.
 */
describe('each settings tab keeps its own values', () => {
  let dovecot: DovecotServer;
  let fake: MicrosoftFake;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;
  const microsoftApp = newMicrosoftApp();
  const settings = async () => (await t.gql<SettingsShape>(SETTINGS)).data!.emailServerSettings;
  const saveBasic = (password?: string) =>
    t.gql(SAVE_BASIC, {
      input: {
        replyToAddress: BASIC_MAILBOX,
        imapHost: dovecot.host,
        imapPort: dovecot.plainPort,
        imapSsl: false,
        username: BASIC_MAILBOX,
        intentTrackingMode: 'EMAIL_ADDRESS',
        ...(password ? { password } : {}),
      },
    });
  const saveMicrosoft = () =>
    t.gql(SAVE_MICROSOFT, { input: { replyToAddress: MICROSOFT_MAILBOX, ...microsoftApp } });

  beforeAll(async () => {
    [dovecot, fake, sendgrid] = await Promise.all([
      startDovecot(),
      startMicrosoftFake(),
      SendGridFake.start(),
    ]);
    await dovecot.addUser(BASIC_MAILBOX, PASSWORD);
    fake.registerApp(microsoftApp);
    fake.addMailbox(MICROSOFT_MAILBOX);
    t = await startTestApp({
      env: appEnv(sendgrid, {
        MICROSOFT_LOGIN_BASE_URL: fake.url,
        MICROSOFT_GRAPH_BASE_URL: fake.url,
      }),
      configure: syncOptions(),
    });
    author = await createUser(t, { displayName: 'Ada Lovelace' });
    recipient = await createUser(t, { displayName: 'Grace Hopper' });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), fake?.stop(), sendgrid?.close()]);
  });

  it('keeps the Basic Auth intent mode and address when the OAuth 2.0 tab is saved', async () => {
    expect((await saveBasic(PASSWORD)).errors).toBeUndefined();
    expect((await saveMicrosoft()).errors).toBeUndefined();

    const { replyByEmail } = await settings();
    expect(replyByEmail).toMatchObject({
      authMethod: 'MICROSOFT_OAUTH',
      replyToAddress: MICROSOFT_MAILBOX,
      intentTrackingMode: 'MESSAGE_ID',
      basic: {
        replyToAddress: BASIC_MAILBOX,
        intentTrackingMode: 'EMAIL_ADDRESS',
        imapHost: dovecot.host,
        passwordSet: true,
      },
      microsoft: { replyToAddress: MICROSOFT_MAILBOX, clientSecretSet: true },
    });
  });

  it('sends mentions the way the tab in use says: message-id with OAuth 2.0', async () => {
    const { mention: email } = await mention(t, sendgrid, author, recipient);
    expect(email.replyTo).toBe(MICROSOFT_MAILBOX);
    expect(email.messageId).toMatch(/^<[^@>]+@contoso\.test>$/);
  });

  it('switches back to the Basic Auth values, untouched, when that tab is saved again', async () => {
    // The stored password still belongs to this server and account, so it is not asked again.
    expect((await saveBasic()).errors).toBeUndefined();
    const { replyByEmail } = await settings();
    expect(replyByEmail).toMatchObject({
      authMethod: 'BASIC',
      replyToAddress: BASIC_MAILBOX,
      intentTrackingMode: 'EMAIL_ADDRESS',
      microsoft: { replyToAddress: MICROSOFT_MAILBOX, tenantId: microsoftApp.tenantId },
    });
    const { mention: email } = await mention(t, sendgrid, author, recipient);
    expect(email.replyTo).toMatch(/^replies\+[^@]+@corp\.test$/);
  });
});

/**
 * The admin console in a real browser (Debian's Chromium through playwright-core) against the
 * real service on real Postgres, a real Dovecot, and the SendGrid and Microsoft fakes: the walk a
 * Server Admin takes, from sign-in to reprocessing a reply. The steps share one browser tab and
 * run in order. Each page is also checked with axe-core and for requests to other origins.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { UserRole } from '../../src/auth/user-role.enum.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import { EVENT_WEBHOOK_PATH, SendGridEventWebhook } from '../support/sendgrid-event-webhook.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { replyTo } from '../mailbox-sync/support/reply-factory.js';
import {
  appEnv,
  appendAll,
  MAILBOX_PASSWORD,
  mention,
  postsOf,
  REPLY_TO,
  syncOptions,
} from '../mailbox-sync/support/sync-harness.js';
import { SETTINGS, TEST_BASIC } from '../settings/settings-queries.js';
import type { SettingsShape } from '../settings/settings-queries.js';
import {
  accessibilityViolations,
  launchChromium,
  openWatchedPage,
  screenshot,
} from './support/browser.js';
import type { WatchedContext } from './support/browser.js';
import { listenForBrowser } from './support/console-server.js';

const MICROSOFT_MAILBOX = 'replies@contoso.test';

describe('admin console in Chromium (real service, Postgres, Dovecot, SendGrid and Microsoft fakes)', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let microsoft: MicrosoftFake;
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  let watched: WatchedContext;
  let page: Page;
  let author: UserWithToken;
  let recipient: UserWithToken;
  const webhook = new SendGridEventWebhook();
  const azureApp = {
    tenantId: randomUUID(),
    clientId: randomUUID(),
    clientSecret: `secret~${randomUUID()}`,
  };

  const settings = async () => (await t.gql<SettingsShape>(SETTINGS)).data!.emailServerSettings;
  const textOf = async (selector: string) => {
    const locator = page.locator(selector).filter({ hasText: /\S/ });
    await locator.waitFor();
    return (await locator.textContent())?.trim();
  };
  const go = async (linkName: string, heading: string) => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: linkName })
      .click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  const expectAccessible = async () => expect(await accessibilityViolations(page)).toEqual([]);

  beforeAll(async () => {
    [dovecot, sendgrid, microsoft, browser] = await Promise.all([
      startDovecot(),
      SendGridFake.start(),
      startMicrosoftFake(),
      launchChromium(),
    ]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    microsoft.registerApp(azureApp);
    microsoft.addMailbox(MICROSOFT_MAILBOX);
    t = await startTestApp({
      env: appEnv(sendgrid, {
        SENDGRID_WEBHOOK_PUBLIC_KEY: webhook.publicKey,
        MICROSOFT_LOGIN_BASE_URL: microsoft.url,
        MICROSOFT_GRAPH_BASE_URL: microsoft.url,
      }),
      configure: syncOptions(),
    });
    origin = await listenForBrowser(t);
    author = await createUser(t, { displayName: 'Ada Lovelace', username: 'ada' });
    recipient = await createUser(t, { displayName: 'Grace Hopper', username: 'grace' });
    watched = await openWatchedPage(browser, origin);
    page = watched.page;
  });
  afterAll(async () => {
    await watched?.context.close();
    await browser?.close();
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close(), microsoft?.stop()]);
  });

  it('refuses a USER token and a wrong token with a clear message, and signs a Server Admin in', async () => {
    await page.goto('/admin');
    await page.getByLabel('API token').fill(recipient.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await textOf('#sign-in-error')).toBe(
      'This token belongs to grace, a User. The admin console is for Server Admins only: ask a Server Admin for an admin token.',
    );
    await expectAccessible();
    await screenshot(page, 'sign-in');

    await page.getByLabel('API token').fill('rl_not_a_real_token_000000000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in-error', { hasText: 'This token was not accepted' }).waitFor();

    await page.getByLabel('API token').fill(t.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Email Server' }).waitFor();
    // The token lives in sessionStorage: a reload keeps the session.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Email Server' }).waitFor();
    expect(page.url()).toBe(`${origin}/admin/email-server`);
  });

  it('turns all email notifications off, lists the exempt types, and keeps the choice after a reload', async () => {
    const killSwitch = page.getByLabel('Turn Off All Email Notifications for All Users');
    const hint = page.locator('#notifications-disabled-hint');
    expect(await hint.textContent()).toContain(
      'notify_on_download_ready, notify_on_download_failed',
    );
    expect(await killSwitch.isChecked()).toBe(false);

    await killSwitch.check();
    await page.locator('#notifications-status', { hasText: 'Saved' }).waitFor();
    await page.reload();
    expect(
      await page.getByLabel('Turn Off All Email Notifications for All Users').isChecked(),
    ).toBe(true);
    expect((await settings()).notificationsDisabled).toBe(true);

    const interval = page.getByLabel('Poll interval (minutes)');
    await interval.fill('5');
    await page.getByRole('button', { name: 'Save poll interval' }).click();
    await page.locator('#poll-interval-status', { hasText: 'every 5 minutes' }).waitFor();
    expect((await settings()).replyByEmail.pollIntervalMinutes).toBe(5);

    // Back on, for the mention emails later in this walk.
    await page.getByLabel('Turn Off All Email Notifications for All Users').uncheck();
    await page
      .locator('#notifications-status', { hasText: 'email notifications are on' })
      .waitFor();
    expect((await settings()).notificationsDisabled).toBe(false);
  });

  it('shows the exact IMAP error for a wrong password, then saves Basic Auth with the right one', async () => {
    const wrong = {
      replyToAddress: REPLY_TO,
      imapHost: dovecot.host,
      imapPort: dovecot.plainPort,
      imapSsl: false,
      username: REPLY_TO,
      password: 'wrong-password',
      intentTrackingMode: 'EMAIL_ADDRESS',
    };
    const expected = (
      await t.gql<{ testBasicAuthConnection: { message: string } }>(TEST_BASIC, { input: wrong })
    ).data!.testBasicAuthConnection.message;
    expect(expected).toMatch(
      /^Error connecting to IMAP server 127\.0\.0\.1:\d+: authentication failed/,
    );

    await page.getByLabel('Enable Reply via Email').check();
    await page.getByRole('tab', { name: 'Basic Auth' }).click();
    await page.getByLabel('Reply To Email Address').fill(REPLY_TO);
    await page.getByLabel('IMAP Server', { exact: true }).fill(dovecot.host);
    await page.getByLabel('IMAP Server port').fill(String(dovecot.plainPort));
    await page.getByLabel('Server uses SSL').uncheck();
    await page.getByLabel('User Name').fill(REPLY_TO);
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByLabel('Use email address for tracking reply message intent').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await textOf('#basic-auth-error')).toBe(expected);
    expect((await settings()).replyByEmail.enabled).toBe(false);

    await page.getByLabel('Password', { exact: true }).fill(MAILBOX_PASSWORD);
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.locator('#basic-auth-status', { hasText: 'Connection test passed' }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#basic-auth-status', { hasText: 'Saved' }).waitFor();
    expect((await settings()).replyByEmail).toMatchObject({
      enabled: true,
      authMethod: 'BASIC',
      replyToAddress: REPLY_TO,
      intentTrackingMode: 'EMAIL_ADDRESS',
      basic: {
        imapHost: dovecot.host,
        imapPort: dovecot.plainPort,
        imapSsl: false,
        passwordSet: true,
      },
    });
    // Write-only: the field is empty again and says a password is saved.
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.locator('#imap-password-hint').textContent()).toContain(
      'A password is saved',
    );
    await expectAccessible();
    await screenshot(page, 'email-server');

    // Another server asks for the password again before anything is sent.
    await page.getByLabel('IMAP Server', { exact: true }).fill('localhost');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await textOf('#imap-password-error')).toBe(
      'The IMAP server or user name changed: enter the password again.',
    );
    await page.getByLabel('IMAP Server', { exact: true }).fill(dovecot.host);

    // So does allowing the password to travel unencrypted; the saved opt-in is shown (off).
    const optIn = page.getByLabel('Allow sign-in without TLS');
    expect(await optIn.isChecked()).toBe(false);
    await optIn.check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await textOf('#imap-password-error')).toBe(
      'Sign-in without TLS was turned on: enter the password again.',
    );
    await optIn.uncheck();
    expect((await settings()).replyByEmail.basic).toMatchObject({ allowUnencryptedLogin: false });
  });

  it('shows "Error connecting to Tenant ID: … with Client: … credentials." for a bad client secret', async () => {
    // Keyboard: from the selected tab, the right arrow moves to the OAuth 2.0 tab.
    await page.getByRole('tab', { name: 'Basic Auth' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'OAuth 2.0' }).getAttribute('aria-selected')).toBe(
      'true',
    );

    const provider = page.getByLabel('Service Provider');
    expect(await provider.inputValue()).toBe('Microsoft');
    expect(await provider.getAttribute('readonly')).not.toBeNull();
    const messageIdMode = page.getByLabel(
      'Use message-id in email header for tracking reply message intent',
    );
    expect(await messageIdMode.isChecked()).toBe(true);
    expect(await messageIdMode.isDisabled()).toBe(true);

    await page.getByLabel('Reply To Email Address').fill(MICROSOFT_MAILBOX);
    await page.getByLabel('Tenant ID').fill(azureApp.tenantId);
    await page.getByLabel('Client ID').fill(azureApp.clientId);
    await page.getByLabel('Client Secret').fill('wrong-secret');
    await page.getByRole('button', { name: 'Test and Save' }).click();
    expect(await textOf('#oauth-error')).toBe(
      `Error connecting to Tenant ID: ${azureApp.tenantId} with Client: ${azureApp.clientId} credentials.`,
    );
    expect((await settings()).replyByEmail.authMethod).toBe('BASIC');
    await expectAccessible();
    await screenshot(page, 'email-server-oauth-error');
  });

  it('shows an incoming reply in the log with its reason, and reprocesses it once its user is active again', async () => {
    const { conversationId, mention: mentionEmail } = await mention(t, sendgrid, author, recipient);
    await go('Users and tokens', 'Users and tokens');
    await page.getByRole('button', { name: 'Deactivate grace' }).click();
    await page.locator('#user-active-status', { hasText: 'grace is deactivated' }).waitFor();

    const replyText = `Numbers checked, all good ${randomUUID().slice(0, 8)}`;
    await appendAll(dovecot, [replyTo(mentionEmail, 'gmail', { text: replyText })]);
    await go('Sync and archive', 'Sync and archive');
    await page.getByRole('button', { name: 'Sync now' }).click();
    expect(await textOf('#sync-status')).toBe(
      'Sync finished: 1 fetched, 0 posted, 1 rejected, 0 failed.',
    );

    await go('Email log', 'Email log');
    await page.getByRole('link', { name: 'Incoming emails' }).click();
    await page.getByLabel('Status').selectOption('REJECTED');
    // Days in the browser's time zone: nothing arrived from tomorrow on; today's reply is listed.
    const day = (offset: number) => {
      const date = new Date();
      date.setDate(date.getDate() + offset);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
    };
    await page.getByLabel('From', { exact: true }).fill(day(1));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No incoming emails match these filters.').waitFor();
    await page.getByLabel('From', { exact: true }).fill(day(0));
    await page.getByLabel('To', { exact: true }).fill(day(0));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.getByRole('row', { name: /User inactive/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(recipient.user.email);
    await expectAccessible();
    await screenshot(page, 'email-log-incoming');

    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: `Re: ${mentionEmail.subject}` }).waitFor();
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain(`grace <${recipient.user.email}> — the sender is this user`);
    // The conversation by its title (the email's relations, loaded with it).
    expect(facts).toMatch(/Revenue table \d+/);

    await go('Users and tokens', 'Users and tokens');
    await page.getByRole('button', { name: 'Activate grace' }).click();
    await page.locator('#user-active-status', { hasText: 'grace is active again' }).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: 'Reprocess' }).click();
    expect(await textOf('#reprocess-status')).toBe('Reprocessed: Posted.');
    await page.getByLabel('Extracted reply').filter({ hasText: replyText }).waitFor();
    expect(await page.getByLabel('Extracted reply').textContent()).toBe(replyText);
    expect(await page.getByLabel('Removed text').textContent()).toContain('mentioned you');
    await expectAccessible();
    await screenshot(page, 'incoming-email');

    const posts = await postsOf(t, conversationId);
    const fromEmail = posts.filter((post) => post.source === 'EMAIL');
    expect(fromEmail.map((post) => [post.body, post.author.id])).toEqual([
      [replyText, recipient.user.id],
    ]);

    // The processed reply is archived now rather than on Sunday.
    await go('Sync and archive', 'Sync and archive');
    await page.getByRole('button', { name: 'Run archive now' }).click();
    expect(await textOf('#archive-status')).toBe(
      'Archive finished: 1 moved, 0 deleted, 0 raw copies purged.',
    );
    expect((await dovecot.listFolder(REPLY_TO, 'Archive')).length).toBe(1);
    await page.locator('.facts', { hasText: '1 moved' }).waitFor();
    // This app runs without the listener (MAILBOX_LISTENER=false): the page says so.
    await page.locator('.facts', { hasText: 'The poll alone' }).waitFor();
    expect(await textOf('#stuck-emails')).toBe('None');
    await expectAccessible();
    await screenshot(page, 'sync-and-archive');
  });

  it("lists outgoing deliveries by status, SendGrid verdict and type, with a delivery's transport answer and verdict", async () => {
    await eventually(async () => {
      const { data } = await t.gql<{ emailDeliveries: { nodes: Array<{ status: string }> } }>(
        `query($filter: EmailDeliveryFilter) { emailDeliveries(filter: $filter) { nodes { status } } }`,
        { filter: { recipient: recipient.user.email } },
      );
      expect(data?.emailDeliveries.nodes.map((node) => node.status)).toEqual(['SENT']);
      return true;
    });
    // SendGrid reports later, through the signed Event Webhook, that the mailbox does not exist.
    const accepted = sendgrid.sentTo(recipient.user.email)[0];
    const bounce = webhook.sign([
      webhook.event(accepted, 'bounce', {
        type: 'bounce',
        status: '5.1.1',
        reason: '550 5.1.1 The email account that you tried to reach does not exist',
      }),
    ]);
    const posted = await t
      .http()
      .post(EVENT_WEBHOOK_PATH)
      .set(bounce.headers)
      .send(bounce.body.toString('utf8'));
    expect(posted.status).toBe(200);
    await go('Email log', 'Email log');
    await page.getByLabel('Status').selectOption('SENT');
    await page.getByLabel('SendGrid verdict').selectOption('BOUNCED');
    await page.getByLabel('Notification type').fill('conversation_mention');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .getByRole('button', { name: `Details of the email to ${recipient.user.email}` })
      .click();
    const facts = page.locator('#delivery-detail-title').locator('xpath=../..').locator('.facts');
    const text = await facts.textContent();
    expect(text).toContain('Transportsendgrid');
    const providerId = sendgrid.sentTo(recipient.user.email)[0]?.messageId;
    expect(providerId).toBeTruthy();
    expect(text).toContain(`Provider message id${providerId}`);
    expect(text).toContain('SendGrid verdictBounced');
    expect(text).toContain(
      'Bounced (5.1.1): 550 5.1.1 The email account that you tried to reach does not exist',
    );
    await expectAccessible();
    await screenshot(page, 'email-log-outgoing');
  });

  it('sends a test email, shows a refused one as the last error, and resends it from the log', async () => {
    await go('Email Server', 'Email Server');
    const outbound = page.locator('section', { has: page.locator('#outbound-title') });
    expect(await outbound.locator('.facts').textContent()).toContain('SendGrid');
    await page.getByLabel('Send a test email to').fill('ops@example.test');
    await page.getByRole('button', { name: 'Send test email' }).click();
    expect(await textOf('#test-email-status')).toBe('Sent to ops@example.test through sendgrid.');
    expect(sendgrid.sentTo('ops@example.test')).toHaveLength(1);

    sendgrid.failNext({
      type: 'forbidden',
      message: 'The from address does not match a verified Sender Identity.',
    });
    await page.getByLabel('Send a test email to').fill('ops2@example.test');
    await page.getByRole('button', { name: 'Send test email' }).click();
    expect(await textOf('#test-email-status')).toMatch(
      /^Not sent \(FAILED\): .*verified Sender Identity/,
    );
    await outbound.locator('.facts', { hasText: 'verified Sender Identity' }).waitFor();
    await expectAccessible();

    await go('Email log', 'Email log');
    await page.getByLabel('Status').selectOption('FAILED');
    await page.getByLabel('Notification type').fill('test_email');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'Details of the email to ops2@example.test' }).click();
    await page.getByRole('button', { name: 'Resend' }).click();
    expect(await textOf('#resend-status')).toMatch(/^Resent as a new delivery \(.+\): Pending\.$/);
    await eventually(() => {
      expect(sendgrid.sentTo('ops2@example.test')).toHaveLength(1);
      return true;
    });
    await expectAccessible();
  });

  it('downloads the raw message of an incoming email', async () => {
    await go('Email log', 'Email log');
    await page.getByRole('link', { name: 'Incoming emails' }).click();
    const row = page.getByRole('row', { name: new RegExp(recipient.user.email) }).first();
    await row.getByRole('link').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download raw message (.eml)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^incoming-email-[0-9a-f-]+\.eml$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path, 'utf8')).toMatch(
      new RegExp(`^From: .*${recipient.user.email}`, 'mi'),
    );
  });

  it('creates a user, then a token shown once with a copy button, and revokes it', async () => {
    await go('Users and tokens', 'Users and tokens');
    await page.getByLabel('User name').fill('export_service');
    await page.getByLabel('Email', { exact: true }).fill('exports@catalog.test');
    await page.getByLabel('Role').selectOption('SERVICE');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.locator('#create-user-status', { hasText: 'Created export_service' }).waitFor();
    await page.getByRole('heading', { name: 'API tokens of export_service' }).waitFor();
    expect(
      await page
        .getByRole('row', { name: /export_service/ })
        .first()
        .textContent(),
    ).toContain('Service');

    await page.getByLabel('New token name').fill('catalog export service');
    await page.getByRole('button', { name: 'Create token' }).click();
    const tokenField = page.getByLabel('The new token (shown only now: copy it and keep it safe)');
    await tokenField.waitFor();
    const token = await tokenField.inputValue();
    const me = await t.gql<{ me: { username: string; role: string } }>(
      '{ me { username role } }',
      {},
      token,
    );
    expect(me.data?.me).toEqual({ username: 'export_service', role: 'SERVICE' });
    await page.getByRole('button', { name: 'Copy' }).click();
    await page
      .locator('#tokens-status', { hasText: 'Copied the token to the clipboard.' })
      .waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token);
    await expectAccessible();
    await screenshot(page, 'users-and-tokens');

    await page.getByRole('button', { name: 'Revoke the token catalog export service' }).click();
    await page.locator('#tokens-status', { hasText: 'Revoked' }).waitFor();
    const refused = await t.gql('{ me { username } }', {}, token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows the settings audit, with secrets recorded only as changed', async () => {
    await go('Settings audit', 'Settings audit');
    await page.getByRole('table').waitFor();
    const table = await page.getByRole('table').textContent();
    expect(table).toContain('changed (secret, not recorded)');
    expect(table).not.toContain(MAILBOX_PASSWORD);
    await expectAccessible();
    await screenshot(page, 'settings-audit');
  });

  it('pages through a long audit 25 entries at a time', async () => {
    for (let i = 0; i < 26; i++) {
      await t.gql(
        'mutation($d: Boolean!) { setEmailNotificationsDisabled(disabled: $d) { notificationsDisabled } }',
        {
          d: i % 2 === 0,
        },
      );
    }
    const total = (
      await t.gql<{ emailSettingsAudit: { nodes: unknown[] } }>(
        '{ emailSettingsAudit(first: 100) { nodes { id } } }',
      )
    ).data!.emailSettingsAudit.nodes.length;
    expect(total).toBeGreaterThan(26);
    await page.reload();
    const rows = page.getByRole('table').locator('tbody tr');
    await page.getByRole('button', { name: 'Next page' }).waitFor();
    expect(await rows.count()).toBe(25);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2').waitFor();
    await eventually(async () => (await rows.count()) === total - 25);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1').waitFor();
    await eventually(async () => (await rows.count()) === 25);
  });

  it('turns Reply via Email off, then deletes the stored credentials, recorded in the audit', async () => {
    await go('Email Server', 'Email Server');
    // The box stays checked until the server answered: click, then wait for its answer.
    await page.getByLabel('Enable Reply via Email').click();
    expect(await textOf('#reply-enabled-status')).toBe(
      'Reply via Email is off: the mailbox is no longer read.',
    );
    await page.getByRole('button', { name: 'Delete stored credentials' }).click();
    expect(await textOf('#reply-enabled-status')).toBe(
      'The stored password and client secret are deleted; saving again asks for them.',
    );
    await page
      .getByRole('button', { name: 'Delete stored credentials' })
      .waitFor({ state: 'detached' });
    const stored = await settings();
    expect(stored.replyByEmail.basic.passwordSet).toBe(false);
    expect(stored.replyByEmail.microsoft.clientSecretSet).toBe(false);
    await go('Settings audit', 'Settings audit');
    await page.getByText('disableReplyByEmailAndForgetCredentials').first().waitFor();
    await expectAccessible();
  });

  it("signs out, and ends the session with a message once the admin's user is deactivated", async () => {
    const admin = await createUser(t, { role: UserRole.SERVER_ADMIN, username: 'second_admin' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').fill(admin.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await t.gql('mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }', {
      id: admin.user.id,
    });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sync and archive' })
      .click();
    await page.locator('[role="status"]', { hasText: 'Your session ended' }).waitFor();
    await page.getByLabel('API token').waitFor();
  });

  it('loaded nothing from another origin and broke no Content-Security-Policy rule', () => {
    expect(watched.externalRequests).toEqual([]);
    expect(watched.problems).toEqual([]);
  });
});

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { newDataDir, startChildApp } from '../support/child-app.js';
import type { ChildApp } from '../support/child-app.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { sharedTestCertificate } from '../support/tls-cert.js';
import { emlOf, finalDeliveries, ok, replyToEmail } from './quick-start-helpers.js';

const REPLY_TO = 'replies@example.test';
const CONCURRENT = 20;

interface Named {
  id: string;
  token: string;
  email: string;
  username: string;
}

/**
 * The path every newcomer walks: `npm start` with nothing configured. The compiled service runs as
 * a child process exactly as `npm start` runs it (no DATABASE_URL, no ADMIN_TOKEN): the embedded
 * PostgreSQL in a fresh DATA_DIR, outgoing mail as .eml files. Only the reply mailbox is a real
 * Dovecot, so that a reply by email goes all the way round. Every operation the README lists is
 * driven through GraphQL, some of them 20 at once, and then the service restarts on the same
 * DATA_DIR and everything is still there. One file, a little over 400 lines, because each step
 * builds on the one before on the same running service, as a newcomer's session does.
 */
describe('quick start: `npm start` with no configuration', () => {
  let dovecot: DovecotServer;
  let dataDir: string;
  let app: ChildApp | undefined;
  let adminToken: string;
  let ana: Named;
  let bruno: Named;
  let service: Named;
  let conversationId: string;
  /**
   * The one setting: the test Dovecot's certificate comes from a private CA, and the password only
   * leaves after a verified STARTTLS. A newcomer's own IMAP server has a public certificate.
   */
  let env: Record<string, string>;

  beforeAll(async () => {
    env = { IMAP_CA_FILE: (await sharedTestCertificate()).certPath };
    dovecot = await startDovecot();
    await dovecot.addUser(REPLY_TO, 'secret');
    dataDir = newDataDir();
  });
  afterAll(async () => {
    await app?.stop();
    await dovecot?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const as = (user: Named) => user.token;
  const createUser = async (username: string, role = 'USER'): Promise<Named> => {
    const email = `${username}@example.test`;
    const { createUser: user } = await ok<{ createUser: { id: string } }>(
      app!,
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { username, email, displayName: username.toUpperCase(), role } },
    );
    const { createApiToken } = await ok<{ createApiToken: { token: string } }>(
      app!,
      `mutation($id: ID!) { createApiToken(userId: $id, name: "laptop") { token } }`,
      { id: user.id },
    );
    return { id: user.id, token: createApiToken.token, email, username };
  };
  const deliveryTo = async (user: Named, type: string): Promise<string[]> => {
    const data = await ok<{ emailDeliveries: { nodes: Array<{ id: string }> } }>(
      app!,
      `query($filter: EmailDeliveryFilter) { emailDeliveries(filter: $filter, first: 200) { nodes { id } } }`,
      { filter: { type, recipient: user.email } },
    );
    return data.emailDeliveries.nodes.map((node) => node.id);
  };

  it('first start: creates the embedded database and prints the admin token once', async () => {
    app = await startChildApp({ dataDir, adminToken: null, env });
    expect(app.output()).toContain(
      `Created the embedded PostgreSQL database in ${join(dataDir, 'postgres')}`,
    );
    expect(app.adminToken).toMatch(/^rl_/);
    adminToken = app.adminToken!;
    const { me } = await ok<{ me: { username: string; role: string } }>(
      app,
      `{ me { username role } }`,
    );
    expect(me).toEqual({ username: 'admin', role: 'SERVER_ADMIN' });
    // The README's first query.
    const { emailServerSettings } = await ok<{
      emailServerSettings: { notificationsDisabled: boolean; exemptNotificationTypes: string[] };
    }>(app, `{ emailServerSettings { notificationsDisabled exemptNotificationTypes } }`);
    expect(emailServerSettings.notificationsDisabled).toBe(false);
  });

  it('users and tokens: create, list, deactivate, revoke', async () => {
    ana = await createUser('ana');
    bruno = await createUser('bruno');
    service = await createUser('catalog', 'SERVICE');
    const { users } = await ok<{ users: Array<{ username: string }> }>(
      app!,
      `{ users { username } }`,
    );
    expect(users.map((u) => u.username)).toEqual(['admin', 'ana', 'bruno', 'catalog']);

    const me = `{ me { username } }`;
    expect((await app!.gql(me, {}, as(ana))).errors).toBeUndefined();
    await ok(app!, `mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }`, {
      id: ana.id,
    });
    expect((await app!.gql(me, {}, as(ana))).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await ok(app!, `mutation($id: ID!) { updateUser(id: $id, input: { active: true }) { id } }`, {
      id: ana.id,
    });
    expect((await app!.gql(me, {}, as(ana))).errors).toBeUndefined();

    const spare = await ok<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      app!,
      `mutation($id: ID!) { createApiToken(userId: $id, name: "spare") { token apiToken { id } } }`,
      { id: ana.id },
    );
    await ok(app!, `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, {
      id: spare.createApiToken.apiToken.id,
    });
    expect((await app!.gql(me, {}, spare.createApiToken.token)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const { apiTokens } = await ok<{
      apiTokens: Array<{ name: string; revokedAt: string | null }>;
    }>(app!, `query($id: ID!) { apiTokens(userId: $id) { name revokedAt } }`, { id: ana.id });
    expect(apiTokens.map((t) => [t.name, t.revokedAt !== null])).toEqual([
      ['laptop', false],
      ['spare', true],
    ]);
  });

  it('email server settings: kill switch, test and save the reply mailbox, poll interval, audit', async () => {
    const settings = `{ notificationsDisabled replyByEmail { enabled authMethod replyToAddress
      intentTrackingMode pollIntervalMinutes basic { imapHost username passwordSet } } }`;
    await ok(app!, `mutation { setEmailNotificationsDisabled(disabled: true) ${settings} }`);
    await ok(app!, `mutation { setEmailNotificationsDisabled(disabled: false) ${settings} }`);
    const input = {
      replyToAddress: REPLY_TO,
      imapHost: '127.0.0.1',
      imapPort: dovecot.plainPort,
      imapSsl: false,
      username: REPLY_TO,
      password: 'secret',
      intentTrackingMode: 'EMAIL_ADDRESS',
    };
    const tested = await ok<{ testBasicAuthConnection: { ok: boolean; message: string } }>(
      app!,
      `mutation($input: BasicAuthReplyByEmailInput!) { testBasicAuthConnection(input: $input) { ok message } }`,
      { input },
    );
    expect(tested.testBasicAuthConnection.ok).toBe(true);
    await ok(
      app!,
      `mutation($input: BasicAuthReplyByEmailInput!) { saveBasicAuthReplyByEmail(input: $input) { notificationsDisabled } }`,
      { input },
    );
    const { setMailboxPollInterval } = await ok<{
      setMailboxPollInterval: { replyByEmail: Record<string, unknown> };
    }>(app!, `mutation { setMailboxPollInterval(minutes: 5) ${settings} }`);
    expect(setMailboxPollInterval.replyByEmail).toEqual({
      enabled: true,
      authMethod: 'BASIC',
      replyToAddress: REPLY_TO,
      intentTrackingMode: 'EMAIL_ADDRESS',
      pollIntervalMinutes: 5,
      basic: { imapHost: '127.0.0.1', username: REPLY_TO, passwordSet: true },
    });
    const { emailSettingsAudit } = await ok<{
      emailSettingsAudit: { nodes: Array<{ action: string }> };
    }>(app!, `{ emailSettingsAudit { nodes { action } } }`);
    expect(emailSettingsAudit.nodes.length).toBeGreaterThanOrEqual(4);
  });

  it('subscriptions and publishEvent: a subscriber gets the event as an .eml file', async () => {
    const subscription = { eventType: 'table_updated', objectRef: 'table:42' };
    await ok(
      app!,
      `mutation($input: SubscriptionInput!) { subscribe(input: $input) { id } }`,
      { input: subscription },
      as(ana),
    );
    const { mySubscriptions } = await ok<{ mySubscriptions: Array<{ eventType: string }> }>(
      app!,
      `{ mySubscriptions { eventType objectRef } }`,
      {},
      as(ana),
    );
    expect(mySubscriptions).toEqual([subscription]);
    const publish = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { recipientCount deliveryIds } }`;
    const event = {
      type: 'subscription_event',
      objectRef: 'table:42',
      payload: { eventType: 'table_updated', title: 'orders was refreshed' },
    };
    // Only SERVICE tokens publish.
    expect((await app!.gql(publish, { input: event })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const { publishEvent } = await ok<{
      publishEvent: { recipientCount: number; deliveryIds: string[] };
    }>(app!, publish, { input: event }, as(service));
    expect(publishEvent.recipientCount).toBe(1);
    const [deliveryId] = publishEvent.deliveryIds;
    expect((await finalDeliveries(app!, [deliveryId])).get(deliveryId)?.status).toBe('SENT');
    const eml = await emlOf(app!, deliveryId);
    expect(eml.to).toBe(ana.email);
    expect(eml.text).toContain('orders was refreshed');

    expect(
      await ok(
        app!,
        `mutation($input: SubscriptionInput!) { unsubscribe(input: $input) }`,
        { input: subscription },
        as(ana),
      ),
    ).toEqual({ unsubscribe: true });
  });

  it('conversations: a mention, an assignment, and a reply by email posted back', async () => {
    const { createConversation } = await ok<{ createConversation: { id: string } }>(
      app!,
      `mutation($input: CreateConversationInput!) { createConversation(input: $input) { id } }`,
      {
        input: {
          title: 'Is orders.total in cents?',
          subjectRef: 'table:42',
          body: '@bruno can you check the unit?',
        },
      },
      as(ana),
    );
    conversationId = createConversation.id;
    const { assignConversation } = await ok<{
      assignConversation: { assignee: { username: string } };
    }>(
      app!,
      `mutation($id: ID!, $to: ID!) { assignConversation(conversationId: $id, assigneeId: $to) { assignee { username } } }`,
      { id: conversationId, to: bruno.id },
      as(ana),
    );
    expect(assignConversation.assignee.username).toBe('bruno');

    const [mentionId] = await deliveryTo(bruno, 'conversation_mention');
    const [assignmentId] = await deliveryTo(bruno, 'conversation_assignment');
    const final = await finalDeliveries(app!, [mentionId, assignmentId]);
    expect([final.get(mentionId)?.status, final.get(assignmentId)?.status]).toEqual([
      'SENT',
      'SENT',
    ]);
    const mention = await emlOf(app!, mentionId);
    expect(mention.subject).toBe('ANA mentioned you in Is orders.total in cents?');
    expect(mention.text).toContain('Please type your reply above this line');
    // The reply intent's token travels in the Reply-To's plus tag.
    expect(mention.replyTo).toMatch(/^replies\+[a-z2-7]{26}@example\.test$/);
    const assignment = await emlOf(app!, assignmentId);
    expect(assignment.subject).toBe('ANA assigned you to this Conversation');

    // The listener (IMAP IDLE, on by default) is told of the reply at once and posts it, long
    // before the 3-minute poll; a sync run afterwards finds nothing new.
    const { mailboxSyncStatus: listening } = await eventually(() =>
      ok<{ mailboxSyncStatus: { listener: { mode: string; connected: boolean } } }>(
        app!,
        `{ mailboxSyncStatus { listener { mode connected } } }`,
      ).then((answer) => {
        expect(answer.mailboxSyncStatus.listener).toEqual({ mode: 'IDLE', connected: true });
        return answer;
      }),
    );
    expect(listening.listener.mode).toBe('IDLE');
    await dovecot.append(REPLY_TO, 'INBOX', replyToEmail(mention, 'Yes, cents. Fixed the docs.'));
    const { incomingEmails } = await eventually(() =>
      ok<{
        incomingEmails: { nodes: Array<{ id: string; status: string; extractedText: string }> };
      }>(
        app!,
        `{ incomingEmails(filter: { status: POSTED }) { nodes { id status extractedText } } }`,
      ).then((answer) => {
        expect(answer.incomingEmails.nodes.map((e) => e.extractedText)).toEqual([
          'Yes, cents. Fixed the docs.',
        ]);
        return answer;
      }),
    );
    const { syncMailboxNow } = await ok<{ syncMailboxNow: { fetched: number; posted: number } }>(
      app!,
      `mutation { syncMailboxNow { fetched posted rejected failed } }`,
    );
    expect(syncMailboxNow).toMatchObject({ fetched: 0, posted: 0 });
    const emailId = incomingEmails.nodes[0].id;
    const { incomingEmail } = await ok<{ incomingEmail: { from: string; conversationId: string } }>(
      app!,
      `query($id: ID!) { incomingEmail(id: $id) { from conversationId } }`,
      { id: emailId },
    );
    expect(incomingEmail).toEqual({ from: bruno.email, conversationId });
    const { reprocessIncomingEmail } = await ok<{ reprocessIncomingEmail: { status: string } }>(
      app!,
      `mutation($id: ID!) { reprocessIncomingEmail(id: $id) { status } }`,
      { id: emailId },
    );
    expect(reprocessIncomingEmail.status).toBe('POSTED');

    const { conversation } = await ok<{
      conversation: {
        posts: Array<{ body: string; source: string; author: { username: string } }>;
      };
    }>(
      app!,
      `query($id: ID!) { conversation(id: $id) { posts { body source author { username } } } }`,
      { id: conversationId },
      as(bruno),
    );
    expect(conversation.posts.map((p) => [p.author.username, p.source, p.body])).toEqual([
      ['ana', 'WEB', '@bruno can you check the unit?'],
      ['bruno', 'EMAIL', 'Yes, cents. Fixed the docs.'],
    ]);
    const { mailboxSyncStatus } = await ok<{
      mailboxSyncStatus: { enabled: boolean; lastError: string | null };
    }>(app!, `{ mailboxSyncStatus { enabled lastError pendingEmails } }`);
    expect(mailboxSyncStatus).toMatchObject({ enabled: true, lastError: null });

    const { runArchiveNow } = await ok<{ runArchiveNow: { succeeded: boolean } }>(
      app!,
      `mutation { runArchiveNow { succeeded messagesMoved error } }`,
    );
    expect(runArchiveNow).toMatchObject({ succeeded: true, messagesMoved: 1 });
    const { archiveStatus } = await ok<{ archiveStatus: { mailboxArchived: boolean } }>(
      app!,
      `{ archiveStatus { mailboxArchived messagesMoved } }`,
    );
    expect(archiveStatus.mailboxArchived).toBe(true);
  });

  it(`takes ${CONCURRENT} mentions and ${CONCURRENT} assignments at once`, async () => {
    const conversationIds: string[] = [];
    for (let i = 0; i < CONCURRENT; i += 1) {
      const { createConversation } = await ok<{ createConversation: { id: string } }>(
        app!,
        `mutation($input: CreateConversationInput!) { createConversation(input: $input) { id } }`,
        { input: { title: `Column ${i}`, subjectRef: `column:${i}`, body: 'Question' } },
        as(ana),
      );
      conversationIds.push(createConversation.id);
    }
    const results = await Promise.all([
      ...conversationIds.map((id, i) =>
        app!.gql(
          `mutation($id: ID!, $body: String!) { addPost(conversationId: $id, body: $body) { id } }`,
          { id, body: `@bruno number ${i}?` },
          as(ana),
        ),
      ),
      ...conversationIds.map((id) =>
        app!.gql(
          `mutation($id: ID!, $to: ID!) { assignConversation(conversationId: $id, assigneeId: $to) { id } }`,
          { id, to: bruno.id },
          as(ana),
        ),
      ),
    ]);
    expect(results.map((r) => r.errors)).toEqual(results.map(() => undefined));
    const mentions = await deliveryTo(bruno, 'conversation_mention');
    const assignments = await deliveryTo(bruno, 'conversation_assignment');
    expect([mentions.length, assignments.length]).toEqual([1 + CONCURRENT, 1 + CONCURRENT]);
    const final = await finalDeliveries(app!, [...mentions, ...assignments]);
    expect([...final.values()].filter((row) => row.status !== 'SENT')).toEqual([]);
    // The service still answers everything after the burst.
    const { conversations } = await ok<{ conversations: { nodes: unknown[] } }>(
      app!,
      `{ conversations(first: 100) { nodes { id } } }`,
      {},
      as(bruno),
    );
    expect(conversations.nodes).toHaveLength(1 + CONCURRENT);
  });

  it('restarts on the same DATA_DIR with its data, settings and tokens', async () => {
    const first = app!;
    await first.stop();
    expect(await first.exited()).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('Replyline stopped: SIGTERM');

    app = await startChildApp({ dataDir, adminToken: null, env });
    expect(app.output()).not.toContain('Created the Server Admin');
    expect(app.output()).not.toContain('Created the embedded PostgreSQL database');
    const { me } = await ok<{ me: { username: string } }>(
      app,
      `{ me { username } }`,
      {},
      adminToken,
    );
    expect(me.username).toBe('admin');
    const asAna = await ok<{ me: { username: string } }>(app, `{ me { username } }`, {}, as(ana));
    expect(asAna.me.username).toBe('ana');
    const { conversations } = await ok<{ conversations: { nodes: unknown[] } }>(
      app,
      `{ conversations(first: 100) { nodes { id } } }`,
      {},
      as(bruno),
    );
    expect(conversations.nodes).toHaveLength(1 + CONCURRENT);
    const { emailServerSettings } = await ok<{
      emailServerSettings: { replyByEmail: { enabled: boolean; pollIntervalMinutes: number } };
    }>(
      app,
      `{ emailServerSettings { replyByEmail { enabled pollIntervalMinutes } } }`,
      {},
      adminToken,
    );
    expect(emailServerSettings.replyByEmail).toEqual({ enabled: true, pollIntervalMinutes: 5 });
    const { conversation } = await ok<{ conversation: { posts: unknown[] } }>(
      app,
      `query($id: ID!) { conversation(id: $id) { posts { id } } }`,
      { id: conversationId },
      as(ana),
    );
    expect(conversation.posts).toHaveLength(2);
  });
});

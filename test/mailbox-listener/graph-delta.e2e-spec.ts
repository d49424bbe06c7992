import { eventually } from '../support/eventually.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { newMicrosoftApp, startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { replyTo } from '../mailbox-sync/support/reply-factory.js';
import {
  REPLY_TO,
  appEnv,
  expectNoErrors,
  incomingEmails,
  mention,
  postsOf,
} from '../mailbox-sync/support/sync-harness.js';
import { listenerOptions, listenerUntil, syncStatus } from './support/listener-harness.js';

describe('mailbox listener over the Microsoft Graph delta query (Graph fake, real Postgres)', () => {
  let graph: MicrosoftFake;
  let sendgrid: SendGridFake;
  let databaseUrl: string;
  let t: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;
  const microsoftApp = newMicrosoftApp();

  const startApp = () =>
    startTestApp({
      databaseUrl,
      env: appEnv(sendgrid, {
        MAILBOX_LISTENER: 'true',
        MICROSOFT_LOGIN_BASE_URL: graph.url,
        MICROSOFT_GRAPH_BASE_URL: graph.url,
      }),
      configure: listenerOptions(),
    });
  /** A mention and its reply, delivered to the Graph Inbox; resolves with where to find it. */
  const replyArrives = async (text: string) => {
    const { conversationId, mention: mentionEmail } = await mention(t, sendgrid, author, recipient);
    graph.addMessage(REPLY_TO, replyTo(mentionEmail, 'outlook', { text }));
    return conversationId;
  };
  const postedIn = (conversationId: string, text: string) =>
    eventually(
      async () => {
        const bodies = (await postsOf(t, conversationId)).map((post) => post.body);
        expect(bodies.filter((body) => body === text)).toHaveLength(1);
        return true;
      },
      { intervalMs: 50 },
    );

  beforeAll(async () => {
    [graph, sendgrid] = await Promise.all([startMicrosoftFake(), SendGridFake.start()]);
    graph.registerApp(microsoftApp);
    graph.addMailbox(REPLY_TO);
    databaseUrl = await createTestDatabase();
    t = await startApp();
    author = await createUser(t);
    recipient = await createUser(t);
  });
  afterAll(async () => {
    await t?.close();
    await dropTestDatabase(databaseUrl);
    await Promise.all([graph?.stop(), sendgrid?.close()]);
  });

  it('reads the Inbox delta once Microsoft OAuth is on, asking only for what it needs', async () => {
    const saved = await t.gql(
      `mutation($input: MicrosoftReplyByEmailInput!) { saveMicrosoftReplyByEmail(input: $input) { replyByEmail { enabled } } }`,
      { input: { replyToAddress: REPLY_TO, ...microsoftApp } },
    );
    expectNoErrors(saved);
    // PUBLIC_URL is http here: Graph calls only https URLs, so there is no subscription.
    await listenerUntil(t, (listener) =>
      expect(listener).toMatchObject({ mode: 'DELTA', connected: true }),
    );
    const [initial] = graph.push.deltaRequests;
    expect(initial).toMatchObject({ kind: 'initial', status: 200 });
    expect(initial.query).toEqual({
      $select: 'id,receivedDateTime,internetMessageId,isRead',
      changeType: 'created',
    });
    expect(initial.prefer).toMatch(/^odata\.maxpagesize=\d+$/);
    await eventually(() => graph.push.deltaRequests.some((request) => request.kind === 'delta'));
    expect(graph.push.subscriptions()).toEqual([]);
  });

  it('posts a reply the delta finds, with no sync run, and marks it read', async () => {
    const text = 'Found by the delta query.';
    await postedIn(await replyArrives(text), text);
    const status = await syncStatus(t);
    expect(status.lastRun).toBeNull();
    expect(status.listener.lastPushAt).not.toBeNull();
    expect(graph.messages(REPLY_TO, 'inbox').every((message) => message.isRead)).toBe(true);
  });

  it('keeps the delta link in the database: a restart resumes from it and loses nothing', async () => {
    const text = 'Arrived while Replyline was down.';
    const { conversationId, mention: mentionEmail } = await mention(t, sendgrid, author, recipient);
    await t.close();
    const requestsBefore = graph.push.deltaRequests.length;
    graph.addMessage(REPLY_TO, replyTo(mentionEmail, 'gmail', { text }));
    t = await startApp();
    await postedIn(conversationId, text);
    // The first request after the restart carried the saved delta token: no initial round.
    expect(graph.push.deltaRequests[requestsBefore]).toMatchObject({ kind: 'delta', status: 200 });
    expect(graph.push.deltaRequests.slice(requestsBefore).map((r) => r.kind)).not.toContain(
      'initial',
    );
  });

  it('starts a new delta round when Graph says the delta link expired (410 SyncStateNotFound)', async () => {
    const before = graph.push.deltaRequests.length;
    graph.push.expireDeltaTokens();
    const expired = await eventually(() =>
      graph.push.deltaRequests.slice(before).find((request) => request.status === 410),
    );
    await eventually(() =>
      graph.push.deltaRequests
        .slice(graph.push.deltaRequests.indexOf(expired) + 1)
        .some((request) => request.kind === 'initial'),
    );
    const listener = await listenerUntil(t, (current) =>
      expect(current.lastError).toMatch(/no longer knows the saved delta link/),
    );
    expect(listener.lastError).toMatch(
      /SyncStateNotFound \(The sync state generation is not found/,
    );
    expect(listener).toMatchObject({ mode: 'DELTA', connected: true });

    const text = 'Found after the delta link expired.';
    await postedIn(await replyArrives(text), text);
    // The new initial round listed every earlier reply again: none of them was posted twice.
    const posted = (await incomingEmails(t)).filter((email) => email.status === 'POSTED');
    expect(new Set(posted.map((email) => email.messageId)).size).toBe(posted.length);
    expect(posted).toHaveLength(3);
  });
});

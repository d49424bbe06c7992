import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { newMicrosoftApp, startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { replyTo } from './support/reply-factory.js';
import type { MentionEmail } from './support/reply-factory.js';
import {
  appEnv,
  enableBasicAuth,
  expectNoErrors,
  incomingEmails,
  MAILBOX_PASSWORD,
  mention,
  postsOf,
  REPLY_TO,
  syncNow,
  syncOptions,
} from './support/sync-harness.js';

/**
 * Messages the mailbox will not mark read stay unread and are listed again by every run. With a
 * batch of two, two such messages would hold back every newer reply for ever; after three
 * attempts they are stuck, later runs page past them, and the sync status says so.
 */

const BATCH = '2';
const STUCK = `query { mailboxSyncStatus { stuckEmails { count oldestReceivedAt reasons { reason count } } } }`;

interface StuckShape {
  count: number;
  oldestReceivedAt: string | null;
  reasons: Array<{ reason: string; count: number }>;
}

async function stuckEmails(t: TestApp): Promise<StuckShape> {
  const response = await t.gql<{ mailboxSyncStatus: { stuckEmails: StuckShape } }>(STUCK);
  expectNoErrors(response);
  return response.data!.mailboxSyncStatus.stuckEmails;
}

/** The texts posted by email, sorted: replies of one run are processed concurrently. */
async function postedTexts(t: TestApp, conversationId: string): Promise<string[]> {
  return (await postsOf(t, conversationId))
    .filter((post) => post.source === 'EMAIL')
    .map((post) => post.body)
    .sort();
}

const reply = (m: MentionEmail, text: string) => replyTo(m, 'gmail', { text });

describe('messages an IMAP server will not mark read do not hold back newer replies', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({
      env: appEnv(sendgrid, { MAILBOX_SYNC_BATCH_SIZE: BATCH }),
      configure: syncOptions(),
    });
    author = await createUser(t);
    recipient = await createUser(t);
    await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  it('posts the newest reply once the two that keep coming back unread are stuck', async () => {
    const { conversationId, mention: m } = await mention(t, sendgrid, author, recipient);
    const first = await dovecot.append(REPLY_TO, 'INBOX', reply(m, 'First reply, frozen.'));
    const second = await dovecot.append(REPLY_TO, 'INBOX', reply(m, 'Second reply, frozen.'));
    await dovecot.append(REPLY_TO, 'INBOX', reply(m, 'Third reply, the one that matters.'));
    // Dovecot answers OK to the STORE but cannot keep \Seen on these two: they come back unread.
    await dovecot.freezeFlags(REPLY_TO, first);
    await dovecot.freezeFlags(REPLY_TO, second);

    // Each run lists the two oldest unread messages: the frozen ones, three times over.
    for (let run = 1; run <= 3; run++) {
      expect(await syncNow(t)).toMatchObject({ succeeded: true, fetched: run === 1 ? 2 : 0 });
      expect(await postedTexts(t, conversationId)).toEqual([
        'First reply, frozen.',
        'Second reply, frozen.',
      ]);
    }

    // Now they are stuck: the next run pages past them to the newer reply.
    expect(await syncNow(t)).toMatchObject({ succeeded: true, fetched: 1, posted: 1 });
    expect(await postedTexts(t, conversationId)).toEqual([
      'First reply, frozen.',
      'Second reply, frozen.',
      'Third reply, the one that matters.',
    ]);
    const unread = (await dovecot.listFolder(REPLY_TO, 'INBOX')).filter(
      (message) => !message.flags.includes('\\Seen'),
    );
    expect(unread.map((message) => message.uid)).toEqual([first, second]);

    const stuck = await stuckEmails(t);
    const stored = await incomingEmails(t);
    const oldest = stored.map((email) => email.receivedAt).sort()[0];
    expect(stuck).toEqual({
      count: 2,
      oldestReceivedAt: oldest,
      reasons: [
        {
          reason:
            'it was marked read, but the mailbox lists it as unread again (the server did not keep the \\Seen flag)',
          count: 2,
        },
      ],
    });
  });

  it('leaves stuck messages alone on later runs instead of posting them again', async () => {
    const before = await incomingEmails(t);
    expect(await syncNow(t)).toMatchObject({ succeeded: true, fetched: 0, posted: 0 });
    expect(await incomingEmails(t)).toHaveLength(before.length);
    expect((await stuckEmails(t)).count).toBe(2);
  });
});

describe('messages Microsoft Graph refuses to mark read do not hold back newer replies', () => {
  let graph: MicrosoftFake;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;
  const app = newMicrosoftApp();

  beforeAll(async () => {
    [graph, sendgrid] = await Promise.all([startMicrosoftFake(), SendGridFake.start()]);
    graph.registerApp(app);
    graph.addMailbox(REPLY_TO);
    t = await startTestApp({
      env: appEnv(sendgrid, {
        MICROSOFT_LOGIN_BASE_URL: graph.url,
        MICROSOFT_GRAPH_BASE_URL: graph.url,
        MAILBOX_SYNC_BATCH_SIZE: BATCH,
      }),
      configure: syncOptions(),
    });
    author = await createUser(t);
    recipient = await createUser(t);
    expectNoErrors(
      await t.gql(
        `mutation($input: MicrosoftReplyByEmailInput!) { saveMicrosoftReplyByEmail(input: $input) { replyByEmail { enabled } } }`,
        { input: { replyToAddress: REPLY_TO, ...app } },
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([graph?.stop(), sendgrid?.close()]);
  });

  it('records why each refused message stays unread and pages past them after three runs', async () => {
    const { conversationId, mention: m } = await mention(t, sendgrid, author, recipient);
    const early = new Date(Date.now() - 60_000);
    const refused = [
      graph.addMessage(REPLY_TO, reply(m, 'Refused one.'), { receivedAt: early }),
      graph.addMessage(REPLY_TO, reply(m, 'Refused two.'), { receivedAt: early }),
    ];
    for (const id of refused) graph.refuseChanges(id);
    graph.addMessage(REPLY_TO, reply(m, 'The newest reply.'));

    for (let run = 1; run <= 3; run++) {
      expect(await syncNow(t)).toMatchObject({ succeeded: true, fetched: run === 1 ? 2 : 0 });
    }
    const [failed] = (await incomingEmails(t)).filter(
      (email) => email.extractedText === 'Refused one.',
    );
    expect(failed).toBeDefined();

    expect(await syncNow(t)).toMatchObject({ succeeded: true, fetched: 1, posted: 1 });
    expect(await postedTexts(t, conversationId)).toEqual([
      'Refused one.',
      'Refused two.',
      'The newest reply.',
    ]);
    expect(graph.messages(REPLY_TO, 'inbox').filter((message) => !message.isRead)).toHaveLength(2);
    expect(await stuckEmails(t)).toMatchObject({
      count: 2,
      reasons: [
        {
          reason:
            'Microsoft Graph refused to mark it read: ErrorAccessDenied (Access is denied. Check credentials and try again.)',
          count: 2,
        },
      ],
    });
  });
});

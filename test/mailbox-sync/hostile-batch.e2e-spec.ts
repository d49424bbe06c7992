import { jest } from '@jest/globals';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { hostileMessages, HOSTILE_KINDS, hugeMessage } from './support/hostile-messages.js';
import { replyTo } from './support/reply-factory.js';
import type { MailClient } from './support/reply-factory.js';
import {
  appendAll,
  appEnv,
  enableBasicAuth,
  incomingEmails,
  MAILBOX_PASSWORD,
  mention,
  postsOf,
  REPLY_TO,
  syncNow,
  syncOptions,
} from './support/sync-harness.js';
import type { Mention } from './support/sync-harness.js';

jest.setTimeout(120_000);

const CLIENTS: MailClient[] = ['gmail', 'outlook', 'apple'];
const GOOD = 20;

describe('a batch of 200 malformed and hostile messages (real Dovecot)', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let t: TestApp;
  let author: UserWithToken;
  let recipient: UserWithToken;
  let mentions: Mention[];

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    t = await startTestApp({ env: appEnv(sendgrid), configure: syncOptions() });
    author = await createUser(t);
    recipient = await createUser(t);
    await enableBasicAuth(t, dovecot, 'EMAIL_ADDRESS');
    mentions = [];
    for (let index = 0; index < 4; index++)
      mentions.push(await mention(t, sendgrid, author, recipient));
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  it('records every one, posts the good ones, and stays healthy', async () => {
    const context = { tokenAddress: mentions[0].mention.replyTo, sender: recipient.user.email };
    const good = Array.from({ length: GOOD }, (_, index) => {
      const { mention: m } = mentions[index % mentions.length];
      return replyTo(m, CLIENTS[index % CLIENTS.length], { text: `Good reply number ${index}.` });
    });
    const scripted = replyTo(mentions[1].mention, 'gmail', {
      text: 'Looks fine <script>alert("pwned")</script> to me.',
    });
    const hostile = hostileMessages(200 - GOOD - 2, context);
    expect(new Set(hostile.map((message) => message.kind)).size).toBe(HOSTILE_KINDS);
    const huge = hugeMessage(30 * 1024 * 1024, context);

    // Interleaved, so good replies sit between the bad ones in the batch.
    const batch: Array<string | Buffer> = [];
    for (let index = 0; index < hostile.length; index++) {
      batch.push(hostile[index].raw);
      if (index % 9 === 0 && good.length) batch.push(good.shift()!);
    }
    batch.push(...good, scripted, huge);
    expect(batch).toHaveLength(200);
    await appendAll(dovecot, batch);

    const run = await syncNow(t);
    expect(run).toMatchObject({ succeeded: true, fetched: 200, failed: 0 });
    expect(run.posted + run.rejected).toBe(200);

    const rows = await incomingEmails(t, {}, 200);
    expect(rows).toHaveLength(200);
    for (const row of rows) {
      expect(['POSTED', 'REJECTED']).toContain(row.status);
      expect(row.reason).toEqual(expect.any(String));
    }
    expect(rows.filter((row) => row.reasonCode === 'TOO_LARGE')).toHaveLength(1);

    // Every good reply is posted exactly once, as written.
    const bodies = (
      await Promise.all(mentions.map(({ conversationId }) => postsOf(t, conversationId)))
    )
      .flat()
      .filter((post) => post.source === 'EMAIL')
      .map((post) => post.body);
    for (let index = 0; index < GOOD; index++) {
      expect(bodies.filter((body) => body === `Good reply number ${index}.`)).toHaveLength(1);
    }
    // HTML with a script: posted as text (rendering escapes it; nothing is executed here).
    expect(bodies.filter((body) => body.startsWith('Looks fine'))).toHaveLength(1);

    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'up' });

    // And the next run works as usual.
    await appendAll(dovecot, [
      replyTo(mentions[2].mention, 'outlook', { text: 'After the storm.' }),
    ]);
    expect(await syncNow(t)).toMatchObject({ succeeded: true, fetched: 1, posted: 1 });
    expect((await postsOf(t, mentions[2].conversationId)).at(-1)?.body).toBe('After the storm.');
  });
});

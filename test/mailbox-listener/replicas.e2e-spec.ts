import { MailboxListenerService } from '../../src/mailbox-sync/mailbox-listener.service.js';
import type { ListenerCheck } from '../../src/mailbox-sync/mailbox-listener.service.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { nextOf } from '../support/next-signal.js';
import { SendGridFake } from '../support/sendgrid-fake.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { replyTo } from '../mailbox-sync/support/reply-factory.js';
import {
  MAILBOX_PASSWORD,
  REPLY_TO,
  appEnv,
  enableBasicAuth,
  incomingEmails,
  mention,
  postsOf,
  syncNow,
} from '../mailbox-sync/support/sync-harness.js';
import {
  listenerOptions,
  listenerStatus,
  listenerUntil,
  terminateLockSession,
} from './support/listener-harness.js';

/**
 * Two replicas on one database, as a deployment runs them: one listens, the other takes over
 * when the first one stops or loses its database session (which is what a crash looks like to
 * Postgres), and both answer syncMailboxNow.
 */
describe('mailbox listener across two replicas', () => {
  let dovecot: DovecotServer;
  let sendgrid: SendGridFake;
  let databaseUrl: string;
  const replicas = new Map<string, TestApp>();
  let author: UserWithToken;
  let recipient: UserWithToken;

  const startReplica = async (name: string) => {
    const replica = await startTestApp({
      databaseUrl,
      env: appEnv(sendgrid, { MAILBOX_LISTENER: 'true', REPLICA_NAME: name }),
      configure: listenerOptions(),
    });
    replicas.set(name, replica);
    return replica;
  };
  const anyReplica = () => [...replicas.values()][0];
  /** The next check of every running replica, once all of them have looked. */
  const nextChecks = () =>
    Promise.all(
      [...replicas.entries()].map(async ([name, replica]) => ({
        name,
        check: await nextOf<ListenerCheck>(
          replica.app.get(MailboxListenerService).checks,
          `listener check on ${name}`,
        ),
      })),
    );
  const replyPosted = async (text: string) => {
    const t = anyReplica();
    const { conversationId, mention: mentionEmail } = await mention(t, sendgrid, author, recipient);
    await dovecot.append(REPLY_TO, 'INBOX', replyTo(mentionEmail, 'gmail', { text }));
    await eventually(
      async () => {
        expect((await postsOf(t, conversationId)).map((post) => post.body)).toContain(text);
        return true;
      },
      { intervalMs: 50 },
    );
  };

  beforeAll(async () => {
    [dovecot, sendgrid] = await Promise.all([startDovecot(), SendGridFake.start()]);
    await dovecot.addUser(REPLY_TO, MAILBOX_PASSWORD);
    databaseUrl = await createTestDatabase();
    const first = await startReplica('replica-a');
    await startReplica('replica-b');
    await enableBasicAuth(first, dovecot, 'EMAIL_ADDRESS');
    author = await createUser(first);
    recipient = await createUser(first);
  });
  afterAll(async () => {
    for (const replica of replicas.values()) await replica.close();
    await dropTestDatabase(databaseUrl);
    await Promise.all([dovecot?.stop(), sendgrid?.close()]);
  });

  it('has exactly one replica watching the mailbox, and every replica shows which', async () => {
    const listener = await listenerUntil(anyReplica(), (current) =>
      expect(current).toMatchObject({ mode: 'IDLE', connected: true }),
    );
    const checks = await nextChecks();
    expect(checks.filter(({ check }) => check.watching).map(({ name }) => name)).toEqual([
      listener.holder,
    ]);
    for (const replica of replicas.values()) {
      expect((await listenerStatus(replica)).holder).toBe(listener.holder);
    }
    await replyPosted('Heard by the one replica that listens.');
  });

  it('lets every replica run syncMailboxNow, the one not listening too', async () => {
    const { holder } = await listenerStatus(anyReplica());
    const other = [...replicas.entries()].find(([name]) => name !== holder)![1];
    expect(await syncNow(other)).toMatchObject({ succeeded: true });
  });

  it('is taken over when the replica listening stops', async () => {
    const { holder } = await listenerStatus(anyReplica());
    await replicas.get(holder!)!.close();
    replicas.delete(holder!);
    const survivor = anyReplica();
    const [survivorName] = [...replicas.keys()];
    await listenerUntil(survivor, (listener) =>
      expect(listener).toMatchObject({ mode: 'IDLE', connected: true, holder: survivorName }),
    );
    await replyPosted('Heard by the replica that took over.');
    await startReplica(holder!);
  });

  it('is taken over when the listening replica loses its database session (as when it dies)', async () => {
    const before = await listenerStatus(anyReplica());
    // What Postgres sees when a replica's process dies: its session ends, and with it the lock.
    await terminateLockSession(databaseUrl);
    const after = await listenerUntil(anyReplica(), (listener) => {
      expect(listener).toMatchObject({ mode: 'IDLE', connected: true });
      expect(Date.parse(listener.connectedSince!)).toBeGreaterThan(
        Date.parse(before.connectedSince!),
      );
    });
    expect([...replicas.keys()]).toContain(after.holder);
    const checks = await nextChecks();
    expect(checks.filter(({ check }) => check.watching).map(({ name }) => name)).toEqual([
      after.holder,
    ]);

    const text = 'Posted once, after the takeover.';
    await replyPosted(text);
    const stored = (await incomingEmails(anyReplica())).filter(
      (email) => email.extractedText === text,
    );
    expect(stored.map((email) => email.status)).toEqual(['POSTED']);
  });
});

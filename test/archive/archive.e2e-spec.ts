import { DataSource } from 'typeorm';
import { ArchiveTrigger } from '../../src/archive/archive-trigger.enum.js';
import { ArchiveRun } from '../../src/archive/entities/archive-run.entity.js';
import { INTERRUPTED_RUN_ERROR, RunLifecycle } from '../../src/common/run-lifecycle.js';
import { MailboxProviders } from '../../src/mailbox/mailbox-providers.js';
import { MailboxAuthMethod } from '../../src/mailbox/mailbox.types.js';
import { IncomingEmailStatus } from '../../src/mailbox-sync/incoming-email-status.enum.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { createUser } from '../support/factories.js';
import { freePort } from '../support/free-port.js';
import type { TestApp } from '../support/test-app.js';
import {
  DAY_MS,
  MAILBOX,
  PASSWORD,
  archiveRuns,
  archiveStatus,
  configureBasicAuth,
  incomingEmails,
  insertIncomingEmail,
  mailboxAccount,
  rawMessage,
  reloadIncomingEmail,
  runArchiveNow,
  storeUnread,
  subjects,
  startArchiveTestApp,
} from './archive-helpers.js';

const { POSTED, REJECTED, RECEIVED, FAILED } = IncomingEmailStatus;
const aDate = expect.any(Date) as unknown;

/**
 * Final ones must move (POSTED, REJECTED, FAILED for good); RECEIVED ones and FAILED ones with a
 * retry ahead are not done yet and must stay.
 */
const statusBySubject = (subject: string): IncomingEmailStatus => {
  if (subject.startsWith('posted')) return POSTED;
  if (subject.startsWith('rejected')) return REJECTED;
  if (subject.startsWith('failed')) return FAILED;
  return RECEIVED;
};

describe('archive with Basic Auth (real Dovecot, real Postgres)', () => {
  let dovecot: DovecotServer;
  let t: TestApp;

  beforeEach(async () => {
    dovecot = await startDovecot();
    await dovecot.addUser(MAILBOX, PASSWORD);
    t = await startArchiveTestApp();
    await configureBasicAuth(t, dovecot);
  });

  afterEach(async () => {
    await t?.close();
    await dovecot?.stop();
  });

  it('moves processed messages, leaves the rest, deletes only archived mail past 30 days and purges old raw copies', async () => {
    const stored = ['posted 1', 'rejected 1', 'received 1', 'failed 1', 'failed for good 1'];
    for (const subject of [...stored, 'posted 2']) {
      await dovecot.append(MAILBOX, 'INBOX', rawMessage(subject));
    }
    const rows = await storeUnread(t, statusBySubject);
    // 'failed 1' will be retried; 'failed for good 1' used up its attempts (no next attempt).
    await t.app
      .get(DataSource)
      .query(
        `UPDATE incoming_emails SET next_attempt_at = now() + interval '1 hour' WHERE id = $1`,
        [rows.get('failed 1')!.id],
      );
    // Arrived after the last sync: unread, never stored, not processed.
    await dovecot.append(MAILBOX, 'INBOX', rawMessage('unread 1'));
    await dovecot.append(MAILBOX, 'Archive', rawMessage('archived 31 days ago'), {
      seen: true,
      internalDate: new Date(Date.now() - 31 * DAY_MS),
    });
    await dovecot.append(MAILBOX, 'Archive', rawMessage('archived 29 days ago'), {
      seen: true,
      internalDate: new Date(Date.now() - 29 * DAY_MS),
    });
    // Either side of the cutoff by hours, where IMAP's whole-day SEARCH cannot tell them apart.
    const HOUR_MS = 60 * 60 * 1000;
    await dovecot.append(MAILBOX, 'Archive', rawMessage('archived 30 days + 2 hours ago'), {
      seen: true,
      internalDate: new Date(Date.now() - 30 * DAY_MS - 2 * HOUR_MS),
    });
    await dovecot.append(MAILBOX, 'Archive', rawMessage('archived 30 days - 2 hours ago'), {
      seen: true,
      internalDate: new Date(Date.now() - 30 * DAY_MS + 2 * HOUR_MS),
    });
    // Log rows of mail archived weeks ago: the raw copy goes after 30 days, the row stays.
    const history = { archivedAt: new Date(), folder: 'Archive', status: POSTED };
    const old = await insertIncomingEmail(t, {
      ...history,
      mailboxKey: 'imap:old@history:INBOX:1:1',
      authMethod: MailboxAuthMethod.BASIC,
      subject: 'old reply',
      receivedAt: new Date(Date.now() - 31 * DAY_MS),
    });
    const recent = await insertIncomingEmail(t, {
      ...history,
      mailboxKey: 'imap:old@history:INBOX:1:2',
      authMethod: MailboxAuthMethod.BASIC,
      subject: 'recent reply',
      receivedAt: new Date(Date.now() - 29 * DAY_MS),
    });

    const { data, errors } = await runArchiveNow(t);

    expect(errors).toBeUndefined();
    expect(data!.runArchiveNow).toMatchObject({
      trigger: 'MANUAL',
      authMethod: 'BASIC',
      folder: 'Archive',
      succeeded: true,
      moveMethod: 'MOVE',
      messagesMoved: 4,
      messagesDeleted: 2,
      messagesSkipped: 0,
      rawCopiesPurged: 1,
      skippedReason: null,
      error: null,
    });
    expect(subjects(await dovecot.listFolder(MAILBOX, 'INBOX'))).toEqual([
      'failed 1',
      'received 1',
      'unread 1',
    ]);
    expect(subjects(await dovecot.listFolder(MAILBOX, 'Archive'))).toEqual([
      'archived 29 days ago',
      'archived 30 days - 2 hours ago',
      'failed for good 1',
      'posted 1',
      'posted 2',
      'rejected 1',
    ]);
    // The unread message is still unread: the archive never reads or flags mail.
    const unread = (await dovecot.listFolder(MAILBOX, 'INBOX')).find(
      (m) => m.subject === 'unread 1',
    );
    expect(unread?.flags).not.toContain('\\Seen');

    for (const [subject, row] of rows) {
      const now = await reloadIncomingEmail(t, row.id);
      const processed = subject !== 'received 1' && subject !== 'failed 1';
      expect({ subject, folder: now.folder, archived: now.archivedAt !== null }).toEqual({
        subject,
        folder: processed ? 'Archive' : 'INBOX',
        archived: processed,
      });
    }
    const purged = await reloadIncomingEmail(t, old.id);
    expect(purged).toMatchObject({
      raw: null,
      status: POSTED,
      subject: 'old reply',
      fromAddress: 'ada@example.test',
    });
    expect(purged.rawPurgedAt).toBeInstanceOf(Date);
    const kept = await reloadIncomingEmail(t, recent.id);
    expect(kept.raw?.toString()).toBe('raw message');
    expect(kept.rawPurgedAt).toBeNull();

    const status = await archiveStatus(t);
    expect(status).toMatchObject({
      lastRunStartedAt: data!.runArchiveNow.startedAt,
      lastRunFinishedAt: data!.runArchiveNow.finishedAt,
      messagesMoved: 4,
      messagesDeleted: 2,
      rawCopiesPurged: 1,
      lastError: null,
      skippedReason: null,
      mailboxArchived: true,
      folder: 'Archive',
      retentionDays: 30,
      schedule: '0 0 * * 0',
      timeZone: 'UTC',
    });
    // Default schedule: the next Sunday, 00:00 UTC, in the future and within a week.
    const next = new Date(status.nextRunAt!);
    expect(next.getUTCDay()).toBe(0);
    expect(next.toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(next.getTime() - Date.now()).toBeGreaterThan(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * DAY_MS);

    // A second run finds nothing left to do.
    const again = await runArchiveNow(t);
    expect(again.data!.runArchiveNow).toMatchObject({
      succeeded: true,
      messagesMoved: 0,
      messagesDeleted: 0,
      rawCopiesPurged: 0,
    });
    expect(subjects(await dovecot.listFolder(MAILBOX, 'Archive'))).toHaveLength(6);
  });

  it('archives what the real mailbox sync processed, and nothing it has not read yet', async () => {
    await dovecot.append(MAILBOX, 'INBOX', rawMessage('no reply token 1'));
    await dovecot.append(MAILBOX, 'INBOX', rawMessage('no reply token 2'));
    const synced = await t.gql(`mutation { syncMailboxNow { __typename } }`);
    expect(synced.errors).toBeUndefined();
    const stored = await incomingEmails(t).find();
    expect(stored.map((row) => row.status)).toEqual([REJECTED, REJECTED]);
    await dovecot.append(MAILBOX, 'INBOX', rawMessage('arrived after the sync'));

    const { data, errors } = await runArchiveNow(t);

    expect(errors).toBeUndefined();
    expect(data!.runArchiveNow).toMatchObject({
      succeeded: true,
      messagesMoved: 2,
      messagesSkipped: 0,
    });
    expect(subjects(await dovecot.listFolder(MAILBOX, 'INBOX'))).toEqual([
      'arrived after the sync',
    ]);
    expect(subjects(await dovecot.listFolder(MAILBOX, 'Archive'))).toEqual([
      'no reply token 1',
      'no reply token 2',
    ]);
  });

  it('leaves messages whose stored UIDs no longer identify them (UIDVALIDITY changed) and says why', async () => {
    await dovecot.append(MAILBOX, 'INBOX', rawMessage('posted 1'));
    const [row] = [...(await storeUnread(t, statusBySubject)).values()];
    // A message the server now numbers with the UID the stale row remembers: moving that UID
    // would archive mail that was never processed.
    const unprocessedUid = await dovecot.append(MAILBOX, 'INBOX', rawMessage('received 1'), {
      seen: true,
    });
    const staleValidity = String(Number(row.imapUidValidity) - 1);
    await insertIncomingEmail(t, {
      mailboxKey: row.mailboxKey.replace(
        `:INBOX:${row.imapUidValidity}:${row.imapUid}`,
        `:INBOX:${staleValidity}:${unprocessedUid}`,
      ),
      authMethod: MailboxAuthMethod.BASIC,
      status: REJECTED,
      imapUid: unprocessedUid,
      imapUidValidity: staleValidity,
    });

    const { data } = await runArchiveNow(t);

    expect(data!.runArchiveNow).toMatchObject({
      succeeded: true,
      messagesMoved: 1,
      messagesSkipped: 1,
    });
    expect(data!.runArchiveNow.notes).toEqual([
      `1 processed message left in the Inbox: the Inbox UIDVALIDITY changed from ${staleValidity} to ${row.imapUidValidity} since they were read, so their UIDs no longer identify them`,
    ]);
    expect(subjects(await dovecot.listFolder(MAILBOX, 'INBOX'))).toEqual(['received 1']);
    expect(subjects(await dovecot.listFolder(MAILBOX, 'Archive'))).toEqual(['posted 1']);
  });

  it('resumes a run that stopped after the server moved the messages but before they were marked archived', async () => {
    for (const subject of ['posted 1', 'posted 2']) {
      await dovecot.append(MAILBOX, 'INBOX', rawMessage(subject));
    }
    const rows = await storeUnread(t, statusBySubject);
    // The crashed run: the server moved the messages, the rows were never marked, and its run
    // row was never finished.
    await t.app.get(MailboxProviders).withSession(await mailboxAccount(t), async (session) => {
      const refs = [...rows.values()].map((row) => ({
        key: row.mailboxKey,
        folder: 'INBOX',
        uid: row.imapUid!,
        uidValidity: row.imapUidValidity!,
        receivedAt: row.receivedAt,
      }));
      await session.moveTo(refs, 'Archive');
    });
    const runs = t.app.get(DataSource).getRepository(ArchiveRun);
    const crashed = await runs.save(
      runs.create({
        lifecycle: RunLifecycle.start(ArchiveTrigger.MANUAL, new Date(Date.now() - 60_000)),
        scheduledFor: null,
        folder: 'Archive',
        messagesMoved: 0,
        messagesDeleted: 0,
        messagesSkipped: 0,
        rawCopiesPurged: 0,
        notes: [],
      }),
    );

    const { data, errors } = await runArchiveNow(t);

    expect(errors).toBeUndefined();
    expect(data!.runArchiveNow).toMatchObject({ succeeded: true, error: null });
    // Each message exactly once, and the rows now say where they are.
    expect(subjects(await dovecot.listFolder(MAILBOX, 'Archive'))).toEqual([
      'posted 1',
      'posted 2',
    ]);
    expect(await dovecot.listFolder(MAILBOX, 'INBOX')).toEqual([]);
    for (const row of rows.values()) {
      expect(await incomingEmails(t).findOneByOrFail({ id: row.id })).toMatchObject({
        folder: 'Archive',
        archivedAt: aDate,
      });
    }
    expect((await runs.findOneByOrFail({ id: crashed.id })).lifecycle).toMatchObject({
      succeeded: false,
      finishedAt: aDate,
      error: INTERRUPTED_RUN_ERROR,
    });
  });

  it('records a server that is down, leaves every row unarchived, still purges raw copies, and catches up next time', async () => {
    await dovecot.append(MAILBOX, 'INBOX', rawMessage('posted 1'));
    const [row] = [...(await storeUnread(t, statusBySubject)).values()];
    const old = await insertIncomingEmail(t, {
      mailboxKey: 'imap:old@history:INBOX:1:1',
      authMethod: MailboxAuthMethod.BASIC,
      status: REJECTED,
      receivedAt: new Date(Date.now() - 40 * DAY_MS),
    });
    // The server goes away: nothing listens on the configured port any more.
    const port = await freePort();
    await t.app.get(DataSource).query(`UPDATE email_server_settings SET imap_port = $1`, [port]);

    const { data, errors } = await runArchiveNow(t);

    expect(errors).toBeUndefined();
    expect(data!.runArchiveNow).toMatchObject({
      succeeded: false,
      messagesMoved: 0,
      rawCopiesPurged: 1,
    });
    expect(data!.runArchiveNow.error).toContain('Could not open the mailbox');
    expect(data!.runArchiveNow.error).toContain(
      `connection refused (nothing accepts connections on port ${port})`,
    );
    expect(await incomingEmails(t).findOneByOrFail({ id: row.id })).toMatchObject({
      folder: 'INBOX',
      archivedAt: null,
    });
    expect((await reloadIncomingEmail(t, old.id)).raw).toBeNull();
    expect((await archiveStatus(t)).lastError).toBe(data!.runArchiveNow.error);

    // The server is back: the next run moves the message, nothing was lost or done twice.
    await configureBasicAuth(t, dovecot);
    const next = await runArchiveNow(t);
    expect(next.data!.runArchiveNow).toMatchObject({
      succeeded: true,
      messagesMoved: 1,
      error: null,
    });
    expect(subjects(await dovecot.listFolder(MAILBOX, 'Archive'))).toEqual(['posted 1']);
    expect(await incomingEmails(t).findOneByOrFail({ id: row.id })).toMatchObject({
      folder: 'Archive',
      archivedAt: aDate,
    });
  });

  it('records a folder that cannot be created and keeps the messages in the Inbox', async () => {
    await t.close();
    // Longer than a file name may be: the server refuses to create it.
    const folder = `Archive-${'x'.repeat(300)}`;
    t = await startArchiveTestApp({ env: { ARCHIVE_FOLDER: folder } });
    await configureBasicAuth(t, dovecot);
    await dovecot.append(MAILBOX, 'INBOX', rawMessage('posted 1'));
    const [row] = [...(await storeUnread(t, statusBySubject)).values()];

    const { data, errors } = await runArchiveNow(t);

    expect(errors).toBeUndefined();
    expect(data!.runArchiveNow).toMatchObject({ succeeded: false, messagesMoved: 0 });
    expect(data!.runArchiveNow.error).toContain(`Moving processed messages to ${folder} failed`);
    expect(data!.runArchiveNow.error).toContain(`could not create the folder ${folder}`);
    expect(subjects(await dovecot.listFolder(MAILBOX, 'INBOX'))).toEqual(['posted 1']);
    expect(await incomingEmails(t).findOneByOrFail({ id: row.id })).toMatchObject({
      folder: 'INBOX',
      archivedAt: null,
    });
  });

  it('allows only Server Admins', async () => {
    const { token } = await createUser(t);
    const run = await runArchiveNow(t, token);
    expect(run.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const status = await t.gql(`query { archiveStatus { lastRunStartedAt } }`, undefined, token);
    expect(status.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await runArchiveNow(t, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await archiveRuns(t)).toEqual([]);
  });
});

describe('archive with a Dovecot that does not offer MOVE', () => {
  let dovecot: DovecotServer;
  let t: TestApp;

  beforeAll(async () => {
    dovecot = await startDovecot({ withoutMove: true });
    await dovecot.addUser(MAILBOX, PASSWORD);
    t = await startArchiveTestApp();
    await configureBasicAuth(t, dovecot);
  });

  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
  });

  it('copies, then expunges exactly the archived messages from the Inbox', async () => {
    for (const subject of ['posted 1', 'received 1', 'rejected 1', 'posted 2']) {
      await dovecot.append(MAILBOX, 'INBOX', rawMessage(subject));
    }
    await storeUnread(t, statusBySubject);

    const { data, errors } = await runArchiveNow(t);

    expect(errors).toBeUndefined();
    expect(data!.runArchiveNow).toMatchObject({
      succeeded: true,
      moveMethod: 'COPY_EXPUNGE',
      messagesMoved: 3,
    });
    const inbox = await dovecot.listFolder(MAILBOX, 'INBOX');
    expect(subjects(inbox)).toEqual(['received 1']);
    expect(inbox.every((message) => !message.flags.includes('\\Deleted'))).toBe(true);
    const archive = await dovecot.listFolder(MAILBOX, 'Archive');
    expect(subjects(archive)).toEqual(['posted 1', 'posted 2', 'rejected 1']);
    expect(archive.every((message) => !message.flags.includes('\\Deleted'))).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ARCHIVE_CRON_JOB, ArchiveService } from '../../src/archive/archive.service.js';
import { GraphMailboxProvider } from '../../src/mailbox/graph-mailbox.provider.js';
import { ImapMailboxProvider } from '../../src/mailbox/imap-mailbox.provider.js';
import { MailboxProviders } from '../../src/mailbox/mailbox-providers.js';
import type { MailboxAccount, MailboxSession } from '../../src/mailbox/mailbox.types.js';
import { IncomingEmailStatus } from '../../src/mailbox-sync/incoming-email-status.enum.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import type { TestApp } from '../support/test-app.js';
import {
  MAILBOX,
  PASSWORD,
  archiveRuns,
  archiveStatus,
  configureBasicAuth,
  rawMessage,
  runArchiveNow,
  storeUnread,
  subjects,
  startArchiveTestApp,
} from './archive-helpers.js';

/**
 * The real providers, except that opening a mailbox can be held until the test lets it go: it
 * keeps the winning replica inside its run for as long as the test needs, so "at the same
 * moment" does not depend on how fast Dovecot answers.
 */
class HeldMailboxProviders extends MailboxProviders {
  hold: Promise<void> | undefined;
  opens = 0;

  override async open(account: MailboxAccount): Promise<MailboxSession> {
    this.opens++;
    await this.hold;
    return super.open(account);
  }
}

const heldProviders = (replica: TestApp) =>
  replica.app.get<MailboxProviders, HeldMailboxProviders>(MailboxProviders);

/** Replicas share the database and the key that seals the mailbox password in it. */
const SECRETS_KEY = randomBytes(32).toString('hex');

function startReplica(databaseUrl?: string): Promise<TestApp> {
  return startArchiveTestApp({
    databaseUrl,
    env: { SECRETS_KEY },
    configure: (builder) =>
      builder.overrideProvider(MailboxProviders).useFactory({
        factory: (imap: ImapMailboxProvider, graph: GraphMailboxProvider) =>
          new HeldMailboxProviders(imap, graph),
        inject: [ImapMailboxProvider, GraphMailboxProvider],
      }),
  });
}

describe('archive across two replicas sharing one database', () => {
  let dovecot: DovecotServer;
  let first: TestApp;
  let second: TestApp;

  beforeEach(async () => {
    dovecot = await startDovecot();
    await dovecot.addUser(MAILBOX, PASSWORD);
    first = await startReplica();
    second = await startReplica(first.databaseUrl);
    await configureBasicAuth(first, dovecot);
    for (const subject of ['posted 1', 'posted 2', 'posted 3']) {
      await dovecot.append(MAILBOX, 'INBOX', rawMessage(subject));
    }
    await storeUnread(first, () => IncomingEmailStatus.POSTED);
  });

  afterEach(async () => {
    // The second one shares the first one's database, which the first one drops.
    await second?.close();
    await first?.close();
    await dovecot?.stop();
  });

  it('runs once when both call runArchiveNow at the same moment; the other reports the run in progress', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    for (const replica of [first, second]) heldProviders(replica).hold = hold;

    const calls = [runArchiveNow(first), runArchiveNow(second)];
    // The replica without the lock answers while the other is still inside its run.
    const refused = await Promise.race(calls);
    expect(refused.errors?.[0]).toMatchObject({
      message:
        'An archive run is already in progress; archiveStatus shows its result once it finishes',
      extensions: { code: 'CONFLICT' },
    });
    release();
    const results = await Promise.all(calls);

    const done = results.filter((result) => result.data?.runArchiveNow);
    expect(done).toHaveLength(1);
    expect(done[0].data!.runArchiveNow).toMatchObject({ succeeded: true, messagesMoved: 3 });
    expect(
      results.filter((result) => result.errors?.[0]?.extensions?.code === 'CONFLICT'),
    ).toHaveLength(1);
    // Only the replica that won the lock went near the mailbox.
    expect([first, second].map((replica) => heldProviders(replica).opens).sort()).toEqual([0, 1]);
    expect(await archiveRuns(first)).toHaveLength(1);
    expect(subjects(await dovecot.listFolder(MAILBOX, 'Archive'))).toEqual([
      'posted 1',
      'posted 2',
      'posted 3',
    ]);
    // Both replicas show the same status, from the shared table.
    expect((await archiveStatus(second)).lastRun).toEqual(done[0].data!.runArchiveNow);
  });

  it('runs a cron slot once when both replicas tick for it', async () => {
    const jobs = [first, second].map((replica) =>
      replica.app.get(SchedulerRegistry).getCronJob(ARCHIVE_CRON_JOB),
    );
    const slot = jobs[0].nextDate().toJSDate();
    expect(jobs[1].nextDate().toJSDate()).toEqual(slot);

    // Both ticks at once: one takes the lock, the other sees it taken.
    await Promise.all(jobs.map((job) => job.fireOnTick()));
    // A replica whose clock is late ticks after the run finished: the slot is already done.
    expect(await second.app.get(ArchiveService).runScheduled(slot)).toBeNull();
    expect(await first.app.get(ArchiveService).runScheduled(slot)).toBeNull();

    const runs = await archiveRuns(first);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      lifecycle: { trigger: 'SCHEDULED', succeeded: true },
      scheduledFor: slot,
      messagesMoved: 3,
    });
    expect(subjects(await dovecot.listFolder(MAILBOX, 'Archive'))).toHaveLength(3);

    // The next slot is a new run.
    const nextSlot = new Date(slot.getTime() + 7 * 24 * 60 * 60 * 1000);
    expect(await second.app.get(ArchiveService).runScheduled(nextSlot)).toMatchObject({
      lifecycle: { trigger: 'SCHEDULED' },
      scheduledFor: nextSlot,
    });
    expect(await archiveRuns(first)).toHaveLength(2);
  });
});

describe('archive schedule configuration', () => {
  it('follows ARCHIVE_CRON in ARCHIVE_TIMEZONE', async () => {
    const t = await startArchiveTestApp({
      env: { ARCHIVE_CRON: '30 2 * * 3', ARCHIVE_TIMEZONE: 'America/New_York' },
    });
    try {
      const status = await archiveStatus(t);
      expect(status).toMatchObject({ schedule: '30 2 * * 3', timeZone: 'America/New_York' });
      const next = new Date(status.nextRunAt!);
      const local = new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/New_York',
        weekday: 'long',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(next);
      expect(local).toBe('Wednesday 02:30');
      expect(next.getTime()).toBeGreaterThan(Date.now());
      // Reply by email is off: nothing to archive, but the schedule is there.
      expect(status.mailboxArchived).toBe(false);
    } finally {
      await t.close();
    }
  });
});

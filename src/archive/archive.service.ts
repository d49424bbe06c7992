import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { errorMessage } from '../common/error-message.js';
import {
  closeInterruptedRuns,
  RunLifecycle,
  STALE_RUN_MS,
  startHeartbeat,
} from '../common/run-lifecycle.js';
import { Metrics } from '../metrics/metrics.js';
import { AdvisoryLockService } from '../database/advisory-lock.service.js';
import { MailboxProviders } from '../mailbox/mailbox-providers.js';
import { MailboxAuthMethod } from '../mailbox/mailbox.types.js';
import type { ImapAccount, MailboxMessageRef, MailboxSession } from '../mailbox/mailbox.types.js';
import { IncomingEmailsService } from '../mailbox-sync/incoming-emails.service.js';
import type { ArchivableEmail } from '../mailbox-sync/incoming-emails.service.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import { ArchiveTrigger } from './archive-trigger.enum.js';
import { ArchiveErrorCode, ArchiveException } from './archive.exception.js';
import { ArchiveRun } from './entities/archive-run.entity.js';

/** The advisory lock every replica competes for; the winner runs the archive. */
export const ARCHIVE_LOCK = 'archive';
/** The name of the weekly job in Nest's SchedulerRegistry. */
export const ARCHIVE_CRON_JOB = 'archive';

export const SKIPPED_MICROSOFT_OAUTH = 'skipped: Microsoft OAuth';
export const SKIPPED_REPLY_BY_EMAIL_DISABLED = 'skipped: reply by email is disabled';

/** Messages per MOVE command and per database round trip. */
const MOVE_BATCH = 500;
/** Archived messages listed (and deleted) per round trip. */
const DELETE_BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What `archiveStatus` shows: the latest run, the next one, and the settings behind them. */
export interface ArchiveStatusView {
  lastRun: ArchiveRun | null;
  nextRunAt: Date | null;
  authMethod: MailboxAuthMethod | null;
  replyByEmailEnabled: boolean;
  folder: string;
  retentionDays: number;
  cron: string;
  timeZone: string;
}

/**
 * The weekly archive: with Basic Auth, processed messages move from the Inbox to the archive
 * folder and archived messages past the retention period are deleted; for every auth method the
 * raw copies past the retention period are purged from the database. One replica at a time.
 *
 * Safety rules: a row is marked archived only after the server confirmed the move; stored UIDs
 * are used only while the Inbox is the one (and the UIDVALIDITY the one) they were read from;
 * each step records its own failure, so one failing step does not stop the others.
 */
@Injectable()
export class ArchiveService {
  private readonly logger = new Logger(ArchiveService.name);

  constructor(
    @InjectRepository(ArchiveRun) private readonly runs: Repository<ArchiveRun>,
    private readonly locks: AdvisoryLockService,
    private readonly settings: EmailSettingsService,
    private readonly mailboxes: MailboxProviders,
    private readonly incomingEmails: IncomingEmailsService,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly metrics: Metrics,
  ) {}

  /** `runArchiveNow`: runs at once, or refuses when a run is already in progress anywhere. */
  async runNow(): Promise<ArchiveRun> {
    const outcome = await this.locks.withLock(ARCHIVE_LOCK, () =>
      this.run(ArchiveTrigger.MANUAL, null),
    );
    if (!outcome.acquired) {
      throw new ArchiveException(
        ArchiveErrorCode.ALREADY_RUNNING,
        'An archive run is already in progress; archiveStatus shows its result once it finishes',
      );
    }
    return outcome.result;
  }

  /**
   * The cron tick of one replica for the slot `scheduledFor`. Returns null when another replica
   * holds the lock or has already run this slot: replicas whose clocks differ by more than a run
   * takes would otherwise each run it in turn.
   */
  async runScheduled(scheduledFor: Date): Promise<ArchiveRun | null> {
    const outcome = await this.locks.withLock(ARCHIVE_LOCK, async () => {
      if (await this.runs.existsBy({ scheduledFor })) return null;
      return this.run(ArchiveTrigger.SCHEDULED, scheduledFor);
    });
    return outcome.acquired ? outcome.result : null;
  }

  async status(): Promise<ArchiveStatusView> {
    // A run killed mid-way would otherwise show as running until the next weekly run.
    await closeInterruptedRuns(this.runs, new Date(Date.now() - STALE_RUN_MS));
    const [lastRun] = await this.runs.find({
      order: { lifecycle: { startedAt: 'DESC' } },
      take: 1,
    });
    const replyByEmail = await this.settings.getReplyByEmail();
    const { folder, retentionDays, cron, timeZone } = this.config.archive;
    return {
      lastRun: lastRun ?? null,
      nextRunAt: this.scheduler.doesExist('cron', ARCHIVE_CRON_JOB)
        ? this.scheduler.getCronJob(ARCHIVE_CRON_JOB).nextDate().toJSDate()
        : null,
      authMethod: replyByEmail.authMethod,
      replyByEmailEnabled: replyByEmail.enabled,
      folder,
      retentionDays,
      cron,
      timeZone,
    };
  }

  /** Runs under the lock. Always finishes the run row, whatever fails on the way. */
  private async run(trigger: ArchiveTrigger, scheduledFor: Date | null): Promise<ArchiveRun> {
    // A run still open while we hold the lock belongs to a process that stopped mid-run. Its work
    // is picked up by this run, since rows are only marked archived once their move was confirmed.
    await closeInterruptedRuns(this.runs);
    const { folder, retentionDays } = this.config.archive;
    const run = await this.runs.save(
      this.runs.create({
        lifecycle: RunLifecycle.start(trigger),
        scheduledFor,
        authMethod: null,
        folder,
        moveMethod: null,
        messagesMoved: 0,
        messagesDeleted: 0,
        messagesSkipped: 0,
        rawCopiesPurged: 0,
        skippedReason: null,
        notes: [],
      }),
    );
    const errors: string[] = [];
    const cutoff = new Date(run.lifecycle.startedAt.getTime() - retentionDays * DAY_MS);
    const heartbeat = startHeartbeat(this.runs, run.id);
    try {
      await this.archiveMailbox(run, cutoff, errors);
      // The database retention applies to every auth method, and whether or not the mailbox
      // steps worked: it depends on nothing but the database.
      try {
        run.rawCopiesPurged = await this.incomingEmails.purgeRawOlderThan(cutoff);
      } catch (error) {
        errors.push(
          `Purging raw copies older than ${retentionDays} days failed: ${errorMessage(error)}`,
        );
      }
    } catch (error) {
      errors.push(`The archive run failed: ${errorMessage(error)}`);
    } finally {
      heartbeat.stop();
      run.lifecycle.finish(errors);
      await this.runs.save(run);
      this.metrics.recordJobRun('archive', run.lifecycle);
    }
    this.logRun(run);
    return run;
  }

  private async archiveMailbox(run: ArchiveRun, cutoff: Date, errors: string[]): Promise<void> {
    const replyByEmail = await this.settings.getReplyByEmail();
    run.authMethod = replyByEmail.authMethod;
    const account = await this.settings.getMailboxAccount();
    if (!account) {
      run.skippedReason = SKIPPED_REPLY_BY_EMAIL_DISABLED;
      return;
    }
    run.authMethod = account.authMethod;
    switch (account.authMethod) {
      case MailboxAuthMethod.MICROSOFT_OAUTH:
        // The product archives only Basic Auth mailboxes; Exchange has its own retention.
        run.skippedReason = SKIPPED_MICROSOFT_OAUTH;
        return;
      case MailboxAuthMethod.BASIC:
        await this.archiveImap(account, run, cutoff, errors);
        return;
    }
  }

  private async archiveImap(
    account: ImapAccount,
    run: ArchiveRun,
    cutoff: Date,
    errors: string[],
  ): Promise<void> {
    let session: MailboxSession;
    try {
      session = await this.mailboxes.open(account);
    } catch (error) {
      errors.push(`Could not open the mailbox: ${errorMessage(error)}`);
      return;
    }
    try {
      await this.moveProcessed(session, run, errors);
      // Independent of the move: a folder that could not be created is simply empty here.
      await this.deleteExpired(session, run, cutoff, errors);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  private async moveProcessed(
    session: MailboxSession,
    run: ArchiveRun,
    errors: string[],
  ): Promise<void> {
    const folder = run.folder;
    // Rows whose UIDs cannot be trusted stay unarchived and come back in every query, ahead of
    // newer ones; asking for that many more rows keeps them from hiding the rest.
    const untrusted = new Map<string, string>();
    let vanished = 0;
    for (;;) {
      const limit = untrusted.size + MOVE_BATCH;
      const rows = await this.incomingEmails.findArchivable(limit);
      const trusted: ArchivableEmail[] = [];
      for (const row of rows) {
        if (untrusted.has(row.id)) continue;
        const distrust = distrustReason(row, session);
        if (distrust) untrusted.set(row.id, distrust);
        else trusted.push(row);
      }
      if (!trusted.length) break;

      let moved: number;
      try {
        const result = await session.moveTo(trusted.map(toInboxRef), folder);
        run.moveMethod = result.method;
        moved = result.moved;
      } catch (error) {
        errors.push(`Moving processed messages to ${folder} failed: ${errorMessage(error)}`);
        break;
      }
      run.messagesMoved += moved;
      // A UID MOVE (or COPY + UID EXPUNGE) acts on every listed UID still in the Inbox at once;
      // the ones it did not move were no longer there, so they are done too.
      vanished += Math.max(0, trusted.length - moved);
      await this.incomingEmails.markArchived(
        trusted.map((row) => row.id),
        folder,
      );
      if (rows.length < limit) break;
    }

    run.messagesSkipped = untrusted.size;
    const byReason = new Map<string, number>();
    for (const why of untrusted.values()) byReason.set(why, (byReason.get(why) ?? 0) + 1);
    for (const [why, count] of byReason) {
      run.notes.push(`${plural(count, 'processed message')} left in the Inbox: ${why}`);
    }
    if (vanished) {
      run.notes.push(
        `${plural(vanished, 'processed message')} no longer in the Inbox (moved or deleted in the mailbox, or by an interrupted run): marked archived`,
      );
    }
  }

  private async deleteExpired(
    session: MailboxSession,
    run: ArchiveRun,
    cutoff: Date,
    errors: string[],
  ): Promise<void> {
    const folder = run.folder;
    // IMAP SEARCH BEFORE compares whole days: ask for one day more, then compare instants, so
    // "older than N days" means N times 24 hours, never a day early.
    const before = new Date(cutoff.getTime() + DAY_MS);
    try {
      for (;;) {
        const listed = await session.listFolder(folder, { before, limit: DELETE_BATCH });
        const expired = listed.filter((ref) => ref.receivedAt.getTime() < cutoff.getTime());
        if (expired.length) {
          await session.deleteMessages(folder, expired);
          run.messagesDeleted += expired.length;
        }
        // A full batch without anything expired is the boundary day only: nothing more to do.
        if (listed.length < DELETE_BATCH || !expired.length) break;
      }
    } catch (error) {
      errors.push(
        `Deleting messages older than ${this.config.archive.retentionDays} days from ${folder} failed: ${errorMessage(error)}`,
      );
    }
  }

  private logRun(run: ArchiveRun): void {
    const summary =
      `Archive run ${run.id} (${run.lifecycle.trigger}): moved ${run.messagesMoved}, deleted ${run.messagesDeleted}, ` +
      `skipped ${run.messagesSkipped}, raw copies purged ${run.rawCopiesPurged}` +
      (run.skippedReason ? `, ${run.skippedReason}` : '');
    if (run.lifecycle.error) this.logger.warn(`${summary}; errors: ${run.lifecycle.error}`);
    else this.logger.log(summary);
  }
}

/** Why a stored UID must not be used against the open Inbox, or null when it can. */
function distrustReason(row: ArchivableEmail, session: MailboxSession): string | null {
  if (row.imapUid === null || row.imapUidValidity === null) {
    return 'no IMAP UID was stored for them';
  }
  if (row.imapUidValidity !== session.uidValidity) {
    return `the Inbox UIDVALIDITY changed from ${row.imapUidValidity} to ${session.uidValidity ?? 'none'} since they were read, so their UIDs no longer identify them`;
  }
  // Same UIDVALIDITY on another server or account means nothing: keys name the mailbox.
  if (!row.mailboxKey.startsWith(`${session.inboxIdentity}:`)) {
    return 'they were read from another mailbox than the one configured now';
  }
  return null;
}

function toInboxRef(row: ArchivableEmail): MailboxMessageRef {
  return {
    key: row.mailboxKey,
    folder: row.folder,
    uid: row.imapUid ?? undefined,
    uidValidity: row.imapUidValidity ?? undefined,
    receivedAt: row.receivedAt,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

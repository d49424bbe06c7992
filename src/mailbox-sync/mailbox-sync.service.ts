import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { errorMessage } from '../common/error-message.js';
import {
  closeInterruptedRuns,
  RunLifecycle,
  STALE_RUN_MS,
  startHeartbeat,
} from '../common/run-lifecycle.js';
import { AdvisoryLockService } from '../database/advisory-lock.service.js';
import { MailboxProviders } from '../mailbox/mailbox-providers.js';
import { Metrics } from '../metrics/metrics.js';
import type { MailboxAuthMethod } from '../mailbox/mailbox.types.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import type { IncomingEmail } from './entities/incoming-email.entity.js';
import { MailboxSyncRun } from './entities/mailbox-sync-run.entity.js';
import { IncomingEmailStatus } from './incoming-email-status.enum.js';
import { IncomingEmailProcessor } from './incoming-email.processor.js';
import type { StuckSummary } from './incoming-email.repository.js';
import { IncomingEmailsService } from './incoming-emails.service.js';
import { MailboxIntakeService } from './mailbox-intake.service.js';
import { MailboxSyncErrorCode, MailboxSyncException } from './mailbox-sync.exception.js';
import { MailboxSyncTrigger } from './mailbox-sync-trigger.enum.js';
import { MAILBOX_SYNC_OPTIONS } from './mailbox-sync.options.js';
import type { MailboxSyncOptions } from './mailbox-sync.options.js';
import { isRunDue, nextScheduledRun } from './sync-schedule.js';

export const MAILBOX_SYNC_LOCK = 'mailbox-sync';

const NEWEST_FIRST = { lifecycle: { startedAt: 'DESC' } } as const;

export interface MailboxSyncStatusView {
  enabled: boolean;
  authMethod: MailboxAuthMethod | null;
  pollIntervalMinutes: number;
  lastRun: MailboxSyncRun | null;
  lastSuccessAt: Date | null;
  /** The error of the latest finished run; null when it succeeded. */
  lastError: string | null;
  nextRunAt: Date | null;
  pendingEmails: number;
  stuckEmails: StuckSummary;
}

/**
 * Runs of the inbound pipeline: one replica at a time (advisory lock), each recorded as a
 * `mailbox_sync_runs` row. A run stores and marks read up to one batch of unread mail, then
 * processes what is stored and waiting (its own intake, leftovers of a crashed run, FAILED
 * emails due a retry). A mailbox that cannot be read fails the run, but stored emails are still
 * processed: nothing waits on the mail server that does not need it.
 */
@Injectable()
export class MailboxSyncService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MailboxSyncService.name);
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    @InjectRepository(MailboxSyncRun) private readonly runs: Repository<MailboxSyncRun>,
    private readonly config: AppConfig,
    private readonly locks: AdvisoryLockService,
    private readonly settings: EmailSettingsService,
    private readonly mailboxes: MailboxProviders,
    private readonly intake: MailboxIntakeService,
    private readonly processor: IncomingEmailProcessor,
    private readonly emails: IncomingEmailsService,
    @Inject(MAILBOX_SYNC_OPTIONS) private readonly options: MailboxSyncOptions,
    private readonly metrics: Metrics,
  ) {}

  /** True once the application is shutting down: runs stop taking new emails. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** `syncMailboxNow`: runs at once, or says why it cannot. */
  async syncNow(): Promise<MailboxSyncRun> {
    const replyByEmail = await this.settings.getReplyByEmail();
    if (!replyByEmail.enabled) {
      throw new MailboxSyncException(
        MailboxSyncErrorCode.REPLY_BY_EMAIL_DISABLED,
        'Reply by email is not enabled: there is no mailbox to read',
      );
    }
    const outcome = await this.track(
      this.locks.withLock(MAILBOX_SYNC_LOCK, () => this.run(MailboxSyncTrigger.MANUAL)),
    );
    if (outcome.acquired) return outcome.result;
    const running = await this.runs.findOne({
      where: { lifecycle: { finishedAt: IsNull() } },
      order: { lifecycle: { startedAt: 'DESC' } },
    });
    throw new MailboxSyncException(
      MailboxSyncErrorCode.ALREADY_RUNNING,
      `A mailbox sync is already running${running ? ` (started ${running.lifecycle.startedAt.toISOString()})` : ''}, on this or another replica. Its results will show in mailboxSyncStatus; try again when it has finished.`,
    );
  }

  /**
   * One scheduler tick: runs when reply by email is on and a poll interval has passed since the
   * last run started. Both are read from the database every time, so a changed interval or a
   * run on another replica is taken into account without a restart. Returns the run, or null.
   */
  async runIfDue(now = new Date()): Promise<MailboxSyncRun | null> {
    if (this.stopping) return null;
    const replyByEmail = await this.settings.getReplyByEmail();
    if (!replyByEmail.enabled) return null;
    if (!isRunDue(await this.lastStartedAt(), replyByEmail.pollIntervalMinutes, now)) return null;
    const outcome = await this.track(
      this.locks.withLock(MAILBOX_SYNC_LOCK, async () => {
        // Another replica may have finished a run between our check and taking the lock.
        if (!isRunDue(await this.lastStartedAt(), replyByEmail.pollIntervalMinutes, now))
          return null;
        return this.run(MailboxSyncTrigger.SCHEDULED);
      }),
    );
    return outcome.acquired ? outcome.result : null;
  }

  async status(now = new Date()): Promise<MailboxSyncStatusView> {
    // A run killed mid-way (kill -9, lost container) would otherwise show as running for ever.
    await closeInterruptedRuns(this.runs, new Date(now.getTime() - STALE_RUN_MS));
    const replyByEmail = await this.settings.getReplyByEmail();
    const [lastRun, lastFinished, lastSuccess, pendingEmails, stuckEmails] = await Promise.all([
      this.runs.findOne({ where: {}, order: NEWEST_FIRST }),
      this.runs.findOne({
        where: { lifecycle: { finishedAt: Not(IsNull()) } },
        order: NEWEST_FIRST,
      }),
      this.runs.findOne({ where: { lifecycle: { succeeded: true } }, order: NEWEST_FIRST }),
      this.emails.countPending(),
      this.emails.stuckSummary(),
    ]);
    let nextRunAt: Date | null = null;
    if (replyByEmail.enabled) {
      const next = nextScheduledRun(
        lastRun?.lifecycle.startedAt ?? null,
        replyByEmail.pollIntervalMinutes,
        now,
      );
      nextRunAt = next.getTime() < now.getTime() ? now : next;
    }
    return {
      enabled: replyByEmail.enabled,
      authMethod: replyByEmail.authMethod,
      pollIntervalMinutes: replyByEmail.pollIntervalMinutes,
      lastRun,
      lastSuccessAt: lastSuccess?.lifecycle.finishedAt ?? null,
      lastError: lastFinished?.lifecycle.succeeded === false ? lastFinished.lifecycle.error : null,
      nextRunAt,
      pendingEmails,
      stuckEmails,
    };
  }

  /**
   * `reprocessIncomingEmail`: runs a stored email through processing again. Idempotent: a POSTED
   * email stays as it is, and the posting transaction's row lock makes a concurrent run harmless.
   */
  async reprocess(id: string): Promise<IncomingEmail> {
    const email = await this.emails.get(id);
    if (email.status === IncomingEmailStatus.POSTED) return email;
    if (!(await this.emails.hasRaw(id))) {
      throw new MailboxSyncException(
        MailboxSyncErrorCode.RAW_UNAVAILABLE,
        email.rawPurgedAt
          ? `Incoming email ${id} cannot be reprocessed: its raw message was purged by retention on ${email.rawPurgedAt.toISOString()}`
          : `Incoming email ${id} cannot be reprocessed: its raw message was not kept (${email.reason ?? 'not stored'})`,
      );
    }
    await this.track(this.processor.reprocess(id));
    return this.emails.get(id);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async lastStartedAt(): Promise<Date | null> {
    const last = await this.runs.findOne({
      where: {},
      order: NEWEST_FIRST,
      select: { id: true, lifecycle: { startedAt: true } },
    });
    return last?.lifecycle.startedAt ?? null;
  }

  /** One run; the caller holds the lock. Never throws for a mailbox problem: the run row says it. */
  private async run(trigger: MailboxSyncTrigger): Promise<MailboxSyncRun> {
    // Holding the lock, no other run can be alive: one still open stopped with its process.
    await closeInterruptedRuns(this.runs);
    const account = await this.settings.getMailboxAccount().catch((error: unknown) => {
      // A secret that no longer decrypts (wrong SECRETS_KEY) must show in the status, not crash.
      return error instanceof Error ? error : new Error(String(error));
    });
    const run = await this.runs.save(
      this.runs.create({
        lifecycle: RunLifecycle.start(trigger),
        authMethod: account instanceof Error || !account ? null : account.authMethod,
        fetched: 0,
        posted: 0,
        rejected: 0,
        failed: 0,
      }),
    );
    const errors: string[] = [];
    const heartbeat = startHeartbeat(this.runs, run.id);
    try {
      if (account instanceof Error) {
        errors.push(`The mailbox credentials cannot be read: ${account.message}`);
      } else if (!account) {
        errors.push('Reply by email was turned off');
      } else {
        try {
          const intake = await this.mailboxes.withSession(account, (session) =>
            this.intake.intake(session),
          );
          run.fetched = intake.stored;
          run.rejected += intake.tooLarge;
          if (intake.markReadError !== undefined) {
            errors.push(
              `Stored ${intake.markedRead || intake.listed} emails but could not mark them read: ${errorMessage(intake.markReadError)}`,
            );
          }
        } catch (error) {
          errors.push(errorMessage(error));
        }
      }
      if (!this.stopping) {
        const counts = await this.processor.processPending({
          limit: this.config.mailbox.syncBatchSize * 2,
          concurrency: this.options.processingConcurrency,
          shouldStop: () => this.stopping,
        });
        run.posted += counts.posted;
        run.rejected += counts.rejected;
        run.failed += counts.failed;
      }
    } catch (error) {
      errors.push(`Processing stopped: ${errorMessage(error)}`);
    } finally {
      heartbeat.stop();
    }
    run.lifecycle.finish(errors);
    if (errors.length) {
      this.logger.warn(`Mailbox sync (${trigger}) failed: ${run.lifecycle.error ?? ''}`);
    }
    const saved = await this.runs.save(run);
    this.metrics.recordJobRun('mailbox_sync', saved.lifecycle);
    return saved;
  }
}

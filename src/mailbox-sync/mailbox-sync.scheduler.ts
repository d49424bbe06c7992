import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { errorMessage } from '../common/error-message.js';
import { Signal } from '../common/signal.js';
import type { MailboxSyncRun } from './entities/mailbox-sync-run.entity.js';
import { MAILBOX_SYNC_OPTIONS } from './mailbox-sync.options.js';
import type { MailboxSyncOptions } from './mailbox-sync.options.js';
import { MailboxSyncService } from './mailbox-sync.service.js';

const INTERVAL_NAME = 'mailbox-sync';

/** One finished scheduler tick: the run it started, or null when none was due (or it failed). */
export interface MailboxSyncTick {
  at: Date;
  run: MailboxSyncRun | null;
}

/**
 * A short timer that only asks "is a run due?": the poll interval is a setting an admin changes
 * at run time, so it is read on every tick rather than baked into a cron expression. The tick
 * does no work itself beyond starting a run; the advisory lock keeps it to one replica.
 */
@Injectable()
export class MailboxSyncScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(MailboxSyncScheduler.name);
  private ticking = false;
  /**
   * Announced after every tick that ran: for metrics, and for anyone who must know the scheduler
   * has looked since a given moment (e.g. before saying that no run happened).
   */
  readonly ticks = new Signal<MailboxSyncTick>('MailboxSyncScheduler.ticks');

  constructor(
    private readonly sync: MailboxSyncService,
    private readonly registry: SchedulerRegistry,
    @Inject(MAILBOX_SYNC_OPTIONS) private readonly options: MailboxSyncOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.tickMs <= 0) return;
    // The registry clears it before shutdown; the service then waits for a run in progress.
    this.registry.addInterval(
      INTERVAL_NAME,
      setInterval(() => void this.tick(), this.options.tickMs),
    );
  }

  /** Starts a run when one is due; overlapping ticks in one process are skipped. */
  async tick(now = new Date()): Promise<MailboxSyncRun | null> {
    if (this.ticking) return null;
    this.ticking = true;
    let run: MailboxSyncRun | null = null;
    try {
      run = await this.sync.runIfDue(now);
      return run;
    } catch (error) {
      // A tick must never take the process down: the next one tries again.
      this.logger.error(`Mailbox sync tick failed: ${errorMessage(error)}`);
      return null;
    } finally {
      this.ticking = false;
      this.ticks.emit({ at: now, run });
    }
  }
}

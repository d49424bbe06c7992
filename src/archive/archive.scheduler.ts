import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { errorMessage } from '../common/error-message.js';
import { AppConfig } from '../config/app-config.js';
import { ArchiveErrorCode, ArchiveException } from './archive.exception.js';
import { ARCHIVE_CRON_JOB, ArchiveService } from './archive.service.js';

/** A tick this much early still belongs to the slot it was scheduled for. */
const EARLY_TICK_TOLERANCE_MS = 1000;

/**
 * Registers the weekly archive job (ARCHIVE_CRON in ARCHIVE_TIMEZONE, by default Sunday 00:00
 * UTC) with Nest's SchedulerRegistry, which stops it at shutdown. Every replica ticks; the tick
 * only asks the service to run the slot, and the advisory lock plus the slot recorded on the run
 * make exactly one replica do it.
 */
@Injectable()
export class ArchiveScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ArchiveScheduler.name);
  private job: CronJob | undefined;
  /** The slot the next tick is expected for. */
  private nextSlot: Date | undefined;

  constructor(
    private readonly archive: ArchiveService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { cron, timeZone, folder } = this.config.archive;
    if (folder.trim().toUpperCase() === 'INBOX') {
      // Deleting "archived" messages past retention would then delete unprocessed mail.
      throw new ArchiveException(
        ArchiveErrorCode.INVALID_CONFIGURATION,
        'ARCHIVE_FOLDER must name a folder other than the Inbox',
      );
    }
    let job: CronJob;
    try {
      job = CronJob.from({
        cronTime: cron,
        timeZone,
        start: false,
        // Lets `fireOnTick()` be awaited, and keeps a slow run from overlapping the next tick.
        waitForCompletion: true,
        onTick: () => this.tick(),
      });
    } catch (error) {
      throw new ArchiveException(
        ArchiveErrorCode.INVALID_CONFIGURATION,
        `ARCHIVE_CRON "${cron}" in ARCHIVE_TIMEZONE "${timeZone}" is not a valid schedule: ${errorMessage(error)}`,
      );
    }
    this.job = job;
    this.nextSlot = job.nextDate().toJSDate();
    this.registry.addCronJob(ARCHIVE_CRON_JOB, job);
    job.start();
  }

  private async tick(): Promise<void> {
    const slot = this.currentSlot(new Date());
    try {
      const run = await this.archive.runScheduled(slot);
      if (!run) this.logger.debug(`Archive slot ${slot.toISOString()} runs on another replica`);
    } catch (error) {
      this.logger.error(`Archive run for ${slot.toISOString()} failed: ${errorMessage(error)}`);
    }
  }

  /**
   * The slot a tick belongs to, the same on every replica: the latest scheduled time not after
   * now (allowing for timers that fire a little early, or late after the process was paused).
   */
  private currentSlot(now: Date): Date {
    const job = this.job;
    let slot = this.nextSlot;
    if (!job || !slot) throw new Error('The archive job is not scheduled');
    const { timeZone } = this.config.archive;
    const after = (date: Date) => job.cronTime.getNextDateFrom(date, timeZone).toJSDate();
    for (let next = after(slot); next.getTime() <= now.getTime() + EARLY_TICK_TOLERANCE_MS;) {
      slot = next;
      next = after(slot);
    }
    this.nextSlot = after(slot);
    return slot;
  }
}

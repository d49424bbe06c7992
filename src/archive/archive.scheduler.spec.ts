import { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '../config/app-config.js';
import { ArchiveScheduler } from './archive.scheduler.js';
import { ARCHIVE_CRON_JOB } from './archive.service.js';
import type { ArchiveService } from './archive.service.js';

/** Records the slots the scheduler asks for, instead of archiving anything. */
function recordingArchive(slots: Date[]): ArchiveService {
  return {
    runScheduled: (slot: Date) => {
      slots.push(slot);
      return Promise.resolve(null);
    },
  } as unknown as ArchiveService;
}

function schedulerFor(env: Record<string, string>, slots: Date[] = []) {
  const registry = new SchedulerRegistry();
  const scheduler = new ArchiveScheduler(recordingArchive(slots), registry, loadConfig(env));
  return { scheduler, registry };
}

describe('ArchiveScheduler', () => {
  const started: SchedulerRegistry[] = [];
  afterEach(() => {
    for (const registry of started.splice(0)) void registry.getCronJob(ARCHIVE_CRON_JOB).stop();
  });

  it('schedules Sunday 00:00 UTC by default and asks for the slot it was scheduled for', async () => {
    const slots: Date[] = [];
    const { scheduler, registry } = schedulerFor({}, slots);
    scheduler.onApplicationBootstrap();
    started.push(registry);
    const job = registry.getCronJob(ARCHIVE_CRON_JOB);
    const slot = job.nextDate().toJSDate();
    expect(slot.getUTCDay()).toBe(0);
    expect(slot.toISOString()).toMatch(/T00:00:00\.000Z$/);

    // A tick before the slot (a timer firing early) still belongs to it, and the tick after
    // that belongs to the next week's slot: every replica computes the same slots.
    await job.fireOnTick();
    await job.fireOnTick();
    expect(slots).toEqual([slot, new Date(slot.getTime() + 7 * 24 * 60 * 60 * 1000)]);
  });

  it('refuses a schedule that cannot run', () => {
    expect(() =>
      schedulerFor({ ARCHIVE_CRON: 'every sunday' }).scheduler.onApplicationBootstrap(),
    ).toThrow('ARCHIVE_CRON "every sunday" in ARCHIVE_TIMEZONE "UTC" is not a valid schedule');
    expect(() =>
      schedulerFor({ ARCHIVE_TIMEZONE: 'Mars/Olympus_Mons' }).scheduler.onApplicationBootstrap(),
    ).toThrow('is not a valid schedule: Invalid timezone.');
  });

  it('refuses the Inbox as the archive folder, whose old mail it would delete', () => {
    expect(() =>
      schedulerFor({ ARCHIVE_FOLDER: 'inbox' }).scheduler.onApplicationBootstrap(),
    ).toThrow('ARCHIVE_FOLDER must name a folder other than the Inbox');
  });
});

const MINUTE_MS = 60_000;

/**
 * When the next scheduled run is due: one poll interval after the last run started (scheduled or
 * manual, on any replica, since the run rows are shared), or right away when none ever ran. The
 * interval is read on every tick, so a change applies without a restart.
 */
export function nextScheduledRun(
  lastStartedAt: Date | null,
  pollIntervalMinutes: number,
  now: Date,
): Date {
  if (!lastStartedAt) return now;
  return new Date(lastStartedAt.getTime() + pollIntervalMinutes * MINUTE_MS);
}

export function isRunDue(
  lastStartedAt: Date | null,
  pollIntervalMinutes: number,
  now: Date,
): boolean {
  return nextScheduledRun(lastStartedAt, pollIntervalMinutes, now).getTime() <= now.getTime();
}

/**
 * Notification types still sent while "Turn Off All Email Notifications for All Users" is on:
 * users who asked for an export must hear whether it is ready (product documentation).
 */
export const KILL_SWITCH_EXEMPT_TYPES = [
  'notify_on_download_ready',
  'notify_on_download_failed',
] as const;

export type KillSwitchExemptType = (typeof KILL_SWITCH_EXEMPT_TYPES)[number];

export function isKillSwitchExempt(type: string): boolean {
  return (KILL_SWITCH_EXEMPT_TYPES as readonly string[]).includes(type);
}

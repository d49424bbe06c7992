import type { ReplyLatencyStart } from '../metrics/metrics.js';

/** Senders' clocks run a little fast; a Date further ahead of the arrival than this is wrong. */
const MAX_CLOCK_AHEAD_MS = 5 * 60_000;
/** Mail queued longer than this before arriving is not a reply's latency worth trusting. */
const MAX_TRANSIT_MS = 7 * 86_400_000;

/**
 * How long a reply took from being sent to being posted. Measured from its Date header when that
 * is plausible (not well after the arrival, not days before it): the sender's clock and any mail
 * queue are part of what a user waits for. Otherwise, from the arrival in the mailbox.
 */
export function replyLatency(
  dateHeader: Date | null,
  receivedAt: Date,
  postedAt: Date,
): { seconds: number; start: ReplyLatencyStart } {
  const arrival = receivedAt.getTime();
  const written = dateHeader?.getTime();
  if (
    written !== undefined &&
    Number.isFinite(written) &&
    written <= arrival + MAX_CLOCK_AHEAD_MS &&
    written >= arrival - MAX_TRANSIT_MS
  ) {
    return { seconds: Math.max(0, postedAt.getTime() - written) / 1000, start: 'date_header' };
  }
  return { seconds: Math.max(0, postedAt.getTime() - arrival) / 1000, start: 'arrival' };
}

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { errorMessage } from '../common/error-message.js';
import { METRIC_NAMES } from './metric-names.js';
import { DEFAULT_METRICS_OPTIONS, METRICS_OPTIONS } from './metrics.options.js';
import type { MetricsOptions } from './metrics.options.js';

/** What happened to a delivery, as counted: a row enters as `enqueued` or `suppressed`. */
export type DeliveryMetricStatus = 'enqueued' | 'sent' | 'retried' | 'failed' | 'suppressed';
export type JobRunOutcome = 'succeeded' | 'failed';
/** Where a reply's latency was measured from: the sender's Date header, or arrival in the mailbox. */
export type ReplyLatencyStart = 'date_header' | 'arrival';

/** A finished run of a scheduled job, shaped like the run rows' shared columns. */
export interface FinishedJobRun {
  /** e.g. `SCHEDULED`, `MANUAL`; written lower-case. */
  trigger: string;
  startedAt: Date;
  finishedAt: Date | null;
  succeeded: boolean | null;
}

export interface OutboxDepth {
  pending: number;
  sending: number;
  /** Null when the outbox is empty. */
  oldestAgeSeconds: number | null;
}

/** Reads a value that costs I/O; run at scrape time, at most once per refresh interval. */
export type ScrapeRefresh = () => Promise<void>;

const JOB_DURATION_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800];
// From "posted within the first poll" (3 minutes by default) to "a day late".
const REPLY_LATENCY_BUCKETS = [
  10, 30, 60, 120, 180, 300, 600, 900, 1800, 3600, 10800, 21600, 86400,
];

/**
 * Replyline's Prometheus metrics: one registry per application instance (tests run several in
 * one process), the process metrics of prom-client, and a small API that the other modules write
 * through. It imports nothing of theirs: they tell it what happened in plain strings and numbers,
 * so a module can be tested, or run, with a fresh `new Metrics()`.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private readonly options: MetricsOptions;
  private readonly refreshes: ScrapeRefresh[] = [];
  private refreshing: Promise<void> | undefined;
  private refreshedAt = -Infinity;
  private readonly now: () => number;

  private readonly outboxEmails = new Gauge({
    name: METRIC_NAMES.outboxEmails,
    help: 'Emails in the outbox by state: pending (due, or waiting for a retry) and sending (claimed by a worker)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  private readonly outboxOldestAge = new Gauge({
    name: METRIC_NAMES.outboxOldestEmailAge,
    help: 'Seconds since the oldest email still in the outbox was enqueued (0 when none waits)',
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: METRIC_NAMES.emailDeliveries,
    help: 'Notification email outcomes by notification type and status (enqueued, suppressed, sent, retried, failed)',
    labelNames: ['type', 'status'] as const,
    registers: [this.registry],
  });
  private readonly sendGridResponses = new Counter({
    name: METRIC_NAMES.sendGridResponses,
    help: 'Answers from the SendGrid Mail Send API by HTTP status code ("network" when none came back)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly sendGridRefusals = new Counter({
    name: METRIC_NAMES.sendGridRefusals,
    help: 'SendGrid refusals of the account rather than the email (401/403), by class: api_key_invalid, api_key_permission, sender_not_verified, account_disabled',
    labelNames: ['class'] as const,
    registers: [this.registry],
  });
  private readonly sendGridVerdicts = new Counter({
    name: METRIC_NAMES.sendGridVerdicts,
    help: 'Verdicts in accepted SendGrid Event Webhook posts (delivered, deferred, bounced, dropped, spam_report); an event SendGrid posts again counts again',
    labelNames: ['verdict'] as const,
    registers: [this.registry],
  });
  private readonly jobRuns = new Counter({
    name: METRIC_NAMES.jobRuns,
    help: 'Runs of scheduled jobs (mailbox_sync, archive) by trigger and outcome',
    labelNames: ['job', 'trigger', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly jobRunDuration = new Histogram({
    name: METRIC_NAMES.jobRunDuration,
    help: 'Duration of scheduled-job runs in seconds',
    labelNames: ['job', 'outcome'] as const,
    buckets: JOB_DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly incomingEmails = new Counter({
    name: METRIC_NAMES.incomingEmails,
    help: 'Incoming emails by the status they reached (posted, rejected, failed) and reason code',
    labelNames: ['status', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly replyLatency = new Histogram({
    name: METRIC_NAMES.replyLatency,
    help: 'Seconds from a reply being sent (its Date header, or its arrival when the Date is missing or implausible) to its post',
    labelNames: ['start'] as const,
    buckets: REPLY_LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly listenerConnected = new Gauge({
    name: METRIC_NAMES.mailboxListenerConnected,
    help: '1 while the mailbox listener (IMAP IDLE or Microsoft Graph) holds a connection, else 0',
    registers: [this.registry],
  });
  private readonly rejectionNotices = new Counter({
    name: METRIC_NAMES.rejectionNotices,
    help: 'Rejection notices to senders of rejected replies, by outcome (enqueued, suppressed, rate_limited, not_sent)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(@Optional() @Inject(METRICS_OPTIONS) options?: MetricsOptions) {
    this.options = options ?? DEFAULT_METRICS_OPTIONS;
    this.now = this.options.now ?? (() => performance.now());
    collectDefaultMetrics({ register: this.registry });
    this.listenerConnected.set(0);
    this.outboxOldestAge.set(0);
  }

  // --- what the modules report -------------------------------------------------------------------

  countDelivery(type: string, status: DeliveryMetricStatus, count = 1): void {
    if (count > 0) this.deliveries.inc({ type, status }, count);
  }

  countSendGridResponse(code: number | 'network'): void {
    this.sendGridResponses.inc({ code: String(code) });
  }

  /** `failureClass` is the delivery's failure class, e.g. `API_KEY_INVALID`; written lower-case. */
  countSendGridRefusal(failureClass: string): void {
    this.sendGridRefusals.inc({ class: failureClass.toLowerCase() });
  }

  /** `verdict` is the provider status, e.g. `DELIVERED`; written lower-case. */
  countSendGridVerdict(verdict: string, count = 1): void {
    if (count > 0) this.sendGridVerdicts.inc({ verdict: verdict.toLowerCase() }, count);
  }

  /** `job` is e.g. `mailbox_sync` or `archive`. */
  recordJobRun(job: string, run: FinishedJobRun): void {
    const outcome: JobRunOutcome = run.succeeded ? 'succeeded' : 'failed';
    const seconds = ((run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 1000;
    this.jobRuns.inc({ job, trigger: run.trigger.toLowerCase(), outcome });
    this.jobRunDuration.observe({ job, outcome }, Math.max(0, seconds));
  }

  /** `reason` is the rejection's reason code, or null (posted, failed). */
  countIncomingEmail(status: string, reason: string | null, count = 1): void {
    if (count > 0) {
      this.incomingEmails.inc({ status: status.toLowerCase(), reason: reason ?? '' }, count);
    }
  }

  observeReplyLatency(seconds: number, start: ReplyLatencyStart): void {
    this.replyLatency.observe({ start }, Math.max(0, seconds));
  }

  /** For the mailbox listener: say when it connects and when it loses the connection. */
  setMailboxListenerConnected(connected: boolean): void {
    this.listenerConnected.set(connected ? 1 : 0);
  }

  countRejectionNotice(outcome: 'enqueued' | 'suppressed' | 'rate_limited' | 'not_sent'): void {
    this.rejectionNotices.inc({ outcome });
  }

  setOutboxDepth(depth: OutboxDepth): void {
    this.outboxEmails.set({ state: 'pending' }, depth.pending);
    this.outboxEmails.set({ state: 'sending' }, depth.sending);
    this.outboxOldestAge.set(depth.oldestAgeSeconds ?? 0);
  }

  /**
   * Registers a read that costs I/O (e.g. one SQL query for the outbox depth). It runs when a
   * scrape finds the values older than the refresh interval, never more often, and concurrent
   * scrapes share one run. A failing read keeps the last values and is logged.
   */
  onScrape(refresh: ScrapeRefresh): void {
    this.refreshes.push(refresh);
  }

  // --- what /metrics serves ----------------------------------------------------------------------

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of every metric, after refreshing the I/O-backed ones when due. */
  async scrape(): Promise<string> {
    await this.refreshIfDue();
    return this.registry.metrics();
  }

  private refreshIfDue(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (this.now() - this.refreshedAt < this.options.refreshIntervalMs) {
      return Promise.resolve();
    }
    this.refreshing = Promise.allSettled(this.refreshes.map((refresh) => refresh())).then(
      (results) => {
        for (const result of results) {
          if (result.status === 'rejected') {
            this.logger.warn(`Could not refresh a metric: ${errorMessage(result.reason)}`);
          }
        }
        this.refreshedAt = this.now();
        this.refreshing = undefined;
      },
    );
    return this.refreshing;
  }
}

/**
 * Every Replyline metric name, in one place: the registry in metrics.ts, the Grafana dashboard
 * test and the README all read them from here. Renaming one breaks dashboards and alerts: add a
 * new name instead.
 */
export const METRIC_NAMES = {
  /** Gauge: emails waiting in the outbox, by state (`pending`: due or waiting for a retry; `sending`: claimed). */
  outboxEmails: 'replyline_outbox_emails',
  /** Gauge: age of the oldest email still waiting in the outbox (0 when it is empty). */
  outboxOldestEmailAge: 'replyline_outbox_oldest_email_age_seconds',
  /** Counter: delivery outcomes by notification type and status. */
  emailDeliveries: 'replyline_email_deliveries_total',
  /** Counter: SendGrid's answers by HTTP status code (`network` when none came back). */
  sendGridResponses: 'replyline_sendgrid_responses_total',
  /** Counter: SendGrid's account refusals (401/403) by class: key, permission, sender, account. */
  sendGridRefusals: 'replyline_sendgrid_refusals_total',
  /** Counter: verdicts in SendGrid's signed Event Webhook posts (delivered, deferred, bounced, ...). */
  sendGridVerdicts: 'replyline_sendgrid_verdicts_total',
  /** Counter: scheduled-job runs (mailbox sync, archive) by trigger and outcome. */
  jobRuns: 'replyline_job_runs_total',
  /** Histogram: how long those runs took. */
  jobRunDuration: 'replyline_job_run_duration_seconds',
  /** Counter: incoming emails by the status they reached and the reason code. */
  incomingEmails: 'replyline_incoming_emails_total',
  /** Histogram: from the reply being written (its Date header, else its arrival) to its post. */
  replyLatency: 'replyline_reply_latency_seconds',
  /** Gauge: 1 while the mailbox listener (IMAP IDLE, Graph) holds a connection, else 0. */
  mailboxListenerConnected: 'replyline_mailbox_listener_connected',
  /** Counter: rejection notices by what became of them. */
  rejectionNotices: 'replyline_rejection_notices_total',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { errorMessage } from '../common/error-message.js';
import { Signal } from '../common/signal.js';
import { AppConfig } from '../config/app-config.js';
import { RepeatedErrorLog } from '../logging/repeated-error-log.js';
import { Metrics } from '../metrics/metrics.js';
import type { DeliveryMetricStatus } from '../metrics/metrics.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import type { DeliveryFailureClass } from './delivery-failure-class.enum.js';
import { classifyDeliveryFailure } from './delivery-failure.js';
import { DeliveryOutcomeWriter } from './delivery-outcome-writer.js';
import { KILL_SWITCH_REASON } from './kill-switch.js';
import { KILL_SWITCH_EXEMPT_TYPES } from './notification-catalogue.js';
import { OutboxRepository } from './outbox.repository.js';
import type { ClaimedDelivery, CountsByType, DeliveryOutcome } from './outbox.repository.js';
import { OutboxWakeup } from './outbox-wakeup.js';
import { MailTransport } from './transport/mail-transport.js';
import type { OutboundEmail } from './transport/mail-transport.js';
import { TransportHealth } from './transport/transport-health.js';

/**
 * How long a claim protects a row. A live worker renews it every HEARTBEAT_MS for as long as it
 * holds the row (however slow the provider), so it only runs out when the worker's process died:
 * then another replica (or this one, restarted) takes the row over within LEASE_MS.
 */
export const LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;
/** Backoff ceiling between attempts; a server's Retry-After may still ask for longer. */
const MAX_BACKOFF_MS = 10 * 60_000;

const METRIC_STATUS: Record<DeliveryOutcome['kind'], DeliveryMetricStatus> = {
  sent: 'sent',
  retry: 'retried',
  failed: 'failed',
};

/** One claim pass of the worker: what it found due, or why it could not look. */
export interface DeliveryPass {
  /** This worker's passes are numbered from 1 in the order they start. */
  number: number;
  startedAt: Date;
  finishedAt: Date;
  /** Due rows claimed for sending (and, at shutdown, handed straight back). */
  claimed: number;
  /** Due rows the kill switch turned SUPPRESSED. */
  suppressed: number;
  /** Set when the database could not be reached; the next poll tries again. */
  error?: string;
}

export interface DeliveryWorkerStats {
  sent: number;
  retried: number;
  failed: number;
  suppressed: number;
}

/**
 * The delivery worker: claims due outbox rows in short transactions (`FOR UPDATE SKIP LOCKED`,
 * so replicas share the work and never take the same row), sends them through the MailTransport
 * with bounded concurrency, and records each outcome. Woken right after an enqueue commits in
 * this process, and by a poll every `outbox.pollMs` for everything else (retries that came due,
 * rows other replicas wrote, leases that ran out).
 *
 * Delivery is at least once at the provider boundary: a row is marked SENT only after the provider
 * answered, so a process killed between the two sends that row again after restart. A slot is
 * freed only once its outcome is recorded, which bounds such repeats by `outbox.concurrency`.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeliveryWorker');
  /** Written into `locked_by`: which process holds a row. */
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`.slice(
    0,
    100,
  );
  readonly stats: DeliveryWorkerStats = { sent: 0, retried: 0, failed: 0, suppressed: 0 };
  /**
   * Announced after every claim pass, whatever woke it (an enqueue, the poll): how busy the
   * outbox is, for metrics and for anyone who must know that the worker has looked since a
   * given moment (e.g. before saying that nothing was sent).
   */
  readonly passes = new Signal<DeliveryPass>('DeliveryWorker.passes');
  private passCount = 0;

  private readonly queue: ClaimedDelivery[] = [];
  /** Rows being sent or having their outcome recorded: each holds a concurrency slot. */
  private readonly active = new Map<string, Promise<void>>();
  private claiming: Promise<void> | undefined;
  private running = false;
  /** False after a claim found fewer due rows than it asked for: wait for a wake-up or the poll. */
  private mayHaveDueRows = true;
  private wakeups = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Refusal classes already logged; cleared by a successful send (the operator fixed it). */
  private readonly refusalsReported = new Set<DeliveryFailureClass>();
  private readonly errorLog = new RepeatedErrorLog(this.logger);
  private readonly outcomes: DeliveryOutcomeWriter;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly transport: MailTransport,
    private readonly settings: EmailSettingsService,
    private readonly wakeup: OutboxWakeup,
    private readonly metrics: Metrics,
    private readonly health: TransportHealth,
  ) {
    this.outcomes = new DeliveryOutcomeWriter({
      outbox,
      workerId: this.workerId,
      logger: this.logger,
      errors: this.errorLog,
      isStopping: () => !this.running,
      onRecorded: (outcome) => this.count(outcome),
    });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.unsubscribe = this.wakeup.onWake(() => this.wake());
    this.pollTimer = setInterval(() => this.wake(), this.config.outbox.pollMs);
    this.heartbeatTimer = setInterval(() => void this.renewLeases(), HEARTBEAT_MS);
    this.pollTimer.unref();
    this.heartbeatTimer.unref();
    this.wake();
  }

  /**
   * Stops claiming, lets every send in flight finish and be recorded, and hands back rows claimed
   * but not yet attempted, so other replicas need not wait for the lease to run out.
   */
  async onApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.pollTimer);
    this.unsubscribe?.();
    await this.claiming;
    const unstarted = this.queue.splice(0);
    await Promise.allSettled([...this.active.values()]);
    clearInterval(this.heartbeatTimer);
    if (unstarted.length > 0) {
      await this.outbox
        .release(
          this.workerId,
          unstarted.map((row) => row.id),
        )
        .catch((error: unknown) =>
          this.logger.warn(
            `Could not hand back ${unstarted.length} claimed emails; they are sent after their lease ends: ${errorMessage(error)}`,
          ),
        );
    }
  }

  /** How many claim passes have started; the next one gets this number plus one. */
  get passesStarted(): number {
    return this.passCount;
  }

  /**
   * Sends one PENDING row now, in the caller's request, and resolves once its outcome is
   * recorded (sendTestEmail: the admin sees the provider's answer). Its writer held the row back
   * from the poll; if the hold ran out and the worker took it meanwhile, this does nothing.
   */
  async sendNow(id: string): Promise<void> {
    const row = await this.outbox.claimOne(id, this.workerId, LEASE_MS);
    if (!row) return;
    // Tracked like the worker's own sends, so the heartbeat renews its lease and shutdown waits.
    const task = this.deliver(row).finally(() => this.active.delete(row.id));
    this.active.set(row.id, task);
    await task;
  }

  /** Look for due rows now (after an enqueue committed, or on the poll). */
  wake(): void {
    this.wakeups += 1;
    this.mayHaveDueRows = true;
    this.pump();
  }

  /** Starts sends into free slots, and claims more when the local queue runs low. */
  private pump(): void {
    if (!this.running) return;
    const { concurrency, batchSize } = this.config.outbox;
    while (this.active.size < concurrency && this.queue.length > 0) {
      this.start(this.queue.shift() as ClaimedDelivery);
    }
    // Claim the next batch while the last few sends of this one are still in flight.
    if (!this.claiming && this.mayHaveDueRows && this.queue.length < concurrency) {
      this.claiming = this.claim(batchSize - this.queue.length).finally(() => {
        this.claiming = undefined;
        this.pump();
      });
    }
  }

  private async claim(limit: number): Promise<void> {
    const wakeupsBefore = this.wakeups;
    const pass = { number: ++this.passCount, startedAt: new Date(), claimed: 0, suppressed: 0 };
    let error: string | undefined;
    try {
      let gaveUp: CountsByType = new Map();
      let suppressed: CountsByType = new Map();
      const claimed = await this.dataSource.transaction(async (manager) => {
        gaveUp = await this.outbox.releaseExpiredLeases(
          manager,
          this.config.outbox.maxAttempts,
          limit,
        );
        let onlyTypes: readonly string[] | undefined;
        // The kill switch, checked again right before sending: it may have been turned on
        // since these rows were written.
        if (await this.settings.areNotificationsDisabled(manager)) {
          suppressed = await this.outbox.suppressDue(
            manager,
            KILL_SWITCH_EXEMPT_TYPES,
            KILL_SWITCH_REASON,
            limit,
          );
          onlyTypes = KILL_SWITCH_EXEMPT_TYPES;
        }
        return this.outbox.claimDue(manager, {
          workerId: this.workerId,
          limit,
          leaseMs: LEASE_MS,
          onlyTypes,
        });
      });
      for (const [type, count] of gaveUp) this.metrics.countDelivery(type, 'failed', count);
      for (const [type, count] of suppressed) {
        this.metrics.countDelivery(type, 'suppressed', count);
        pass.suppressed += count;
      }
      this.stats.suppressed += pass.suppressed;
      pass.claimed = claimed.length;
      if (!this.running) {
        // Shutdown began during the claim: give the rows straight back.
        await this.outbox.release(
          this.workerId,
          claimed.map((row) => row.id),
        );
        return;
      }
      this.queue.push(...claimed);
      if (claimed.length < limit && this.wakeups === wakeupsBefore) this.mayHaveDueRows = false;
    } catch (failure) {
      // Database trouble: wait for the next poll rather than spin.
      this.mayHaveDueRows = false;
      error = errorMessage(failure);
      this.errorLog.error('Could not claim outbox rows', error);
    } finally {
      this.passes.emit({ ...pass, finishedAt: new Date(), ...(error ? { error } : {}) });
    }
  }

  private start(row: ClaimedDelivery): void {
    const task = this.deliver(row)
      .catch((error: unknown) => {
        // deliver() handles send failures itself; this is a bug, and the lease retries the row.
        this.errorLog.error('Delivery worker error', errorMessage(error));
      })
      .finally(() => {
        this.active.delete(row.id);
        this.pump();
      });
    this.active.set(row.id, task);
  }

  private async deliver(row: ClaimedDelivery): Promise<void> {
    let outcome: DeliveryOutcome;
    try {
      const result = await this.transport.send(this.toOutbound(row));
      outcome = {
        id: row.id,
        type: row.type,
        kind: 'sent',
        transport: this.transport.name,
        providerMessageId: result.providerMessageId,
      };
      this.refusalsReported.clear();
      this.health.recordSuccess();
    } catch (error) {
      const failure = this.failureOutcome(row, error);
      this.health.recordFailure(row.id, failure.error);
      outcome = failure;
    }
    await this.outcomes.record(outcome);
  }

  private failureOutcome(
    row: ClaimedDelivery,
    error: unknown,
  ): Extract<DeliveryOutcome, { kind: 'retry' | 'failed' }> {
    const transport = this.transport.name;
    const { maxAttempts, retryBaseMs } = this.config.outbox;
    const decision = classifyDeliveryFailure(row.attempts, error, {
      maxAttempts,
      retryBaseMs,
      maxBackoffMs: MAX_BACKOFF_MS,
    });
    if (decision.kind === 'retry') {
      this.logger.debug(
        `Email ${row.id} attempt ${row.attempts} failed, retrying in ${decision.delayMs} ms: ${decision.message}`,
      );
      return {
        id: row.id,
        type: row.type,
        kind: 'retry',
        transport,
        error: decision.message,
        delayMs: decision.delayMs,
      };
    }
    const failureClass = decision.failure.failureClass;
    if (failureClass) this.reportRefusal(failureClass, decision.message);
    else {
      // Keyed by the error text alone, so one cause failing many emails is logged once a minute;
      // each email's own error is on its row.
      this.errorLog.warn('An email failed', decision.message);
      this.logger.debug(`Email ${row.id} (${row.type}) failed: ${decision.message}`);
    }
    return {
      id: row.id,
      type: row.type,
      kind: 'failed',
      transport,
      error: decision.message,
      failureClass,
    };
  }

  /**
   * A refused key, permission, sender or account fails every email alike: say so once per class,
   * plainly, with the fix, instead of once per email. Said again only after a send succeeded in
   * between (it was fixed, then broke again).
   */
  private reportRefusal(failureClass: DeliveryFailureClass, message: string): void {
    if (this.refusalsReported.has(failureClass)) return;
    this.refusalsReported.add(failureClass);
    this.logger.error(
      `Every email fails until this is fixed: ${message} Further failures for this reason are ` +
        'recorded on each email (emailDeliveries) but not logged.',
    );
  }

  private toOutbound(row: ClaimedDelivery): OutboundEmail {
    return {
      deliveryId: row.id,
      to: row.recipientName
        ? { email: row.recipientEmail, name: row.recipientName }
        : { email: row.recipientEmail },
      from: { email: this.config.mail.fromAddress, name: this.config.mail.fromName },
      replyTo: row.replyTo ?? undefined,
      subject: row.subject,
      text: row.textBody,
      html: row.htmlBody,
      headers: row.headers,
    };
  }

  private count(outcome: DeliveryOutcome): void {
    if (outcome.kind === 'sent') this.stats.sent += 1;
    else if (outcome.kind === 'retry') this.stats.retried += 1;
    else this.stats.failed += 1;
    this.metrics.countDelivery(outcome.type, METRIC_STATUS[outcome.kind]);
  }

  private async renewLeases(): Promise<void> {
    const held = [...this.queue.map((row) => row.id), ...this.active.keys()];
    if (held.length === 0) return;
    try {
      await this.outbox.extendLeases(this.workerId, held, LEASE_MS);
    } catch (error) {
      this.errorLog.warn('Could not renew outbox leases', errorMessage(error));
    }
  }
}

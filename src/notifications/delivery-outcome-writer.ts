import type { Logger } from '@nestjs/common';
import { errorMessage } from '../common/error-message.js';
import type { RepeatedErrorLog } from '../logging/repeated-error-log.js';
import type { DeliveryOutcome, OutboxRepository } from './outbox.repository.js';

/** How many times shutdown retries recording outcomes when the database is unreachable. */
const SHUTDOWN_RECORD_ATTEMPTS = 3;
const RECORD_RETRY_MS = 1_000;
const MAX_OUTCOMES_PER_STATEMENT = 500;

export interface DeliveryOutcomeWriterOptions {
  outbox: OutboxRepository;
  /** The worker whose claims these outcomes settle (`locked_by`). */
  workerId: string;
  logger: Logger;
  errors: RepeatedErrorLog;
  /** True once the worker shuts down: a database that stays down is then given up on. */
  isStopping: () => boolean;
  /** Called once an outcome is in the database. */
  onRecorded: (outcome: DeliveryOutcome) => void;
}

/**
 * Writes send outcomes to the outbox with group commit: `record` resolves once the outcome is in
 * the database, and outcomes that arrive while a write is running are written together by the
 * next one, so there is no added latency when idle and one statement for many rows under load.
 * While the database is down it retries every second; after shutdown began, a few times only.
 */
export class DeliveryOutcomeWriter {
  private readonly queue: Array<{ outcome: DeliveryOutcome; recorded: () => void }> = [];
  private writing = false;

  constructor(private readonly options: DeliveryOutcomeWriterOptions) {}

  record(outcome: DeliveryOutcome): Promise<void> {
    return new Promise((recorded) => {
      this.queue.push({ outcome, recorded });
      this.startWriting();
    });
  }

  private startWriting(): void {
    if (this.writing) return;
    this.writing = true;
    void this.writeQueued().finally(() => {
      this.writing = false;
      if (this.queue.length > 0) this.startWriting();
    });
  }

  private async writeQueued(): Promise<void> {
    const { outbox, workerId, logger, errors } = this.options;
    let failures = 0;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_OUTCOMES_PER_STATEMENT);
      try {
        await outbox.recordOutcomes(
          workerId,
          batch.map((entry) => entry.outcome),
        );
        failures = 0;
        for (const { outcome, recorded } of batch) {
          this.options.onRecorded(outcome);
          recorded();
        }
      } catch (error) {
        failures += 1;
        if (this.options.isStopping() && failures >= SHUTDOWN_RECORD_ATTEMPTS) {
          // The rows stay SENDING and are taken over when their lease ends: sent once more.
          logger.error(
            `Could not record the outcome of ${batch.length + this.queue.length} emails before shutdown: ${errorMessage(error)}`,
          );
          for (const { recorded } of [...batch, ...this.queue.splice(0)]) recorded();
          return;
        }
        errors.error('Could not record email outcomes', errorMessage(error));
        this.queue.unshift(...batch);
        await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS));
      }
    }
  }
}

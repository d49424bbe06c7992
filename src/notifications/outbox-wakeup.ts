import { Injectable, Logger } from '@nestjs/common';
import { errorMessage } from '../common/error-message.js';
import { DataSource } from 'typeorm';
import { Signal } from '../common/signal.js';
import type {
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/**
 * Wakes the delivery worker the moment a transaction that enqueued email commits, so a
 * notification does not wait for the next poll. Waking earlier would be useless (the worker
 * cannot see uncommitted rows) and the poll remains the safety net, also for rows other replicas
 * wrote.
 */
@Injectable()
export class OutboxWakeup implements EntitySubscriberInterface {
  /** Per open transaction: whether to wake the worker, and what else runs once it commits. */
  private readonly waiting = new WeakMap<QueryRunner, { wake: boolean; then: Array<() => void> }>();
  private readonly wakeups = new Signal<void>('OutboxWakeup');

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  onWake(listener: () => void): () => void {
    return this.wakeups.subscribe(listener);
  }

  /**
   * Called after rows were written with `manager`: once its transaction commits, wakes the worker
   * (unless `wake` is false, e.g. for rows that are not to be sent) and runs `then` (e.g. counts
   * the rows in the metrics), so nothing is announced for rows a rollback took back.
   */
  afterCommitOf(manager: EntityManager, options: { wake?: boolean; then?: () => void } = {}): void {
    const wake = options.wake ?? true;
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      const entry = this.waiting.get(runner) ?? { wake: false, then: [] };
      entry.wake ||= wake;
      if (options.then) entry.then.push(options.then);
      this.waiting.set(runner, entry);
    } else {
      setImmediate(() => this.settle({ wake, then: options.then ? [options.then] : [] }));
    }
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint's "commit" leaves the outer transaction open: only the outermost one counts.
    if (event.queryRunner.isTransactionActive) return;
    const entry = this.waiting.get(event.queryRunner);
    if (!entry) return;
    this.waiting.delete(event.queryRunner);
    this.settle(entry);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.waiting.delete(event.queryRunner);
  }

  private settle(entry: { wake: boolean; then: Array<() => void> }): void {
    if (entry.wake) this.wakeups.emit();
    for (const callback of entry.then) {
      // Runs inside TypeORM's commit: a failing callback must not fail the caller's commit.
      try {
        callback();
      } catch (error) {
        Logger.error(`An after-commit callback failed: ${errorMessage(error)}`, 'OutboxWakeup');
      }
    }
  }
}

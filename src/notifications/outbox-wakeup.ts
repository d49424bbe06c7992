import { Injectable } from '@nestjs/common';
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
  private readonly waiting = new WeakSet<QueryRunner>();
  private readonly wakeups = new Signal<void>('OutboxWakeup');

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  onWake(listener: () => void): () => void {
    return this.wakeups.subscribe(listener);
  }

  /** Called after rows were written with `manager`: wakes once its transaction commits. */
  afterCommitOf(manager: EntityManager): void {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.waiting.add(runner);
    else setImmediate(() => this.notify());
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint's "commit" leaves the outer transaction open: only the outermost one counts.
    if (!event.queryRunner.isTransactionActive && this.waiting.delete(event.queryRunner)) {
      this.notify();
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.waiting.delete(event.queryRunner);
  }

  private notify(): void {
    this.wakeups.emit();
  }
}

import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryRunner } from 'typeorm';

export type LockOutcome<T> = { acquired: true; result: T } | { acquired: false };

/** A held advisory lock; `release` is idempotent. */
export interface AdvisoryLock {
  readonly name: string;
  release(): Promise<void>;
}

/** Maps a lock name to the signed 64-bit key Postgres advisory locks take. */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/**
 * Cluster-wide mutual exclusion for scheduled jobs: only the replica that wins the Postgres
 * advisory lock runs the job. The lock lives on one dedicated connection (a session lock), so the
 * job itself may use as many transactions as it likes. An in-process guard backs it up, because
 * the embedded database serves every connection from one backend, where session locks re-enter.
 */
@Injectable()
export class AdvisoryLockService {
  private readonly logger = new Logger(AdvisoryLockService.name);
  private readonly heldHere = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  /** Takes the lock if no one (in this process or another) holds it; null otherwise. */
  async tryLock(name: string): Promise<AdvisoryLock | null> {
    if (this.heldHere.has(name)) return null;
    this.heldHere.add(name);
    const runner = this.dataSource.createQueryRunner();
    const key = advisoryLockKey(name);
    try {
      await runner.connect();
      const rows = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [
        key,
      ])) as Array<{ acquired: boolean }>;
      if (rows[0]?.acquired) return this.handle(name, key, runner);
    } catch (error) {
      await this.forget(name, runner);
      throw error;
    }
    await this.forget(name, runner);
    return null;
  }

  /** Runs `work` under the lock, or reports that another holder has it. */
  async withLock<T>(name: string, work: () => Promise<T>): Promise<LockOutcome<T>> {
    const lock = await this.tryLock(name);
    if (!lock) return { acquired: false };
    try {
      return { acquired: true, result: await work() };
    } finally {
      await lock.release();
    }
  }

  private handle(name: string, key: string, runner: QueryRunner): AdvisoryLock {
    let released = false;
    return {
      name,
      release: async () => {
        if (released) return;
        released = true;
        await runner
          .query('SELECT pg_advisory_unlock($1::bigint)', [key])
          .catch((error: unknown) => {
            // Releasing the connection below ends the session, which frees the lock anyway.
            this.logger.warn(`Could not release advisory lock ${name}: ${String(error)}`);
          });
        await this.forget(name, runner);
      },
    };
  }

  private async forget(name: string, runner: QueryRunner): Promise<void> {
    this.heldHere.delete(name);
    await runner.release();
  }
}

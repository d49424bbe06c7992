import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type LockOutcome<T> = { acquired: true; result: T } | { acquired: false };

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

  async withLock<T>(name: string, work: () => Promise<T>): Promise<LockOutcome<T>> {
    if (this.heldHere.has(name)) return { acquired: false };
    this.heldHere.add(name);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const key = advisoryLockKey(name);
      const rows = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [
        key,
      ])) as Array<{
        acquired: boolean;
      }>;
      if (!rows[0]?.acquired) return { acquired: false };
      try {
        return { acquired: true, result: await work() };
      } finally {
        await runner
          .query('SELECT pg_advisory_unlock($1::bigint)', [key])
          .catch((error: unknown) => {
            // Closing the connection below releases the lock anyway.
            this.logger.warn(`Could not release advisory lock ${name}: ${String(error)}`);
          });
      }
    } finally {
      this.heldHere.delete(name);
      await runner.release();
    }
  }
}

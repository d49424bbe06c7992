import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { newDedicatedConnection } from './dedicated-connection.js';

/**
 * A session lock is freed when the server notices that its session ended. A process that dies
 * closes its socket and the server notices at once; a host that vanishes (power loss, a network
 * cut) closes nothing, and with the server's default keepalives (2 hours of silence, then 9 probes
 * 75 s apart) its locks would stay held for over two hours. These per-session settings make the
 * server give up on a silent peer after 5 + 3 × 4 = 17 s, so that another replica, which looks
 * every 10 s, takes over within 30 s.
 */
const DEAD_PEER_SETTINGS =
  'SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 4; SET tcp_keepalives_count = 3';

export type LockOutcome<T> = { acquired: true; result: T } | { acquired: false };

/** A held advisory lock; `release` is idempotent. */
export interface AdvisoryLock {
  readonly name: string;
  /**
   * Whether the lock is still ours: its connection answers within `timeoutMs`. A session lock
   * lives as long as its connection, so once that connection is gone (database restart, network
   * cut, the session terminated) another replica may hold the lock; a long-lived holder asks
   * this before going on.
   */
  isHeld(timeoutMs?: number): Promise<boolean>;
  release(): Promise<void>;
}

/** Maps a lock name to the signed 64-bit key Postgres advisory locks take. */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/**
 * Cluster-wide mutual exclusion for scheduled jobs: only the replica that wins the Postgres
 * advisory lock runs the job. The lock lives on a dedicated connection of its own (a session
 * lock), opened outside the application's pool: a held lock never takes a pool slot, so jobs
 * holding locks cannot starve their own work however small DATABASE_POOL_SIZE is. An in-process
 * guard makes a second holder in this process fail fast without a round trip.
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
    const connection = this.newConnection();
    const key = advisoryLockKey(name);
    try {
      await connection.connect();
      await connection.query(DEAD_PEER_SETTINGS);
      const { rows } = await connection.query<{ acquired: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS acquired',
        [key],
      );
      if (rows[0]?.acquired) return this.handle(name, key, connection);
    } catch (error) {
      await this.forget(name, connection);
      throw error;
    }
    await this.forget(name, connection);
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

  private newConnection(): pg.Client {
    const connection = newDedicatedConnection(this.dataSource);
    // A dropped connection ends the session and frees the lock on the server; the job's own
    // queries report the database trouble. Without a listener the error would crash the process.
    connection.on('error', (error) =>
      this.logger.warn(`Advisory lock connection lost: ${error.message}`),
    );
    return connection;
  }

  private handle(name: string, key: string, connection: pg.Client): AdvisoryLock {
    let released = false;
    let lost = false;
    connection.once('error', () => (lost = true));
    connection.once('end', () => (lost = true));
    return {
      name,
      isHeld: async (timeoutMs = 5_000) => {
        if (released || lost) return false;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        });
        const probe = connection.query('SELECT 1').then(
          () => true,
          () => false,
        );
        try {
          return await Promise.race([probe, timeout]);
        } finally {
          clearTimeout(timer);
        }
      },
      release: async () => {
        if (released) return;
        released = true;
        await connection
          .query('SELECT pg_advisory_unlock($1::bigint)', [key])
          .catch((error: unknown) => {
            // Closing the connection below ends the session, which frees the lock anyway.
            this.logger.warn(`Could not release advisory lock ${name}: ${String(error)}`);
          });
        await this.forget(name, connection);
      },
    };
  }

  private async forget(name: string, connection: pg.Client): Promise<void> {
    this.heldHere.delete(name);
    await connection.end().catch(() => undefined);
  }
}

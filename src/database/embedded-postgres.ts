import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataDirectoryLock } from './data-dir-lock.js';

/** Pool size for the embedded server: PGlite runs one query at a time, so more buys nothing. */
export const EMBEDDED_MAX_CONNECTIONS = 8;

/**
 * A real Postgres (PGlite, Postgres compiled to WebAssembly) served on a loopback port, so the
 * ordinary `pg` driver, TypeORM and migrations work unchanged without an installed server.
 * For trying Replyline on one machine; production points DATABASE_URL at a real Postgres.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly url: string,
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DataDirectoryLock,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const lock = DataDirectoryLock.acquire(dataDir);
    try {
      const pgDir = join(dataDir, 'pg');
      mkdirSync(pgDir, { recursive: true });
      const db = await PGlite.create({ dataDir: pgDir });
      const server = new PGLiteSocketServer({
        db,
        host: '127.0.0.1',
        port: 0,
        maxConnections: EMBEDDED_MAX_CONNECTIONS,
      });
      await server.start();
      const url = `postgres://postgres@${server.getServerConn()}/postgres`;
      return new EmbeddedPostgres(url, db, server, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      this.lock.release();
    }
  }
}

import { Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { EmbeddedPostgres } from './embedded-postgres.js';

/** Connections beyond the application's pool: advisory locks, readiness probes, an admin's psql. */
const EMBEDDED_SPARE_CONNECTIONS = 20;

/** Where the database is: the configured Postgres, or the embedded one this process runs. */
export class DatabaseEndpoint implements OnApplicationShutdown {
  private constructor(
    readonly url: string,
    readonly poolSize: number,
    private readonly embedded: EmbeddedPostgres | undefined,
    private readonly moduleRef: ModuleRef,
  ) {}

  static async open(config: AppConfig, moduleRef: ModuleRef): Promise<DatabaseEndpoint> {
    const { url, poolSize } = config.database;
    if (url) return new DatabaseEndpoint(url, poolSize, undefined, moduleRef);
    const logger = new Logger('EmbeddedPostgres');
    logger.log(`No DATABASE_URL set: starting the embedded PostgreSQL in ${config.dataDir}`);
    const embedded = await EmbeddedPostgres.start({
      dataDir: config.dataDir,
      maxConnections: poolSize + EMBEDDED_SPARE_CONNECTIONS,
      onLog: (level, message) => logger[level === 'info' ? 'log' : level](message),
    });
    return new DatabaseEndpoint(embedded.url, poolSize, embedded, moduleRef);
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  /**
   * Nest runs this hook before the TypeORM module's own, which closes the pool: close it here
   * first, so the server stops with no client connected (TypeORM then finds it closed).
   */
  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    try {
      const dataSource = this.moduleRef.get(DataSource, { strict: false });
      if (dataSource.isInitialized) await dataSource.destroy();
    } finally {
      await this.embedded.stop();
    }
  }
}

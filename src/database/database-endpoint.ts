import { Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { EMBEDDED_MAX_CONNECTIONS, EmbeddedPostgres } from './embedded-postgres.js';

/** Where the database is: the configured Postgres, or the embedded one this process runs. */
export class DatabaseEndpoint implements OnApplicationShutdown {
  private constructor(
    readonly url: string,
    readonly maxConnections: number,
    private readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  static async open(config: AppConfig): Promise<DatabaseEndpoint> {
    if (config.database.url) return new DatabaseEndpoint(config.database.url, 20, undefined);
    const dataDir = join(config.dataDir);
    const embedded = await EmbeddedPostgres.start(dataDir);
    new Logger('Database').log(
      `No DATABASE_URL set: using the embedded Postgres in ${join(dataDir, 'pg')}`,
    );
    return new DatabaseEndpoint(embedded.url, EMBEDDED_MAX_CONNECTIONS, embedded);
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
  }
}

import { Global, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { migrations } from '../../migrations/index.js';
import { AdvisoryLockService } from './advisory-lock.service.js';
import { DatabaseEvents } from './database-events.service.js';
import { DatabaseEndpoint } from './database-endpoint.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * TypeORM on PostgreSQL. The schema comes only from the migrations, which run at boot;
 * `synchronize` is never on.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      extraProviders: [
        {
          provide: DatabaseEndpoint,
          useFactory: (config: AppConfig, moduleRef: ModuleRef) =>
            DatabaseEndpoint.open(config, moduleRef),
          inject: [AppConfig, ModuleRef],
        },
      ],
      inject: [DatabaseEndpoint],
      useFactory: (endpoint: DatabaseEndpoint) => ({
        type: 'postgres' as const,
        url: endpoint.url,
        autoLoadEntities: true,
        synchronize: false,
        migrations,
        migrationsRun: true,
        migrationsTransactionMode: 'each' as const,
        namingStrategy: new SnakeNamingStrategy(),
        // Every transaction does all its work on its own connection, so a pool smaller than the
        // number of concurrent transactions makes them queue, never deadlock.
        extra: { max: endpoint.poolSize, connectionTimeoutMillis: 10_000 },
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [AdvisoryLockService, DatabaseEvents],
  exports: [AdvisoryLockService, DatabaseEvents],
})
export class DatabaseModule {}

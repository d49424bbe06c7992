import { ApolloDriver } from '@nestjs/apollo';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ScheduleModule } from '@nestjs/schedule';
import { ArchiveModule } from './archive/archive.module.js';
import { AuthModule } from './auth/auth.module.js';
import { RequestAuthenticator } from './auth/request-authenticator.js';
import { AppExceptionFilter } from './common/app-exception.filter.js';
import { RejectNulCharactersPipe } from './common/nul-characters.pipe.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { DatabaseModule } from './database/database.module.js';
import { graphqlOptions } from './graphql-options.js';
import { HealthModule } from './health/health.module.js';
import { MailboxSyncModule } from './mailbox-sync/mailbox-sync.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { SettingsModule } from './settings/settings.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        ScheduleModule.forRoot(),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [AppConfig, RequestAuthenticator],
          useFactory: graphqlOptions,
        }),
        MetricsModule,
        AuthModule,
        HealthModule,
        SettingsModule,
        NotificationsModule,
        ConversationsModule,
        MailboxSyncModule,
        ArchiveModule,
      ],
      providers: [
        // In this order: a NUL character is refused before any other rule looks at the input.
        { provide: APP_PIPE, useClass: RejectNulCharactersPipe },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AppExceptionFilter },
      ],
    };
  }
}

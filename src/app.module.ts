import { ApolloDriver } from '@nestjs/apollo';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { DynamicModule, MiddlewareConsumer, NestModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ScheduleModule } from '@nestjs/schedule';
import type { Request } from 'express';
import { graphiqlLandingPage } from './admin-console/graphiql-landing-page.js';
import { locateWebBuild } from './admin-console/web-build.js';
import { ArchiveModule } from './archive/archive.module.js';
import { AuthModule } from './auth/auth.module.js';
import { GraphqlExceptionFilter } from './common/graphql-exception.filter.js';
import { maxQueryDepthRule } from './common/query-depth.rule.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MailboxSyncModule } from './mailbox-sync/mailbox-sync.module.js';
import { requestContextMiddleware } from './logging/request-context.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { SettingsModule } from './settings/settings.module.js';

// graphql-js stops parsing past this many tokens: a cheap guard against huge or hostile documents.
const MAX_QUERY_TOKENS = 5000;

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        ScheduleModule.forRoot(),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          playground: false,
          introspection: config.http.graphqlPlayground,
          plugins: config.http.graphqlPlayground
            ? [graphiqlLandingPage(locateWebBuild().graphiqlHtml)]
            : [],
          includeStacktraceInErrorResponses: false,
          validationRules: [maxQueryDepthRule(config.http.graphqlMaxDepth)],
          parseOptions: { maxTokens: MAX_QUERY_TOKENS },
          context: ({ req }: { req: Request }) => ({ req }),
        }),
        AuthModule,
        HealthModule,
        SettingsModule,
        NotificationsModule,
        ConversationsModule,
        MailboxSyncModule,
        ArchiveModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: GraphqlExceptionFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestContextMiddleware).forRoutes('*path');
  }
}

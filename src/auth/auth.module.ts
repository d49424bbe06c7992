import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AuthGuard } from './auth.guard.js';
import { ApiToken } from './entities/api-token.entity.js';
import { User } from './entities/user.entity.js';
import { FailedTokenGate } from './failed-token-gate.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { UsersByIdLoader } from './users-by-id.loader.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, ApiToken])],
  providers: [
    UsersService,
    ApiTokensService,
    UsersResolver,
    AdminBootstrapService,
    RequestAuthenticator,
    UsersByIdLoader,
    {
      provide: FailedTokenGate,
      useFactory: (config: AppConfig) => new FailedTokenGate(config.auth.failuresPerMinute),
      inject: [AppConfig],
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService, ApiTokensService, RequestAuthenticator, UsersByIdLoader],
})
export class AuthModule {}

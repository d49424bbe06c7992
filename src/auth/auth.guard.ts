import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLES, requestOf } from './auth.decorators.js';
import { refusalOf } from './authentication-refusal.js';
import { RequestAuthenticator } from './request-authenticator.js';
import type { UserRole } from './user-role.enum.js';

/**
 * Registered globally: every route needs a valid `Authorization: Bearer <token>` unless marked
 * @Public(), and @Roles() narrows it further. Guarding by default means a new resolver cannot be
 * left open by forgetting a decorator. The token is looked up once per request (for GraphQL, by
 * the context, before any resolver runs); each guarded field only reads that answer.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = requestOf(context);
    const authentication = await this.authenticator.authenticate(request);
    if (authentication.kind !== 'user') throw refusalOf(authentication);
    request.user = authentication.user;

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(authentication.user.role)) {
      throw new ForbiddenException(`This operation needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}

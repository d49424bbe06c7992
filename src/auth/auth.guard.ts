import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTokensService } from './api-tokens.service.js';
import { IS_PUBLIC, REQUIRED_ROLES, requestOf } from './auth.decorators.js';
import type { UserRole } from './user-role.enum.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Registered globally: every route needs a valid `Authorization: Bearer <token>` unless marked
 * @Public(), and @Roles() narrows it further. Guarding by default means a new resolver cannot be
 * left open by forgetting a decorator.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = requestOf(context);
    const token = BEARER.exec(request.header('authorization') ?? '')?.[1];
    if (!token)
      throw new UnauthorizedException(
        'Authentication required: send Authorization: Bearer <token>',
      );
    const user = await this.apiTokens.authenticate(token);
    if (!user) throw new UnauthorizedException('Invalid, revoked or expired token');
    request.user = user;

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException(`This operation needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}

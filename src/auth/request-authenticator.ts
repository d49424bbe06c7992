import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiTokensService, hashToken } from './api-tokens.service.js';
import type { User } from './entities/user.entity.js';
import { FailedTokenGate } from './failed-token-gate.js';

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: User }
  | { kind: 'invalid' }
  | { kind: 'throttled'; retryAfterSeconds: number };

const BEARER = /^Bearer\s+(\S+)$/i;
// Our tokens are 46 characters and ADMIN_TOKEN rarely much longer; hashing a header of several
// kilobytes for a lookup that cannot succeed is not worth it.
const MAX_TOKEN_LENGTH = 512;

/**
 * Authenticates a request once, whatever the number of fields or aliases in its operation: the
 * GraphQL context asks before any resolver runs, the guard asks again and gets the same answer.
 * A bad token costs at most one lookup, and repeated ones from one address cost none
 * (FailedTokenGate).
 */
@Injectable()
export class RequestAuthenticator {
  private readonly results = new WeakMap<Request, Promise<Authentication>>();

  constructor(
    private readonly apiTokens: ApiTokensService,
    private readonly gate: FailedTokenGate,
  ) {}

  authenticate(request: Request): Promise<Authentication> {
    let result = this.results.get(request);
    if (!result) {
      result = this.authenticateOnce(request);
      this.results.set(request, result);
    }
    return result;
  }

  private async authenticateOnce(request: Request): Promise<Authentication> {
    const header = request.headers.authorization;
    if (header === undefined || header === '') return { kind: 'anonymous' };
    const token = BEARER.exec(header)?.[1];
    if (!token || token.length > MAX_TOKEN_LENGTH) return { kind: 'invalid' };

    const tokenHash = hashToken(token);
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const verdict = this.gate.verdict(tokenHash, address);
    if (verdict.action === 'known-bad') return { kind: 'invalid' };
    if (verdict.action === 'throttled') {
      return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
    }
    const checked = await this.apiTokens.check(token);
    if (!checked.ok) {
      this.gate.recordFailure(tokenHash, address, checked.permanent);
      return { kind: 'invalid' };
    }
    this.gate.recordSuccess(tokenHash);
    return { kind: 'user', user: checked.user };
  }
}

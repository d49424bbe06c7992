import { HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import type { Authentication } from './request-authenticator.js';

export const INVALID_TOKEN_MESSAGE = 'Invalid, revoked or expired token';
export const MISSING_TOKEN_MESSAGE = 'Authentication required: send Authorization: Bearer <token>';

export function throttledMessage(retryAfterSeconds: number): string {
  return `Too many requests with invalid tokens from this address: try again in ${retryAfterSeconds} s`;
}

/** Why a request without a usable user is refused, as the HTTP exception the guard throws. */
export function refusalOf(
  authentication: Exclude<Authentication, { kind: 'user' }>,
): HttpException {
  switch (authentication.kind) {
    case 'anonymous':
      return new UnauthorizedException(MISSING_TOKEN_MESSAGE);
    case 'invalid':
      return new UnauthorizedException(INVALID_TOKEN_MESSAGE);
    case 'throttled':
      return new HttpException(
        throttledMessage(authentication.retryAfterSeconds),
        HttpStatus.TOO_MANY_REQUESTS,
      );
  }
}

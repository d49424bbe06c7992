import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  UnauthorizedException,
} from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainException, ErrorCode } from './domain.exception.js';
import { ValidationFailedException } from './validation.pipe.js';

const TOO_MANY_REQUESTS = 429;

/**
 * A resolver's exception as the GraphQL error clients see, with `extensions.code`. Errors that
 * are not ours to describe (a driver error, a bug) are returned unchanged: Apollo's formatError
 * (graphql-error-format.ts) logs them once, in full, and masks them for the client.
 */
export function toGraphqlError(exception: unknown): Error {
  if (exception instanceof GraphQLError) return exception;
  if (exception instanceof ValidationFailedException) {
    return new GraphQLError(exception.message, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, fields: exception.fields },
    });
  }
  if (exception instanceof DomainException) {
    const extensions: Record<string, unknown> = { code: exception.errorCode };
    if (exception.fields) extensions.fields = exception.fields;
    return new GraphQLError(exception.message, { extensions });
  }
  if (exception instanceof UnauthorizedException) {
    return new GraphQLError(exception.message, {
      extensions: { code: ErrorCode.UNAUTHENTICATED },
    });
  }
  if (exception instanceof ForbiddenException) {
    return new GraphQLError(exception.message, { extensions: { code: ErrorCode.FORBIDDEN } });
  }
  if (exception instanceof BadRequestException) {
    return new GraphQLError(exception.message, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  if (exception instanceof HttpException && exception.getStatus() === TOO_MANY_REQUESTS) {
    return new GraphQLError(exception.message, { extensions: { code: 'TOO_MANY_REQUESTS' } });
  }
  // Nest hands the filter's result to graphql-js as the field's value: it must be an Error.
  return exception instanceof Error ? exception : new Error(String(exception));
}

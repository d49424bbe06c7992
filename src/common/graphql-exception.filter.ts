import type { ArgumentsHost } from '@nestjs/common';
import {
  BadRequestException,
  Catch,
  ForbiddenException,
  HttpException,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { DomainException, ErrorCode } from './domain.exception.js';
import { ValidationFailedException } from './validation.pipe.js';

/**
 * Maps every error a resolver throws to a GraphQL error with `extensions.code`. Unknown errors are
 * logged in full and reach the client only as "Internal server error": no stack, no SQL.
 */
@Catch()
export class GraphqlExceptionFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    // REST routes (health) keep Nest's default HTTP handling.
    if (host.getType<string>() !== 'graphql') {
      if (exception instanceof HttpException) throw exception;
    }
    return this.toGraphqlError(exception);
  }

  private toGraphqlError(exception: unknown): GraphQLError {
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
    this.logger.error(exception instanceof Error ? exception : String(exception));
    return new GraphQLError('Internal server error', {
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
  }
}

import { Catch, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { toGraphqlError } from './exception-to-graphql.js';
import { sendHttpError } from './http-error-response.js';

/**
 * The one global exception filter. GraphQL resolvers' exceptions become GraphQL errors with
 * `extensions.code`; everything on the HTTP side (an unknown route, through Nest's not-found
 * handler; a malformed or oversized body; a REST controller's error) becomes a JSON answer.
 * Routes registered before Nest's fallback (static files, say) are served first; only what no
 * route answers reaches the 404 here.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter, GqlExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return toGraphqlError(exception);
    sendHttpError(exception, host.switchToHttp().getResponse<Response>(), this.logger);
    return undefined;
  }
}

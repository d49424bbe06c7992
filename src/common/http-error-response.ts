import { HttpException, HttpStatus } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import type { Response } from 'express';
import { currentRequestId } from '../logging/request-context.js';

const CODES: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'TOO_MANY_REQUESTS',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

// Our words for what Express and body-parser report, which otherwise quote parser internals.
const MESSAGES: Partial<Record<number, string>> = {
  [HttpStatus.NOT_FOUND]: 'Not found: nothing is served at this path',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Request body too large: the limit is 1 MB',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'Internal server error',
};

export const BODY_LIMIT = '1mb';

/**
 * Writes an HTTP-level error (unknown route, malformed or oversized body, a REST controller's
 * failure) as JSON in the same shape as GraphQL errors: `{ errors: [{ message, extensions:
 * { code, requestId } }] }`. Never a stack or a file path; an unexpected error is logged in full
 * with the request id and answered as INTERNAL_SERVER_ERROR.
 */
export function sendHttpError(exception: unknown, response: Response, logger: LoggerService): void {
  const requestId = currentRequestId();
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    // A controller's own JSON answer (readiness: `{ status, database }`) is kept as it is.
    if (typeof body === 'object' && body !== null && !('statusCode' in body)) {
      reply(response, status, body);
      return;
    }
    if (status >= 500) logUnexpected(logger, exception);
    reply(response, status, errorBody(status, messageFor(status, exception), requestId));
    return;
  }
  logUnexpected(logger, exception);
  const status = HttpStatus.INTERNAL_SERVER_ERROR;
  reply(response, status, errorBody(status, 'Internal server error', requestId));
}

/**
 * A REST route's own refusal (a download that is gone, a scrape without its token), in the same
 * JSON shape, with the route's specific message and code.
 */
export function sendJsonError(
  response: Response,
  status: number,
  code: string,
  message: string,
): void {
  reply(response, status, errorBody(status, message, currentRequestId(), code));
}

function messageFor(status: number, exception: HttpException): string {
  if (exception.cause instanceof SyntaxError)
    return 'Malformed request: the body is not valid JSON';
  if (exception.cause instanceof URIError) return 'Malformed request: the URL is badly encoded';
  // Other HTTP exceptions carry messages meant for clients (ours, or http-errors' exposed ones).
  return MESSAGES[status] ?? exception.message;
}

/** The JSON error shape of every HTTP answer, for controllers that answer an error themselves. */
export function errorBody(
  status: number,
  message: string,
  requestId: string | undefined,
  code = CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST'),
): unknown {
  return {
    errors: [{ message, extensions: { code, ...(requestId ? { requestId } : {}) } }],
  };
}

function reply(response: Response, status: number, body: unknown): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.status(status).type('application/json').send(JSON.stringify(body));
}

function logUnexpected(logger: LoggerService, exception: unknown): void {
  const error = exception instanceof Error ? exception : new Error(String(exception));
  logger.error(
    {
      msg: `Unexpected error in an HTTP request: ${error.message}`,
      err: { name: error.name, stack: error.stack },
    },
    'HTTP',
  );
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

// Accept a caller's id only when it looks like one, so a header cannot inject text into logs.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Express middleware: every request gets an id, echoed back and attached to each log line. */
export function requestContextMiddleware(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const offered = request.header('x-request-id');
  const requestId = offered && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
  response.setHeader('x-request-id', requestId);
  storage.run({ requestId }, next);
}

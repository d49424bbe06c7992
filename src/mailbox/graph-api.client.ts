import { setTimeout as sleep } from 'node:timers/promises';
import { MailboxErrorCode, MailboxException, formatSeconds } from './mailbox.exception.js';
import { describeFetchError } from './msal-network.client.js';

/** Statuses Graph uses to say "later": throttling and a busy or restarting backend. */
const RETRIABLE_STATUSES = new Set([429, 503, 504]);

export interface GraphApiClientOptions {
  /** Origin of Graph; paths are appended as `/v1.0/...`. */
  baseUrl: string;
  /** Gives a token; `forceRefresh` asks for a new one after Graph refused the current one. */
  getToken: (forceRefresh: boolean) => Promise<string>;
  maxRetries: number;
  maxRetryAfterMs: number;
  requestTimeoutMs: number;
  /** Aborts everything in flight, including waits for Retry-After (e.g. a test's deadline). */
  signal?: AbortSignal;
}

export interface GraphRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path under `/v1.0` or an absolute URL from Graph (an `@odata.nextLink`). */
  path: string;
  body?: unknown;
  /** The Accept header; Graph's JSON unless a download asks for its own type. */
  accept?: string;
}

/** A Graph answer that is an error, with Graph's own code, e.g. 403 `ErrorAccessDenied`. */
export class GraphRequestException extends MailboxException {
  constructor(
    readonly status: number,
    readonly graphCode: string,
    readonly graphMessage: string,
    message: string,
  ) {
    super(codeForStatus(status), message);
  }
}

function codeForStatus(status: number): MailboxErrorCode {
  if (status === 401) return MailboxErrorCode.AUTHENTICATION_FAILED;
  if (status === 403) return MailboxErrorCode.PERMISSION_DENIED;
  if (status === 404) return MailboxErrorCode.NOT_FOUND;
  if (RETRIABLE_STATUSES.has(status)) return MailboxErrorCode.THROTTLED;
  return MailboxErrorCode.OPERATION_FAILED;
}

/**
 * Graph REST over global fetch: bearer token (renewed once when Graph answers 401), Retry-After
 * honoured for 429/503/504 within a bounded number of retries and a bounded wait, per-request
 * timeout, and Graph's error body turned into a {@link GraphRequestException}.
 */
export class GraphApiClient {
  constructor(private readonly options: GraphApiClientOptions) {}

  async json<T>(request: GraphRequest): Promise<T> {
    const response = await this.send(request);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  async buffer(request: GraphRequest): Promise<Buffer> {
    const response = await this.send(request);
    return Buffer.from(await response.arrayBuffer());
  }

  private async send(request: GraphRequest): Promise<Response> {
    const url = /^https?:\/\//.test(request.path)
      ? request.path
      : `${this.options.baseUrl}/v1.0${request.path}`;
    const method = request.method ?? 'GET';
    let refreshedToken = false;
    let token = await this.options.getToken(false);
    for (let attempt = 0; ; attempt++) {
      const response = await this.fetch(url, method, token, request);
      if (response.ok) return response;
      if (response.status === 401 && !refreshedToken) {
        // A cached token can be revoked before its expiry; one fresh token settles it.
        await response.body?.cancel();
        refreshedToken = true;
        token = await this.options.getToken(true);
        continue;
      }
      if (RETRIABLE_STATUSES.has(response.status)) {
        const waitMs = retryDelayMs(response.headers.get('retry-after'), attempt);
        await response.body?.cancel();
        if (attempt >= this.options.maxRetries || waitMs > this.options.maxRetryAfterMs) {
          throw new GraphRequestException(
            response.status,
            response.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
            `Retry-After ${formatSeconds(waitMs)}`,
            `Microsoft Graph is throttling requests (HTTP ${response.status} after ${attempt + 1} attempts, asked to wait ${formatSeconds(waitMs)}); the next run will try again.`,
          );
        }
        await sleep(waitMs, undefined, { signal: this.options.signal }).catch(() => {
          throw this.aborted();
        });
        continue;
      }
      throw await graphError(response, method, url);
    }
  }

  private async fetch(
    url: string,
    method: string,
    token: string,
    { body, accept }: GraphRequest,
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: accept ?? 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (this.options.signal?.aborted) throw this.aborted();
      if (timeout.aborted) {
        throw new MailboxException(
          MailboxErrorCode.TIMEOUT,
          `Microsoft Graph did not answer within ${formatSeconds(this.options.requestTimeoutMs)} (${method} ${new URL(url).pathname})`,
          { cause: error },
        );
      }
      throw new MailboxException(
        MailboxErrorCode.CONNECTION_FAILED,
        `Could not reach Microsoft Graph at ${new URL(url).origin}: ${describeFetchError(error)}`,
        { cause: error },
      );
    }
  }

  private aborted(): MailboxException {
    const reason: unknown = this.options.signal?.reason;
    return reason instanceof MailboxException
      ? reason
      : new MailboxException(MailboxErrorCode.TIMEOUT, 'The Microsoft Graph request was cancelled');
  }
}

/**
 * Graph sends Retry-After in seconds (RFC 9110 also allows an HTTP date). Without one, back off
 * exponentially from 1 s.
 */
export function retryDelayMs(retryAfter: string | null, attempt: number, now = Date.now()): number {
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return Math.min(1000 * 2 ** attempt, 32_000);
}

async function graphError(
  response: Response,
  method: string,
  url: string,
): Promise<GraphRequestException> {
  const text = await response.text().catch(() => '');
  let code = `HTTP${response.status}`;
  let message = response.statusText;
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not Graph's JSON (a proxy or gateway page): the status says enough.
  }
  return new GraphRequestException(
    response.status,
    code,
    message,
    `Microsoft Graph ${method} ${new URL(url).pathname} failed: ${code} (${message})`,
  );
}

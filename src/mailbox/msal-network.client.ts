import { AuthError } from '@azure/msal-node';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Clock } from '../common/clock.js';
import { formatSeconds } from './mailbox.exception.js';
import { MICROSOFT_LOGIN_ORIGIN } from './mailbox.options.js';
import { classifyTokenAnswer } from './microsoft-token-failure.js';
import type { TokenFailure } from './microsoft-token-failure.js';
import { TokenEndpointBackoff, tokenEndpointKey } from './token-endpoint-backoff.js';

/** errorCode of the AuthError thrown when the identity platform cannot be reached. */
export const MSAL_NETWORK_ERROR = 'network_error';
/** errorCode of {@link TokenEndpointRefusal}. */
export const TOKEN_ENDPOINT_REFUSED = 'token_endpoint_refused';

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;

/**
 * The token endpoint answered with something other than a token, classified from the answer
 * itself. An AuthError, so msal rethrows it untouched (@azure/msal-common `sendPostRequest`:
 * `if (e instanceof AuthError) throw e`) and never reaches its throttling cache.
 */
export class TokenEndpointRefusal extends AuthError {
  constructor(
    readonly failure: TokenFailure,
    /** True when no request was sent because an earlier answer asked to wait. */
    readonly replayed: boolean,
    correlationId: string,
  ) {
    super(TOKEN_ENDPOINT_REFUSED, correlationId, failure.detail);
    this.name = 'TokenEndpointRefusal';
    // AuthError's constructor sets its own prototype (as msal's ServerError undoes): restore ours.
    Object.setPrototypeOf(this, TokenEndpointRefusal.prototype);
  }
}

/**
 * msal's HTTP client, on global fetch. msal insists on the real https authority, so this is where
 * the configured login base URL takes effect: requests for https://login.microsoftonline.com go to
 * `loginBaseUrl` instead (the same origin unless configured otherwise). Network failures become
 * an AuthError that keeps the reason, because msal would otherwise replace it with a generic one.
 *
 * Token requests get their answer classified here (see microsoft-token-failure.ts), and a 429 or
 * an outage holds further requests for that app until its Retry-After has passed.
 */
export class MsalNetworkClient implements INetworkModule {
  private readonly backoff: TokenEndpointBackoff;

  constructor(
    private readonly loginBaseUrl: string,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {
    this.backoff = new TokenEndpointBackoff(clock);
  }

  sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  async sendPostRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const tenant = TOKEN_PATH.exec(new URL(url).pathname)?.[1];
    if (tenant === undefined) return this.send<T>('POST', url, options);
    const clientId = new URLSearchParams(String(options?.body ?? '')).get('client_id') ?? '';
    const key = tokenEndpointKey(decodeURIComponent(tenant), clientId);
    const correlationId = options?.correlationId ?? '';
    const waiting = this.backoff.pending(key);
    if (waiting) throw new TokenEndpointRefusal(waiting, true, correlationId);

    const { status, headers, text } = await this.fetch('POST', url, options);
    const token = status >= 200 && status < 300 ? parseJson(text) : undefined;
    if (token !== undefined) {
      this.backoff.record(key, undefined);
      return { status, headers, body: token as T };
    }
    const failure = classifyTokenAnswer(
      { status, retryAfter: headers['retry-after'], body: text },
      this.clock.now(),
    );
    this.backoff.record(key, failure);
    throw new TokenEndpointRefusal(failure, false, correlationId);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    const { status, headers, text } = await this.fetch(method, url, options, timeout);
    return { status, headers, body: (parseJson(text) ?? {}) as T };
  }

  private async fetch(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const target = this.route(url);
    const timeoutMs = timeout ?? this.timeoutMs;
    let response: Response;
    let text: string;
    try {
      response = await fetch(target, {
        method,
        headers: options?.headers,
        body: method === 'POST' ? options?.body : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const reason =
        (error as { name?: unknown } | undefined)?.name === 'TimeoutError'
          ? `timed out after ${formatSeconds(timeoutMs)}`
          : describeFetchError(error);
      throw new AuthError(
        MSAL_NETWORK_ERROR,
        options?.correlationId ?? '',
        `${new URL(target).origin}: ${reason}`,
      );
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    return { status: response.status, headers, text };
  }

  private route(url: string): string {
    if (url.startsWith(MICROSOFT_LOGIN_ORIGIN + '/')) {
      return this.loginBaseUrl + url.slice(MICROSOFT_LOGIN_ORIGIN.length);
    }
    return url;
  }
}

function parseJson(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const SOCKET_ERROR_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection reset',
};

/** fetch hides the socket error in `cause` ("fetch failed" alone helps nobody). */
export function describeFetchError(error: unknown): string {
  // Duck-typed: fetch's errors come from another realm under jest's VM modules.
  const { message, cause } = (error ?? {}) as {
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (message === undefined) return String(error);
  const known = cause?.code ? SOCKET_ERROR_REASONS[cause.code] : undefined;
  if (known) return known;
  return cause?.message ? `${message} (${cause.message})` : message;
}

import { AuthError } from '@azure/msal-node';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { formatSeconds } from './mailbox.exception.js';
import { MICROSOFT_LOGIN_ORIGIN } from './mailbox.options.js';

/** errorCode of the AuthError thrown when the identity platform cannot be reached. */
export const MSAL_NETWORK_ERROR = 'network_error';

/**
 * msal's HTTP client, on global fetch. msal insists on the real https authority, so this is where
 * the configured login base URL takes effect: requests for https://login.microsoftonline.com go to
 * `loginBaseUrl` instead (the same origin unless configured otherwise). Network failures become
 * an AuthError that keeps the reason, because msal would otherwise replace it with a generic one.
 */
export class MsalNetworkClient implements INetworkModule {
  constructor(
    private readonly loginBaseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
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
    return { status: response.status, headers, body: parseBody(text, response.status) as T };
  }

  private route(url: string): string {
    if (url.startsWith(MICROSOFT_LOGIN_ORIGIN + '/')) {
      return this.loginBaseUrl + url.slice(MICROSOFT_LOGIN_ORIGIN.length);
    }
    return url;
  }
}

function parseBody(text: string, status: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // msal reads `error`/`error_description` from the body; a proxy's HTML page has neither.
    return {
      error: 'invalid_response',
      error_description: `HTTP ${status} with a body that is not JSON: ${text.slice(0, 200)}`,
    };
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

import { MailTransportError } from './mail-transport.error.js';
import { sendGridRefusalClass, sendGridRefusalFix } from './sendgrid-refusal.js';

// Failures where the request may never have reached SendGrid, or its answer never reached us:
// trying again later is the only sensible reaction.
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/**
 * A hostile or broken Retry-After must not park a message for days; beyond this the ordinary
 * backoff and attempt limit take over.
 */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export interface ClassifyOptions {
  requestTimeoutMs: number;
  /** The sender of the refused email, named in the fix for an unverified Sender Identity. */
  fromAddress?: string;
  now?: () => number;
}

interface SendGridErrorItem {
  message?: unknown;
  field?: unknown;
}

/**
 * Turns whatever @sendgrid/mail rejected with into a `MailTransportError`. Deliberately keeps no
 * reference to the original error: axios errors carry the request config, including the
 * `Authorization: Bearer` header, and must not reach a log or the database.
 */
export function classifySendGridError(
  error: unknown,
  options: ClassifyOptions,
): MailTransportError {
  const now = options.now ?? Date.now;
  const response = responseOf(error);
  if (response) {
    const { status, headers, body } = response;
    const statusText = errorMessageOf(error);
    const errorText = describeBody(body) ?? (statusText || 'no error details');
    const message = `SendGrid ${status}: ${errorText}`;
    const retryable = status === 429 || status >= 500;
    if (retryable) {
      return new MailTransportError(message, {
        kind: 'retryable',
        statusCode: status,
        retryAfterMs: retryAfterMsOf(headers, status, now()),
      });
    }
    const failureClass =
      status === 401 || status === 403 ? sendGridRefusalClass(status, errorText) : undefined;
    if (failureClass) {
      const fix = sendGridRefusalFix(failureClass, options.fromAddress ?? 'MAIL_FROM_ADDRESS');
      return new MailTransportError(`${fix} (${message})`, {
        kind: 'permanent',
        statusCode: status,
        failureClass,
      });
    }
    return new MailTransportError(message, { kind: 'permanent', statusCode: status });
  }

  const code = stringProperty(error, 'code');
  const detail = errorMessageOf(error) || String(error);
  if (code !== undefined && RETRYABLE_NETWORK_CODES.has(code)) {
    const message =
      TIMEOUT_CODES.has(code) && /timeout/i.test(detail)
        ? `SendGrid request timed out after ${options.requestTimeoutMs} ms`
        : `SendGrid request failed: ${detail} (${code})`;
    return new MailTransportError(message, { kind: 'retryable', code });
  }
  // The request could not even be built (bad address object, header value Node refuses, ...):
  // the same message would fail the same way every time.
  return new MailTransportError(
    `SendGrid request rejected before sending: ${detail}${code ? ` (${code})` : ''}`,
    { kind: 'permanent', code },
  );
}

/** Parses `Retry-After` (seconds or an HTTP date), falling back to SendGrid's `X-RateLimit-Reset`. */
export function retryAfterMsOf(
  headers: unknown,
  status: number,
  nowMs: number,
): number | undefined {
  const retryAfter = headerValue(headers, 'retry-after');
  let ms: number | undefined;
  if (retryAfter !== undefined) {
    const trimmed = retryAfter.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) {
      ms = Math.ceil(Number(trimmed) * 1000);
    } else {
      const at = Date.parse(trimmed);
      if (!Number.isNaN(at)) ms = Math.max(0, at - nowMs);
    }
  }
  if (ms === undefined && status === 429) {
    const reset = headerValue(headers, 'x-ratelimit-reset');
    if (reset !== undefined && /^\d+$/.test(reset.trim())) {
      ms = Math.max(0, Number(reset.trim()) * 1000 - nowMs);
    }
  }
  return ms === undefined ? undefined : Math.min(ms, MAX_RETRY_AFTER_MS);
}

export function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') return first;
    if (typeof first === 'number') return String(first);
  }
  return undefined;
}

/** SendGrid's `errors[]` as one line, e.g. `Does not contain a valid address. (field: from.email)`. */
export function describeBody(body: unknown): string | undefined {
  const parsed = typeof body === 'string' ? parseJson(body) : body;
  if (parsed !== null && typeof parsed === 'object' && 'errors' in parsed) {
    const items = parsed.errors;
    if (Array.isArray(items) && items.length > 0) {
      return items
        .map((item: SendGridErrorItem) => {
          const message = typeof item?.message === 'string' ? item.message : 'unknown error';
          const field = typeof item?.field === 'string' && item.field ? item.field : undefined;
          return field ? `${message} (field: ${field})` : message;
        })
        .join('; ');
    }
  }
  if (typeof body === 'string' && body.trim()) {
    // A proxy or load balancer in front of SendGrid may answer with HTML or plain text.
    const flat = body.replace(/\s+/g, ' ').trim();
    return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
  }
  return undefined;
}

function responseOf(
  error: unknown,
): { status: number; headers: unknown; body: unknown } | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const response = (error as { response?: unknown }).response;
  if (response === null || typeof response !== 'object') return undefined;
  // @sendgrid/client's ResponseError: `code` is the status, `response` is `{ headers, body }`.
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number') {
    const { headers, body } = response as { headers?: unknown; body?: unknown };
    return { status: code, headers, body };
  }
  // A raw axios error that slipped through (status below 400 but not 2xx).
  const { status, headers, data } = response as {
    status?: unknown;
    headers?: unknown;
    data?: unknown;
  };
  return typeof status === 'number' ? { status, headers, body: data } : undefined;
}

function errorMessageOf(error: unknown): string {
  return error instanceof Error ? error.message : (stringProperty(error, 'message') ?? '');
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

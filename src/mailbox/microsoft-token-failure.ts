/**
 * What a failed client-credentials token request means, decided without I/O from the token
 * endpoint's own answer (status, Retry-After, body), and the sentence an admin reads for it.
 *
 * Why the raw answer and not msal's error: msal turns a 429 or 5xx into a ServerError and keeps it
 * in a throttling cache for the answer's Retry-After (60 s without one, at most an hour), and every
 * later request for the same app within that window is refused from the cache, without a request,
 * as a ServerError without a status (@azure/msal-common ThrottlingUtils.preProcess/postProcess,
 * DEFAULT_THROTTLE_TIME_SECONDS = 60, DEFAULT_MAX_THROTTLE_TIME_SECONDS = 3600). An HTML 503 page
 * has no `error` field at all. Classifying the HTTP answer itself is the only way to tell an
 * outage from wrong credentials every time.
 *
 * AADSTS codes (https://learn.microsoft.com/entra/identity-platform/reference-error-codes and
 * bodies quoted in public reports, e.g. Azure-Samples/active-directory-dotnetcore-daemon-v2#87):
 * 90002 unknown tenant, 700016 unknown client id, 7000215 wrong secret, 50194 single-tenant app on
 * a multi-tenant endpoint (the tenant given was not the app's), 7000222 "The provided client secret
 * keys for app '…' are expired", 53003 "Access has been blocked by Conditional Access policies",
 * 90055 tenant throttling.
 */

export enum TokenFailureKind {
  /** Tenant, client or secret wrong: the product page's sentence. */
  CREDENTIALS = 'CREDENTIALS',
  /** The secret was right once but has expired (AADSTS7000222). */
  SECRET_EXPIRED = 'SECRET_EXPIRED',
  /** The credentials are fine, but a Conditional Access policy refuses the app a token. */
  ACCESS_BLOCKED = 'ACCESS_BLOCKED',
  /** 429: the identity platform asks us to slow down. */
  THROTTLED = 'THROTTLED',
  /** 5xx, an error page that is not the identity platform's JSON, or `temporarily_unavailable`. */
  UNAVAILABLE = 'UNAVAILABLE',
  /** No answer at all: refused, reset, not found, timed out. */
  UNREACHABLE = 'UNREACHABLE',
}

export interface TokenFailure {
  kind: TokenFailureKind;
  /** HTTP status of the answer, when there was one. */
  status?: number;
  /** The AADSTS number, e.g. 7000222. */
  aadsts?: number;
  /** Microsoft's own words, without trace and correlation ids; or the network error. */
  detail: string;
  /** When asking again makes sense (epoch ms): Retry-After, or 60 s; only for outages. */
  retryAt?: number;
}

/** The token endpoint's answer as it came over the wire. */
export interface TokenEndpointAnswer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** Without Retry-After, msal waits 60 s; Retry-After beyond an hour is capped, as msal does. */
export const DEFAULT_TOKEN_RETRY_MS = 60_000;
export const MAX_TOKEN_RETRY_MS = 60 * 60_000;

const CREDENTIAL_CODES = new Set([90002, 700016, 7000215, 50194, 900023, 7000216, 700027]);
const SECRET_EXPIRED = 7000222;
const CONDITIONAL_ACCESS = 53003;

interface AadErrorBody {
  error?: unknown;
  error_description?: unknown;
  error_codes?: unknown;
}

/** Classifies a token endpoint answer that was not a token (any status, or a 2xx without JSON). */
export function classifyTokenAnswer(answer: TokenEndpointAnswer, now: number): TokenFailure {
  const body = parseAadError(answer.body);
  const outage = (kind: TokenFailureKind, detail: string): TokenFailure => ({
    kind,
    status: answer.status,
    ...(body?.aadsts ? { aadsts: body.aadsts } : {}),
    detail,
    retryAt: now + retryDelayMs(answer.retryAfter, now),
  });
  if (answer.status === 429) {
    return outage(TokenFailureKind.THROTTLED, body?.detail ?? 'Too Many Requests');
  }
  if (!body || answer.status >= 500 || body.error === 'temporarily_unavailable') {
    return outage(TokenFailureKind.UNAVAILABLE, body?.detail ?? pageText(answer.body));
  }
  const kind =
    body.aadsts === SECRET_EXPIRED
      ? TokenFailureKind.SECRET_EXPIRED
      : body.aadsts === CONDITIONAL_ACCESS
        ? TokenFailureKind.ACCESS_BLOCKED
        : TokenFailureKind.CREDENTIALS;
  return {
    kind,
    status: answer.status,
    ...(body.aadsts ? { aadsts: body.aadsts } : {}),
    detail: body.detail,
  };
}

/** Whether the kind is a passing outage (ask again later) rather than something to fix. */
export function isOutage(kind: TokenFailureKind): boolean {
  return (
    kind === TokenFailureKind.THROTTLED ||
    kind === TokenFailureKind.UNAVAILABLE ||
    kind === TokenFailureKind.UNREACHABLE
  );
}

/** Whether the AADSTS code is one the credentials sentence is meant for (for tests and docs). */
export function isCredentialsCode(aadsts: number): boolean {
  return CREDENTIAL_CODES.has(aadsts);
}

/**
 * Retry-After in seconds or as an HTTP date (RFC 9110); msal reads only seconds, so an HTTP date
 * would get its 60 s default there. Never less than a second, never more than an hour.
 */
export function retryDelayMs(retryAfter: string | undefined, now: number): number {
  const value = retryAfter?.trim();
  let ms: number | undefined;
  if (value && /^\d+$/.test(value)) ms = Number(value) * 1000;
  else if (value) {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) ms = at - now;
  }
  if (ms === undefined || ms <= 0) return DEFAULT_TOKEN_RETRY_MS;
  return Math.min(Math.max(ms, 1000), MAX_TOKEN_RETRY_MS);
}

/** The product documentation's message for an invalid tenant, client or secret. */
export function credentialsMessage(account: { tenantId: string; clientId: string }): string {
  return `Error connecting to Tenant ID: ${account.tenantId} with Client: ${account.clientId} credentials.`;
}

/** What the admin reads for a failed token request: what happened and what to do. */
export function tokenFailureMessage(
  failure: TokenFailure,
  account: { tenantId: string; clientId: string },
  now: number,
): string {
  const code = failure.aadsts ? ` (AADSTS${failure.aadsts})` : '';
  switch (failure.kind) {
    case TokenFailureKind.CREDENTIALS:
      return failure.aadsts === 50194
        ? `${credentialsMessage(account)} The Tenant ID must be the Directory (tenant) ID of the app registration${code}.`
        : credentialsMessage(account);
    case TokenFailureKind.SECRET_EXPIRED:
      return (
        `${credentialsMessage(account)} The client secret has expired${code}: create a new one ` +
        'in Azure (App registrations > your app > Certificates & secrets) and save it here as the ' +
        'Client Secret.'
      );
    case TokenFailureKind.ACCESS_BLOCKED:
      return (
        `Microsoft refused a token to Client: ${account.clientId} in Tenant ID: ${account.tenantId}: ` +
        `a Conditional Access policy blocks this app${code}. The credentials are valid; ask your ` +
        'Azure administrator to exclude the app from the policy or allow where Replyline runs.'
      );
    case TokenFailureKind.THROTTLED:
      return (
        `The Microsoft identity platform is throttling token requests for Client: ${account.clientId} ` +
        `in Tenant ID: ${account.tenantId} (HTTP 429${code}); Replyline asks again ${retryPhrase(failure, now)}. ` +
        'The credentials were not checked.'
      );
    case TokenFailureKind.UNAVAILABLE:
      return (
        `The Microsoft identity platform is unavailable (HTTP ${failure.status ?? '?'}${code}: ` +
        `${failure.detail}); Replyline asks again ${retryPhrase(failure, now)}. This says nothing ` +
        'about the Tenant ID, Client ID or Client Secret.'
      );
    case TokenFailureKind.UNREACHABLE:
      return `${credentialsMessage(account)} The Microsoft identity platform could not be reached: ${failure.detail}.`;
  }
}

function retryPhrase(failure: TokenFailure, now: number): string {
  if (failure.retryAt === undefined) return 'on the next run';
  const seconds = Math.max(0, Math.ceil((failure.retryAt - now) / 1000));
  const at = new Date(failure.retryAt)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return `after ${at} (in ${seconds} s)`;
}

function parseAadError(
  text: string,
): { error: string | undefined; aadsts: number | undefined; detail: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const body = parsed as AadErrorBody;
  const description = typeof body.error_description === 'string' ? body.error_description : '';
  const listed = Array.isArray(body.error_codes) ? Number(body.error_codes[0]) : NaN;
  const inText = /AADSTS(\d+)/.exec(description)?.[1];
  const aadsts = Number.isInteger(listed) ? listed : inText ? Number(inText) : undefined;
  const error = typeof body.error === 'string' ? body.error : undefined;
  // "AADSTS7000222: The provided client secret keys … Trace ID: … Correlation ID: … Timestamp: …"
  const detail = description
    .replace(/^AADSTS\d+:\s*/, '')
    .replace(/\s*Trace ID:[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!error && !description) return undefined;
  return { error, aadsts, detail: detail || error || 'no description' };
}

/** A short readable line from an HTML or plain-text error page. */
function pageText(body: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ? `${title}: ` : '') + body.replace(/<title[\s\S]*?<\/title>/i, '');
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!flat) return 'an empty answer';
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

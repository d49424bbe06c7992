import { DeliveryFailureClass } from '../delivery-failure-class.enum.js';
import { MailTransportError } from './mail-transport.error.js';
import {
  classifySendGridError,
  describeBody,
  MAX_RETRY_AFTER_MS,
  retryAfterMsOf,
} from './sendgrid-error.classifier.js';

/** The shape @sendgrid/client rejects with on an HTTP error status (its ResponseError). */
function responseError(status: number, body: unknown, headers: Record<string, string> = {}) {
  const error = new Error(statusTexts[status] ?? 'Error') as Error & {
    code: number;
    response: { headers: Record<string, string>; body: unknown };
  };
  error.code = status;
  error.response = { headers, body };
  return error;
}

/** The shape axios rejects with when no response arrived, config and all. */
function networkError(code: string, message: string) {
  return Object.assign(new Error(message), {
    code,
    isAxiosError: true,
    config: { headers: { Authorization: 'Bearer SG.super-secret' } },
  });
}

const statusTexts: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const sendGridErrors = (message: string, field: string | null = null) => ({
  errors: [{ message, field, help: null }],
});

const classify = (error: unknown) =>
  classifySendGridError(error, {
    requestTimeoutMs: 30_000,
    now: () => Date.parse('2025-01-01T00:00:00Z'),
  });

describe('classifySendGridError', () => {
  it('makes a 400 permanent with SendGrid message and field', () => {
    const result = classify(
      responseError(
        400,
        sendGridErrors('The from address does not match a verified Sender Identity', 'from'),
      ),
    );
    expect(result).toBeInstanceOf(MailTransportError);
    expect(result).toMatchObject({ kind: 'permanent', statusCode: 400, failureClass: undefined });
    expect(result.message).toBe(
      'SendGrid 400: The from address does not match a verified Sender Identity (field: from)',
    );
  });

  it('joins several SendGrid errors', () => {
    const body = {
      errors: [
        {
          message: 'Does not contain a valid address.',
          field: 'personalizations.0.to.0.email',
          help: null,
        },
        { message: 'The subject is required.', field: 'subject', help: null },
      ],
    };
    expect(classify(responseError(400, body)).message).toBe(
      'SendGrid 400: Does not contain a valid address. (field: personalizations.0.to.0.email); The subject is required. (field: subject)',
    );
  });

  it.each([
    [
      401,
      'The provided authorization grant is invalid, expired, or revoked',
      DeliveryFailureClass.API_KEY_INVALID,
      /^SendGrid refused the API key: it is invalid, expired or revoked\. .*SENDGRID_API_KEY/,
    ],
    [401, 'authorization required', DeliveryFailureClass.API_KEY_INVALID, /refused the API key/],
    [
      403,
      'access forbidden',
      DeliveryFailureClass.API_KEY_PERMISSION,
      /^The SendGrid API key lacks the Mail Send permission\./,
    ],
    [
      403,
      'The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements',
      DeliveryFailureClass.SENDER_NOT_VERIFIED,
      /^The sender notifications@catalog\.example\.com is not a verified Sender Identity in SendGrid\. .*MAIL_FROM_ADDRESS/,
    ],
    [
      401,
      'Maximum credits exceeded',
      DeliveryFailureClass.ACCOUNT_DISABLED,
      /^The SendGrid account cannot send: its credits are used up, or it is suspended/,
    ],
    [
      403,
      'Your account has been suspended. Please contact Support to regain access.',
      DeliveryFailureClass.ACCOUNT_DISABLED,
      /account cannot send/,
    ],
  ])('classifies %i "%s" by its text, with the fix first', (status, text, failureClass, fix) => {
    const result = classifySendGridError(responseError(status, sendGridErrors(text)), {
      requestTimeoutMs: 30_000,
      fromAddress: 'notifications@catalog.example.com',
    });
    expect(result).toMatchObject({ kind: 'permanent', statusCode: status, failureClass });
    expect(result.message).toMatch(fix);
    expect(result.message.endsWith(`(SendGrid ${status}: ${text})`)).toBe(true);
  });

  it.each([404, 405, 413, 422])('makes other 4xx (%i) permanent without an auth flag', (status) => {
    expect(classify(responseError(status, sendGridErrors('nope')))).toMatchObject({
      kind: 'permanent',
      statusCode: status,
      failureClass: undefined,
    });
  });

  it('makes 429 retryable and carries Retry-After in milliseconds', () => {
    const result = classify(
      responseError(429, sendGridErrors('too many requests'), { 'retry-after': '7' }),
    );
    expect(result).toMatchObject({ kind: 'retryable', statusCode: 429, retryAfterMs: 7_000 });
    expect(result.message).toBe('SendGrid 429: too many requests');
  });

  it.each([500, 502, 503, 504])('makes %i retryable', (status) => {
    expect(classify(responseError(status, ''))).toMatchObject({
      kind: 'retryable',
      statusCode: status,
      retryAfterMs: undefined,
    });
  });

  it('falls back to the status text when the body has no errors', () => {
    expect(classify(responseError(503, '')).message).toBe('SendGrid 503: Service Unavailable');
  });

  it('quotes a short piece of a non-JSON body, e.g. from a proxy', () => {
    const html = `<html><body><h1>502 Bad Gateway</h1>${'x'.repeat(500)}</body></html>`;
    const message = classify(responseError(502, html)).message;
    expect(message.startsWith('SendGrid 502: <html><body><h1>502 Bad Gateway</h1>')).toBe(true);
    expect(message.length).toBeLessThan(240);
  });

  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'],
    ['ECONNRESET', 'socket hang up'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN api.sendgrid.com'],
  ])('makes the network error %s retryable', (code, message) => {
    const result = classify(networkError(code, message));
    expect(result).toMatchObject({
      kind: 'retryable',
      code,
      statusCode: undefined,
      failureClass: undefined,
    });
    expect(result.message).toBe(`SendGrid request failed: ${message} (${code})`);
  });

  it('names the configured timeout when the request timed out', () => {
    const result = classify(networkError('ECONNABORTED', 'timeout of 30000ms exceeded'));
    expect(result).toMatchObject({ kind: 'retryable', code: 'ECONNABORTED' });
    expect(result.message).toBe('SendGrid request timed out after 30000 ms');
  });

  it('makes errors raised before sending permanent', () => {
    const result = classify(new Error('String or address object expected for `replyTo`'));
    expect(result).toMatchObject({ kind: 'permanent', statusCode: undefined });
    expect(result.message).toContain('replyTo');
  });

  it('keeps nothing of the original error, which may carry the API key', () => {
    const result = classify(networkError('ECONNRESET', 'socket hang up'));
    expect(result.cause).toBeUndefined();
    expect(JSON.stringify({ ...result, message: result.message })).not.toContain('super-secret');
  });
});

describe('retryAfterMsOf', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads seconds, in any header case', () => {
    expect(retryAfterMsOf({ 'Retry-After': '3' }, 429, now)).toBe(3_000);
    expect(retryAfterMsOf({ 'retry-after': '0.5' }, 503, now)).toBe(500);
  });

  it('reads an HTTP date', () => {
    expect(retryAfterMsOf({ 'retry-after': 'Wed, 01 Jan 2025 00:00:10 GMT' }, 503, now)).toBe(
      10_000,
    );
    expect(retryAfterMsOf({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, 503, now)).toBe(0);
  });

  it("falls back to SendGrid's X-RateLimit-Reset on 429 only", () => {
    const reset = { 'x-ratelimit-reset': String(now / 1000 + 4) };
    expect(retryAfterMsOf(reset, 429, now)).toBe(4_000);
    expect(retryAfterMsOf(reset, 503, now)).toBeUndefined();
  });

  it('ignores garbage and caps absurd values', () => {
    expect(retryAfterMsOf({ 'retry-after': 'soon' }, 429, now)).toBeUndefined();
    expect(retryAfterMsOf({}, 429, now)).toBeUndefined();
    expect(retryAfterMsOf(undefined, 429, now)).toBeUndefined();
    expect(retryAfterMsOf({ 'retry-after': '999999999' }, 429, now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('describeBody', () => {
  it('parses a JSON string body', () => {
    expect(describeBody(JSON.stringify(sendGridErrors('too large')))).toBe('too large');
  });

  it('returns undefined for empty bodies', () => {
    expect(describeBody('')).toBeUndefined();
    expect(describeBody(undefined)).toBeUndefined();
    expect(describeBody({ errors: [] })).toBeUndefined();
  });
});

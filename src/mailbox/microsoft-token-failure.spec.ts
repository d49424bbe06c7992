import {
  classifyTokenAnswer,
  credentialsMessage,
  DEFAULT_TOKEN_RETRY_MS,
  MAX_TOKEN_RETRY_MS,
  retryDelayMs,
  TokenFailureKind,
  tokenFailureMessage,
} from './microsoft-token-failure.js';

const now = Date.parse('2026-12-01T10:00:00Z');
const account = {
  tenantId: '6f1d3b84-2c55-4c1d-9c8a-5a0f6c2b7e11',
  clientId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
};
const sentence = credentialsMessage(account);

/** The identity platform's JSON error, as login.microsoftonline.com sends it. */
function aadBody(error: string, code: number, description: string): string {
  return JSON.stringify({
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: 0c4ad5a1-0b31-4a47-9f8c-2bb2b1d10300 Correlation ID: 5e9b1bc3-1f1b-4a6b-8a5e-0d7dd1f5a3b2 Timestamp: 2026-12-01 10:00:00Z`,
    error_codes: [code],
    timestamp: '2026-12-01 10:00:00Z',
    trace_id: '0c4ad5a1-0b31-4a47-9f8c-2bb2b1d10300',
    correlation_id: '5e9b1bc3-1f1b-4a6b-8a5e-0d7dd1f5a3b2',
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

// The classic HTTP.sys page a Microsoft front end serves when the service behind it is down.
const HTML_503 = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>Service Unavailable</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>
<BODY><h2>Service Unavailable</h2>
<hr><p>HTTP Error 503. The service is unavailable.</p>
</BODY></HTML>`;

const answer = (status: number, body: string, retryAfter?: string) =>
  classifyTokenAnswer({ status, body, retryAfter }, now);

describe('classifyTokenAnswer', () => {
  it.each([
    [
      400,
      'invalid_request',
      90002,
      "Tenant '6f1d3b84' not found. Check to make sure you have the correct tenant ID.",
    ],
    [
      400,
      'unauthorized_client',
      700016,
      "Application with identifier '0b1c2d3e' was not found in the directory '6f1d3b84'.",
    ],
    [
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
    ],
    [
      400,
      'invalid_request',
      50194,
      "Application '0b1c2d3e'(Replyline) is not configured as a multi-tenant application.",
    ],
  ])('makes %i AADSTS%i a credentials problem', (status, error, code, description) => {
    const failure = answer(status, aadBody(error, code, description));
    expect(failure).toEqual({
      kind: TokenFailureKind.CREDENTIALS,
      status,
      aadsts: code,
      detail: description,
    });
    expect(tokenFailureMessage(failure, account, now)).toContain(sentence);
  });

  it('keeps the product sentence alone for a wrong secret, tenant or client', () => {
    for (const code of [90002, 700016, 7000215]) {
      const failure = answer(400, aadBody('invalid_client', code, 'x'));
      expect(tokenFailureMessage(failure, account, now)).toBe(sentence);
    }
  });

  it('tells an expired secret from a wrong one, after the product sentence', () => {
    const failure = answer(
      401,
      aadBody(
        'invalid_client',
        7000222,
        "The provided client secret keys for app '0b1c2d3e' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
      ),
    );
    expect(failure).toMatchObject({ kind: TokenFailureKind.SECRET_EXPIRED, aadsts: 7000222 });
    expect(failure.retryAt).toBeUndefined();
    const message = tokenFailureMessage(failure, account, now);
    expect(message.startsWith(`${sentence} The client secret has expired (AADSTS7000222)`)).toBe(
      true,
    );
    expect(message).toContain('Certificates & secrets');
  });

  it('names a Conditional Access block and does not blame the credentials', () => {
    const failure = answer(
      400,
      aadBody(
        'access_denied',
        53003,
        'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
      ),
    );
    expect(failure.kind).toBe(TokenFailureKind.ACCESS_BLOCKED);
    const message = tokenFailureMessage(failure, account, now);
    expect(message).toContain('Conditional Access');
    expect(message).not.toContain(sentence);
  });

  it('makes a 429 throttling with its Retry-After, and says when it asks again', () => {
    const failure = answer(
      429,
      aadBody(
        'temporarily_unavailable',
        90055,
        'There are too many incoming requests. This exception is thrown for blocked tenants.',
      ),
      '120',
    );
    expect(failure).toMatchObject({
      kind: TokenFailureKind.THROTTLED,
      status: 429,
      retryAt: now + 120_000,
    });
    const message = tokenFailureMessage(failure, account, now);
    expect(message).toContain('after 2026-12-01 10:02:00 UTC (in 120 s)');
    expect(message).not.toContain(sentence);
  });

  it('makes an HTML 503 page an outage, quoting the page, 60 s without Retry-After', () => {
    const failure = answer(503, HTML_503);
    expect(failure).toMatchObject({
      kind: TokenFailureKind.UNAVAILABLE,
      status: 503,
      retryAt: now + DEFAULT_TOKEN_RETRY_MS,
    });
    expect(failure.detail).toBe(
      'Service Unavailable: Service Unavailable HTTP Error 503. The service is unavailable.',
    );
    const message = tokenFailureMessage(failure, account, now);
    expect(message).toMatch(/^The Microsoft identity platform is unavailable \(HTTP 503: /);
    expect(message).toContain('(in 60 s)');
    expect(message).not.toContain(sentence);
  });

  it('makes a JSON 5xx and a 200 that is not a token outages too', () => {
    expect(
      answer(500, aadBody('server_error', 90033, 'A transient error has occurred.')).kind,
    ).toBe(TokenFailureKind.UNAVAILABLE);
    expect(answer(200, '<html>proxy login</html>').kind).toBe(TokenFailureKind.UNAVAILABLE);
    expect(answer(502, '').detail).toBe('an empty answer');
  });
});

describe('retryDelayMs', () => {
  it('reads seconds and HTTP dates, defaults to 60 s and caps at an hour, as msal does', () => {
    expect(retryDelayMs('7', now)).toBe(7_000);
    expect(retryDelayMs('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryDelayMs(undefined, now)).toBe(DEFAULT_TOKEN_RETRY_MS);
    expect(retryDelayMs('soon', now)).toBe(DEFAULT_TOKEN_RETRY_MS);
    expect(retryDelayMs('0', now)).toBe(DEFAULT_TOKEN_RETRY_MS);
    expect(retryDelayMs('86400', now)).toBe(MAX_TOKEN_RETRY_MS);
  });
});

import { DeliveryFailureClass } from './delivery-failure-class.enum.js';
import { classifyDeliveryFailure } from './delivery-failure.js';
import { MailTransportError } from './transport/mail-transport.error.js';

const policy = { maxAttempts: 3, retryBaseMs: 1_000, maxBackoffMs: 60_000, random: () => 0.5 };

const unavailable = (retryAfterMs?: number) =>
  new MailTransportError('SendGrid 503: service unavailable', {
    kind: 'retryable',
    statusCode: 503,
    retryAfterMs,
  });
const badRequest = new MailTransportError('SendGrid 400: bad address', {
  kind: 'permanent',
  statusCode: 400,
});

describe('classifyDeliveryFailure', () => {
  it('retries a retryable failure with backoff while attempts remain', () => {
    expect(classifyDeliveryFailure(1, unavailable(), policy)).toMatchObject({
      kind: 'retry',
      message: 'SendGrid 503: service unavailable',
      delayMs: 500,
    });
    expect(classifyDeliveryFailure(2, unavailable(), policy)).toMatchObject({
      kind: 'retry',
      delayMs: 1_000,
    });
  });

  it("waits at least as long as the server's Retry-After", () => {
    expect(classifyDeliveryFailure(1, unavailable(30_000), policy)).toMatchObject({
      kind: 'retry',
      delayMs: 30_000,
    });
  });

  it('gives up on the last attempt and says after how many', () => {
    expect(classifyDeliveryFailure(3, unavailable(), policy)).toMatchObject({
      kind: 'failed',
      message: 'Gave up after 3 attempts: SendGrid 503: service unavailable',
    });
  });

  it('fails a permanent error at once with the provider text alone', () => {
    const decision = classifyDeliveryFailure(1, badRequest, policy);
    expect(decision).toMatchObject({ kind: 'failed', message: 'SendGrid 400: bad address' });
    expect(decision.failure).toBe(badRequest);
  });

  it('does not add "gave up" to a permanent error on a later attempt', () => {
    expect(classifyDeliveryFailure(2, badRequest, policy).message).toBe(
      'SendGrid 400: bad address',
    );
  });

  it('keeps the failure class, so the worker can report a refused key once', () => {
    const refused = new MailTransportError('SendGrid 401: invalid grant', {
      kind: 'permanent',
      failureClass: DeliveryFailureClass.API_KEY_INVALID,
    });
    const decision = classifyDeliveryFailure(1, refused, policy);
    expect(decision).toMatchObject({ kind: 'failed', message: 'SendGrid 401: invalid grant' });
    expect(decision.failure.failureClass).toBe(DeliveryFailureClass.API_KEY_INVALID);
  });

  it('retries anything a transport should not have thrown, naming it as unexpected', () => {
    const decision = classifyDeliveryFailure(1, new TypeError('x is undefined'), policy);
    expect(decision).toMatchObject({
      kind: 'retry',
      message: 'Unexpected error while sending: x is undefined',
    });
    expect(classifyDeliveryFailure(3, 'a string', policy)).toMatchObject({
      kind: 'failed',
      message: 'Gave up after 3 attempts: Unexpected error while sending: a string',
    });
  });
});

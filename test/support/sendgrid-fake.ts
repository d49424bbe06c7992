import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for SendGrid's v3 Mail Send API (`POST /v3/mail/send`) that answers like the
 * real one: bearer-key check, SendGrid's validation errors with `errors[].field`, 202 with an empty
 * body and an `x-message-id` header. Faults are programmable per request or per recipient, and every
 * request is recorded. Account state answers too: a Restricted Access key without `mail.send`
 * (403 "access forbidden"), a sender that is not a verified Sender Identity (403), spent credits
 * (401 "Maximum credits exceeded"), and a 429 that carries only X-RateLimit-Reset. The Event
 * Webhook side (signed event posts) is in sendgrid-event-webhook.ts. Built for benchmarks too: keep-alive, no logging, nothing slow per request.
 *
 * Longer than our ~400-line rule on purpose: it is the whole Mail Send contract (validation rules
 * and every error answer) in one place, to be checked against SendGrid's documentation in one read.
 */

export type SendGridFault =
  | { type: 'bad-request'; message?: string; field?: string | null }
  | { type: 'unauthorized' }
  | { type: 'forbidden'; message?: string; field?: string | null }
  | { type: 'payload-too-large' }
  /** `withoutRetryAfter`: only SendGrid's X-RateLimit-* headers say when to come back. */
  | { type: 'rate-limited'; retryAfterSeconds?: number; withoutRetryAfter?: boolean }
  /** 401 "Maximum credits exceeded": the account's plan is used up. */
  | { type: 'credits-exceeded' }
  | { type: 'server-error'; status?: 500 | 502 | 503 | 504 }
  /** Waits, then answers as usual (including any other fault): for client timeouts. */
  | { type: 'delay'; ms: number }
  /** Reads the request, then destroys the socket without answering. */
  | { type: 'drop-connection' };

export interface SendGridEmail {
  email: string;
  name?: string;
}

/** The v3 request body, as far as the tests look at it. */
export interface SendGridMailBody {
  personalizations: Array<{
    to: SendGridEmail[];
    cc?: SendGridEmail[];
    bcc?: SendGridEmail[];
    subject?: string;
    headers?: Record<string, string>;
    custom_args?: Record<string, string>;
  }>;
  from: SendGridEmail;
  reply_to?: SendGridEmail;
  subject?: string;
  content?: Array<{ type: string; value: string }>;
  headers?: Record<string, string>;
  custom_args?: Record<string, string>;
  [key: string]: unknown;
}

export interface RecordedRequest {
  /** 1-based arrival order. */
  seq: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or undefined when the body was not JSON (or too large to keep). */
  body: SendGridMailBody | undefined;
  /** What the fake answered; `'dropped'` when it closed the connection instead. */
  status: number | 'dropped';
  /** The `x-message-id` of an accepted request. */
  messageId?: string;
  fault?: SendGridFault['type'];
  /** The X-RateLimit-Reset (Unix seconds) of a 429 answer. */
  rateLimitReset?: number;
  receivedAt: Date;
}

export interface SendGridError {
  message: string;
  field: string | null;
  help: null;
}

export interface SendGridFakeOptions {
  /** API keys accepted as `Authorization: Bearer <key>`. Default: `['SG.test-key']`. */
  validKeys?: string[];
  /** Added before every answer. Default 0. */
  latencyMs?: number;
  /** SendGrid's total message size limit is 30 MB. */
  maxBodyBytes?: number;
}

export const DEFAULT_FAKE_API_KEY = 'SG.test-key';
export const INVALID_GRANT_MESSAGE =
  'The provided authorization grant is invalid, expired, or revoked';
export const SENDER_IDENTITY_MESSAGE =
  'The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements';

// SendGrid refuses these in `headers` because it sets them itself.
const RESERVED_HEADERS = new Set([
  'x-sg-id',
  'x-sg-eid',
  'received',
  'dkim-signature',
  'content-type',
  'content-transfer-encoding',
  'to',
  'from',
  'subject',
  'reply-to',
  'cc',
  'bcc',
]);

const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

interface QueuedFault {
  fault: SendGridFault;
  remaining: number;
}

interface CountWaiter {
  count: number;
  resolve: () => void;
}

export class SendGridFake {
  private readonly records: RecordedRequest[] = [];
  private readonly accepted: RecordedRequest[] = [];
  private readonly nextFaults: QueuedFault[] = [];
  private readonly recipientFaults = new Map<string, QueuedFault>();
  private readonly waiters = new Set<CountWaiter>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private validKeys: Set<string>;
  /** Scopes of keys created as Restricted Access; a key not listed has Full Access. */
  private readonly keyScopes = new Map<string, string[]>();
  /** Verified senders (addresses, or `@domain` for an authenticated domain); unset: any. */
  private verifiedSenders: string[] | undefined;
  private latencyMs: number;
  private readonly maxBodyBytes: number;
  private seq = 0;
  // Bumped by reset(): a request still in flight from an earlier test must not land in this one.
  private generation = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: SendGridFakeOptions,
  ) {
    this.validKeys = new Set(options.validKeys ?? [DEFAULT_FAKE_API_KEY]);
    this.latencyMs = options.latencyMs ?? 0;
    this.maxBodyBytes = options.maxBodyBytes ?? 30 * 1024 * 1024;
  }

  static async start(options: SendGridFakeOptions = {}): Promise<SendGridFake> {
    const server = createServer();
    // Longer than Node's client-side idle timeout (5 s), so the client always closes an idle
    // keep-alive socket first and never reuses one the server is closing (a spurious ECONNRESET).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    const fake = new SendGridFake(server, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What to configure as the SendGrid base URL (no trailing slash). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `times` requests get `fault`, in the order faults were queued. */
  failNext(fault: SendGridFault, times = 1): this {
    this.nextFaults.push({ fault, remaining: times });
    return this;
  }

  /** Requests addressed to `email` (to, cc or bcc) get `fault`, `times` times (default: always). */
  failFor(email: string, fault: SendGridFault, times = Number.POSITIVE_INFINITY): this {
    this.recipientFaults.set(email.toLowerCase(), { fault, remaining: times });
    return this;
  }

  setLatency(ms: number): this {
    this.latencyMs = ms;
    return this;
  }

  setValidKeys(keys: string[]): this {
    this.validKeys = new Set(keys);
    return this;
  }

  // --- account state (issue 19): key scopes and Sender Identities -----------------------------

  /** Makes `key` a Restricted Access key with these scopes (`mail.send` is what sending needs). */
  setKeyScopes(key: string, scopes: string[]): this {
    this.keyScopes.set(key, scopes);
    return this;
  }

  /** Only these senders (or `@domain` for an authenticated domain) may send; undefined: any. */
  setVerifiedSenders(senders: string[] | undefined): this {
    this.verifiedSenders = senders?.map((sender) => sender.toLowerCase());
    return this;
  }

  /** Every request received, accepted or not, in arrival order. */
  requests(): RecordedRequest[] {
    return [...this.records];
  }

  /** Accepted (202) requests, in the order they were accepted. */
  sent(): RecordedRequest[] {
    return [...this.accepted];
  }

  sentTo(email: string): RecordedRequest[] {
    const wanted = email.toLowerCase();
    return this.accepted.filter((record) => recipientsOf(record.body).includes(wanted));
  }

  /** Resolves once at least `count` requests were accepted; rejects after `timeoutMs`. */
  async waitForCount(count: number, timeoutMs = 5_000): Promise<RecordedRequest[]> {
    if (this.accepted.length >= count) return this.sent();
    await new Promise<void>((resolve, reject) => {
      const waiter: CountWaiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `SendGrid fake: expected ${count} accepted requests within ${timeoutMs} ms, got ${this.accepted.length} (${this.records.length} received)`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
    return this.sent();
  }

  /** Forgets requests and faults and restores the configured latency and keys. */
  reset(): void {
    this.generation += 1;
    this.records.length = 0;
    this.accepted.length = 0;
    this.nextFaults.length = 0;
    this.recipientFaults.clear();
    this.keyScopes.clear();
    this.verifiedSenders = undefined;
    this.latencyMs = this.options.latencyMs ?? 0;
    this.validKeys = new Set(this.options.validKeys ?? [DEFAULT_FAKE_API_KEY]);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Idle keep-alive sockets would otherwise hold close() open until they time out.
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const generation = this.generation;
    const { raw, tooLarge } = await readBody(req, this.maxBodyBytes);
    const record: RecordedRequest = {
      seq: ++this.seq,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: tooLarge ? undefined : parseBody(raw),
      status: 0,
      receivedAt: new Date(),
    };
    if (generation === this.generation) this.records.push(record);

    if (this.latencyMs > 0) await this.sleep(this.latencyMs);

    let fault = takeFault(this.nextFaults);
    while (fault?.type === 'delay') {
      await this.sleep(fault.ms);
      fault = takeFault(this.nextFaults);
    }
    if (fault) return this.answerFault(record, res, fault);

    if (record.url.split('?')[0] !== '/v3/mail/send') {
      return this.answer(record, res, 404, [error('resource not found')]);
    }
    if (record.method !== 'POST') {
      return this.answer(record, res, 405, [error('method not allowed')]);
    }
    const authorization = req.headers.authorization;
    if (!authorization) return this.answer(record, res, 401, [error('authorization required')]);
    const key = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
    if (!key || !this.validKeys.has(key)) {
      return this.answer(record, res, 401, [error(INVALID_GRANT_MESSAGE)]);
    }
    const scopes = this.keyScopes.get(key);
    if (scopes && !scopes.includes('mail.send')) {
      return this.answer(record, res, 403, [error('access forbidden')]);
    }
    if (tooLarge) return this.answerFault(record, res, { type: 'payload-too-large' });
    if (record.body === undefined) {
      return this.answer(record, res, 400, [error('Bad Request', null)]);
    }
    const problems = validateMailSend(record.body);
    if (problems.length > 0) return this.answer(record, res, 400, problems);
    if (!this.isVerifiedSender(record.body.from.email)) {
      return this.answer(record, res, 403, [error(SENDER_IDENTITY_MESSAGE, 'from')]);
    }

    for (const recipient of recipientsOf(record.body)) {
      const recipientFault = this.recipientFaults.get(recipient);
      if (!recipientFault || recipientFault.remaining <= 0) continue;
      recipientFault.remaining -= 1;
      if (recipientFault.fault.type === 'delay') {
        await this.sleep(recipientFault.fault.ms);
        continue;
      }
      return this.answerFault(record, res, recipientFault.fault);
    }

    // Recorded even if the client gave up waiting: SendGrid would have accepted it too, which is
    // exactly the duplicate-send case a timeout test wants to see.
    const messageId = randomBytes(16).toString('base64url').slice(0, 22);
    record.status = 202;
    record.messageId = messageId;
    if (generation === this.generation) {
      this.accepted.push(record);
      this.notifyWaiters();
    }
    if (res.destroyed) return;
    res.writeHead(202, { 'x-message-id': messageId, 'content-length': '0' });
    res.end();
  }

  private isVerifiedSender(from: string): boolean {
    if (!this.verifiedSenders) return true;
    const address = from.toLowerCase();
    const domain = `@${address.split('@')[1] ?? ''}`;
    return this.verifiedSenders.includes(address) || this.verifiedSenders.includes(domain);
  }

  private answerFault(record: RecordedRequest, res: ServerResponse, fault: SendGridFault): void {
    record.fault = fault.type;
    switch (fault.type) {
      case 'bad-request':
        return this.answer(record, res, 400, [
          error(fault.message ?? 'Bad Request', fault.field === undefined ? null : fault.field),
        ]);
      case 'unauthorized':
        return this.answer(record, res, 401, [error(INVALID_GRANT_MESSAGE)]);
      case 'forbidden':
        return this.answer(record, res, 403, [
          error(fault.message ?? 'access forbidden', fault.field ?? null),
        ]);
      case 'payload-too-large':
        return this.answer(record, res, 413, [
          error('The size of the request exceeds the maximum allowed size of 30 MB.'),
        ]);
      case 'rate-limited': {
        const seconds = fault.retryAfterSeconds ?? 1;
        record.rateLimitReset = Math.ceil(Date.now() / 1000) + seconds;
        return this.answer(record, res, 429, [error('too many requests')], {
          ...(fault.withoutRetryAfter ? {} : { 'retry-after': String(seconds) }),
          'x-ratelimit-limit': '600',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(record.rateLimitReset),
        });
      }
      case 'credits-exceeded':
        return this.answer(record, res, 401, [error('Maximum credits exceeded')]);
      case 'server-error': {
        const status = fault.status ?? 500;
        return this.answer(record, res, status, [
          error(status === 503 ? 'service unavailable' : 'internal server error'),
        ]);
      }
      case 'drop-connection':
        record.status = 'dropped';
        res.socket?.destroy();
        return;
      case 'delay':
        // Delays are consumed before a fault is answered; reaching here means a bug in the fake.
        throw new Error('delay is not an answer');
    }
  }

  private answer(
    record: RecordedRequest,
    res: ServerResponse,
    status: number,
    errors: SendGridError[],
    headers: Record<string, string> = {},
  ): void {
    record.status = status;
    if (res.destroyed) return;
    const body = JSON.stringify({ errors });
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    });
    res.end(body);
  }

  private notifyWaiters(): void {
    for (const waiter of this.waiters) {
      if (this.accepted.length >= waiter.count) waiter.resolve();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** SendGrid's checks on a Mail Send body, with its messages and `field` paths. */
export function validateMailSend(body: SendGridMailBody): SendGridError[] {
  const problems: SendGridError[] = [];
  const usesTemplate = typeof body.template_id === 'string' && body.template_id !== '';

  if (!isObject(body.from) || typeof body.from.email !== 'string' || body.from.email === '') {
    problems.push(
      error(
        'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.',
        'from',
      ),
    );
  } else if (!EMAIL_PATTERN.test(body.from.email)) {
    problems.push(error('The from email does not contain a valid address.', 'from.email'));
  }

  const personalizations: unknown = body.personalizations;
  if (!Array.isArray(personalizations) || personalizations.length === 0) {
    problems.push(
      error(
        'The personalizations field is required and must have at least one personalization.',
        'personalizations',
      ),
    );
  } else {
    personalizations.forEach((personalization: unknown, i) => {
      const to = isObject(personalization) ? personalization.to : undefined;
      if (!Array.isArray(to) || to.length === 0) {
        problems.push(
          error(
            'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
            `personalizations.${i}.to`,
          ),
        );
        return;
      }
      to.forEach((recipient: unknown, j) => {
        const email = isObject(recipient) ? recipient.email : undefined;
        if (typeof email !== 'string' || !EMAIL_PATTERN.test(email)) {
          problems.push(
            error('Does not contain a valid address.', `personalizations.${i}.to.${j}.email`),
          );
        }
      });
    });
  }

  const everyPersonalizationHasSubject =
    Array.isArray(personalizations) &&
    personalizations.length > 0 &&
    personalizations.every(
      (p: unknown) => isObject(p) && typeof p.subject === 'string' && p.subject !== '',
    );
  if (
    !usesTemplate &&
    !(typeof body.subject === 'string' && body.subject !== '') &&
    !everyPersonalizationHasSubject
  ) {
    problems.push(
      error(
        'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
        'subject',
      ),
    );
  }

  const content: unknown = body.content;
  const blocks = Array.isArray(content) ? content.filter(isObject) : [];
  if (!usesTemplate && blocks.length === 0) {
    problems.push(
      error(
        'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.',
        'content',
      ),
    );
  } else {
    // Every block is checked on its own: an empty text part beside a good HTML part is refused.
    blocks.forEach((block, i) => {
      if (typeof block.type !== 'string' || block.type === '') {
        problems.push(
          error(
            'The content type must be a string at least one character in length.',
            `content.${i}.type`,
          ),
        );
      }
      if (typeof block.value !== 'string' || block.value === '') {
        problems.push(
          error(
            'The content value must be a string at least one character in length.',
            `content.${i}.value`,
          ),
        );
      }
    });
    const plainIndex = blocks.findIndex((block) => block.type === 'text/plain');
    if (plainIndex > 0) {
      problems.push(
        error(
          'If present, text/plain content must be first, followed by text/html, followed by any other content.',
          'content',
        ),
      );
    }
  }

  if (body.reply_to !== undefined) {
    const email = isObject(body.reply_to) ? body.reply_to.email : undefined;
    if (typeof email !== 'string' || !EMAIL_PATTERN.test(email)) {
      problems.push(
        error('The reply_to email does not contain a valid address.', 'reply_to.email'),
      );
    }
  }

  if (body.headers !== undefined) {
    for (const [name, value] of Object.entries(isObject(body.headers) ? body.headers : {})) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        problems.push(
          error(
            `The header '${name}' is reserved and cannot be set in headers.`,
            `headers.${name}`,
          ),
        );
      } else if (typeof value !== 'string') {
        problems.push(
          error(`Invalid type. Expected: string, given: ${typeOf(value)}.`, `headers.${name}`),
        );
      }
    }
  }

  if (body.custom_args !== undefined) {
    for (const [name, value] of Object.entries(
      isObject(body.custom_args) ? body.custom_args : {},
    )) {
      if (typeof value !== 'string') {
        problems.push(
          error(`Invalid type. Expected: string, given: ${typeOf(value)}.`, `custom_args.${name}`),
        );
      }
    }
  }

  return problems;
}

function recipientsOf(body: SendGridMailBody | undefined): string[] {
  if (!body || !Array.isArray(body.personalizations)) return [];
  return body.personalizations.flatMap((personalization) =>
    [...(personalization.to ?? []), ...(personalization.cc ?? []), ...(personalization.bcc ?? [])]
      .map((recipient) => recipient?.email)
      .filter((email): email is string => typeof email === 'string')
      .map((email) => email.toLowerCase()),
  );
}

function takeFault(queue: QueuedFault[]): SendGridFault | undefined {
  const head = queue[0];
  if (!head) return undefined;
  head.remaining -= 1;
  if (head.remaining <= 0) queue.shift();
  return head.fault;
}

function error(message: string, field: string | null = null): SendGridError {
  return { message, field, help: null };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (Number.isInteger(value)) return 'integer';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? 'number' : typeof value;
}

function parseBody(raw: Buffer): SendGridMailBody | undefined {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return isObject(parsed) ? (parsed as SendGridMailBody) : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ raw: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Keep draining the socket, but stop buffering: answering 413 must not cost 30 MB of memory.
    if (size > maxBytes) tooLarge = true;
    else chunks.push(buffer);
  }
  return { raw: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge };
}

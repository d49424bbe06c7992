/**
 * The push side of the Microsoft Graph fake (test/support/microsoft-fake.ts routes to it): the
 * message delta query and change notification subscriptions, with their real contracts.
 *
 * Delta: `GET /v1.0/users/{mailbox}/mailFolders/{folder}/messages/delta` with `changeType=created`,
 * `$select`, `Prefer: odata.maxpagesize` (answered with `Preference-Applied`), pages linked by
 * `@odata.nextLink` ($skiptoken) and ended by `@odata.deltaLink` ($deltatoken). The first round
 * returns every message in the folder, later rounds those added since. `expireDeltaTokens()`
 * makes every token issued so far answer what Outlook answers for a lost sync state: 410 Gone,
 * `SyncStateNotFound`, "The sync state generation is not found; ...".
 *
 * Subscriptions: `POST /v1.0/subscriptions` validates both URLs first (a POST with
 * `?validationToken=`, which must be echoed as text/plain with 200 within 10 s; otherwise 400
 * "Subscription validation request failed. ..."), refuses http URLs and an expiry beyond
 * 10070 minutes (400 ExtensionError, Graph's real ceiling for Outlook messages); `PATCH` renews
 * (404 ResourceNotFound once it is gone or expired); `DELETE` removes. While a subscription lives,
 * every message added to its folder is POSTed to its notificationUrl, and `removeSubscription`
 * can send the `subscriptionRemoved` lifecycle notification Graph sends when it drops one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Graph's documented deadline for the validation answer. */
const VALIDATION_TIMEOUT_MS = 10_000;
/** The real ceiling for subscriptions on Outlook messages (the docs say 10080, Graph refuses it). */
const MAX_SUBSCRIPTION_MINUTES = 10_070;
/** Graph's default delta page. */
const DEFAULT_PAGE_SIZE = 10;

export interface PushMessage {
  id: string;
  folderId: string;
  internetMessageId: string | undefined;
}

export interface PushMailbox {
  address: string;
  messages: Map<string, PushMessage>;
}

export interface PushFolder {
  id: string;
}

/** What the fake's core lends the push endpoints. */
export interface PushContext {
  url(): string;
  tenantOf(issued: unknown): string;
  mailboxFor(issued: unknown, address: string): PushMailbox;
  existingFolder(mailbox: PushMailbox, idOrName: string): PushFolder;
  messageJson(message: PushMessage, select: string[] | undefined): Record<string, unknown>;
  graphError(status: number, code: string, message: string): Error;
  readBody(req: IncomingMessage): Promise<string>;
}

export interface FakeSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | undefined;
  clientState: string | undefined;
  expirationDateTime: string;
  mailbox: string;
  folderId: string;
  tenantId: string;
}

export interface NotificationDelivery {
  subscriptionId: string;
  url: string;
  kind: 'change' | 'lifecycle' | 'validation';
  status: number | 'unreachable';
  at: Date;
}

export interface DeltaRequest {
  /** `initial` (no token), `delta` ($deltatoken) or `page` ($skiptoken). */
  kind: 'initial' | 'delta' | 'page';
  query: Record<string, string>;
  /** The request's `Prefer` header. */
  prefer: string | undefined;
  /** 200, or the error status (410 for an expired token). */
  status: number;
  at: Date;
}

export interface PushControls {
  /** Every delta request, in order. */
  readonly deltaRequests: DeltaRequest[];
  /** Every delta token issued so far answers 410 Gone SyncStateNotFound from now on. */
  expireDeltaTokens(): void;
  /** Live subscriptions (expired ones are gone, as in Graph). */
  subscriptions(): FakeSubscription[];
  /** Drops a subscription as Graph does now and then, and sends `subscriptionRemoved` if asked. */
  removeSubscription(id: string, options?: { notify?: boolean }): Promise<void>;
  /** Sends a lifecycle notification (`missed`, `reauthorizationRequired`, ...) for a subscription. */
  sendLifecycle(id: string, lifecycleEvent: string): Promise<void>;
  /** Every POST the fake made to a notification or lifecycle URL, with the answer's status. */
  readonly deliveries: NotificationDelivery[];
  /** CA certificates (PEM) to trust when calling notification URLs (a test's own https proxy). */
  trust(caPem: string): void;
}

interface DeltaState {
  mailbox: string;
  folderId: string;
  generation: number;
  /** Messages numbered above this were added after the round that issued the token. */
  after: number;
  /** The round's ceiling, fixed when the round started (skip tokens only). */
  upTo?: number;
  offset?: number;
  select?: string;
}

export function createPushEndpoints(context: PushContext) {
  const sequenceOf = new Map<string, number>();
  let sequence = 0;
  let generation = 1;
  const subscriptions = new Map<string, FakeSubscription>();
  const deliveries: NotificationDelivery[] = [];
  const trustedCas: string[] = [];
  const deltaRequests: DeltaRequest[] = [];

  const encode = (state: DeltaState) => Buffer.from(JSON.stringify(state)).toString('base64url');

  function decode(token: string): DeltaState {
    let state: DeltaState;
    try {
      state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
    } catch {
      throw context.graphError(400, 'BadRequest', 'The delta token is malformed.');
    }
    if (state.generation !== generation) {
      throw context.graphError(
        410,
        'SyncStateNotFound',
        `The sync state generation is not found; generation=${state.generation};[highest=${generation}][${generation}].`,
      );
    }
    return state;
  }

  /** Numbers the folder's messages in the order the fake first saw them, as Exchange's sync state does. */
  function numberMessages(mailbox: PushMailbox, folderId: string): void {
    for (const message of mailbox.messages.values()) {
      if (message.folderId === folderId && !sequenceOf.has(message.id)) {
        sequenceOf.set(message.id, ++sequence);
      }
    }
  }

  function delta(
    req: IncomingMessage,
    res: ServerResponse,
    mailbox: PushMailbox,
    folderId: string,
    query: URLSearchParams,
    path: string,
  ): unknown {
    const changeType = query.get('changeType');
    if (changeType !== null && changeType !== 'created') {
      throw context.graphError(400, 'BadRequest', `The fake supports changeType=created only.`);
    }
    const skip = query.get('$skiptoken');
    const deltaToken = query.get('$deltatoken');
    let state: DeltaState;
    if (skip) state = decode(skip);
    else if (deltaToken) state = decode(deltaToken);
    else
      state = {
        mailbox: mailbox.address,
        folderId,
        generation,
        after: 0,
        select: query.get('$select') ?? undefined,
      };
    if (state.mailbox !== mailbox.address || state.folderId !== folderId) {
      throw context.graphError(400, 'BadRequest', 'The token belongs to another folder.');
    }
    if (state.upTo === undefined) {
      numberMessages(mailbox, folderId);
      state = { ...state, upTo: sequence, offset: 0 };
    }
    const requested = /odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''));
    const pageSize = requested ? Math.min(Number(requested[1]), 1000) : DEFAULT_PAGE_SIZE;
    if (requested) res.setHeader('Preference-Applied', `odata.maxpagesize=${pageSize}`);
    const inRound = [...mailbox.messages.values()]
      .filter((message) => message.folderId === folderId)
      .map((message) => ({ message, seq: sequenceOf.get(message.id) ?? Infinity }))
      .filter(({ seq }) => seq > state.after && seq <= (state.upTo ?? 0))
      .sort((a, b) => a.seq - b.seq);
    const offset = state.offset ?? 0;
    const page = inRound.slice(offset, offset + pageSize);
    const select = state.select?.split(',');
    const base = `${context.url()}${path}`;
    const body: Record<string, unknown> = {
      '@odata.context': `${context.url()}/v1.0/$metadata#Collection(message)`,
      value: page.map(({ message }) => ({
        '@odata.type': '#microsoft.graph.message',
        ...context.messageJson(message, select),
      })),
    };
    if (offset + pageSize < inRound.length) {
      body['@odata.nextLink'] =
        `${base}?$skiptoken=${encode({ ...state, offset: offset + pageSize })}`;
    } else {
      body['@odata.deltaLink'] =
        `${base}?$deltatoken=${encode({ mailbox: state.mailbox, folderId, generation, after: state.upTo ?? 0, select: state.select })}`;
    }
    return body;
  }

  // --- subscriptions ---------------------------------------------------------------------------

  function live(id: string): FakeSubscription | undefined {
    const subscription = subscriptions.get(id);
    if (subscription && Date.parse(subscription.expirationDateTime) <= Date.now()) {
      subscriptions.delete(id);
      return undefined;
    }
    return subscription;
  }

  function notFound(): Error {
    return context.graphError(404, 'ResourceNotFound', 'The object was not found.');
  }

  function checkExpiration(value: unknown): string {
    const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) {
      throw context.graphError(400, 'InvalidRequest', 'expirationDateTime is required.');
    }
    if (at <= Date.now()) {
      throw context.graphError(
        400,
        'InvalidRequest',
        'Subscription expiration date must be in the future.',
      );
    }
    if (at > Date.now() + MAX_SUBSCRIPTION_MINUTES * 60_000) {
      throw context.graphError(
        400,
        'ExtensionError',
        `Subscription expiration can only be ${MAX_SUBSCRIPTION_MINUTES} minutes in the future.`,
      );
    }
    return new Date(at).toISOString();
  }

  /** POSTs to a subscriber's URL over https, as Graph does; resolves with the status and body. */
  function post(
    url: string,
    body: string,
    contentType: string,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const call = httpsRequest(
        target,
        {
          method: 'POST',
          headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
          ca: trustedCas.length ? trustedCas : undefined,
          timeout: VALIDATION_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      call.on('timeout', () => call.destroy(new Error('timed out')));
      call.on('error', reject);
      call.end(body);
    });
  }

  async function validate(url: string, subscriptionId: string): Promise<void> {
    if (!url.startsWith('https://')) {
      throw context.graphError(
        400,
        'InvalidRequest',
        'Subscription validation request failed. The notification URL must use https.',
      );
    }
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const separator = url.includes('?') ? '&' : '?';
    const at = new Date();
    let answer: { status: number; text: string };
    try {
      answer = await post(
        `${url}${separator}validationToken=${encodeURIComponent(token)}`,
        '',
        'text/plain; charset=utf-8',
      );
    } catch {
      deliveries.push({ subscriptionId, url, kind: 'validation', status: 'unreachable', at });
      throw context.graphError(
        400,
        'InvalidRequest',
        'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
      );
    }
    deliveries.push({ subscriptionId, url, kind: 'validation', status: answer.status, at });
    if (answer.status !== 200) {
      throw context.graphError(
        400,
        'InvalidRequest',
        'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
      );
    }
    if (answer.text !== token) {
      throw context.graphError(
        400,
        'InvalidRequest',
        'Subscription validation request failed. Response must exactly match validationToken query parameter.',
      );
    }
  }

  async function notify(
    subscription: FakeSubscription,
    kind: 'change' | 'lifecycle',
    item: Record<string, unknown>,
  ): Promise<void> {
    const url =
      kind === 'lifecycle'
        ? (subscription.lifecycleNotificationUrl ?? subscription.notificationUrl)
        : subscription.notificationUrl;
    const body = JSON.stringify({
      value: [
        {
          subscriptionId: subscription.id,
          subscriptionExpirationDateTime: subscription.expirationDateTime,
          clientState: subscription.clientState,
          tenantId: subscription.tenantId,
          ...item,
        },
      ],
    });
    const at = new Date();
    const status = await post(url, body, 'application/json; charset=utf-8').then(
      (answer) => answer.status,
      () => 'unreachable' as const,
    );
    deliveries.push({ subscriptionId: subscription.id, url, kind, status, at });
  }

  async function subscriptionsRoute(
    req: IncomingMessage,
    res: ServerResponse,
    issued: unknown,
    rest: string,
  ): Promise<unknown> {
    const method = req.method ?? 'GET';
    if (rest === '' && method === 'POST') {
      const body = JSON.parse((await context.readBody(req)) || '{}') as Record<string, unknown>;
      const resource = typeof body.resource === 'string' ? body.resource : '';
      const match = /^\/?users\/([^/]+)\/mailFolders\('([^']+)'\)\/messages$/i.exec(resource);
      if (!match) {
        throw context.graphError(
          400,
          'InvalidRequest',
          `The fake supports users/{id}/mailFolders('{folder}')/messages only, not ${resource}.`,
        );
      }
      const mailbox = context.mailboxFor(issued, decodeURIComponent(match[1]));
      const folder = context.existingFolder(mailbox, match[2]);
      if (body.changeType !== 'created') {
        throw context.graphError(
          400,
          'InvalidRequest',
          'The fake supports changeType created only.',
        );
      }
      if (typeof body.notificationUrl !== 'string') {
        throw context.graphError(400, 'InvalidRequest', 'notificationUrl is required.');
      }
      const expirationDateTime = checkExpiration(body.expirationDateTime);
      const id = randomUUID();
      await validate(body.notificationUrl, id);
      const lifecycle =
        typeof body.lifecycleNotificationUrl === 'string'
          ? body.lifecycleNotificationUrl
          : undefined;
      if (lifecycle) await validate(lifecycle, id);
      const subscription: FakeSubscription = {
        id,
        resource,
        changeType: 'created',
        notificationUrl: body.notificationUrl,
        lifecycleNotificationUrl: lifecycle,
        clientState: typeof body.clientState === 'string' ? body.clientState : undefined,
        expirationDateTime,
        mailbox: mailbox.address,
        folderId: folder.id,
        tenantId: context.tenantOf(issued),
      };
      subscriptions.set(id, subscription);
      res.statusCode = 201;
      return subscriptionJson(subscription);
    }
    const idMatch = /^\/([^/]+)$/.exec(rest);
    const subscription = idMatch ? live(decodeURIComponent(idMatch[1])) : undefined;
    if (idMatch && !subscription) throw notFound();
    if (subscription && method === 'GET') return subscriptionJson(subscription);
    if (subscription && method === 'PATCH') {
      const body = JSON.parse((await context.readBody(req)) || '{}') as Record<string, unknown>;
      subscription.expirationDateTime = checkExpiration(body.expirationDateTime);
      return subscriptionJson(subscription);
    }
    if (subscription && method === 'DELETE') {
      subscriptions.delete(subscription.id);
      res.statusCode = 204;
      return undefined;
    }
    throw context.graphError(
      400,
      'BadRequest',
      `Unsupported request ${method} /subscriptions${rest}`,
    );
  }

  function subscriptionJson(subscription: FakeSubscription): Record<string, unknown> {
    return {
      '@odata.context': `${context.url()}/v1.0/$metadata#subscriptions/$entity`,
      id: subscription.id,
      resource: subscription.resource,
      applicationId: randomUUID(),
      changeType: subscription.changeType,
      clientState: subscription.clientState ?? null,
      notificationUrl: subscription.notificationUrl,
      lifecycleNotificationUrl: subscription.lifecycleNotificationUrl ?? null,
      expirationDateTime: subscription.expirationDateTime,
      creatorId: randomUUID(),
      latestSupportedTlsVersion: 'v1_2',
      includeResourceData: false,
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  const controls: PushControls = {
    deliveries,
    deltaRequests,
    expireDeltaTokens() {
      generation++;
    },
    subscriptions() {
      return [...subscriptions.keys()]
        .map((id) => live(id))
        .filter((entry): entry is FakeSubscription => !!entry);
    },
    async removeSubscription(id, options = {}) {
      const subscription = subscriptions.get(id);
      subscriptions.delete(id);
      if (subscription && options.notify) {
        await notify(subscription, 'lifecycle', { lifecycleEvent: 'subscriptionRemoved' });
      }
    },
    async sendLifecycle(id, lifecycleEvent) {
      const subscription = live(id);
      if (!subscription) throw new Error(`No live subscription ${id}`);
      await notify(subscription, 'lifecycle', { lifecycleEvent });
    },
    trust(caPem) {
      trustedCas.push(caPem);
    },
  };

  return {
    controls,
    /** Routes `/v1.0/subscriptions...` (any caller) and the delta of a mailbox folder. */
    async route(
      req: IncomingMessage,
      res: ServerResponse,
      path: string,
      query: URLSearchParams,
      issued: unknown,
    ): Promise<{ handled: true; body: unknown } | { handled: false }> {
      const subscriptionPath = /^\/v1\.0\/subscriptions(\/.*)?$/.exec(path);
      if (subscriptionPath) {
        return {
          handled: true,
          body: await subscriptionsRoute(req, res, issued, subscriptionPath[1] ?? ''),
        };
      }
      const deltaPath = /^\/v1\.0\/users\/([^/]+)\/mailFolders\/([^/]+)\/messages\/delta$/.exec(
        path,
      );
      if (deltaPath && req.method === 'GET') {
        const mailbox = context.mailboxFor(issued, decodeURIComponent(deltaPath[1]));
        const folder = context.existingFolder(mailbox, decodeURIComponent(deltaPath[2]));
        const record: DeltaRequest = {
          kind: query.has('$skiptoken') ? 'page' : query.has('$deltatoken') ? 'delta' : 'initial',
          query: Object.fromEntries(query),
          prefer: typeof req.headers.prefer === 'string' ? req.headers.prefer : undefined,
          status: 200,
          at: new Date(),
        };
        deltaRequests.push(record);
        try {
          return { handled: true, body: delta(req, res, mailbox, folder.id, query, path) };
        } catch (error) {
          record.status = (error as { status?: number }).status ?? 500;
          throw error;
        }
      }
      return { handled: false };
    },
    /** Graph notifies subscribers of a new message in their folder within moments. */
    messageAdded(mailbox: PushMailbox, message: PushMessage): void {
      for (const subscription of controls.subscriptions()) {
        if (subscription.mailbox !== mailbox.address || subscription.folderId !== message.folderId)
          continue;
        void notify(subscription, 'change', {
          changeType: 'created',
          resource: `Users/${randomBytes(8).toString('hex')}/Messages/${message.id}`,
          resourceData: {
            '@odata.type': '#Microsoft.Graph.Message',
            '@odata.id': `Users/${mailbox.address}/Messages/${message.id}`,
            '@odata.etag': `W/"${message.id.slice(-8)}"`,
            id: message.id,
          },
        });
      }
    },
  };
}

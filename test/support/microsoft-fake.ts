/**
 * A local stand-in for the Microsoft identity platform (client-credentials token endpoint) and
 * the slice of Microsoft Graph v1.0 mail that Replyline uses, speaking the real contracts: the
 * same paths, query options, status codes and error bodies (AADSTS JSON from the token endpoint,
 * `{ error: { code, message } }` from Graph). One node:http server on 127.0.0.1 and a random port
 * serves both; point `microsoftLoginBaseUrl` and `graphBaseUrl` at `fake.url`.
 *
 * ```ts
 * const fake = await startMicrosoftFake();
 * fake.registerApp({ tenantId, clientId, clientSecret });
 * fake.addMailbox('replies@contoso.test');
 * const id = fake.addMessage('replies@contoso.test', rawMime);
 * fake.failNext({ status: 429, retryAfterSeconds: 1, times: 2 });
 * ...
 * await fake.stop();
 * ```
 *
 * Token endpoint: `POST /{tenant}/oauth2/v2.0/token` (grant_type=client_credentials, scope
 * `https://graph.microsoft.com/.default`): unknown tenant 400 AADSTS90002, unknown client 400
 * AADSTS700016, wrong secret 401 AADSTS7000215, expired secret 401 AADSTS7000222; outages on demand
 * (`failNextToken`: 429 with Retry-After, a JSON 500, or the HTML 503 page of a front end). Tokens
 * are JWT-shaped, with the app's `roles`.
 *
 * Graph, under `/v1.0/users/{mailbox}`: `GET mailFolders[/{id|wellKnownName}]`,
 * `GET mailFolders?$filter=displayName eq '...'`, `POST mailFolders`,
 * `GET mailFolders/{id}/messages` ($filter on isRead/receivedDateTime joined with `and`, $orderby
 * receivedDateTime with Graph's rule that it must lead the $filter, $top, $skip, $select, and
 * `@odata.nextLink` paging), `GET messages/{id}`, `GET messages/{id}/$value` (raw MIME),
 * `PATCH messages/{id}`, `POST messages/{id}/move`, `POST messages/{id}/permanentDelete`,
 * `DELETE messages/{id}`. Every Graph call needs a live bearer token from the token endpoint.
 * `$value` serves the message as Exchange regenerates it (exchange-mime.ts), not the stored bytes;
 * an app with an `accessPolicy` reads only those mailboxes, others answer the RAOP 403.
 *
 * Longer than our ~400-line rule on purpose: it is one server speaking two vendor contracts, and
 * kept in one file it reads top to bottom against Microsoft's documentation.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchangeShapedMime } from './exchange-mime.js';

export interface FakeApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /**
   * Mailboxes the app may read (Mail.ReadWrite with admin consent); default every mailbox.
   * `[]` models an app whose permissions were never granted: Graph answers 403 ErrorAccessDenied.
   */
  mailboxes?: string[];
  /**
   * Application permissions granted with admin consent: the `roles` claim of its tokens, and
   * what Graph enforces (reading needs Mail.Read or Mail.ReadWrite, changing mail
   * Mail.ReadWrite). Default {@link DEFAULT_ROLES}, the product page's list; `[]` leaves the claim
   * out, as Entra ID does.
   */
  roles?: string[];
  /** The secret is right but its validity has ended: 401 AADSTS7000222. */
  secretExpired?: boolean;
  /**
   * An Exchange Online application access policy scoped to these mailboxes: any other answers 403
   * ErrorAccessDenied "Blocked by tenant configured AppOnly AccessPolicy settings".
   */
  accessPolicy?: string[];
}

/** An answer of the token endpoint other than a token, for the next `times` token requests. */
export interface TokenFault {
  status: 429 | 500 | 503;
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** The HTML error page a front end serves instead of the identity platform's JSON. */
  html?: boolean;
  times?: number;
}

/** The application permissions the product documentation asks admins to grant. */
export const DEFAULT_ROLES = [
  'Mail.Read',
  'Mail.ReadBasic',
  'Mail.ReadBasic.All',
  'Mail.ReadWrite',
  'Mail.Send',
];

export interface FakeMessage {
  id: string;
  folderId: string;
  raw: Buffer;
  /** Serve `raw` from `$value` as it is, instead of Exchange's regenerated MIME. */
  asStored: boolean;
  isRead: boolean;
  receivedDateTime: string;
  internetMessageId: string | undefined;
  subject: string | undefined;
}

export interface FakeFolder {
  id: string;
  displayName: string;
  wellKnownName?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1.0/users/a@b/messages/123/$value`. */
  path: string;
  query: Record<string, string>;
  status: number;
  kind: 'token' | 'graph' | 'other';
  /** The request's Accept header. */
  accept: string | undefined;
  at: Date;
}

export interface FaultOptions {
  status: 429 | 503 | 500 | 504;
  /** How many matching calls fail (default 1). */
  times?: number;
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** Only calls whose path matches (default every Graph call). */
  match?: RegExp;
}

export interface MicrosoftFake {
  /** Origin of the fake, for both `microsoftLoginBaseUrl` and `graphBaseUrl`. */
  url: string;
  registerApp(app: FakeApp): void;
  /** Changes a registered app, as an Azure admin would (expire or replace its secret, a policy). */
  updateApp(clientId: string, changes: Partial<Omit<FakeApp, 'clientId'>>): void;
  addMailbox(address: string): void;
  /** Adds a raw MIME message (unread by default) to a folder (default the Inbox); returns its id. */
  addMessage(
    mailbox: string,
    raw: string | Buffer,
    options?: { isRead?: boolean; receivedAt?: Date; folder?: string; asStored?: boolean },
  ): string;
  /** Messages of a mailbox, optionally of one folder (display name or well-known name). */
  messages(mailbox: string, folder?: string): FakeMessage[];
  folders(mailbox: string): FakeFolder[];
  /** Makes the next matching Graph calls fail with this status and `Retry-After`. */
  failNext(fault: FaultOptions): void;
  /** Makes the next token requests fail with an outage answer. */
  failNextToken(fault: TokenFault): void;
  /** Delays answers: the token endpoint, Graph, or both. 0 turns it off. */
  setDelay(delay: { tokenMs?: number; graphMs?: number }): void;
  /** Lifetime of tokens issued from now on (default 3599 s, as Azure AD). */
  setTokenLifetime(seconds: number): void;
  /** Every token issued so far stops working (Graph answers 401 InvalidAuthenticationToken). */
  revokeTokens(): void;
  /** Changes the permissions of a registered app; tokens issued from now on carry them. */
  setRoles(clientId: string, roles: string[]): void;
  /**
   * Graph refuses every change to this message (PATCH, move, delete), by default with 403
   * ErrorAccessDenied, while reading it still works: a message that can never be marked read.
   */
  refuseChanges(
    messageId: string,
    answer?: { status: number; code: string; message: string },
  ): void;
  readonly requests: RecordedRequest[];
  tokenRequestCount(): number;
  stop(): Promise<void>;
}

interface IssuedToken {
  app: FakeApp;
  expiresAt: number;
  revoked: boolean;
}

interface FakeMailbox {
  address: string;
  folders: Map<string, FakeFolder>;
  messages: Map<string, FakeMessage>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

function graphError(status: number, code: string, message: string): HttpError {
  return new HttpError(status, {
    error: {
      code,
      message,
      innerError: { date: new Date().toISOString(), 'request-id': randomUUID() },
    },
  });
}

function aadError(
  status: number,
  error: string,
  errorCode: number,
  description: string,
): HttpError {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return new HttpError(status, {
    error,
    error_description: `AADSTS${errorCode}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [errorCode],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${errorCode}`,
  });
}

/** A new app registration (tenant, client id and secret) to register with the fake. */
export function newMicrosoftApp(): FakeApp {
  return {
    tenantId: randomUUID(),
    clientId: randomUUID(),
    clientSecret: `secret~${randomUUID()}`,
  };
}

const graphId = () => `AAMkAG${randomBytes(24).toString('base64url')}=`;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An access token shaped like Entra ID's v1 application tokens for Graph: a JWT whose payload
 * carries the app's `roles` (left out when there are none). The signature is random: Replyline
 * reads the claims of a token it just received over TLS and never verifies it.
 */
function accessTokenFor(app: FakeApp, tenantId: string, lifetimeSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const roles = app.roles ?? DEFAULT_ROLES;
  const payload = {
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + lifetimeSeconds,
    app_displayname: 'Replyline',
    appid: app.clientId,
    appidacr: '1',
    idtyp: 'app',
    oid: randomUUID(),
    sub: randomUUID(),
    tid: tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0',
    ...(roles.length ? { roles } : {}),
  };
  return [
    base64url({
      typ: 'JWT',
      nonce: randomBytes(16).toString('base64url'),
      alg: 'RS256',
      kid: 'fake',
    }),
    base64url(payload),
    randomBytes(64).toString('base64url'),
  ].join('.');
}
/** The HTTP.sys page a Microsoft front end serves when the service behind it is down. */
const SERVICE_UNAVAILABLE_PAGE = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>Service Unavailable</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>
<BODY><h2>Service Unavailable</h2>
<hr><p>HTTP Error 503. The service is unavailable.</p>
</BODY></HTML>`;

export async function startMicrosoftFake(): Promise<MicrosoftFake> {
  const apps: FakeApp[] = [];
  const tokens = new Map<string, IssuedToken>();
  const mailboxes = new Map<string, FakeMailbox>();
  const faults: Array<Required<Omit<FaultOptions, 'retryAfterSeconds'>> & FaultOptions> = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const refusedChanges = new Map<string, { status: number; code: string; message: string }>();
  const tokenFaults: TokenFault[] = [];
  let delay = { tokenMs: 0, graphMs: 0 };
  let tokenLifetimeSeconds = 3599;
  let url = '';

  const mailboxKey = (address: string) => address.toLowerCase();

  function findMailbox(address: string): FakeMailbox | undefined {
    return mailboxes.get(mailboxKey(address));
  }

  /** The folder, or Graph's own 404 answer. */
  function existingFolder(mailbox: FakeMailbox, idOrName: string): FakeFolder {
    const folder = folderOf(mailbox, idOrName);
    if (!folder) {
      throw graphError(
        404,
        'ErrorItemNotFound',
        'The specified object was not found in the store.',
      );
    }
    return folder;
  }

  function folderOf(mailbox: FakeMailbox, idOrName: string): FakeFolder | undefined {
    const wanted = idOrName.toLowerCase();
    for (const folder of mailbox.folders.values()) {
      if (
        folder.id === idOrName ||
        folder.wellKnownName === wanted ||
        folder.displayName.toLowerCase() === wanted
      ) {
        return folder;
      }
    }
    return undefined;
  }

  function addMailbox(address: string): void {
    if (findMailbox(address)) return;
    const folders = new Map<string, FakeFolder>();
    for (const [wellKnownName, displayName] of [
      ['inbox', 'Inbox'],
      ['archive', 'Archive'],
      ['deleteditems', 'Deleted Items'],
      ['sentitems', 'Sent Items'],
    ]) {
      const id = graphId();
      folders.set(id, { id, displayName, wellKnownName });
    }
    mailboxes.set(mailboxKey(address), { address, folders, messages: new Map() });
  }

  // --- token endpoint --------------------------------------------------------------------------

  async function token(req: IncomingMessage, tenantId: string): Promise<unknown> {
    const form = new URLSearchParams(await readBody(req));
    if (form.get('grant_type') !== 'client_credentials') {
      throw aadError(
        400,
        'unsupported_grant_type',
        70003,
        'The app requested an unsupported grant type.',
      );
    }
    const tenantApps = apps.filter((app) => app.tenantId.toLowerCase() === tenantId.toLowerCase());
    if (!tenantApps.length) {
      throw aadError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      );
    }
    const clientId = form.get('client_id') ?? '';
    const app = tenantApps.find((candidate) => candidate.clientId === clientId);
    if (!app) {
      throw aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    if (form.get('client_secret') !== app.clientSecret) {
      throw aadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    if (app.secretExpired) {
      throw aadError(
        401,
        'invalid_client',
        7000222,
        `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
      );
    }
    const scopes = (form.get('scope') ?? '').split(' ');
    if (!scopes.includes('https://graph.microsoft.com/.default')) {
      throw aadError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const accessToken = accessTokenFor(app, tenantId, tokenLifetimeSeconds);
    tokens.set(accessToken, {
      app,
      expiresAt: Date.now() + tokenLifetimeSeconds * 1000,
      revoked: false,
    });
    return {
      token_type: 'Bearer',
      expires_in: tokenLifetimeSeconds,
      ext_expires_in: tokenLifetimeSeconds,
      access_token: accessToken,
    };
  }

  // --- token endpoint outages (issue 19) ------------------------------------------------------

  /** The next programmed outage answer, as the identity platform (or its front end) sends it. */
  function takeTokenFault(): HttpError | undefined {
    const fault = tokenFaults[0];
    if (!fault) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) tokenFaults.shift();
    const headers: Record<string, string> =
      fault.retryAfterSeconds === undefined
        ? {}
        : { 'retry-after': String(fault.retryAfterSeconds) };
    if (fault.html) return new HttpError(fault.status, SERVICE_UNAVAILABLE_PAGE, headers);
    const error =
      fault.status === 429
        ? aadError(
            429,
            'temporarily_unavailable',
            90055,
            'There are too many incoming requests. This exception is thrown for blocked tenants.',
          )
        : aadError(
            fault.status,
            'server_error',
            90033,
            'A transient error has occurred. Please try again.',
          );
    return new HttpError(error.status, error.body, headers);
  }

  // --- Graph -----------------------------------------------------------------------------------

  function authorize(req: IncomingMessage): IssuedToken {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) {
      throw graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    }
    const issued = tokens.get(match[1]);
    if (!issued)
      throw graphError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed.');
    if (issued.revoked || issued.expiresAt <= Date.now()) {
      throw graphError(
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
      );
    }
    return issued;
  }

  /** Graph's answer when the token's roles do not cover the request. */
  function requireRole(issued: IssuedToken, write: boolean): void {
    const roles = issued.app.roles ?? DEFAULT_ROLES;
    const allowed = write
      ? roles.includes('Mail.ReadWrite')
      : roles.includes('Mail.Read') || roles.includes('Mail.ReadWrite');
    if (!allowed) {
      throw graphError(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    }
  }

  function mailboxFor(issued: IssuedToken, address: string): FakeMailbox {
    const mailbox = findMailbox(address);
    if (!mailbox) {
      throw graphError(404, 'ErrorInvalidUser', `The requested user '${address}' is invalid.`);
    }
    const allowed = issued.app.mailboxes;
    if (allowed && !allowed.some((entry) => mailboxKey(entry) === mailboxKey(address))) {
      throw graphError(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    }
    const policy = issued.app.accessPolicy;
    if (policy && !policy.some((entry) => mailboxKey(entry) === mailboxKey(address))) {
      throw graphError(
        403,
        'ErrorAccessDenied',
        'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
      );
    }
    return mailbox;
  }

  function messageJson(
    message: FakeMessage,
    select: string[] | undefined,
  ): Record<string, unknown> {
    const full: Record<string, unknown> = {
      '@odata.etag': `W/"${message.id.slice(-8)}"`,
      id: message.id,
      receivedDateTime: message.receivedDateTime,
      internetMessageId: message.internetMessageId,
      subject: message.subject,
      isRead: message.isRead,
      parentFolderId: message.folderId,
    };
    if (!select) return full;
    return Object.fromEntries(
      Object.entries(full).filter(
        ([key]) => key === 'id' || key === '@odata.etag' || select.includes(key),
      ),
    );
  }

  function folderJson(mailbox: FakeMailbox, folder: FakeFolder): Record<string, unknown> {
    const inFolder = [...mailbox.messages.values()].filter((m) => m.folderId === folder.id);
    return {
      id: folder.id,
      displayName: folder.displayName,
      parentFolderId: 'root',
      childFolderCount: 0,
      unreadItemCount: inFolder.filter((m) => !m.isRead).length,
      totalItemCount: inFolder.length,
      isHidden: false,
    };
  }

  type Predicate = (message: FakeMessage) => boolean;

  /** The few $filter clauses Replyline uses, joined with `and`, as Graph evaluates them. */
  function parseFilter(filter: string): {
    predicate: Predicate;
    firstProperty: string | undefined;
  } {
    const clauses = filter.split(/\s+and\s+/i).map((clause) => clause.trim());
    const predicates: Predicate[] = clauses.map((clause) => {
      let match = /^isRead eq (true|false)$/i.exec(clause);
      if (match) {
        const wanted = match[1].toLowerCase() === 'true';
        return (message) => message.isRead === wanted;
      }
      match = /^receivedDateTime (ge|gt|le|lt|eq) (\S+)$/i.exec(clause);
      if (match) {
        const operator = match[1].toLowerCase();
        const bound = Date.parse(match[2]);
        if (Number.isNaN(bound))
          throw graphError(400, 'BadRequest', `Invalid filter clause: ${clause}`);
        return (message) => {
          const value = Date.parse(message.receivedDateTime);
          return operator === 'ge'
            ? value >= bound
            : operator === 'gt'
              ? value > bound
              : operator === 'le'
                ? value <= bound
                : operator === 'lt'
                  ? value < bound
                  : value === bound;
        };
      }
      throw graphError(400, 'BadRequest', `Invalid filter clause: ${clause}`);
    });
    return {
      predicate: (message) => predicates.every((predicate) => predicate(message)),
      firstProperty: /^(\w+)/.exec(clauses[0] ?? '')?.[1],
    };
  }

  function listMessages(
    mailbox: FakeMailbox,
    folder: FakeFolder,
    query: URLSearchParams,
    path: string,
  ): unknown {
    const filter = query.get('$filter');
    const orderby = query.get('$orderby');
    const parsed = filter ? parseFilter(filter) : undefined;
    let messages = [...mailbox.messages.values()].filter(
      (message) => message.folderId === folder.id,
    );
    if (parsed) messages = messages.filter(parsed.predicate);
    if (orderby) {
      const [property, direction = 'asc'] = orderby.trim().split(/\s+/);
      if (property !== 'receivedDateTime') {
        throw graphError(400, 'BadRequest', `Unsupported $orderby property ${property}`);
      }
      // Graph's rule for $filter with $orderby: the ordered property must come first in $filter.
      if (parsed && parsed.firstProperty !== property) {
        throw graphError(
          400,
          'InefficientFilter',
          'The restriction or sort order is too complex for this operation.',
        );
      }
      const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
      messages.sort(
        (a, b) => sign * (Date.parse(a.receivedDateTime) - Date.parse(b.receivedDateTime)),
      );
    } else {
      messages.sort((a, b) => Date.parse(b.receivedDateTime) - Date.parse(a.receivedDateTime));
    }
    const top = Math.min(Number(query.get('$top') ?? 10), 1000);
    const skip = Number(query.get('$skip') ?? 0);
    const select = query.get('$select')?.split(',');
    const page = messages.slice(skip, skip + top);
    const body: Record<string, unknown> = {
      '@odata.context': `${url}/v1.0/$metadata#users('${mailbox.address}')/mailFolders('${folder.id}')/messages`,
      value: page.map((message) => messageJson(message, select)),
    };
    if (skip + top < messages.length) {
      const next = new URLSearchParams(query);
      next.set('$skip', String(skip + top));
      body['@odata.nextLink'] = `${url}${path}?${next.toString().replace(/\+/g, '%20')}`;
    }
    return body;
  }

  async function graph(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<unknown> {
    const issued = authorize(req);
    const match = /^\/v1\.0\/users\/([^/]+)(\/.*)?$/.exec(path);
    if (!match)
      throw graphError(400, 'BadRequest', `Resource not found for the segment '${path}'.`);
    const mailbox = mailboxFor(issued, decodeURIComponent(match[1]));
    const rest = match[2] ?? '';
    const method = req.method ?? 'GET';
    requireRole(issued, method !== 'GET');
    let m: RegExpExecArray | null;

    if (rest === '/mailFolders' && method === 'GET') {
      const filter = query.get('$filter');
      const name = filter
        ? /^displayName eq '((?:[^']|'')*)'$/.exec(filter)?.[1]?.replace(/''/g, "'")
        : undefined;
      if (filter && name === undefined)
        throw graphError(400, 'BadRequest', `Invalid filter: ${filter}`);
      const folders = [...mailbox.folders.values()].filter(
        (folder) => name === undefined || folder.displayName.toLowerCase() === name.toLowerCase(),
      );
      return { value: folders.map((folder) => folderJson(mailbox, folder)) };
    }
    if (rest === '/mailFolders' && method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}') as { displayName?: string };
      if (!body.displayName)
        throw graphError(400, 'ErrorInvalidParameter', 'displayName is required.');
      const existing = [...mailbox.folders.values()].find(
        (folder) => folder.displayName.toLowerCase() === body.displayName?.toLowerCase(),
      );
      if (existing) {
        throw graphError(
          409,
          'ErrorFolderExists',
          'A folder with the specified name already exists.',
        );
      }
      const folder = { id: graphId(), displayName: body.displayName };
      mailbox.folders.set(folder.id, folder);
      res.statusCode = 201;
      return folderJson(mailbox, folder);
    }
    if ((m = /^\/mailFolders\/([^/]+)$/.exec(rest)) && method === 'GET') {
      return folderJson(mailbox, existingFolder(mailbox, decodeURIComponent(m[1])));
    }
    if ((m = /^\/mailFolders\/([^/]+)\/messages$/.exec(rest)) && method === 'GET') {
      const folder = existingFolder(mailbox, decodeURIComponent(m[1]));
      return listMessages(mailbox, folder, query, path);
    }
    if ((m = /^\/messages\/([^/]+)(\/.*)?$/.exec(rest))) {
      const message = mailbox.messages.get(decodeURIComponent(m[1]));
      if (!message)
        throw graphError(
          404,
          'ErrorItemNotFound',
          'The specified object was not found in the store.',
        );
      const action = m[2] ?? '';
      const refusal = refusedChanges.get(message.id);
      if (refusal && method !== 'GET') {
        throw graphError(refusal.status, refusal.code, refusal.message);
      }
      if (action === '/$value' && method === 'GET') {
        // Graph labels the MIME text/plain without a charset (microsoft-graph-docs#10330).
        res.setHeader('content-type', 'text/plain');
        return message.asStored ? message.raw : await exchangeShapedMime(message.raw);
      }
      if (action === '' && method === 'GET')
        return messageJson(message, query.get('$select')?.split(','));
      if (action === '' && method === 'PATCH') {
        const body = JSON.parse((await readBody(req)) || '{}') as { isRead?: boolean };
        if (typeof body.isRead === 'boolean') message.isRead = body.isRead;
        return messageJson(message, undefined);
      }
      if (action === '' && method === 'DELETE') {
        mailbox.messages.delete(message.id);
        res.statusCode = 204;
        return undefined;
      }
      if (action === '/permanentDelete' && method === 'POST') {
        mailbox.messages.delete(message.id);
        res.statusCode = 204;
        return undefined;
      }
      if (action === '/move' && method === 'POST') {
        const body = JSON.parse((await readBody(req)) || '{}') as { destinationId?: string };
        const destination = body.destinationId ? folderOf(mailbox, body.destinationId) : undefined;
        if (!destination)
          throw graphError(404, 'ErrorItemNotFound', 'The specified folder was not found.');
        // Exchange gives a moved message a new id.
        mailbox.messages.delete(message.id);
        const moved = { ...message, id: graphId(), folderId: destination.id };
        mailbox.messages.set(moved.id, moved);
        res.statusCode = 201;
        return messageJson(moved, undefined);
      }
    }
    throw graphError(400, 'BadRequest', `Unsupported request ${method} ${rest}`);
  }

  // --- server ----------------------------------------------------------------------------------

  function wait(ms: number): Promise<void> {
    if (!ms) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = new URL(req.url ?? '/', url);
    const path = parsed.pathname;
    const tokenMatch = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    const kind: RecordedRequest['kind'] = tokenMatch
      ? 'token'
      : path.startsWith('/v1.0/')
        ? 'graph'
        : 'other';
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(parsed.searchParams),
      status: 0,
      kind,
      accept: req.headers.accept,
      at: new Date(),
    };
    requests.push(record);
    let status = 200;
    let body: unknown;
    let headers: Record<string, string> = {};
    try {
      if (kind === 'token' && tokenMatch && req.method === 'POST') {
        await wait(delay.tokenMs);
        const outage = takeTokenFault();
        if (outage) {
          await readBody(req);
          throw outage;
        }
        body = await token(req, decodeURIComponent(tokenMatch[1]));
      } else if (kind === 'graph') {
        await wait(delay.graphMs);
        const fault = faults.find((candidate) => candidate.match.test(path));
        if (fault) {
          fault.times -= 1;
          if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
          throw new HttpError(
            fault.status,
            fault.status === 429
              ? {
                  error: {
                    code: 'TooManyRequests',
                    message: 'Application is over its MailboxConcurrency limit.',
                  },
                }
              : {
                  error: {
                    code: 'ServiceUnavailable',
                    message: 'The service is temporarily unavailable.',
                  },
                },
            fault.retryAfterSeconds === undefined
              ? {}
              : { 'retry-after': String(fault.retryAfterSeconds) },
          );
        }
        body = await graph(req, res, path, parsed.searchParams);
        status = res.statusCode;
      } else {
        throw new HttpError(404, { error: 'not_found', error_description: `No route for ${path}` });
      }
    } catch (error) {
      if (!(error instanceof HttpError)) {
        status = 500;
        body = { error: { code: 'InternalServerError', message: String(error) } };
      } else {
        status = error.status;
        body = error.body;
        headers = error.headers;
      }
    }
    record.status = status;
    if (res.destroyed) return;
    res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (body === undefined) {
      res.end();
    } else if (typeof body === 'string') {
      res.setHeader('content-type', 'text/html');
      res.end(body);
    } else if (Buffer.isBuffer(body)) {
      res.end(body);
    } else {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(body));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    registerApp(app) {
      apps.push({ ...app });
    },
    updateApp(clientId, changes) {
      const app = apps.find((candidate) => candidate.clientId === clientId);
      if (!app) throw new Error(`No app ${clientId} is registered`);
      Object.assign(app, changes);
    },
    addMailbox,
    addMessage(address, raw, options = {}) {
      addMailbox(address);
      const mailbox = findMailbox(address) as FakeMailbox;
      const folder = folderOf(mailbox, options.folder ?? 'inbox');
      if (!folder) throw new Error(`No folder ${options.folder ?? ''} in ${address}`);
      const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      const headers = buffer
        .subarray(0, 64 * 1024)
        .toString('utf8')
        .split(/\r?\n\r?\n/)[0];
      const message: FakeMessage = {
        id: graphId(),
        folderId: folder.id,
        raw: buffer,
        isRead: options.isRead ?? false,
        receivedDateTime: (options.receivedAt ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z'),
        asStored: options.asStored ?? false,
        internetMessageId: /^message-id:\s*(<[^>\r\n]+>)/im.exec(headers)?.[1],
        subject: /^subject:[ \t]*(.*)$/im.exec(headers)?.[1],
      };
      mailbox.messages.set(message.id, message);
      return message.id;
    },
    messages(address, folderName) {
      const mailbox = findMailbox(address);
      if (!mailbox) return [];
      const folder = folderName ? folderOf(mailbox, folderName) : undefined;
      if (folderName && !folder) return [];
      return [...mailbox.messages.values()].filter(
        (message) => !folder || message.folderId === folder.id,
      );
    },
    folders(address) {
      return [...(findMailbox(address)?.folders.values() ?? [])];
    },
    failNext(fault) {
      faults.push({ times: 1, match: /^\/v1\.0\//, ...fault });
    },
    failNextToken(fault) {
      tokenFaults.push({ times: 1, ...fault });
    },
    setDelay(next) {
      delay = { tokenMs: next.tokenMs ?? 0, graphMs: next.graphMs ?? 0 };
    },
    setTokenLifetime(seconds) {
      tokenLifetimeSeconds = seconds;
    },
    revokeTokens() {
      for (const issued of tokens.values()) issued.revoked = true;
    },
    setRoles(clientId, roles) {
      for (const app of apps) if (app.clientId === clientId) app.roles = [...roles];
    },
    refuseChanges(
      messageId,
      answer = {
        status: 403,
        code: 'ErrorAccessDenied',
        message: 'Access is denied. Check credentials and try again.',
      },
    ) {
      refusedChanges.set(messageId, answer);
    },
    tokenRequestCount() {
      return requests.filter((request) => request.kind === 'token').length;
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

import { Inject, Injectable } from '@nestjs/common';
import { applicationRolesOf, MARK_READ_PERMISSION } from './access-token-roles.js';
import { GraphApiClient, GraphRequestException } from './graph-api.client.js';
import { graphRefusalHint } from './graph-refusal-hint.js';
import { MailboxErrorCode, MailboxException, formatSeconds } from './mailbox.exception.js';
import { MAILBOX_OPTIONS } from './mailbox.options.js';
import type { MailboxOptions } from './mailbox.options.js';
import { MailboxProvider, failureMessage } from './mailbox.provider.js';
import { MailboxAuthMethod } from './mailbox.types.js';
import type {
  ConnectionTestOptions,
  ConnectionTestResult,
  ListFolderOptions,
  ListUnreadOptions,
  MailboxMessageRef,
  MailboxSession,
  MarkReadFailure,
  MicrosoftAccount,
  MoveResult,
  RawMailboxMessage,
} from './mailbox.types.js';
import { MicrosoftTokenService, credentialsMessage } from './microsoft-token.service.js';

const INBOX = 'INBOX';
const DEFAULT_UNREAD_LIMIT = 500;
/** Graph's page size for messages can go to 1000, but large pages are slow and often throttled. */
const PAGE_SIZE = 100;
const MESSAGE_FIELDS = 'id,receivedDateTime,internetMessageId';
/**
 * What Microsoft's SDKs ask for when downloading a message's MIME (`$value`): the bytes, or Graph's
 * JSON error (msgraph-sdk-go ItemMessagesItemValueContentRequestBuilder.ToGetRequestInformation).
 */
const MIME_CONTENT = 'application/octet-stream, application/json';
/**
 * Graph refuses `$orderby` on a property that is not also the first one in `$filter`
 * ("InefficientFilter"), so the filter starts with an always-true date bound.
 */
const SINCE_EVER = 'receivedDateTime ge 1900-01-01T00:00:00Z';

export interface GraphMessage {
  id: string;
  receivedDateTime: string;
  internetMessageId?: string;
}

interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/**
 * Exchange Online through Microsoft Graph with an app registration (client credentials). What to
 * tell the admin depends on where it fails: the token (tenant, client or secret are wrong: the
 * product's fixed sentence) or the mailbox (permissions, consent, address: Graph's error code).
 * A little over ~400 lines: the file holds the provider and its session, whose operations (list,
 * fetch, mark read, move, delete) each carry their own Graph paging and error mapping.
 */
@Injectable()
export class GraphMailboxProvider extends MailboxProvider<MicrosoftAccount> {
  readonly authMethod = MailboxAuthMethod.MICROSOFT_OAUTH;

  constructor(
    @Inject(MAILBOX_OPTIONS) private readonly options: MailboxOptions,
    private readonly tokens: MicrosoftTokenService,
  ) {
    super();
  }

  async testConnection(
    account: MicrosoftAccount,
    options: ConnectionTestOptions = {},
  ): Promise<ConnectionTestResult> {
    const timeoutMs = options.timeoutMs ?? this.options.connectTimeoutMs;
    const controller = new AbortController();
    let stage: 'token' | 'mailbox' = 'token';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new MailboxException(
          MailboxErrorCode.TIMEOUT,
          stage === 'token'
            ? `${credentialsMessage(account)} The Microsoft identity platform did not answer within ${formatSeconds(timeoutMs)}.`
            : `${mailboxPrefix(account)}: Microsoft Graph did not answer within ${formatSeconds(timeoutMs)}.`,
        );
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const probe = (async () => {
      let token = await this.tokens.acquireToken(account);
      // A cached token predates consent granted a moment ago: ask once more before refusing.
      if (!grantsMarkRead(token))
        token = await this.tokens.acquireToken(account, { forceRefresh: true });
      requireMarkReadPermission(account, token);
      stage = 'mailbox';
      const graph = this.graphClient(account, controller.signal);
      await graph.json({ path: `${mailboxPath(account)}/mailFolders/inbox?$select=id` });
    })();
    probe.catch(() => undefined);
    try {
      await Promise.race([probe, deadline]);
      return {
        ok: true,
        message: `Connected to Tenant ID: ${account.tenantId} with Client: ${account.clientId} and read the Inbox of ${account.mailbox}.`,
      };
    } catch (error) {
      return { ok: false, message: testFailureMessage(account, error) };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  async open(account: MicrosoftAccount): Promise<MailboxSession> {
    // Fail here, with the admin's wording, rather than in the middle of a run.
    await this.tokens.acquireToken(account);
    const session = new GraphMailboxSession(this.graphClient(account), account, this.options);
    try {
      await session.checkInbox();
    } catch (error) {
      throw error instanceof GraphRequestException
        ? new MailboxException(error.code, testFailureMessage(account, error), { cause: error })
        : error;
    }
    return session;
  }

  /** A Graph client for this account, for the session, the watcher and the subscriptions. */
  graphClient(account: MicrosoftAccount, signal?: AbortSignal): GraphApiClient {
    return new GraphApiClient({
      baseUrl: this.options.graphBaseUrl,
      getToken: (forceRefresh) => this.tokens.acquireToken(account, { forceRefresh }),
      maxRetries: this.options.graphMaxRetries,
      maxRetryAfterMs: this.options.graphMaxRetryAfterMs,
      requestTimeoutMs: this.options.requestTimeoutMs,
      signal,
    });
  }
}

/**
 * The ref of a listed message. Sessions and watches build keys here, and only here: the same
 * message must get the same key however it was found, or the intake would store it twice.
 */
export function graphMessageRef(
  account: MicrosoftAccount,
  folder: string,
  message: GraphMessage,
): MailboxMessageRef {
  return {
    key: `graph:${account.mailbox}:${message.id}`,
    folder,
    graphId: message.id,
    receivedAt: new Date(message.receivedDateTime),
    messageId: message.internetMessageId || undefined,
  };
}

/**
 * Replyline marks every reply it stores read, which needs Mail.ReadWrite: an app that can only
 * read would pass a read-only test and then fail every sync. The token's `roles` claim says what
 * admin consent granted.
 */
function grantsMarkRead(accessToken: string): boolean {
  return applicationRolesOf(accessToken)?.includes(MARK_READ_PERMISSION) ?? false;
}

function requireMarkReadPermission(account: MicrosoftAccount, accessToken: string): void {
  const roles = applicationRolesOf(accessToken);
  const connected = `Connected to Tenant ID: ${account.tenantId} with Client: ${account.clientId}`;
  if (roles === null) {
    throw new MailboxException(
      MailboxErrorCode.PERMISSION_DENIED,
      `${connected}, but its access token does not say which application permissions were granted, so the ${MARK_READ_PERMISSION} permission that marking replies read needs cannot be confirmed.`,
    );
  }
  if (roles.includes(MARK_READ_PERMISSION)) return;
  const granted = roles.length ? `granted: ${[...roles].sort().join(', ')}` : 'none granted';
  throw new MailboxException(
    MailboxErrorCode.PERMISSION_DENIED,
    `${connected}, but the app registration lacks the ${MARK_READ_PERMISSION} application permission (${granted}). Replyline marks every reply it reads as read, which Mail.Read alone does not allow: add ${MARK_READ_PERMISSION} under API permissions as an application permission and grant admin consent.`,
  );
}

function mailboxPrefix(account: MicrosoftAccount): string {
  return `Connected to Tenant ID: ${account.tenantId} but cannot read the mailbox ${account.mailbox}`;
}

export function mailboxPath(account: MicrosoftAccount): string {
  return `/users/${encodeURIComponent(account.mailbox)}`;
}

function testFailureMessage(account: MicrosoftAccount, error: unknown): string {
  if (error instanceof GraphRequestException) {
    if (error.code === MailboxErrorCode.THROTTLED) {
      return `${mailboxPrefix(account)}: ${error.message}`;
    }
    const hint = graphRefusalHint(error, account);
    return `${mailboxPrefix(account)}: ${error.graphCode} (${error.graphMessage}).${hint ? ` ${hint}` : ''}`;
  }
  return failureMessage(error, credentialsMessage(account));
}

class GraphMailboxSession implements MailboxSession {
  readonly authMethod = MailboxAuthMethod.MICROSOFT_OAUTH;
  readonly uidValidity = undefined;
  readonly inboxIdentity: string;
  private readonly folderIds = new Map<string, string>([[INBOX, 'inbox']]);

  constructor(
    private readonly graph: GraphApiClient,
    private readonly account: MicrosoftAccount,
    private readonly options: MailboxOptions,
  ) {
    this.inboxIdentity = `graph:${account.mailbox}`;
  }

  async checkInbox(): Promise<void> {
    await this.graph.json({ path: `${mailboxPath(this.account)}/mailFolders/inbox?$select=id` });
  }

  async listUnread(options: ListUnreadOptions = {}): Promise<MailboxMessageRef[]> {
    return this.listMessages(
      INBOX,
      'inbox',
      'isRead eq false',
      options.limit ?? DEFAULT_UNREAD_LIMIT,
      options.skip,
    );
  }

  async *fetchRaw(refs: readonly MailboxMessageRef[]): AsyncGenerator<RawMailboxMessage> {
    // A sliding window keeps a few downloads in flight while yielding in the listed order.
    const pending: Array<Promise<RawMailboxMessage | undefined>> = [];
    let next = 0;
    const start = () => {
      const ref = refs[next++];
      const download = this.graph
        .buffer({ path: `${this.messagePath(ref)}/$value`, accept: MIME_CONTENT })
        .then((raw) => ({ ref, raw }))
        .catch((error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw error;
        });
      // Rejections are observed when awaited below; don't let an early break leave them unhandled.
      download.catch(() => undefined);
      pending.push(download);
    };
    while (next < refs.length && pending.length < this.options.graphConcurrency) start();
    while (pending.length) {
      const message = await pending.shift();
      if (next < refs.length) start();
      if (message) yield message;
    }
  }

  async markRead(refs: readonly MailboxMessageRef[]): Promise<MarkReadFailure[]> {
    const failures: MarkReadFailure[] = [];
    await this.forEach(refs, async (ref) => {
      try {
        await this.graph.json({
          method: 'PATCH',
          path: this.messagePath(ref),
          body: { isRead: true },
        });
      } catch (error) {
        // Gone meanwhile: nothing to mark. Refused for this message: the others go on. Anything
        // else (throttling past the budget, an outage, a token Graph refuses) ends the session.
        if (isNotFound(error)) return;
        if (!isRefusalOfOneMessage(error)) throw error;
        failures.push({
          key: ref.key,
          reason: `Microsoft Graph refused to mark it read: ${error.graphCode} (${error.graphMessage})`,
        });
      }
    });
    return failures;
  }

  async moveTo(refs: readonly MailboxMessageRef[], folder: string): Promise<MoveResult> {
    if (!refs.length) return { moved: 0, method: 'GRAPH' };
    const destinationId = await this.folderId(folder, true);
    let moved = 0;
    await this.forEach(refs, async (ref) => {
      await this.graph.json({
        method: 'POST',
        path: `${this.messagePath(ref)}/move`,
        body: { destinationId },
      });
      moved++;
    });
    return { moved, method: 'GRAPH' };
  }

  async listFolder(folder: string, options: ListFolderOptions = {}): Promise<MailboxMessageRef[]> {
    const folderId = await this.folderId(folder, false);
    if (!folderId) return [];
    const filter = options.before
      ? `receivedDateTime lt ${options.before.toISOString()}`
      : SINCE_EVER;
    return this.listMessages(folder, folderId, filter, options.limit ?? Number.POSITIVE_INFINITY);
  }

  async deleteMessages(_folder: string, refs: readonly MailboxMessageRef[]): Promise<void> {
    await this.forEach(refs, async (ref) => {
      await this.graph
        .json({ method: 'POST', path: `${this.messagePath(ref)}/permanentDelete` })
        .catch(ignoreNotFound);
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private async listMessages(
    folder: string,
    folderId: string,
    filter: string,
    limit: number,
    skip?: ListUnreadOptions['skip'],
  ): Promise<MailboxMessageRef[]> {
    const fullFilter = filter.startsWith('receivedDateTime')
      ? filter
      : `${SINCE_EVER} and ${filter}`;
    const query = [
      `$filter=${encodeURIComponent(fullFilter)}`,
      `$orderby=${encodeURIComponent('receivedDateTime asc')}`,
      `$top=${skip ? PAGE_SIZE : Math.max(1, Math.min(PAGE_SIZE, limit))}`,
      `$select=${MESSAGE_FIELDS}`,
    ].join('&');
    const refs: MailboxMessageRef[] = [];
    let path: string | undefined =
      `${mailboxPath(this.account)}/mailFolders/${encodeURIComponent(folderId)}/messages?${query}`;
    while (path && refs.length < limit) {
      const page: GraphPage<GraphMessage> = await this.graph.json<GraphPage<GraphMessage>>({
        path,
      });
      const listed = page.value.map((message) => this.toRef(folder, message));
      const skipped = skip ? await skip(listed.map((ref) => ref.key)) : new Set<string>();
      refs.push(...listed.filter((ref) => !skipped.has(ref.key)));
      path = page['@odata.nextLink'];
    }
    return refs.slice(0, limit);
  }

  private toRef(folder: string, message: GraphMessage): MailboxMessageRef {
    return graphMessageRef(this.account, folder, message);
  }

  /** The id of a top-level folder by display name; created when `create` and missing. */
  private async folderId(folder: string, create: true): Promise<string>;
  private async folderId(folder: string, create: false): Promise<string | undefined>;
  private async folderId(folder: string, create: boolean): Promise<string | undefined> {
    const known = this.folderIds.get(folder);
    if (known) return known;
    const find = async () => {
      const escaped = folder.replace(/'/g, "''");
      const page = await this.graph.json<GraphPage<{ id: string }>>({
        path: `${mailboxPath(this.account)}/mailFolders?$filter=${encodeURIComponent(`displayName eq '${escaped}'`)}&$select=id,displayName`,
      });
      return page.value[0]?.id;
    };
    let id = await find();
    if (!id && create) {
      try {
        id = (
          await this.graph.json<{ id: string }>({
            method: 'POST',
            path: `${mailboxPath(this.account)}/mailFolders`,
            body: { displayName: folder },
          })
        ).id;
      } catch (error) {
        // Created meanwhile by another replica (409 ErrorFolderExists).
        id = await find();
        if (!id) throw error;
      }
    }
    if (id) this.folderIds.set(folder, id);
    return id;
  }

  private messagePath(ref: MailboxMessageRef): string {
    if (!ref.graphId) {
      throw new MailboxException(
        MailboxErrorCode.STALE_REFERENCE,
        `Message ${ref.key} is not a Microsoft Graph message`,
      );
    }
    return `${mailboxPath(this.account)}/messages/${encodeURIComponent(ref.graphId)}`;
  }

  private async forEach(
    refs: readonly MailboxMessageRef[],
    work: (ref: MailboxMessageRef) => Promise<void>,
  ): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < refs.length) await work(refs[next++]);
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.graphConcurrency, refs.length) }, worker),
    );
  }
}

/** A 4xx answer about one message (not the token, not throttling): other messages may still work. */
function isRefusalOfOneMessage(error: unknown): error is GraphRequestException {
  return (
    error instanceof GraphRequestException &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 401 &&
    error.status !== 429
  );
}

function isNotFound(error: unknown): boolean {
  return error instanceof GraphRequestException && error.status === 404;
}

/** A message that is gone needs no marking or deleting. */
function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

import type { ImapFlow } from 'imapflow';
import type { FetchMessageObject, MailboxObject } from 'imapflow';
import { describeImapError } from './imap-connection-errors.js';
import type { ImapFailure } from './imap-connection-errors.js';
import { INBOX } from './imap-connection.js';
import { toUidSet } from './imap-uid-set.js';
import { MailboxErrorCode, MailboxException } from './mailbox.exception.js';
import { MailboxAuthMethod } from './mailbox.types.js';
import type {
  ImapAccount,
  ListFolderOptions,
  ListUnreadOptions,
  MailboxMessageRef,
  MarkReadFailure,
  MailboxSession,
  MoveResult,
  RawMailboxMessage,
} from './mailbox.types.js';

const DEFAULT_UNREAD_LIMIT = 500;
/** Candidate keys handed to a listing's `skip` at a time. */
const SKIP_WINDOW = 1000;

/**
 * A selected-mailbox IMAP connection. imapflow queues commands, but a command issued while a
 * FETCH generator is being consumed waits for that FETCH to finish, which deadlocks the caller:
 * hence the busy guard.
 */
export class ImapMailboxSession implements MailboxSession {
  readonly authMethod = MailboxAuthMethod.BASIC;
  readonly uidValidity: string;
  private busy = false;
  private closed = false;

  constructor(
    private readonly client: ImapFlow,
    private readonly account: ImapAccount,
    inbox: MailboxObject,
    /** Whether the session runs over TLS (implicit or STARTTLS). */
    readonly encrypted: boolean,
  ) {
    this.uidValidity = inbox.uidValidity.toString();
  }

  get inboxIdentity(): string {
    return `${this.folderIdentity(INBOX)}:${this.uidValidity}`;
  }

  async listUnread(options: ListUnreadOptions = {}): Promise<MailboxMessageRef[]> {
    const limit = options.limit ?? DEFAULT_UNREAD_LIMIT;
    return this.run('list unread messages', async () => {
      const mailbox = await this.select(INBOX);
      const uids = (await this.client.search({ seen: false }, { uid: true })) || [];
      // UIDs grow with arrival, so the lowest are the oldest.
      const sorted = [...uids].sort((a, b) => a - b);
      const chosen: number[] = [];
      for (let start = 0; start < sorted.length && chosen.length < limit; start += SKIP_WINDOW) {
        const window = sorted.slice(start, start + SKIP_WINDOW);
        const keys = window.map((uid) => this.messageKey(mailbox, uid));
        const skipped = options.skip ? await options.skip(keys) : new Set<string>();
        window.forEach((uid, index) => {
          if (chosen.length < limit && !skipped.has(keys[index])) chosen.push(uid);
        });
      }
      return this.describeMessages(mailbox, chosen);
    });
  }

  async *fetchRaw(refs: readonly MailboxMessageRef[]): AsyncGenerator<RawMailboxMessage> {
    this.enter();
    let messages: AsyncGenerator<FetchMessageObject, unknown> | undefined;
    try {
      for (const [folder, group] of groupByFolder(refs)) {
        const mailbox = await this.translate('fetch messages', () => this.select(folder));
        assertFresh(mailbox, group);
        const byUid = new Map(group.map((ref) => [ref.uid, ref]));
        messages = this.client.fetch(uidSetOf(group), { uid: true, source: true }, { uid: true });
        for (;;) {
          let next: IteratorResult<FetchMessageObject, unknown>;
          try {
            next = await messages.next();
          } catch (error) {
            throw this.operationError('fetch messages', error);
          }
          if (next.done) break;
          const ref = byUid.get(next.value.uid);
          if (ref && next.value.source) yield { ref, raw: next.value.source };
        }
        messages = undefined;
      }
    } finally {
      // A consumer that stops early leaves imapflow's FETCH paused mid-response; returning its
      // generator lets it drain, or every later command would queue behind it forever.
      await messages?.return(undefined).catch(() => undefined);
      this.busy = false;
    }
  }

  /**
   * How many messages the server says it moved or copied. A UIDPLUS server answers with COPYUID
   * for every message it handled, so no map means none were there (already moved, say); without
   * UIDPLUS there is no way to tell, and a successful command is taken for the whole group.
   */
  private confirmedCount(uidMap: Map<number, number> | undefined, requested: number): number {
    if (uidMap) return uidMap.size;
    return this.client.capabilities.has('UIDPLUS') ? 0 : requested;
  }

  async markRead(refs: readonly MailboxMessageRef[]): Promise<MarkReadFailure[]> {
    return this.run('mark messages read', async () => {
      const failures: MarkReadFailure[] = [];
      for (const [folder, group] of groupByFolder(refs)) {
        assertFresh(await this.select(folder), group);
        if (await this.client.messageFlagsAdd(uidSetOf(group), ['\\Seen'], { uid: true })) continue;
        // One STORE for the group was refused: find out which messages the server refuses.
        for (const ref of group) {
          const ok = await this.client.messageFlagsAdd(uidSetOf([ref]), ['\\Seen'], { uid: true });
          if (!ok) {
            failures.push({
              key: ref.key,
              reason: `the IMAP server refused to mark it read in ${folder}`,
            });
          }
        }
      }
      return failures;
    });
  }

  async moveTo(refs: readonly MailboxMessageRef[], folder: string): Promise<MoveResult> {
    return this.run(`move messages to ${folder}`, async () => {
      let moved = 0;
      let method: MoveResult['method'] = this.client.capabilities.has('MOVE')
        ? 'MOVE'
        : 'COPY_EXPUNGE';
      if (!refs.length) return { moved, method };
      await this.ensureFolder(folder);
      for (const [source, group] of groupByFolder(refs)) {
        assertFresh(await this.select(source), group);
        const uids = uidSetOf(group);
        if (method === 'MOVE') {
          const result = await this.client.messageMove(uids, folder, { uid: true });
          if (!result) throw this.failed(`the server refused to move messages to ${folder}`);
          moved += this.confirmedCount(result.uidMap, group.length);
          continue;
        }
        // Without MOVE: copy, and only once the server confirmed the copy, flag and expunge
        // exactly these UIDs (UID EXPUNGE), so nothing leaves the source without being safe.
        const copied = await this.client.messageCopy(uids, folder, { uid: true });
        if (!copied) throw this.failed(`the server refused to copy messages to ${folder}`);
        const removed = await this.client.messageDelete(uids, { uid: true });
        if (!removed) {
          throw this.failed(
            `copied to ${folder}, but could not remove the originals from ${source}`,
          );
        }
        moved += this.confirmedCount(copied.uidMap, group.length);
        method = 'COPY_EXPUNGE';
      }
      return { moved, method };
    });
  }

  async listFolder(folder: string, options: ListFolderOptions = {}): Promise<MailboxMessageRef[]> {
    return this.run(`list ${folder}`, async () => {
      let mailbox: MailboxObject;
      try {
        mailbox = await this.select(folder);
      } catch (error) {
        if (
          (error as { mailboxMissing?: boolean }).mailboxMissing ||
          !(await this.exists(folder))
        ) {
          return [];
        }
        throw error;
      }
      if (!mailbox.exists) return [];
      const uids =
        (await this.client.search(options.before ? { before: options.before } : { all: true }, {
          uid: true,
        })) || [];
      const sorted = [...uids].sort((a, b) => a - b);
      return this.describeMessages(
        mailbox,
        options.limit === undefined ? sorted : sorted.slice(0, options.limit),
      );
    });
  }

  async deleteMessages(folder: string, refs: readonly MailboxMessageRef[]): Promise<void> {
    if (!refs.length) return;
    await this.run(`delete messages from ${folder}`, async () => {
      const mailbox = await this.select(folder);
      const inFolder = refs.filter((ref) => ref.folder === folder);
      if (inFolder.length !== refs.length) {
        throw this.failed(`refusing to delete messages that were not listed in ${folder}`);
      }
      assertFresh(mailbox, inFolder);
      const ok = await this.client.messageDelete(uidSetOf(inFolder), { uid: true });
      if (!ok) throw this.failed(`the server refused to delete messages from ${folder}`);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.logout();
    } catch {
      this.client.close();
    }
  }

  private messageKey(mailbox: MailboxObject, uid: number): string {
    return `${this.folderIdentity(mailbox.path)}:${mailbox.uidValidity.toString()}:${uid}`;
  }

  private folderIdentity(folder: string): string {
    return `imap:${this.account.username}@${this.account.host}:${folder}`;
  }

  private async select(folder: string): Promise<MailboxObject> {
    const current = this.client.mailbox;
    if (current && current.path === folder) return current;
    return this.client.mailboxOpen(folder);
  }

  private async exists(folder: string): Promise<boolean> {
    const folders = await this.client.list();
    return folders.some((entry) => entry.path === folder);
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (folder.toUpperCase() === INBOX || (await this.exists(folder))) return;
    try {
      await this.client.mailboxCreate(folder);
    } catch (error) {
      // Another replica may have created it between LIST and CREATE.
      if (!(await this.exists(folder))) {
        throw this.failed(
          `could not create the folder ${folder} (${describeImapError(error)})`,
          error,
        );
      }
    }
  }

  private async describeMessages(
    mailbox: MailboxObject,
    uids: readonly number[],
  ): Promise<MailboxMessageRef[]> {
    if (!uids.length) return [];
    const uidValidity = mailbox.uidValidity.toString();
    const messages = await this.client.fetchAll(
      toUidSet(uids),
      { uid: true, size: true, internalDate: true, envelope: true },
      { uid: true },
    );
    return messages
      .map((message) => ({
        key: this.messageKey(mailbox, message.uid),
        folder: mailbox.path,
        uid: message.uid,
        uidValidity,
        size: message.size,
        receivedAt: new Date(message.internalDate ?? 0),
        messageId: message.envelope?.messageId || undefined,
        from: message.envelope?.from?.[0]?.address?.toLowerCase() || undefined,
        subject: message.envelope?.subject || undefined,
      }))
      .sort((a, b) => a.uid - b.uid);
  }

  private enter(): void {
    if (this.closed) {
      throw new MailboxException(MailboxErrorCode.CONNECTION_FAILED, 'The IMAP session is closed');
    }
    if (this.busy) {
      throw new MailboxException(
        MailboxErrorCode.SESSION_BUSY,
        'The IMAP session is busy: finish the fetchRaw iteration before issuing other commands',
      );
    }
    this.busy = true;
  }

  private async run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    this.enter();
    try {
      return await this.translate(operation, work);
    } finally {
      this.busy = false;
    }
  }

  private async translate<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.operationError(operation, error);
    }
  }

  private operationError(operation: string, error: unknown): MailboxException {
    if (error instanceof MailboxException) return error;
    const code = (error as ImapFailure).code ?? '';
    const dropped = [
      'NoConnection',
      'EConnectionClosed',
      'ECONNRESET',
      'ETIMEOUT',
      'EPIPE',
    ].includes(code);
    return new MailboxException(
      dropped ? MailboxErrorCode.CONNECTION_FAILED : MailboxErrorCode.OPERATION_FAILED,
      `IMAP server ${this.account.host}:${this.account.port}: could not ${operation}: ${describeImapError(error)}`,
      { cause: error },
    );
  }

  private failed(reason: string, cause?: unknown): MailboxException {
    return new MailboxException(
      MailboxErrorCode.OPERATION_FAILED,
      `IMAP server ${this.account.host}:${this.account.port}: ${reason}`,
      { cause },
    );
  }
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

function uidSetOf(refs: readonly MailboxMessageRef[]): string {
  return toUidSet(refs.map((ref) => ref.uid).filter(isNumber));
}

function groupByFolder(refs: readonly MailboxMessageRef[]): Map<string, MailboxMessageRef[]> {
  const groups = new Map<string, MailboxMessageRef[]>();
  for (const ref of refs) {
    if (ref.uid === undefined) {
      throw new MailboxException(
        MailboxErrorCode.STALE_REFERENCE,
        `Message ${ref.key} is not an IMAP message`,
      );
    }
    const group = groups.get(ref.folder) ?? [];
    group.push(ref);
    groups.set(ref.folder, group);
  }
  return groups;
}

/** UIDs only identify messages under the UIDVALIDITY they were listed with. */
function assertFresh(mailbox: MailboxObject, refs: readonly MailboxMessageRef[]): void {
  const current = mailbox.uidValidity.toString();
  const stale = refs.find((ref) => ref.uidValidity !== undefined && ref.uidValidity !== current);
  if (stale) {
    throw new MailboxException(
      MailboxErrorCode.STALE_REFERENCE,
      `The UIDVALIDITY of ${mailbox.path} changed from ${stale.uidValidity} to ${current}: list the messages again`,
    );
  }
}

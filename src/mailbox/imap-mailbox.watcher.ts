import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { ImapFlow, MailboxObject } from 'imapflow';
import { backoffDelayMs } from '../common/backoff.js';
import { errorMessage } from '../common/error-message.js';
import { ImapMailboxProvider } from './imap-mailbox.provider.js';
import { REF_FETCH_QUERY, imapMessageRef } from './imap-message-ref.js';
import { toUidSet } from './imap-uid-set.js';
import { MailboxWatcher, WatchMode } from './mailbox-watcher.js';
import type { MailboxWatch, MailboxWatchEvent, WatchOptions } from './mailbox-watcher.js';
import type { ImapAccount, MailboxMessageRef } from './mailbox.types.js';

/** A connection that stayed up this long was healthy: the next failure backs off from the start. */
const STABLE_CONNECTION_MS = 60_000;

/**
 * IMAP IDLE (RFC 2177) on the Inbox through imapflow: one connection per watch, with the IDLE
 * loop driven here (auto-IDLE is off in imap-connection.ts) so that it can be renewed on time.
 */
@Injectable()
export class ImapMailboxWatcher extends MailboxWatcher<ImapAccount> {
  private readonly logger = new Logger(ImapMailboxWatcher.name);

  constructor(private readonly imap: ImapMailboxProvider) {
    super();
  }

  watch(account: ImapAccount, options: WatchOptions): MailboxWatch {
    return new ImapWatch(account, options, () => this.imap.connection(account), this.logger);
  }
}

/**
 * One IDLE watch: connect, report what is unread (catch-up), then IDLE; on EXISTS, fetch only the
 * messages above the highest UID seen so far and report the unread ones. When the connection
 * drops, reconnect with exponential backoff and full jitter, and catch up again.
 */
class ImapWatch implements MailboxWatch {
  private stopped = false;
  private readonly stopping = new AbortController();
  private client: ImapFlow | undefined;
  private readonly done: Promise<void>;
  private readonly server: string;

  constructor(
    account: ImapAccount,
    private readonly options: WatchOptions,
    private readonly connect: () => Promise<{ client: ImapFlow; inbox: MailboxObject }>,
    private readonly logger: Logger,
  ) {
    this.server = `IMAP server ${account.host}:${account.port}`;
    this.done = this.run(account);
  }

  hint(): void {
    // The server pushes; there is nothing to be told.
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.client?.close();
    await this.done;
  }

  private async run(account: ImapAccount): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let connectedAt: number | undefined;
      let reason: string;
      try {
        const { client, inbox } = await this.connect();
        this.client = client;
        if (this.stopped) break;
        if (!client.capabilities.has('IDLE')) {
          await client.logout().catch(() => undefined);
          await this.emit({
            kind: 'unsupported',
            reason: `${this.server} does not support IDLE (RFC 2177): new mail is found by the poll alone`,
          });
          return;
        }
        connectedAt = Date.now();
        await this.emit({ kind: 'connected', mode: WatchMode.IDLE });
        reason = await this.session(account, client, inbox);
      } catch (error) {
        reason = errorMessage(error);
      } finally {
        this.client?.close();
        this.client = undefined;
      }
      if (this.stopped) break;
      const stable = connectedAt !== undefined && Date.now() - connectedAt >= STABLE_CONNECTION_MS;
      failures = stable ? 1 : failures + 1;
      const retryInMs = backoffDelayMs(failures, this.options.timings.reconnect);
      await this.emit({ kind: 'disconnected', error: reason, retryInMs });
      await sleep(retryInMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  /** Watches one connection until it closes; resolves with why it ended. */
  private async session(
    account: ImapAccount,
    client: ImapFlow,
    inbox: MailboxObject,
  ): Promise<string> {
    const uidValidity = inbox.uidValidity.toString();
    let lastError: string | undefined;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (error: Error) => (lastError = error.message));

    // Everything up to here is the catch-up's; anything above it was pushed.
    let highestUid = inbox.uidNext - 1;
    let dirty = false;
    let draining: Promise<void> | undefined;
    const drain = async () => {
      while (dirty && !this.stopped && client.usable) {
        dirty = false;
        const { refs, highest } = await this.fetchAbove(account, client, uidValidity, highestUid);
        highestUid = highest;
        await this.report(refs, false);
      }
    };
    const startDraining = () => {
      draining ??= drain()
        .catch((error: unknown) => {
          // The connection is probably gone; the reconnect's catch-up finds what was missed.
          this.logger.warn(`${this.server}: could not fetch new mail: ${errorMessage(error)}`);
        })
        .finally(() => {
          draining = undefined;
          if (dirty && !this.stopped && client.usable) startDraining();
        });
    };
    client.on('exists', () => {
      dirty = true;
      startDraining();
    });

    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    const caughtUp = [...unseen].filter((uid) => uid <= highestUid).sort((a, b) => a - b);
    if (caughtUp.length) {
      const messages = await client.fetchAll(
        toUidSet(caughtUp.slice(0, this.options.batchSize)),
        REF_FETCH_QUERY,
        { uid: true },
      );
      await this.report(
        messages.map((message) => imapMessageRef(account, inbox.path, uidValidity, message)),
        true,
      );
    }

    // Servers end an IDLE after ~29 minutes (RFC 2177 asks clients to renew before 30): a NOOP
    // breaks it in time, and the loop below issues it again.
    const renew = setInterval(() => {
      this.logger.debug(`${this.server}: IDLE renewed`);
      client.noop().catch(() => undefined);
    }, this.options.timings.imapIdleRenewMs);
    const idling = (async () => {
      while (!this.stopped && client.usable && client.mailbox) {
        // Returns when a command (a FETCH after EXISTS, the renewing NOOP) breaks the IDLE.
        await client.idle({ whenFree: true }).catch(() => undefined);
      }
    })();
    try {
      await closed;
    } finally {
      clearInterval(renew);
      await idling;
      await draining;
    }
    return lastError
      ? `${this.server}: connection lost (${lastError})`
      : `${this.server} closed the connection`;
  }

  /** The messages above `highestUid` (UID `n:*` also names the highest UID when n is above it). */
  private async fetchAbove(
    account: ImapAccount,
    client: ImapFlow,
    uidValidity: string,
    highestUid: number,
  ): Promise<{ refs: MailboxMessageRef[]; highest: number }> {
    const mailbox = client.mailbox;
    if (!mailbox || mailbox.uidValidity.toString() !== uidValidity) {
      // The UIDs we know mean nothing now: reconnecting starts over with a catch-up.
      client.close();
      return { refs: [], highest: highestUid };
    }
    const messages = (
      await client.fetchAll(
        `${highestUid + 1}:*`,
        { ...REF_FETCH_QUERY, flags: true },
        { uid: true },
      )
    ).filter((message) => message.uid > highestUid);
    const highest = Math.max(highestUid, ...messages.map((message) => message.uid));
    const refs = messages
      .filter((message) => !message.flags?.has('\\Seen'))
      .sort((a, b) => a.uid - b.uid)
      .map((message) => imapMessageRef(account, mailbox.path, uidValidity, message));
    return { refs, highest };
  }

  private async report(refs: MailboxMessageRef[], catchUp: boolean): Promise<void> {
    for (let start = 0; start < refs.length; start += this.options.batchSize) {
      if (this.stopped) return;
      const batch = refs.slice(start, start + this.options.batchSize);
      await this.emit({ kind: 'new-mail', refs: batch, catchUp });
    }
  }

  private async emit(event: MailboxWatchEvent): Promise<void> {
    try {
      await this.options.onEvent(event);
    } catch (error) {
      this.logger.error(
        `Handling a mailbox watch event (${event.kind}) failed: ${errorMessage(error)}`,
      );
    }
  }
}

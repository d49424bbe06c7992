import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { errorMessage } from '../common/error-message.js';
import { Signal } from '../common/signal.js';
import { AppConfig } from '../config/app-config.js';
import { AdvisoryLockService } from '../database/advisory-lock.service.js';
import type { AdvisoryLock } from '../database/advisory-lock.service.js';
import { DatabaseEvents } from '../database/database-events.service.js';
import { MailboxProviders } from '../mailbox/mailbox-providers.js';
import { MailboxWatchers } from '../mailbox/mailbox-watchers.js';
import type {
  MailboxWatch,
  MailboxWatchEvent,
  MailboxWatchHint,
  WatchOptions,
} from '../mailbox/mailbox-watcher.js';
import { MailboxAuthMethod } from '../mailbox/mailbox.types.js';
import type { MailboxAccount } from '../mailbox/mailbox.types.js';
import { Metrics } from '../metrics/metrics.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import { IncomingEmailProcessor } from './incoming-email.processor.js';
import { MailboxIntakeService } from './mailbox-intake.service.js';
import { MailboxListenerMode } from './mailbox-listener-mode.enum.js';
import { MailboxListenerStateRepository } from './mailbox-listener-state.repository.js';
import type { ListenerStatePatch } from './mailbox-listener-state.repository.js';
import { MAILBOX_LISTENER_OPTIONS } from './mailbox-listener.options.js';
import type { MailboxListenerOptions } from './mailbox-listener.options.js';
import { MAILBOX_SYNC_OPTIONS } from './mailbox-sync.options.js';
import type { MailboxSyncOptions } from './mailbox-sync.options.js';

export const MAILBOX_LISTENER_LOCK = 'mailbox-listener';
/** Where Graph posts change notifications and lifecycle notifications (under PUBLIC_URL). */
export const GRAPH_NOTIFICATION_PATH = '/webhooks/graph/notifications';
export const GRAPH_LIFECYCLE_PATH = '/webhooks/graph/lifecycle';
/** Verified Graph notifications, from whichever replica received them to the one listening. */
const PUSH_CHANNEL = 'replyline_mailbox_push';
const HINTS = new Set<string>([
  'changed',
  'missed',
  'subscriptionRemoved',
  'reauthorizationRequired',
]);

/** One finished check of the supervisor, announced for tests and metrics. */
export interface ListenerCheck {
  at: Date;
  /** This replica holds the listener lock. */
  holder: boolean;
  /** This replica is watching a mailbox. */
  watching: boolean;
}

/** What mailboxSyncStatus shows of the listener, whichever replica answers. */
export interface MailboxListenerStatusView {
  mode: MailboxListenerMode;
  connected: boolean;
  connectedSince: Date | null;
  lastPushAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** The replica running the listener; null when none has reported lately. */
  holder: string | null;
  holderSeenAt: Date | null;
}

/** New mail a watch reported, once it is stored and processed. */
export interface ListenerIntake {
  at: Date;
  catchUp: boolean;
  reported: number;
  stored: number;
}

interface RunningWatch {
  handle: MailboxWatch;
  fingerprint: string;
}

/**
 * The mailbox listener: the replica that holds the `mailbox-listener` advisory lock watches the
 * configured mailbox (IMAP IDLE, Graph delta and notifications) and feeds what arrives through
 * the poll's own crash-safe intake and processing; the others check every `checkMs` whether they
 * must take over. Settings changes restart the watch within seconds (Postgres NOTIFY from the
 * settings module, and the same periodic check as a safety net). The poll keeps running beside
 * it as a sweep for anything a watch missed.
 */
@Injectable()
export class MailboxListenerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailboxListenerService.name);
  private lock: AdvisoryLock | null = null;
  private running: RunningWatch | null = null;
  /** A server without IDLE is asked again only after `unsupportedRetryMs`. */
  private unsupported: { fingerprint: string; until: number } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | null = null;
  private checkAgain = false;
  private stopped = false;
  private readonly unsubscribes: Array<() => void> = [];
  readonly checks = new Signal<ListenerCheck>('MailboxListenerService.checks');
  readonly intakes = new Signal<ListenerIntake>('MailboxListenerService.intakes');

  constructor(
    private readonly config: AppConfig,
    @Inject(MAILBOX_LISTENER_OPTIONS) private readonly options: MailboxListenerOptions,
    @Inject(MAILBOX_SYNC_OPTIONS) private readonly syncOptions: MailboxSyncOptions,
    private readonly locks: AdvisoryLockService,
    private readonly events: DatabaseEvents,
    private readonly settings: EmailSettingsService,
    private readonly watchers: MailboxWatchers,
    private readonly mailboxes: MailboxProviders,
    private readonly intake: MailboxIntakeService,
    private readonly processor: IncomingEmailProcessor,
    private readonly state: MailboxListenerStateRepository,
    private readonly metrics: Metrics,
  ) {}

  get replicaName(): string {
    return this.config.listener.replicaName;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.listener.enabled) return;
    this.unsubscribes.push(
      await this.settings.onChange(() => this.checkSoon()),
      await this.events.subscribe(PUSH_CHANNEL, (payload) => this.onPush(payload)),
      this.events.reconnected.subscribe(() => this.checkSoon()),
    );
    this.timer = setInterval(() => this.checkSoon(), this.options.checkMs);
    this.checkSoon();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    await this.checking;
    await this.stopWatching(false);
    if (this.lock) {
      await this.state.release(this.replicaName).catch(() => undefined);
      await this.lock.release();
      this.lock = null;
    }
  }

  /**
   * The listener as the holder last reported it. A holder that has not reported for three
   * checks is taken for gone (it died; another replica takes over within a check).
   */
  async status(now = new Date()): Promise<MailboxListenerStatusView> {
    const row = await this.state.read();
    const alive =
      !!row.holder &&
      !!row.holderSeenAt &&
      now.getTime() - row.holderSeenAt.getTime() <= 3 * this.options.checkMs;
    return {
      mode: (alive && row.mode) || MailboxListenerMode.POLL,
      connected: alive && row.connected,
      connectedSince: alive && row.connected ? row.connectedSince : null,
      lastPushAt: row.lastPushAt,
      lastError: row.lastError,
      lastErrorAt: row.lastErrorAt,
      holder: alive ? row.holder : null,
      holderSeenAt: row.holderSeenAt,
    };
  }

  /** Hands verified Graph notifications to the replica that listens (maybe this one). */
  async relay(hints: readonly MailboxWatchHint[]): Promise<void> {
    if (hints.length) await this.events.publish(PUSH_CHANNEL, hints.join(','));
  }

  /** Checks now (or right after the check in progress). */
  checkSoon(): void {
    if (this.stopped) return;
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = this.check().finally(() => {
      this.checking = null;
      if (this.checkAgain) {
        this.checkAgain = false;
        this.checkSoon();
      }
    });
  }

  private async check(): Promise<void> {
    try {
      if (!(await this.holdLock())) return;
      const account = await this.currentAccount();
      const fingerprint = account ? fingerprintOf(account) : null;
      if (this.running && this.running.fingerprint !== fingerprint) {
        this.logger.log('The mailbox settings changed: restarting the mailbox listener');
        await this.stopWatching(true);
      }
      if (!this.running && account && fingerprint && !this.isUnsupported(fingerprint)) {
        await this.startWatching(account, fingerprint);
      }
      await this.state.report(
        this.replicaName,
        account ? {} : { mode: MailboxListenerMode.POLL, connected: false, connectedSince: null },
      );
    } catch (error) {
      this.logger.warn(`Mailbox listener check failed: ${errorMessage(error)}`);
    } finally {
      this.checks.emit({ at: new Date(), holder: !!this.lock, watching: !!this.running });
    }
  }

  /** Takes the lock when it is free; a holder checks that its lock is still its own. */
  private async holdLock(): Promise<boolean> {
    if (this.lock) {
      if (await this.lock.isHeld()) return true;
      this.logger.warn(
        'The mailbox listener lock was lost (its database connection ended): stopping the listener here; another replica takes it over',
      );
      // Another replica may hold the lock and write the status row by now: let go of the lock
      // first, so that stopping here records nothing over the new holder's report.
      const lost = this.lock;
      this.lock = null;
      await this.stopWatching(false);
      await lost.release();
      return false;
    }
    this.lock = await this.locks.tryLock(MAILBOX_LISTENER_LOCK);
    if (!this.lock) return false;
    this.logger.log(`This replica (${this.replicaName}) now runs the mailbox listener`);
    await this.state.report(this.replicaName, { connected: false, connectedSince: null });
    return true;
  }

  private async currentAccount(): Promise<MailboxAccount | null> {
    try {
      return await this.settings.getMailboxAccount();
    } catch (error) {
      // A secret that no longer opens (wrong SECRETS_KEY): nothing to watch, and say why.
      await this.record({
        lastError: `The mailbox credentials cannot be read: ${errorMessage(error)}`,
        lastErrorAt: new Date(),
      });
      return null;
    }
  }

  private isUnsupported(fingerprint: string): boolean {
    return (
      !!this.unsupported &&
      this.unsupported.fingerprint === fingerprint &&
      Date.now() < this.unsupported.until
    );
  }

  private async startWatching(account: MailboxAccount, fingerprint: string): Promise<void> {
    const options: WatchOptions = {
      onEvent: (event) => this.onEvent(account, fingerprint, event),
      batchSize: this.config.mailbox.syncBatchSize,
      timings: this.options.timings,
    };
    if (account.authMethod === MailboxAuthMethod.MICROSOFT_OAUTH) {
      const mailbox = `${account.tenantId}/${account.mailbox.toLowerCase()}`;
      await this.state.claimGraph(mailbox);
      options.store = this.state.graphStore(mailbox);
      options.notifications = this.notificationUrls();
    }
    this.unsupported = null;
    this.running = { handle: this.watchers.watch(account, options), fingerprint };
  }

  private async stopWatching(forget: boolean): Promise<void> {
    const running = this.running;
    this.running = null;
    if (!running) return;
    await running.handle.stop({ forget });
    await this.record({ connected: false, connectedSince: null });
  }

  /** Graph calls only https URLs, so notifications need PUBLIC_URL to be https. */
  private notificationUrls(): WatchOptions['notifications'] {
    const base = this.config.http.publicUrl;
    if (!this.config.listener.graphChangeNotifications || !base.startsWith('https://')) {
      return undefined;
    }
    return {
      notificationUrl: `${base}${GRAPH_NOTIFICATION_PATH}`,
      lifecycleNotificationUrl: `${base}${GRAPH_LIFECYCLE_PATH}`,
    };
  }

  private async onEvent(
    account: MailboxAccount,
    fingerprint: string,
    event: MailboxWatchEvent,
  ): Promise<void> {
    const now = new Date();
    switch (event.kind) {
      case 'connected':
        this.logger.log(`Mailbox listener watching (${event.mode})`);
        await this.record({
          mode: MailboxListenerMode[event.mode],
          connected: true,
          connectedSince: now,
        });
        return;
      case 'disconnected':
        this.logger.warn(
          `Mailbox listener disconnected: ${event.error}; trying again in ${Math.round(event.retryInMs / 100) / 10} s`,
        );
        await this.record({
          connected: false,
          connectedSince: null,
          lastError: event.error,
          lastErrorAt: now,
        });
        return;
      case 'warning':
        this.logger.warn(`Mailbox listener: ${event.message}`);
        await this.record({ lastError: event.message, lastErrorAt: now });
        return;
      case 'unsupported':
        this.logger.warn(`Mailbox listener: ${event.reason}`);
        this.unsupported = { fingerprint, until: Date.now() + this.options.unsupportedRetryMs };
        if (this.running?.fingerprint === fingerprint) this.running = null;
        await this.record({
          mode: MailboxListenerMode.POLL,
          connected: false,
          connectedSince: null,
          lastError: event.reason,
          lastErrorAt: now,
        });
        return;
      case 'new-mail':
        await this.takeIn(account, event, now);
        return;
    }
  }

  /** The poll's intake and processing, for just the reported messages. */
  private async takeIn(
    account: MailboxAccount,
    event: Extract<MailboxWatchEvent, { kind: 'new-mail' }>,
    at: Date,
  ): Promise<void> {
    if (!event.catchUp) await this.record({ lastPushAt: at });
    try {
      const intake = await this.mailboxes.withSession(account, (session) =>
        this.intake.intakeListed(session, event.refs),
      );
      await this.processor.processPending({
        limit: this.config.mailbox.syncBatchSize * 2,
        concurrency: this.syncOptions.processingConcurrency,
        shouldStop: () => this.stopped,
      });
      this.intakes.emit({
        at,
        catchUp: event.catchUp,
        reported: event.refs.length,
        stored: intake.stored,
      });
    } catch (error) {
      const message = `New mail could not be taken in (the poll will): ${errorMessage(error)}`;
      await this.record({ lastError: message, lastErrorAt: new Date() });
      throw new Error(message, { cause: error });
    }
  }

  private onPush(payload: string): void {
    const running = this.running;
    if (!running) return;
    for (const hint of payload.split(',')) {
      if (HINTS.has(hint)) running.handle.hint(hint as MailboxWatchHint);
    }
  }

  /** Reports to the state row, as the holder; a failed write only costs the status a detail. */
  private async record(patch: ListenerStatePatch): Promise<void> {
    // The gauge is this replica's own connection, so it follows even a replica that just lost
    // the lock (and with it the right to write the shared status row).
    if (patch.connected !== undefined) this.metrics.setMailboxListenerConnected(patch.connected);
    if (!this.lock) return;
    await this.state.report(this.replicaName, patch).catch((error: unknown) => {
      this.logger.warn(`Could not record the mailbox listener state: ${errorMessage(error)}`);
    });
  }
}

/** Identifies an account with its secrets without keeping them (kept in memory only). */
function fingerprintOf(account: MailboxAccount): string {
  const fields = Object.entries(account).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

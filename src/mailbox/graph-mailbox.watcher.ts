import { Injectable, Logger } from '@nestjs/common';
import { backoffDelayMs } from '../common/backoff.js';
import { errorMessage } from '../common/error-message.js';
import type { GraphApiClient } from './graph-api.client.js';
import { isDeltaLinkExpired, runDeltaRound } from './graph-delta.js';
import { GraphMailboxProvider } from './graph-mailbox.provider.js';
import {
  clientStateDigest,
  createSubscription,
  deleteSubscription,
  isSubscriptionGone,
  newClientState,
  renewSubscription,
} from './graph-subscriptions.js';
import { MailboxWatcher, WatchMode } from './mailbox-watcher.js';
import type {
  MailboxWatch,
  MailboxWatchEvent,
  MailboxWatchHint,
  StoredSubscription,
  WatchOptions,
  WatchStateStore,
} from './mailbox-watcher.js';
import type { MicrosoftAccount } from './mailbox.types.js';

/** Messages a delta page may hold (`Prefer: odata.maxpagesize`); Graph's default is 10. */
const DELTA_PAGE_SIZE = 50;

/**
 * Microsoft Graph: the Inbox's message delta at a short interval, and, given https URLs, a change
 * notification subscription whose notifications (passed in as hints) run the delta at once.
 */
@Injectable()
export class GraphMailboxWatcher extends MailboxWatcher<MicrosoftAccount> {
  private readonly logger = new Logger(GraphMailboxWatcher.name);

  constructor(private readonly graph: GraphMailboxProvider) {
    super();
  }

  watch(account: MicrosoftAccount, options: WatchOptions): MailboxWatch {
    if (!options.store) throw new Error('A Graph watch needs a store for its delta link');
    return new GraphWatch(
      account,
      options,
      options.store,
      this.graph.graphClient(account),
      this.logger,
    );
  }
}

/**
 * One Graph watch. The delta link is saved only after the messages of its round were handed over
 * (and the handler returned), so a crash in between repeats the round rather than losing mail.
 */
class GraphWatch implements MailboxWatch {
  private stopped = false;
  private readonly stopping = new AbortController();
  private readonly hints = new Set<MailboxWatchHint>();
  private wake: (() => void) | undefined;
  /** Undefined until loaded from the store. */
  private subscription: StoredSubscription | null | undefined;
  private subscribeAgainAt = 0;
  private reportedMode: WatchMode | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly account: MicrosoftAccount,
    private readonly options: WatchOptions,
    private readonly store: WatchStateStore,
    private readonly graph: GraphApiClient,
    private readonly logger: Logger,
  ) {
    this.done = this.run();
  }

  hint(hint: MailboxWatchHint): void {
    this.hints.add(hint);
    this.wake?.();
  }

  /** `forget`: delete the subscription (the settings changed: it is of no use any more). */
  async stop(options: { forget?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.wake?.();
    await this.done;
    if (options.forget && this.subscription) {
      const { id } = this.subscription;
      this.subscription = null;
      await this.store.saveSubscription(null);
      await deleteSubscription(this.graph, id).catch((error: unknown) => {
        this.logger.warn(`Could not delete Graph subscription ${id}: ${errorMessage(error)}`);
      });
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    // A fresh round answered "expired" too: that is a fault to back off from, not a loop.
    let restartedAfterExpiry = false;
    while (!this.stopped) {
      const hints = new Set(this.hints);
      this.hints.clear();
      try {
        await this.deltaRound();
        failures = 0;
        restartedAfterExpiry = false;
        if (this.options.notifications) await this.maintainSubscription(hints);
        await this.reportMode();
        await this.pause(this.nextRoundInMs(), true);
      } catch (error) {
        if (this.stopped) break;
        if (isDeltaLinkExpired(error) && !restartedAfterExpiry) {
          restartedAfterExpiry = true;
          await this.store.saveDeltaLink(null);
          await this.emit({
            kind: 'warning',
            message: `Microsoft Graph no longer knows the saved delta link (${errorMessage(error)}): started a new delta round`,
          });
          continue;
        }
        failures++;
        this.reportedMode = undefined;
        const retryInMs = backoffDelayMs(failures, this.options.timings.reconnect);
        await this.emit({ kind: 'disconnected', error: errorMessage(error), retryInMs });
        await this.pause(retryInMs, false);
      }
    }
  }

  private async deltaRound(): Promise<void> {
    const saved = await this.store.loadDeltaLink();
    const next = await runDeltaRound(this.graph, this.account, saved, {
      pageSize: DELTA_PAGE_SIZE,
      onPage: async (refs) => {
        for (let start = 0; start < refs.length; start += this.options.batchSize) {
          const batch = refs.slice(start, start + this.options.batchSize);
          await this.emit({ kind: 'new-mail', refs: batch, catchUp: saved === null });
        }
      },
    });
    if (!this.stopped) await this.store.saveDeltaLink(next);
  }

  /** Creates, renews or replaces the subscription; a failure leaves the delta query alone. */
  private async maintainSubscription(hints: ReadonlySet<MailboxWatchHint>): Promise<void> {
    const notifications = this.options.notifications;
    if (!notifications) return;
    const { timings } = this.options;
    this.subscription ??= await this.store.loadSubscription();
    const now = Date.now();
    if (hints.has('subscriptionRemoved') || (this.subscription && !this.subscribed())) {
      await this.dropSubscription();
    }
    const current = this.subscription;
    if (current) {
      const due =
        hints.has('reauthorizationRequired') ||
        current.expiresAt.getTime() - now < timings.graphSubscriptionRenewBeforeMs;
      if (!due) return;
      try {
        await this.keep(
          await renewSubscription(
            this.graph,
            current.id,
            new Date(now + timings.graphSubscriptionLifetimeMs),
          ),
        );
        return;
      } catch (error) {
        if (!isSubscriptionGone(error)) {
          await this.emit({
            kind: 'warning',
            message: `Could not renew the Microsoft Graph subscription: ${errorMessage(error)}`,
          });
          return;
        }
        await this.dropSubscription();
      }
    }
    if (now < this.subscribeAgainAt) return;
    try {
      const clientState = newClientState();
      await this.store.saveClientStateDigest(clientStateDigest(clientState));
      await this.keep(
        await createSubscription(this.graph, this.account, {
          ...notifications,
          clientState,
          expiresAt: new Date(now + timings.graphSubscriptionLifetimeMs),
        }),
      );
    } catch (error) {
      this.subscribeAgainAt = now + timings.graphSubscriptionRetryMs;
      await this.emit({
        kind: 'warning',
        message: `Could not subscribe to Microsoft Graph change notifications (${errorMessage(error)}): reading the delta every ${Math.round(timings.graphDeltaIntervalMs / 1000)} s instead`,
      });
    }
  }

  private async keep(subscription: StoredSubscription): Promise<void> {
    this.subscription = subscription;
    await this.store.saveSubscription(subscription);
  }

  private async dropSubscription(): Promise<void> {
    this.subscription = null;
    await this.store.saveSubscription(null);
  }

  /** The delta interval, or less when the subscription is due for renewal sooner. */
  private nextRoundInMs(): number {
    const { timings } = this.options;
    if (!this.subscribed() || !this.subscription) return timings.graphDeltaIntervalMs;
    const renewalDueIn =
      this.subscription.expiresAt.getTime() - timings.graphSubscriptionRenewBeforeMs - Date.now();
    return Math.max(0, Math.min(timings.graphSubscribedDeltaIntervalMs, renewalDueIn));
  }

  private subscribed(): boolean {
    return !!this.subscription && this.subscription.expiresAt.getTime() > Date.now();
  }

  private async reportMode(): Promise<void> {
    const mode = this.subscribed() ? WatchMode.SUBSCRIPTION : WatchMode.DELTA;
    if (mode === this.reportedMode) return;
    this.reportedMode = mode;
    await this.emit({ kind: 'connected', mode });
  }

  /** Waits `ms`, or less when stopped or (if `wakeable`) when a hint arrives. */
  private pause(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped || (wakeable && this.hints.size)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const signal = this.stopping.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      if (wakeable) this.wake = done;
    });
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

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ExpectedSubscription } from '../mailbox/graph-change-notifications.js';
import type { StoredSubscription, WatchStateStore } from '../mailbox/mailbox-watcher.js';
import type { MailboxListenerMode } from './mailbox-listener-mode.enum.js';

/** What the replica running the listener last reported. */
export interface ListenerStateRow {
  holder: string | null;
  holderSeenAt: Date | null;
  mode: MailboxListenerMode | null;
  connected: boolean;
  connectedSince: Date | null;
  lastPushAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

export type ListenerStatePatch = Partial<Omit<ListenerStateRow, 'holder' | 'holderSeenAt'>>;

const COLUMNS: Record<keyof ListenerStatePatch, string> = {
  mode: 'mode',
  connected: 'connected',
  connectedSince: 'connected_since',
  lastPushAt: 'last_push_at',
  lastError: 'last_error',
  lastErrorAt: 'last_error_at',
};

/**
 * All SQL of `mailbox_listener_state`, its single row. The Graph columns belong to the mailbox in
 * `graph_mailbox`: every read and write names it, so a watch of a mailbox that is no longer
 * configured can neither read nor overwrite its successor's delta link or subscription.
 */
@Injectable()
export class MailboxListenerStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async read(): Promise<ListenerStateRow> {
    const [row] = await this.dataSource.query<
      Array<{
        holder: string | null;
        holder_seen_at: Date | null;
        mode: MailboxListenerMode | null;
        connected: boolean;
        connected_since: Date | null;
        last_push_at: Date | null;
        last_error: string | null;
        last_error_at: Date | null;
      }>
    >(
      `SELECT holder, holder_seen_at, mode, connected, connected_since, last_push_at, last_error,
              last_error_at
         FROM mailbox_listener_state WHERE id = 1`,
    );
    return {
      holder: row.holder,
      holderSeenAt: row.holder_seen_at,
      mode: row.mode,
      connected: row.connected,
      connectedSince: row.connected_since,
      lastPushAt: row.last_push_at,
      lastError: row.last_error,
      lastErrorAt: row.last_error_at,
    };
  }

  /** The holder's report: it is alive (the heartbeat), and what changed. */
  async report(holder: string, patch: ListenerStatePatch = {}): Promise<void> {
    const entries = (Object.keys(patch) as Array<keyof ListenerStatePatch>)
      .filter((key) => patch[key] !== undefined)
      .map((key) => [COLUMNS[key], patch[key]] as const);
    const sets = entries.map(([column], index) => `, ${column} = $${index + 2}`).join('');
    await this.dataSource.query(
      `UPDATE mailbox_listener_state
          SET holder = $1, holder_seen_at = now(), updated_at = now()${sets}
        WHERE id = 1`,
      [holder, ...entries.map(([, value]) => value)],
    );
  }

  /** The holder stops (shutdown, lost lock): nobody listens until another replica takes over. */
  async release(holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mailbox_listener_state
          SET holder = NULL, holder_seen_at = NULL, connected = false, connected_since = NULL,
              updated_at = now()
        WHERE id = 1 AND holder = $1`,
      [holder],
    );
  }

  /** Starts keeping Graph state for `mailbox`, dropping another mailbox's. */
  async claimGraph(mailbox: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mailbox_listener_state
          SET graph_mailbox = $1, graph_delta_link = NULL, graph_subscription_id = NULL,
              graph_subscription_expires_at = NULL, graph_client_state_digest = NULL
        WHERE id = 1 AND graph_mailbox IS DISTINCT FROM $1`,
      [mailbox],
    );
  }

  /** The subscription whose notifications are accepted now, whichever replica asks. */
  async expectedSubscription(): Promise<ExpectedSubscription | null> {
    const [row] = await this.dataSource.query<
      Array<{ graph_subscription_id: string | null; graph_client_state_digest: Buffer | null }>
    >(
      `SELECT graph_subscription_id, graph_client_state_digest FROM mailbox_listener_state WHERE id = 1`,
    );
    if (!row?.graph_client_state_digest) return null;
    return {
      subscriptionId: row.graph_subscription_id,
      clientStateDigest: row.graph_client_state_digest,
    };
  }

  /** The Graph watch's store for `mailbox` (call {@link claimGraph} first). */
  graphStore(mailbox: string): WatchStateStore {
    const select = async <T>(columns: string): Promise<T | undefined> => {
      const [row] = await this.dataSource.query<T[]>(
        `SELECT ${columns} FROM mailbox_listener_state WHERE id = 1 AND graph_mailbox = $1`,
        [mailbox],
      );
      return row;
    };
    const update = async (sets: string, values: unknown[]): Promise<void> => {
      await this.dataSource.query(
        `UPDATE mailbox_listener_state SET ${sets}, updated_at = now()
          WHERE id = 1 AND graph_mailbox = $1`,
        [mailbox, ...values],
      );
    };
    return {
      loadDeltaLink: async () =>
        (await select<{ graph_delta_link: string | null }>('graph_delta_link'))?.graph_delta_link ??
        null,
      saveDeltaLink: (link) => update('graph_delta_link = $2', [link]),
      loadSubscription: async () => {
        const row = await select<{
          graph_subscription_id: string | null;
          graph_subscription_expires_at: Date | null;
        }>('graph_subscription_id, graph_subscription_expires_at');
        return row?.graph_subscription_id && row.graph_subscription_expires_at
          ? { id: row.graph_subscription_id, expiresAt: row.graph_subscription_expires_at }
          : null;
      },
      saveClientStateDigest: (digest) =>
        update(
          'graph_client_state_digest = $2, graph_subscription_id = NULL, graph_subscription_expires_at = NULL',
          [digest],
        ),
      saveSubscription: (subscription: StoredSubscription | null) =>
        subscription
          ? update('graph_subscription_id = $2, graph_subscription_expires_at = $3', [
              subscription.id,
              subscription.expiresAt,
            ])
          : update(
              'graph_subscription_id = NULL, graph_subscription_expires_at = NULL, graph_client_state_digest = NULL',
              [],
            ),
    };
  }
}

/**
 * Shared steps of the mailbox listener specs: an app whose listener is on, with intervals short
 * enough for a test (checks every 200 ms, reconnects within a second) and the poll's timer off,
 * so that whatever is posted was posted by the listener; and the listener's status through
 * GraphQL, as an admin reads it.
 */
import type { TestingModuleBuilder } from '@nestjs/testing';
import pg from 'pg';
import { advisoryLockKey } from '../../../src/database/advisory-lock.service.js';
import { MAILBOX_LISTENER_LOCK } from '../../../src/mailbox-sync/mailbox-listener.service.js';
import { AppConfig } from '../../../src/config/app-config.js';
import {
  MAILBOX_LISTENER_OPTIONS,
  listenerOptionsFrom,
} from '../../../src/mailbox-sync/mailbox-listener.options.js';
import type { MailboxListenerOptions } from '../../../src/mailbox-sync/mailbox-listener.options.js';
import type { WatchTimings } from '../../../src/mailbox/mailbox-watcher.js';
import { eventually } from '../../support/eventually.js';
import type { TestApp } from '../../support/test-app.js';
import { expectNoErrors, syncOptions } from '../../mailbox-sync/support/sync-harness.js';

export const FAST_TIMINGS: Partial<WatchTimings> = {
  reconnect: { baseMs: 100, maxMs: 1_000 },
  graphDeltaIntervalMs: 200,
  graphSubscriptionRetryMs: 1_000,
};

/**
 * The poll's timer off and the listener's intervals short; `timings` override single timings.
 * The listener itself is on only with `MAILBOX_LISTENER: 'true'` in the app's env.
 */
export function listenerOptions(
  overrides: Partial<Omit<MailboxListenerOptions, 'timings'>> & {
    timings?: Partial<WatchTimings>;
  } = {},
) {
  return (builder: TestingModuleBuilder) =>
    syncOptions()(builder)
      .overrideProvider(MAILBOX_LISTENER_OPTIONS)
      .useFactory({
        factory: (config: AppConfig): MailboxListenerOptions => {
          const defaults = listenerOptionsFrom(config);
          return {
            ...defaults,
            checkMs: 200,
            ...overrides,
            timings: { ...defaults.timings, ...FAST_TIMINGS, ...overrides.timings },
          };
        },
        inject: [AppConfig],
      });
}

export interface ListenerShape {
  mode: 'IDLE' | 'DELTA' | 'SUBSCRIPTION' | 'POLL';
  connected: boolean;
  connectedSince: string | null;
  lastPushAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  holder: string | null;
  holderSeenAt: string | null;
}

export async function listenerStatus(t: TestApp): Promise<ListenerShape> {
  return (await syncStatus(t)).listener;
}

/** The whole status; `lastRun` stays null while no sync run (poll or syncMailboxNow) happened. */
export async function syncStatus(
  t: TestApp,
): Promise<{ listener: ListenerShape; lastRun: { id: string } | null; pendingEmails: number }> {
  const response = await t.gql<{
    mailboxSyncStatus: {
      listener: ListenerShape;
      lastRun: { id: string } | null;
      pendingEmails: number;
    };
  }>(
    `query { mailboxSyncStatus { lastRun { id } pendingEmails listener { mode connected
      connectedSince lastPushAt lastError lastErrorAt holder holderSeenAt } } }`,
  );
  expectNoErrors(response);
  return response.data!.mailboxSyncStatus;
}

/** Waits until the status shows what `check` expects (jest expectations inside); returns it. */
export function listenerUntil(
  t: TestApp,
  check: (listener: ListenerShape) => void,
  timeoutMs = 15_000,
): Promise<ListenerShape> {
  return eventually(
    async () => {
      const listener = await listenerStatus(t);
      check(listener);
      return listener;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/**
 * Ends the database session that holds the listener's advisory lock: what Postgres sees when the
 * listening replica dies or its connection is cut.
 */
export async function terminateLockSession(databaseUrl: string): Promise<void> {
  const key = BigInt.asUintN(64, BigInt(advisoryLockKey(MAILBOX_LISTENER_LOCK)));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid::bigint = $1 AND objid::bigint = $2
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [(key >> 32n).toString(), (key & 0xffffffffn).toString()],
    );
    expect(rows).toEqual([{ terminated: true }]);
  } finally {
    await client.end();
  }
}

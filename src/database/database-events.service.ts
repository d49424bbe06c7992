import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { backoffDelayMs } from '../common/backoff.js';
import { errorMessage } from '../common/error-message.js';
import { Signal } from '../common/signal.js';
import { newDedicatedConnection } from './dedicated-connection.js';

const CHANNEL_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const RECONNECT = { baseMs: 500, maxMs: 30_000 };

/**
 * Tells every replica that something changed, through Postgres LISTEN/NOTIFY: Postgres is the
 * only state replicas share, so it is also how they hear of each other's changes. A notification
 * published inside a transaction is delivered only if and when it commits. Delivery is
 * best-effort (a replica whose LISTEN connection was down misses what was sent meanwhile), so
 * subscribers also check the state itself now and then; `reconnected` says when they should.
 *
 * One LISTEN connection per process, outside the pool, opened on the first subscription.
 */
@Injectable()
export class DatabaseEvents implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseEvents.name);
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private connection: pg.Client | undefined;
  /** Channels the current connection listens on. */
  private listened = new Set<string>();
  private connecting: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  /** The LISTEN connection was lost and is back: whatever was published meanwhile was missed. */
  readonly reconnected = new Signal<void>('DatabaseEvents.reconnected');

  constructor(private readonly dataSource: DataSource) {}

  /** Publishes on `channel`; with a transaction's manager, only when (and if) it commits. */
  async publish(channel: string, payload = '', manager?: EntityManager): Promise<void> {
    assertChannel(channel);
    await (manager ?? this.dataSource.manager).query('SELECT pg_notify($1, $2)', [
      channel,
      payload,
    ]);
  }

  /**
   * Calls `listener` with the payload of every notification on `channel`, from this and every
   * other replica. Resolves once this process listens (or, when the database cannot be reached,
   * once reconnecting is scheduled); returns the function that stops listening.
   */
  async subscribe(channel: string, listener: (payload: string) => void): Promise<() => void> {
    assertChannel(channel);
    let channelListeners = this.listeners.get(channel);
    if (!channelListeners) {
      channelListeners = new Set();
      this.listeners.set(channel, channelListeners);
    }
    channelListeners.add(listener);
    try {
      if (!this.connection) await this.connect();
      const connection = this.connection;
      if (connection && !this.listened.has(channel)) {
        this.listened.add(channel);
        await connection.query(`LISTEN ${channel}`);
      }
    } catch (error) {
      this.logger.warn(`Database notifications: cannot listen yet: ${errorMessage(error)}`);
      if (!this.reconnectTimer) this.scheduleReconnect();
    }
    return () => channelListeners.delete(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    await this.connection?.end().catch(() => undefined);
    this.connection = undefined;
  }

  private connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const connection = newDedicatedConnection(this.dataSource);
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.connection === connection) this.connection = undefined;
      void connection.end().catch(() => undefined);
      if (!this.closed) {
        this.logger.warn(`Database notifications connection lost: ${reason}`);
        this.scheduleReconnect();
      }
    };
    connection.on('error', (error) => onLost(error.message));
    connection.on('end', () => onLost('the connection ended'));
    connection.on('notification', (message) => {
      for (const listener of this.listeners.get(message.channel) ?? []) {
        try {
          listener(message.payload ?? '');
        } catch (error) {
          this.logger.error(`A listener of ${message.channel} failed: ${errorMessage(error)}`);
        }
      }
    });
    try {
      await connection.connect();
      this.listened = new Set(this.listeners.keys());
      for (const channel of this.listened) await connection.query(`LISTEN ${channel}`);
    } catch (error) {
      lost = true;
      await connection.end().catch(() => undefined);
      throw error;
    }
    this.connection = connection;
    if (this.closed) await this.onApplicationShutdown();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.failures++;
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = undefined;
        this.connect().then(
          () => {
            this.failures = 0;
            this.logger.log('Database notifications connection restored');
            this.reconnected.emit();
          },
          (error: unknown) => {
            this.logger.warn(`Database notifications: reconnecting failed: ${errorMessage(error)}`);
            this.scheduleReconnect();
          },
        );
      },
      backoffDelayMs(this.failures, RECONNECT),
    );
  }
}

function assertChannel(channel: string): void {
  // Channel names go into LISTEN unquoted, so they are checked, never taken from input.
  if (!CHANNEL_NAME.test(channel)) throw new Error(`Invalid notification channel ${channel}`);
}

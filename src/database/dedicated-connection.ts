import pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A connection of its own, outside the application's pool, to the same server with the same
 * credentials: for what holds a connection for a long time (a session advisory lock, LISTEN), so
 * that it never takes a pool slot the application's own work needs. The caller adds an 'error'
 * listener (a dropped connection would otherwise crash the process) and ends it.
 */
export function newDedicatedConnection(dataSource: DataSource): pg.Client {
  // The data source is always a postgres one.
  const options = dataSource.options as {
    url?: string;
    host?: string;
    port?: number;
    username?: string;
    password?: unknown;
    database?: string;
    ssl?: pg.ClientConfig['ssl'];
  };
  return new pg.Client({
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: typeof options.password === 'string' ? options.password : undefined,
    database: options.database,
    ssl: options.ssl,
    connectionTimeoutMillis: 10_000,
    // Such a connection can stay open for hours: keepalives let both ends notice a peer that
    // vanished without closing it.
    keepAlive: true,
  });
}

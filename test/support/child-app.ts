import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLUSTER_FOLDER } from '../../src/database/embedded-postgres.js';
import { stopOrphanedPostmaster } from '../../src/database/postmaster-pid.js';
import { eventually } from './eventually.js';
import { freePort } from './free-port.js';
import type { GqlResponse } from './test-app.js';
import { TEST_ADMIN_TOKEN } from './test-app.js';

/**
 * The compiled service (`node dist/main.js`) as a real separate process, for what an in-process
 * app cannot show: the boot a newcomer runs (`npm start`, embedded database), signals, and
 * `kill -9` in the middle of work. Build first: `npm run build`.
 */
export interface ChildApp {
  readonly process: ChildProcess;
  readonly port: number;
  readonly baseUrl: string;
  readonly dataDir: string;
  /**
   * The first Server Admin's token: ADMIN_TOKEN, or the one the service printed on first start;
   * undefined on a later start without ADMIN_TOKEN (nothing is printed then).
   */
  readonly adminToken: string | undefined;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResponse<T>>;
  /** Sends `signal` and resolves with how the process ended once it is gone. */
  kill(signal: NodeJS.Signals): Promise<ChildExit>;
  /** Resolves with how the process ended, once it has. */
  exited(): Promise<ChildExit>;
  /**
   * SIGTERM (a clean shutdown), SIGKILL if that takes too long; stops an embedded database the
   * process left behind, and removes the data folder unless the caller passed it in.
   */
  stop(): Promise<void>;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildAppOptions {
  /** Unset: no DATABASE_URL, so the service runs its embedded PostgreSQL, as `npm start` does. */
  databaseUrl?: string;
  /** An existing data folder (a restart); the caller owns it. Default: a new temp folder. */
  dataDir?: string;
  /**
   * ADMIN_TOKEN to set (default: the test token); null sets none, and the token the service
   * prints on a first start is read from its output.
   */
  adminToken?: string | null;
  /** Extra environment, as an operator would set it. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** The entry point to run; defaults to the build's `dist/main.js` (benchmarks compiled elsewhere pass theirs). */
  main?: string;
  /** Extra Node.js flags, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
}

const MAIN = findMain();
const PORT_ATTEMPTS = 3;
const PRINTED_TOKEN = /Its API token \(shown only this once\):\s+(rl_[A-Za-z0-9_-]+)/;

/**
 * The repository's `dist/main.js`: two folders up from here when jest runs this file, further up
 * when a bench compiled it into its own `.build` folder.
 */
function findMain(): string {
  const wanted = (up: string) => fileURLToPath(new URL(`${up}dist/main.js`, import.meta.url));
  for (let up = '../../'; up.length <= 8 * 3; up += '../') {
    if (existsSync(wanted(up))) return wanted(up);
  }
  return wanted('../../');
}

/** A new temp data folder that the embedded server's OS user (postgres, under root) may enter. */
export function newDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'replyline-child-'));
  chmodSync(dataDir, 0o755);
  return dataDir;
}

export async function startChildApp(options: ChildAppOptions = {}): Promise<ChildApp> {
  const main = options.main ?? MAIN;
  if (!existsSync(main)) {
    throw new Error(`${main} does not exist: run \`npm run build\` before this test`);
  }
  let lastError: unknown;
  // freePort() can lose a race with another process for the port: try a fresh one.
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt += 1) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw lastError;
}

class PortInUseError extends Error {}

async function startOnce(options: ChildAppOptions, port: number): Promise<ChildApp> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? newDataDir();
  let output = '';
  const adminToken = options.adminToken === undefined ? TEST_ADMIN_TOKEN : options.adminToken;
  const child = spawnService(options, port, dataDir);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<ChildExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;

  const kill = async (signal: NodeJS.Signals): Promise<ChildExit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  const cleanUp = async (): Promise<void> => {
    // A process killed with SIGKILL leaves its embedded server running; end it with the test.
    await stopOrphanedPostmaster(join(dataDir, CLUSTER_FOLDER), () => undefined).catch(
      () => undefined,
    );
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await kill('SIGKILL');
    await cleanUp();
    if (/EADDRINUSE/.test(output)) throw new PortInUseError(output);
    throw new Error(`${(error as Error).message}\n--- child output ---\n${output}`, {
      cause: error,
    });
  }
  const token = adminToken ?? PRINTED_TOKEN.exec(output)?.[1];

  return {
    process: child,
    port,
    baseUrl,
    dataDir,
    adminToken: token,
    output: () => output,
    async gql<T>(
      query: string,
      variables?: Record<string, unknown>,
      bearer: string | null | undefined = token,
    ) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as {
        data?: T | null;
        errors?: GqlResponse<T>['errors'];
      };
      return { status: response.status, data: body.data, errors: body.errors, body };
    },
    kill,
    exited: () => exited,
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await kill('SIGTERM');
      clearTimeout(timer);
      await cleanUp();
    },
  };
}

/**
 * Runs the service until it exits by itself, for boots that must refuse to start (a folder it
 * cannot use, data it cannot read): its exit code and everything it wrote.
 */
export async function runUntilExit(
  options: ChildAppOptions & { dataDir: string },
): Promise<ChildExit & { output: string }> {
  const child = spawnService(options, await freePort(), options.dataDir);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const safetyNet = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exit = await new Promise<ChildExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  clearTimeout(safetyNet);
  return { ...exit, output };
}

function spawnService(options: ChildAppOptions, port: number, dataDir: string): ChildProcess {
  const adminToken = options.adminToken === undefined ? TEST_ADMIN_TOKEN : options.adminToken;
  // Only what the service needs: the test runner's own NODE_OPTIONS (vm modules) stay out.
  return spawn(process.execPath, [...(options.nodeArgs ?? []), options.main ?? MAIN], {
    env: {
      PATH: process.env.PATH,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(adminToken ? { ADMIN_TOKEN: adminToken } : {}),
      PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://replyline.test',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function waitUntilReady(
  baseUrl: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const exited = new AbortController();
  const onExit = () => exited.abort();
  child.once('exit', onExit);
  if (child.exitCode !== null || child.signalCode !== null) exited.abort();
  try {
    await eventually(
      async () => {
        const response = await fetch(`${baseUrl}/health/ready`);
        if (!response.ok) throw new Error(`/health/ready answered ${response.status}`);
        return true;
      },
      { timeoutMs, intervalMs: 100, signal: exited.signal },
    );
  } catch (error) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The service exited during start-up (${child.exitCode ?? child.signalCode})`,
        {
          cause: error,
        },
      );
    }
    throw new Error(`The service was not ready within ${timeoutMs} ms`, { cause: error });
  } finally {
    child.off('exit', onExit);
  }
}

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import type { GqlResponse } from './test-app.js';
import { TEST_ADMIN_TOKEN } from './test-app.js';

/**
 * The compiled service (`node dist/main.js`) as a real separate process, for what an in-process
 * app cannot show: `kill -9` in the middle of work. Build first: `npm run build`.
 */
export interface ChildApp {
  readonly process: ChildProcess;
  readonly port: number;
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly adminToken: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResponse<T>>;
  /** Sends `signal` and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM (a clean shutdown), SIGKILL if that takes too long; removes the data folder. */
  stop(): Promise<void>;
}

export interface ChildAppOptions {
  databaseUrl: string;
  /** Extra environment, as an operator would set it. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const PORT_ATTEMPTS = 3;

export async function startChildApp(options: ChildAppOptions): Promise<ChildApp> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} does not exist: run \`npm run build\` before this test`);
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
  const dataDir = mkdtempSync(join(tmpdir(), 'replyline-child-'));
  let output = '';
  // Only what the service needs: the test runner's own NODE_OPTIONS (vm modules) stay out.
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      PUBLIC_URL: 'http://replyline.test',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  try {
    await waitUntilReady(baseUrl, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    if (/EADDRINUSE/.test(output)) throw new PortInUseError(output);
    throw new Error(`${(error as Error).message}\n--- child output ---\n${output}`, {
      cause: error,
    });
  }

  return {
    process: child,
    port,
    baseUrl,
    dataDir,
    adminToken: TEST_ADMIN_TOKEN,
    output: () => output,
    async gql<T>(
      query: string,
      variables?: Record<string, unknown>,
      token: string | null = TEST_ADMIN_TOKEN,
    ) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
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
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await kill('SIGTERM');
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(
  baseUrl: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The service exited during start-up (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The service was not ready within ${timeoutMs} ms`);
}

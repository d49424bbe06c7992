import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedDatabaseError } from './embedded-database.error.js';

/** What PostgreSQL writes to `postmaster.pid` in its data folder while it runs. */
export interface PostmasterPidFile {
  pid: number;
  dataDir: string;
  port: number;
}

export function readPostmasterPid(clusterDir: string): PostmasterPidFile | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, dataDir: lines[1] ?? '', port: Number.parseInt(lines[3] ?? '', 10) };
}

/** Alive and not a zombie (a zombie answers kill(0) but holds nothing). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * A server that outlived the Replyline process that started it (that process was killed with
 * SIGKILL, which gives it no chance to stop its child) still holds the data folder, and PostgreSQL
 * refuses a second server on it. The caller holds the data folder lock, so no live Replyline owns
 * that server: it is asked to stop (fast shutdown: its open transactions roll back, as they would
 * after a crash), and the new server starts on the same data. The pid is checked against the
 * process's command line first, so a recycled pid is never signalled.
 */
export async function stopOrphanedPostmaster(
  clusterDir: string,
  log: (message: string) => void,
): Promise<void> {
  const pidFile = readPostmasterPid(clusterDir);
  if (!pidFile || !isRunning(pidFile.pid)) return;
  const { pid } = pidFile;
  if (!isPostmasterOf(pid, clusterDir)) {
    if (readCommandLine(pid) !== undefined) {
      // The pid now belongs to an unrelated process; PostgreSQL would still take the file as a
      // live server's and refuse to start.
      rmSync(join(clusterDir, 'postmaster.pid'), { force: true });
      return;
    }
    throw new EmbeddedDatabaseError(
      `A PostgreSQL server (pid ${pid}) may still be running on ${clusterDir}, left by a Replyline ` +
        `process that did not stop cleanly; stop it (kill -INT ${pid}) and start Replyline again.`,
    );
  }
  log(
    `Stopping the embedded PostgreSQL (pid ${pid}) left running by a Replyline process that was killed`,
  );
  for (const [signal, waitMs] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 10_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitUntilGone(pid, clusterDir, waitMs)) return;
  }
  throw new EmbeddedDatabaseError(
    `The embedded PostgreSQL left running by a killed Replyline process (pid ${pid}) does not ` +
      `stop; stop it (kill -KILL ${pid}) and start Replyline again.`,
  );
}

async function waitUntilGone(pid: number, clusterDir: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid) || readPostmasterPid(clusterDir)?.pid !== pid) {
      // The pid file goes first; the shared memory goes with the process.
      while (isRunning(pid) && Date.now() < deadline) await sleep(25);
      return !isRunning(pid);
    }
    await sleep(25);
  }
  return false;
}

function isPostmasterOf(pid: number, clusterDir: string): boolean {
  const argv = readCommandLine(pid);
  if (!argv) return false;
  const dataDirArg = argv[argv.indexOf('-D') + 1];
  return (
    /(^|\/)postgres$/.test(argv[0] ?? '') &&
    dataDirArg !== undefined &&
    resolve(dataDirArg) === resolve(clusterDir)
  );
}

/** The argv of a process (Linux /proc); undefined where it cannot be read. */
function readCommandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

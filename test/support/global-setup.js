// Runs once per jest run, before any worker starts. It makes `npm test` work on a fresh machine:
// - PostgreSQL: DATABASE_URL (or TEST_DATABASE_ADMIN_URL) if set; otherwise the server on
//   127.0.0.1:5432 if one answers; otherwise, or with TEST_POSTGRES=embedded, an embedded
//   PostgreSQL (the service's own, from dist/) in a temp folder, stopped by global-teardown.
// - Dovecot, openssl and Chromium: installed with apt-get when missing and this is root on
//   Debian/Ubuntu; otherwise the run stops with the one command to run.
// Each e2e test file creates its own database (see test-database.ts); this picks the run's name
// prefix, so that concurrent runs on one Postgres never see each other's data and teardown can
// drop everything the run made.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const SYSTEM_PACKAGES = [
  {
    package: 'dovecot-imapd',
    why: 'Dovecot (a real IMAP server they start themselves)',
    present: () => existsSync('/usr/sbin/dovecot'),
  },
  { package: 'openssl', why: 'openssl', present: () => commandExists('openssl') },
  {
    package: 'chromium',
    why: "Chromium (the admin console's browser tests)",
    present: () => existsSync('/usr/bin/chromium'),
  },
];
// Every e2e app opens a pool of up to 20; replica tests run two, child apps their own.
const EMBEDDED_MAX_CONNECTIONS = 300;

export default async function globalSetup() {
  ensureSystemPackages();
  process.env.TEST_RUN_ID = `rl_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const given = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL;
  if (process.env.TEST_POSTGRES === 'embedded') {
    await startEmbedded('TEST_POSTGRES=embedded');
  } else if (given) {
    process.env.TEST_DATABASE_ADMIN_URL = given;
    await checkConnection(given);
  } else {
    const problem = await tryConnect(DEFAULT_URL);
    if (problem === undefined) {
      process.env.TEST_DATABASE_ADMIN_URL = DEFAULT_URL;
    } else if (problem.code === 'ECONNREFUSED') {
      await startEmbedded(`nothing listens on ${new URL(DEFAULT_URL).host}`);
    } else {
      throw needPostgres(DEFAULT_URL, problem);
    }
  }
}

async function startEmbedded(why) {
  let EmbeddedPostgres;
  try {
    ({ EmbeddedPostgres } = await import('../../dist/src/database/embedded-postgres.js'));
  } catch (error) {
    throw new Error(
      `The e2e tests start the service's embedded PostgreSQL from dist/: run \`npm run build\` first (${error.message})`,
      { cause: error },
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'replyline-test-postgres-'));
  // Under root the server runs as the postgres OS user, which must enter this folder.
  chmodSync(dataDir, 0o755);
  try {
    const server = await EmbeddedPostgres.start({
      dataDir,
      maxConnections: EMBEDDED_MAX_CONNECTIONS,
      onLog: (level, message) => {
        if (level === 'error') process.stderr.write(`[test postgres] ${message}\n`);
      },
    });
    globalThis.__replylineTestPostgres = { server, dataDir };
    process.env.TEST_DATABASE_ADMIN_URL = server.url;
    process.stderr.write(`\nE2e tests use an embedded PostgreSQL (${why}): ${dataDir}\n`);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function tryConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkConnection(url) {
  const problem = await tryConnect(url);
  if (problem) throw needPostgres(url, problem);
}

function needPostgres(url, error) {
  const shown = url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  return new Error(
    `The e2e tests need PostgreSQL at ${shown} (${error.code ?? error.message}): fix DATABASE_URL, or unset it to use the server on 127.0.0.1:5432 or, when nothing listens there, an embedded one.`,
    { cause: error },
  );
}

/**
 * What the e2e tests run that npm cannot install: Dovecot (the IMAP server they start
 * themselves), openssl (its test certificates) and Chromium (the admin console's browser tests).
 * Missing ones are installed with apt-get when this is root on Debian or Ubuntu; otherwise the run
 * stops with the one command to run.
 */
function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((entry) => !entry.present());
  if (missing.length === 0) return;
  const packages = missing.map((entry) => entry.package);
  const command = `sudo apt-get install -y ${packages.join(' ')}`;
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/etc/debian_version') || !commandExists('apt-get')) {
    throw new Error(
      `The e2e tests need ${missing.map((entry) => entry.why).join(', ')}: run \`${command}\` (or your system's equivalent), then run the tests again.`,
    );
  }
  process.stderr.write(`\nInstalling ${packages.join(', ')} for the e2e tests (apt-get)...\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  } catch (error) {
    throw new Error(
      `Installing ${packages.join(', ')} failed: run \`${command}\` yourself (${error.message})`,
      {
        cause: error,
      },
    );
  }
}

function commandExists(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

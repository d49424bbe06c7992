import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CLUSTER_FOLDER, PASSWORD_FILE } from '../../src/database/embedded-postgres.js';
import { isRunning, readPostmasterPid } from '../../src/database/postmaster-pid.js';
import { newDataDir, runUntilExit, startChildApp } from '../support/child-app.js';
import type { ChildApp } from '../support/child-app.js';

const ME = `{ me { username } }`;

/** The embedded PostgreSQL of `npm start`: its data folder, its safety, its failure modes. */
describe('the embedded PostgreSQL', () => {
  const apps: ChildApp[] = [];
  const folders: string[] = [];
  const folder = (dir = newDataDir()) => {
    folders.push(dir);
    return dir;
  };
  const start = async (dataDir: string, env: Record<string, string> = {}) => {
    const app = await startChildApp({ dataDir, env });
    apps.push(app);
    return app;
  };
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its password to the Replyline user and listens on loopback only, with no Unix socket', async () => {
    const dataDir = folder();
    const app = await start(dataDir);
    const clusterDir = join(dataDir, CLUSTER_FOLDER);
    expect(statSync(join(dataDir, PASSWORD_FILE)).mode & 0o777).toBe(0o600);
    const pidFile = readPostmasterPid(clusterDir)!;
    expect(pidFile.pid).toBeGreaterThan(0);
    // postmaster.pid: line 5 is the socket directory (empty: none), line 6 the listen address.
    const lines = readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
    expect(lines[4]).toBe('');
    expect(lines[5]).toBe('127.0.0.1');
    // Another local user knows the port (it is in ps) but not the password.
    const intruder = new pg.Client({
      host: '127.0.0.1',
      port: pidFile.port,
      user: 'postgres',
      database: 'postgres',
      password: 'guess',
    });
    await expect(intruder.connect()).rejects.toThrow(/password authentication failed/);
    await intruder.end().catch(() => undefined);
    expect((await app.gql(ME)).data).toEqual({ me: { username: 'admin' } });
  });

  it('routes the server log into the JSON log', async () => {
    const app = await start(folder(), { LOG_LEVEL: 'debug' });
    const lines = app.output().split('\n');
    const serverLines = lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { context?: string; msg?: string; level?: string })
      .filter((entry) => entry.context === 'EmbeddedPostgres');
    expect(serverLines).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        msg: expect.stringContaining('database system is ready to accept connections') as string,
      }),
    );
    // No raw server line (they start with a timestamp) reaches the output.
    expect(lines.filter((line) => /^\d{4}-\d\d-\d\d \d\d:/.test(line))).toEqual([]);
  });

  it('after kill -9 the server is left running; the next start stops it and keeps the data', async () => {
    const dataDir = folder();
    const first = await start(dataDir);
    const created = await first.gql(
      `mutation { createUser(input: { username: "survivor", email: "survivor@example.test" }) { id } }`,
    );
    expect(created.errors).toBeUndefined();
    const clusterDir = join(dataDir, CLUSTER_FOLDER);
    const orphan = readPostmasterPid(clusterDir)!.pid;

    await first.kill('SIGKILL');
    // SIGKILL gives the service no chance to stop its child: it still holds the data folder.
    expect(isRunning(orphan)).toBe(true);

    const second = await start(dataDir);
    expect(second.output()).toContain(
      `Stopping the embedded PostgreSQL (pid ${orphan}) left running by a Replyline process that was killed`,
    );
    expect(isRunning(orphan)).toBe(false);
    expect(readPostmasterPid(clusterDir)!.pid).not.toBe(orphan);
    const { data } = await second.gql<{ users: Array<{ username: string }> }>(
      `{ users { username } }`,
    );
    expect(data?.users.map((user) => user.username)).toContain('survivor');
  });

  it('refuses a second Replyline process on the same DATA_DIR and leaves the first one alone', async () => {
    const dataDir = folder();
    const first = await start(dataDir);
    const second = await runUntilExit({ dataDir });
    expect(second.code).toBe(1);
    expect(second.output).toContain(
      `The data folder ${dataDir} is in use by another Replyline process (pid ${first.process.pid}). ` +
        'Stop that process first, or point DATA_DIR at another folder.',
    );
    expect((await first.gql(ME)).data).toEqual({ me: { username: 'admin' } });
  });

  it('stops with a clear message on data from the earlier engine (PGlite), never creating an empty database', async () => {
    const dataDir = folder();
    // What PGlite left in DATA_DIR/pg: a data folder of its own format.
    mkdirSync(join(dataDir, 'pg', 'base'), { recursive: true });
    writeFileSync(join(dataDir, 'pg', 'PG_VERSION'), '17\n');
    const run = await runUntilExit({ dataDir });
    expect(run.code).toBe(1);
    expect(run.output.trim().split('\n').at(-1)).toBe(
      `${dataDir} holds a database from Replyline's earlier embedded engine (PGlite, in ${join(dataDir, 'pg')}), ` +
        'which this version cannot read; to start with a new, empty database move it aside ' +
        `(mv ${join(dataDir, 'pg')} ${join(dataDir, 'pg')}.pglite-old) and start again, and to keep its data ` +
        'export it with the earlier Replyline version first.',
    );
    expect(readdirSync(dataDir)).not.toContain(CLUSTER_FOLDER);

    // Moving it aside, as the message says, starts a new database.
    renameSync(join(dataDir, 'pg'), join(dataDir, 'pg.pglite-old'));
    const app = await start(dataDir);
    expect((await app.gql(ME)).data).toEqual({ me: { username: 'admin' } });
  });

  it('in a DATA_DIR under a folder only its owner may enter, it says what to do (as root) or just works', async () => {
    const parent = folder(mkdtempSync(join(tmpdir(), 'replyline-closed-')));
    expect(statSync(parent).mode & 0o777).toBe(0o700);
    const dataDir = join(parent, 'data');
    if (process.getuid?.() === 0) {
      const run = await runUntilExit({ dataDir });
      expect(run.code).toBe(1);
      expect(run.output.trim().split('\n').at(-1)).toBe(
        'The embedded PostgreSQL runs as the OS user "postgres" (PostgreSQL refuses to run as root), ' +
          `and that user cannot reach ${parent} (mode 700, owner uid 0): move the Replyline folder ` +
          'and DATA_DIR under a folder every user may enter (for example /srv/replyline), run ' +
          'Replyline as an ordinary user, or set DATABASE_URL to your own PostgreSQL.',
      );
      expect(readdirSync(dataDir)).not.toContain(CLUSTER_FOLDER);
    } else {
      // An ordinary user runs the server as itself, and its own folders are open to it.
      const app = await start(dataDir);
      expect((await app.gql(ME)).data).toEqual({ me: { username: 'admin' } });
    }
  });
});

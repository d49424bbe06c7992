import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_FOLDER } from '../../src/database/embedded-postgres.js';
import { isRunning, readPostmasterPid } from '../../src/database/postmaster-pid.js';
import { newDataDir, startChildApp } from '../support/child-app.js';
import type { ChildApp } from '../support/child-app.js';
import { eventually } from '../support/eventually.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';

const SENDGRID_ENV = (fake: SendGridFake) => ({
  SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
  SENDGRID_BASE_URL: fake.baseUrl,
  MAIL_FROM_ADDRESS: 'notifications@catalog.example.com',
});

/** The service's own processes (the server and its backends), for freezing it whole. */
function serverProcesses(postmaster: number): number[] {
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

async function readiness(app: ChildApp) {
  const response = await fetch(`${app.baseUrl}/health/ready`);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.json(),
  };
}

/** Publishes one email to a new user; resolves with its delivery id. */
async function publishOneEmail(app: ChildApp): Promise<string> {
  const created = await app.gql<{ a: { id: string }; s: { id: string } }>(
    `mutation { a: createUser(input: { username: "reader", email: "reader@example.test" }) { id }
      s: createUser(input: { username: "exports", email: "exports@example.test", role: SERVICE }) { id } }`,
  );
  const token = await app.gql<{ createApiToken: { token: string } }>(
    `mutation($id: ID!) { createApiToken(userId: $id, name: "t") { token } }`,
    { id: created.data!.s.id },
  );
  const published = await app.gql<{ publishEvent: { deliveryIds: string[] } }>(
    `mutation($input: PublishEventInput!) { publishEvent(input: $input) { deliveryIds } }`,
    {
      input: {
        type: 'notify_on_download_ready',
        payload: { exportId: 'e-1', exportName: 'orders.csv' },
        recipientIds: [created.data!.a.id],
      },
    },
    token.data!.createApiToken.token,
  );
  expect(published.errors).toBeUndefined();
  return published.data!.publishEvent.deliveryIds[0];
}

describe('shutdown and readiness (the service as `npm start` runs it)', () => {
  let fake: SendGridFake;
  let app: ChildApp | undefined;
  const folders: string[] = [];

  beforeAll(async () => {
    fake = await SendGridFake.start();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    fake.reset();
  });
  afterAll(async () => {
    await fake?.close();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM while an email is being sent: the send finishes, then the service stops and says so', async () => {
    const dataDir = newDataDir();
    folders.push(dataDir);
    app = await startChildApp({ dataDir, env: SENDGRID_ENV(fake) });
    fake.failNext({ type: 'delay', ms: 1500 });
    const deliveryId = await publishOneEmail(app);
    await eventually(() => fake.requests().length === 1);

    const exit = await app.kill('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    const log = app.output();
    expect(log).toContain('SIGTERM received: finishing work in progress, for at most 10 s');
    expect(log).toContain('"msg":"Replyline stopped: SIGTERM"');
    expect(fake.sent()).toHaveLength(1);

    // The outcome was recorded before the database stopped: the next start finds it SENT.
    app = await startChildApp({ dataDir, env: SENDGRID_ENV(fake) });
    const { data } = await app.gql<{
      emailDeliveries: { nodes: Array<{ id: string; status: string }> };
    }>(`{ emailDeliveries { nodes { id status } } }`);
    expect(data?.emailDeliveries.nodes).toEqual([{ id: deliveryId, status: 'SENT' }]);
    expect(fake.requests()).toHaveLength(1);
  });

  it('SIGTERM with a send that does not finish: exits after the grace period, database stopped too', async () => {
    app = await startChildApp({ env: { ...SENDGRID_ENV(fake), SHUTDOWN_GRACE_MS: '2000' } });
    const server = readPostmasterPid(join(app.dataDir, CLUSTER_FOLDER))!.pid;
    fake.failNext({ type: 'delay', ms: 120_000 });
    await publishOneEmail(app);
    await eventually(() => fake.requests().length === 1);

    const exit = await app.kill('SIGTERM');
    expect(exit).toEqual({ code: 1, signal: null });
    expect(app.output()).toContain(
      'Replyline stopped: SIGTERM, with work still running after the 2 s grace period (it is picked up again on the next start)',
    );
    // The process exited without its orderly shutdown; its exit still stopped the server.
    await eventually(() => !isRunning(server));
  });

  it('SIGINT (Ctrl+C) stops it the same way', async () => {
    app = await startChildApp();
    expect(await app.kill('SIGINT')).toEqual({ code: 0, signal: null });
    expect(app.output()).toContain('"msg":"Replyline stopped: SIGINT"');
  });

  it('/health/ready says in JSON, within its time limit, that the database does not answer or is down', async () => {
    app = await startChildApp();
    expect(await readiness(app)).toEqual({
      status: 200,
      contentType: expect.stringContaining('application/json') as string,
      body: { status: 'ok', database: 'up' },
    });
    const postmaster = readPostmasterPid(join(app.dataDir, CLUSTER_FOLDER))!.pid;

    // Frozen: connections are accepted by the kernel but nothing answers.
    const frozen = serverProcesses(postmaster);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      expect(await readiness(app)).toEqual({
        status: 503,
        contentType: expect.stringContaining('application/json') as string,
        body: {
          status: 'unavailable',
          database: 'down',
          failing: [{ dependency: 'database', reason: 'no answer to SELECT 1 within 1500 ms' }],
        },
      });
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    await eventually(async () => (await readiness(app!)).status === 200);

    // Down: the server is gone.
    process.kill(postmaster, 'SIGINT');
    await eventually(() => !isRunning(postmaster));
    const down = await readiness(app);
    expect(down.status).toBe(503);
    expect(down.contentType).toContain('application/json');
    expect(down.body).toEqual({
      status: 'unavailable',
      database: 'down',
      failing: [
        {
          dependency: 'database',
          reason: expect.stringMatching(/ECONNREFUSED|terminat|Connection/) as string,
        },
      ],
    });
    expect(app.output()).toContain('The embedded PostgreSQL stopped unexpectedly');
  });
});

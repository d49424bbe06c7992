/**
 * GraphQL load benchmark: the built service (`node dist/main.js`, production mode, real
 * PostgreSQL) under 50 connections for 20 s per query with autocannon, then an attack run in which
 * four clients send issue 13's attack queries while another user's `me` is measured and
 * /health/ready is polled. See README.md for the command and what the numbers mean.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startChildApp } from '../../test/support/child-app.js';
import type { ChildApp } from '../../test/support/child-app.js';
import { createTestDatabase, dropTestDatabase } from '../../test/support/test-database.js';
import { ATTACKS } from './attacks.js';
import type { Attack } from './attacks.js';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, ...value] = arg.replace(/^--/, '').split('=');
    return [key ?? '', value.length > 0 ? value.join('=') : 'true'] as const;
  }),
);
const DURATION = Number(args.get('duration') ?? 20);
const CONNECTIONS = Number(args.get('connections') ?? 50);
const CONVERSATIONS = Number(args.get('conversations') ?? 60);
const JSON_OUTPUT = args.has('json');
/** `--profile=dir`: the service writes a CPU profile there when it stops (Chrome DevTools opens it). */
const PROFILE_DIR = args.get('profile');
const ONLY = args.get('only'); // a, b, floor or attack
// The service runs with the flags of package.json's `start`; `--node-flags=none` (or others) to compare.
const START_FLAGS = ['--max-semi-space-size=32'];
const NODE_FLAGS =
  args.get('node-flags') === undefined
    ? START_FLAGS
    : (args.get('node-flags') ?? '').split(/\s+/).filter((flag) => flag && flag !== 'none');

const log = (line: string) => {
  if (!JSON_OUTPUT) process.stdout.write(`${line}\n`);
};
const mb = (kilobytes: number) => Math.round(kilobytes / 1024);

const ME = JSON.stringify({ query: '{ me { id username } }' });
const PAGE = JSON.stringify({
  query:
    '{ conversations(first: 50) { nodes { id title posts { id body author { id username displayName } } } } }',
});
const FLOOR = JSON.stringify({ query: '{ __typename }' });

interface RunResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  peakRssMb: number;
  /** The service's own CPU time (user + system) per answered request: what contention cannot hide. */
  serviceCpuMsPerRequest: number;
}

/** The service process's CPU time so far, in milliseconds (from /proc, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After the command: state is field 3, so utime (14) and stime (15) are at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The service's resident memory, from /proc, sampled while `work` runs. */
async function withRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; peak: number }> {
  const read = () =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  let peak = read();
  const timer = setInterval(() => (peak = Math.max(peak, read())), 100);
  try {
    return { result: await work(), peak: Math.max(peak, read()) };
  } finally {
    clearInterval(timer);
  }
}

async function load(
  service: ChildApp,
  name: string,
  body: string,
  token: string | null,
  options: { connections?: number; duration?: number } = {},
): Promise<RunResult> {
  const pid = service.process.pid!;
  const run = (duration: number, connections: number) =>
    autocannon({
      url: `${service.baseUrl}/graphql`,
      method: 'POST',
      connections,
      duration,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
  const connections = options.connections ?? CONNECTIONS;
  await run(3, connections); // warm-up: JIT, pool, caches
  const cpuBefore = cpuMs(pid);
  const { result, peak } = await withRss(pid, () => run(options.duration ?? DURATION, connections));
  const cpu = cpuMs(pid) - cpuBefore;
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    peakRssMb: mb(peak),
    serviceCpuMsPerRequest: Number((cpu / Math.max(1, result.requests.total)).toFixed(2)),
  };
}

async function gqlOrFail<T>(
  service: ChildApp,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
) {
  const { data, errors } = await service.gql<T>(query, variables, token);
  if (errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(errors)}`);
  return data!;
}

/** Users with tokens, and conversations with posts that mention people, through the API. */
async function seed(
  service: ChildApp,
): Promise<{ reader: string; victim: string; attacker: string }> {
  const tokens: string[] = [];
  const ids: string[] = [];
  for (const name of ['reader', 'victim', 'attacker', 'ana', 'bruno', 'carla', 'dora', 'eve']) {
    const { createUser } = await gqlOrFail<{ createUser: { id: string } }>(
      service,
      'mutation($u: String!, $e: String!) { createUser(input: { username: $u, email: $e }) { id } }',
      { u: name, e: `${name}@bench.test` },
    );
    const { createApiToken } = await gqlOrFail<{ createApiToken: { token: string } }>(
      service,
      'mutation($id: ID!) { createApiToken(userId: $id, name: "bench") { token } }',
      { id: createUser.id },
    );
    ids.push(createUser.id);
    tokens.push(createApiToken.token);
  }
  const people = ['ana', 'bruno', 'carla', 'dora', 'eve'];
  for (let i = 0; i < CONVERSATIONS; i += 1) {
    const author = 3 + (i % 5);
    const { createConversation } = await gqlOrFail<{ createConversation: { id: string } }>(
      service,
      'mutation($t: String!) { createConversation(input: { title: $t, subjectRef: "table:1", body: "Is this column in cents?" }) { id } }',
      { t: `Question ${i}` },
      tokens[author],
    );
    for (let p = 1; p <= 2; p += 1) {
      const who = 3 + ((i + p) % 5);
      await gqlOrFail(
        service,
        'mutation($c: ID!, $b: String!) { addPost(conversationId: $c, body: $b) { id } }',
        {
          c: createConversation.id,
          b: `@${people[(i + p + 1) % 5]} could you check this, please?`,
        },
        tokens[who],
      );
    }
  }
  // Let the outbox send (to the local sink) every mention email before measuring.
  for (;;) {
    const { emailDeliveries } = await gqlOrFail<{ emailDeliveries: { nodes: unknown[] } }>(
      service,
      '{ emailDeliveries(first: 1, filter: { status: PENDING }) { nodes { id } } }',
    );
    if (emailDeliveries.nodes.length === 0) break;
    await new Promise((done) => setTimeout(done, 250));
  }
  return { reader: tokens[0], victim: tokens[1], attacker: tokens[2] };
}

/** Four clients cycling through the attack queries until `until` resolves; counts answers by status. */
async function attackUntil(service: ChildApp, attacker: string, until: Promise<unknown>) {
  let done = false;
  void until.then(() => (done = true));
  const statuses = new Map<string, number>();
  const client = async (offset: number) => {
    for (let i = offset; !done; i += 1) {
      const attack: Attack = ATTACKS[i % ATTACKS.length];
      const token =
        attack.token === 'attacker'
          ? attacker
          : attack.token === 'made-up'
            ? 'rl_made_up_token_0000000000000000000000000'
            : `rl_${randomBytes(32).toString('base64url')}`;
      const response = await fetch(`${service.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: attack.body,
      });
      await response.arrayBuffer();
      const key = `${attack.name}: ${response.status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
  };
  await Promise.all([0, 1, 2, 3].map((offset) => client(offset * 2)));
  return statuses;
}

/** Polls /health/ready every 250 ms until `until` resolves. */
async function pollReadiness(service: ChildApp, until: Promise<unknown>) {
  let done = false;
  void until.then(() => (done = true));
  const statuses = new Map<number, number>();
  let slowest = 0;
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${service.baseUrl}/health/ready`);
    await response.arrayBuffer();
    slowest = Math.max(slowest, performance.now() - started);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 250));
  }
  return { statuses: Object.fromEntries(statuses), slowestMs: Math.round(slowest) };
}

async function main(): Promise<void> {
  process.env.TEST_RUN_ID ??= 'rl_bench_graphql';
  const loadBefore = loadavg();
  const databaseUrl = await createTestDatabase();
  const env: Record<string, string> = { NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  const nodeArgs: string[] = [...NODE_FLAGS];
  if (PROFILE_DIR) {
    mkdirSync(resolve(PROFILE_DIR), { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`);
  }
  // This file runs as dist/bench/graphql-load/run.js, beside the build's dist/main.js.
  const main = fileURLToPath(new URL('../../main.js', import.meta.url));
  const service = await startChildApp({ databaseUrl, env, main, nodeArgs });
  const results: RunResult[] = [];
  let attack: Record<string, unknown> | undefined;
  try {
    log(`seeding ${CONVERSATIONS} conversations with 3 posts each ...`);
    const { reader, victim, attacker } = await seed(service);
    const runs: Array<[string, string, string, string | null]> = [
      ['floor', '{ __typename } (no token)', FLOOR, null],
      ['a', '(a) { me { id username } }', ME, reader],
      ['b', '(b) 50 conversations with posts and authors', PAGE, reader],
    ];
    for (const [key, name, body, token] of runs) {
      if (ONLY && ONLY !== key) continue;
      log(`${name}: ${CONNECTIONS} connections, ${DURATION} s ...`);
      results.push(await load(service, name, body, token));
    }
    if (!ONLY || ONLY === 'attack') {
      log(
        `attack: 4 clients x ${ATTACKS.length} attack queries, another user's me on 1 connection, ${DURATION} s ...`,
      );
      const measured = load(service, "(attack) another user's { me { id username } }", ME, victim, {
        connections: 1,
      });
      const [victimResult, attackStatuses, readiness] = await Promise.all([
        measured,
        attackUntil(service, attacker, measured),
        pollReadiness(service, measured),
      ]);
      // The service's CPU went mostly to the attackers, not to these requests.
      results.push({ ...victimResult, serviceCpuMsPerRequest: Number.NaN });
      attack = { readiness, attackAnswers: Object.fromEntries(attackStatuses) };
    }
  } finally {
    await service.stop();
    await dropTestDatabase(databaseUrl);
  }
  const floor = results.find((result) => result.name.startsWith('{ __typename }'));
  const me = results.find((result) => result.name.startsWith('(a)'));
  const summary = {
    loadAverageBefore: loadBefore.map((value) => Number(value.toFixed(2))),
    loadAverageAfter: loadavg().map((value) => Number(value.toFixed(2))),
    results,
    ratioAToFloor:
      floor && me ? Number((me.requestsPerSecond / floor.requestsPerSecond).toFixed(2)) : undefined,
    attack,
  };
  if (JSON_OUTPUT) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  log('');
  log('| run | req/s | p50 ms | p99 ms | max ms | non-2xx | peak RSS MB | service CPU ms/req |');
  log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    log(
      `| ${r.name} | ${r.requestsPerSecond} | ${r.p50} | ${r.p99} | ${r.max} | ${r.non2xx + r.errors} | ${r.peakRssMb} | ${Number.isNaN(r.serviceCpuMsPerRequest) ? '-' : r.serviceCpuMsPerRequest} |`,
    );
  }
  if (summary.ratioAToFloor !== undefined) log(`\n(a) / floor: ${summary.ratioAToFloor}`);
  if (attack) log(`\nattack: ${JSON.stringify(attack, null, 2)}`);
  log(
    `load average before ${summary.loadAverageBefore.join(' ')}, after ${summary.loadAverageAfter.join(' ')}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

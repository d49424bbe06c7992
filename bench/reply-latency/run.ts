/**
 * Reply latency benchmark: the real built service (`node dist/main.js`, one or two replicas) on a
 * real PostgreSQL, a real Dovecot (or the Microsoft Graph fake); N replies to real mention emails
 * arrive in the Inbox at random intervals, and for each one the time from its arrival (APPEND) to
 * its post being visible through GraphQL is measured. Scenarios: `idle` (listener on), `poll`
 * (listener off: the poll alone), `takeover` (two replicas, the listening one killed with SIGKILL
 * half-way), `graph-delta` and `graph-subscription` (the Graph fake). See README.md.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { startChildApp } from '../../test/support/child-app.js';
import { startHttpsProxy } from '../../test/support/https-proxy.js';
import type { HttpsProxy } from '../../test/support/https-proxy.js';
import { newMicrosoftApp, startMicrosoftFake } from '../../test/support/microsoft-fake.js';
import type { FakeApp, MicrosoftFake } from '../../test/support/microsoft-fake.js';
import type { ChildApp } from '../../test/support/child-app.js';
import { startDovecot } from '../../test/support/dovecot.js';
import type { DovecotServer } from '../../test/support/dovecot.js';
import { eventually } from '../../test/support/eventually.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../../test/support/sendgrid-fake.js';
import { createTestDatabase, dropTestDatabase } from '../../test/support/test-database.js';
import { sharedTestCertificate } from '../../test/support/tls-cert.js';
import { mentionEmailFrom, replyTo } from '../../test/mailbox-sync/support/reply-factory.js';
import type { MailClient } from '../../test/mailbox-sync/support/reply-factory.js';

type Scenario = 'idle' | 'poll' | 'takeover' | 'graph-delta' | 'graph-subscription';
const SCENARIOS: Scenario[] = ['idle', 'poll', 'takeover', 'graph-delta', 'graph-subscription'];
const DEFAULT_SCENARIOS: Scenario[] = ['idle', 'poll', 'takeover'];

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key ?? '', value ?? 'true'] as const;
  }),
);
const REPLIES = Number(args.get('replies') ?? 200);
const MAX_GAP_MS = Number(args.get('max-gap-ms') ?? 2000);
/** How often the observer asks GraphQL for newly posted replies (the measurement's resolution). */
const OBSERVE_MS = Number(args.get('observe-ms') ?? 100);
/** After the last APPEND, how long to wait for stragglers (the poll runs every 3 minutes). */
const DRAIN_TIMEOUT_MS = Number(args.get('drain-timeout-s') ?? 300) * 1000;
const scenarios = (args.get('scenario') ?? DEFAULT_SCENARIOS.join(',')).split(',') as Scenario[];
for (const scenario of scenarios) {
  if (!SCENARIOS.includes(scenario)) throw new Error(`Unknown scenario ${scenario}`);
}

const REPLY_TO = 'replies@corp.test';
const PASSWORD = 'bench-imap-password';
const FROM = 'notifications@catalog.test';
const CLIENTS: MailClient[] = ['gmail', 'outlook', 'apple'];
/** Replicas sharing a database must open each other's sealed mailbox secrets. */
const SECRETS_KEY = randomBytes(32).toString('hex');

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

async function ok<T>(
  app: ChildApp,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const { data, errors } = await app.gql<T>(query, variables, token);
  if (errors || !data) throw new Error(`${query.slice(0, 80)}… → ${JSON.stringify(errors)}`);
  return data;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function eachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

interface Reply {
  index: number;
  conversationId: string;
  text: string;
  raw: string;
  messageId: string;
  appendedAt?: number;
  seenAt?: number;
}

/** Where replies arrive: a real Dovecot, or the Microsoft Graph fake. */
interface Mailbox {
  /** Reply by email on, through GraphQL as an admin does it. */
  enable(app: ChildApp): Promise<void>;
  /** One reply arrives in the Inbox (the APPEND, for Dovecot). */
  deliver(raw: string): Promise<void>;
  /** The listener mode once it watches. */
  mode: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

async function dovecotMailbox(): Promise<Mailbox> {
  const dovecot: DovecotServer = await startDovecot();
  await dovecot.addUser(REPLY_TO, PASSWORD);
  const appender = new ImapFlow({
    host: dovecot.host,
    port: dovecot.plainPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: REPLY_TO, pass: PASSWORD },
    logger: false,
  });
  await appender.connect();
  return {
    mode: 'IDLE',
    // The throwaway Dovecot's certificate: the password only leaves after a verified STARTTLS.
    env: { IMAP_CA_FILE: (await sharedTestCertificate()).certPath },
    enable: async (app) => {
      await ok(
        app,
        `mutation($input: BasicAuthReplyByEmailInput!) { saveBasicAuthReplyByEmail(input: $input) { replyByEmail { enabled } } }`,
        {
          input: {
            replyToAddress: REPLY_TO,
            imapHost: dovecot.host,
            imapPort: dovecot.plainPort,
            imapSsl: false,
            username: REPLY_TO,
            password: PASSWORD,
            intentTrackingMode: 'EMAIL_ADDRESS',
          },
        },
      );
    },
    deliver: async (raw) => {
      if (!(await appender.append('INBOX', raw, []))) throw new Error('APPEND failed');
    },
    stop: async () => {
      await appender.logout().catch(() => appender.close());
      await dovecot.stop();
    },
  };
}

/** The Graph fake; with `push`, behind an https proxy so that the listener subscribes. */
async function graphMailbox(push: boolean): Promise<Mailbox & { proxy?: HttpsProxy }> {
  const graph: MicrosoftFake = await startMicrosoftFake();
  const proxy = push ? await startHttpsProxy() : undefined;
  const microsoftApp: FakeApp = newMicrosoftApp();
  graph.registerApp(microsoftApp);
  graph.addMailbox(REPLY_TO);
  if (proxy) graph.push.trust(proxy.caCert);
  return {
    mode: push ? 'SUBSCRIPTION' : 'DELTA',
    proxy,
    env: {
      MICROSOFT_LOGIN_BASE_URL: graph.url,
      MICROSOFT_GRAPH_BASE_URL: graph.url,
      ...(proxy ? { PUBLIC_URL: proxy.origin } : {}),
    },
    enable: async (app) => {
      proxy?.forwardTo(app.port);
      await ok(
        app,
        `mutation($input: MicrosoftReplyByEmailInput!) { saveMicrosoftReplyByEmail(input: $input) { replyByEmail { enabled } } }`,
        { input: { replyToAddress: REPLY_TO, ...microsoftApp } },
      );
    },
    deliver: (raw) => {
      graph.addMessage(REPLY_TO, raw);
      return Promise.resolve();
    },
    stop: async () => {
      await graph.stop();
      await proxy?.close();
    },
  };
}

interface Deployment {
  mailbox: Mailbox;
  sendgrid: SendGridFake;
  databaseUrl: string;
  replicas: Map<string, ChildApp>;
}

async function deploy(scenario: Scenario): Promise<Deployment> {
  const [mailbox, sendgrid] = await Promise.all([
    scenario.startsWith('graph')
      ? graphMailbox(scenario === 'graph-subscription')
      : dovecotMailbox(),
    SendGridFake.start(),
  ]);
  const databaseUrl = await createTestDatabase();
  const replicas = new Map<string, ChildApp>();
  const names = scenario === 'takeover' ? ['replica-a', 'replica-b'] : ['replica-a'];
  // One after the other: the first one runs the migrations.
  for (const name of names) {
    replicas.set(
      name,
      await startChildApp({
        databaseUrl,
        env: {
          SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
          SENDGRID_BASE_URL: sendgrid.baseUrl,
          MAIL_FROM_ADDRESS: FROM,
          SECRETS_KEY,
          MAILBOX_LISTENER: scenario === 'poll' ? 'false' : 'true',
          REPLICA_NAME: name,
          LOG_LEVEL: 'warn',
          ...mailbox.env,
        },
      }),
    );
  }
  return { mailbox, sendgrid, databaseUrl, replicas };
}

async function undeploy(deployment: Deployment): Promise<void> {
  for (const replica of deployment.replicas.values()) await replica.stop();
  await dropTestDatabase(deployment.databaseUrl);
  await Promise.all([deployment.mailbox.stop(), deployment.sendgrid.close()]);
}

/** Reply by email on, a mention per reply (each to its own user), and the replies written. */
async function prepare(app: ChildApp, deployment: Deployment): Promise<Reply[]> {
  await deployment.mailbox.enable(app);
  const createUser = async (username: string) =>
    (
      await ok<{ createUser: { id: string } }>(
        app,
        `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        { input: { username, email: `${username}@corp.test`, displayName: username } },
      )
    ).createUser.id;
  const authorId = await createUser('ada');
  const { createApiToken } = await ok<{ createApiToken: { token: string } }>(
    app,
    `mutation($id: ID!) { createApiToken(name: "bench", userId: $id) { token } }`,
    { id: authorId },
  );
  const replies: Reply[] = [];
  await eachConcurrently(
    Array.from({ length: REPLIES }, (_, index) => index),
    4,
    async (index) => {
      const username = `reader${index}`;
      await createUser(username);
      const { createConversation } = await ok<{ createConversation: { id: string } }>(
        app,
        `mutation($input: CreateConversationInput!) { createConversation(input: $input) { id } }`,
        {
          input: {
            title: `Revenue table ${index}`,
            subjectRef: `table:${index}`,
            body: `@${username} can you check the revenue numbers in this table?`,
          },
        },
        createApiToken.token,
      );
      const sent = await eventually(() => deployment.sendgrid.sentTo(`${username}@corp.test`)[0], {
        timeoutMs: 120_000,
        intervalMs: 100,
      });
      const mention = mentionEmailFrom(sent);
      const text = `Latency reply ${index}: checked, the numbers match the finance report.`;
      const raw = replyTo(mention, CLIENTS[index % CLIENTS.length], { text });
      const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1];
      if (!messageId) throw new Error('The reply has no Message-ID');
      replies[index] = {
        index,
        conversationId: createConversation.id,
        text,
        raw,
        messageId,
      };
    },
  );
  return replies;
}

interface ListenerStatus {
  mode: string;
  connected: boolean;
  connectedSince: string | null;
  holder: string | null;
}

async function listenerOf(app: ChildApp): Promise<ListenerStatus> {
  return (
    await ok<{ mailboxSyncStatus: { listener: ListenerStatus } }>(
      app,
      `{ mailboxSyncStatus { listener { mode connected connectedSince holder } } }`,
    )
  ).mailboxSyncStatus.listener;
}

interface PostedPage {
  incomingEmails: {
    nodes: Array<{ messageId: string | null }>;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

/**
 * Asks GraphQL every OBSERVE_MS for POSTED incoming emails (newest first, paging back to the
 * first one already seen) and notes when each reply was first visible. Returns a stop function.
 */
function observe(byMessageId: Map<string, Reply>, app: () => ChildApp): () => Promise<void> {
  const seen = new Set<string>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        let after: string | null = null;
        for (;;) {
          const { incomingEmails }: PostedPage = await ok<PostedPage>(
            app(),
            `query($after: String) { incomingEmails(filter: { status: POSTED }, first: 200, after: $after) { nodes { messageId } pageInfo { endCursor hasNextPage } } }`,
            { after },
          );
          const now = Date.now();
          let reachedSeen = false;
          for (const { messageId } of incomingEmails.nodes) {
            if (!messageId) continue;
            if (seen.has(messageId)) {
              reachedSeen = true;
              continue;
            }
            seen.add(messageId);
            const reply = byMessageId.get(messageId);
            if (reply) reply.seenAt = now;
          }
          if (reachedSeen || !incomingEmails.pageInfo.hasNextPage) break;
          after = incomingEmails.pageInfo.endCursor;
        }
      } catch (error) {
        // The replica asked may just have been killed; the next round asks the current one.
        log(`observer: ${(error as Error).message}`);
      }
      await sleep(Math.max(0, OBSERVE_MS - (Date.now() - started)));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface ScenarioResult {
  scenario: Scenario;
  replies: number;
  posted: number;
  lost: number;
  doubled: number;
  notPosted: Array<{ status: string; reason: string | null }>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  killedAt?: number;
  killed?: string;
  takenOverBy?: string | null;
  /** From the SIGKILL to the survivor's listener being connected. */
  takeoverSeconds?: number;
  /** The five slowest replies: index (order of arrival) and delay. */
  slowest: Array<{ index: number; seconds: number }>;
  appendSeconds: number;
}

async function run(scenario: Scenario): Promise<ScenarioResult> {
  log(`${scenario}: starting the mailbox, the SendGrid fake, a database and the service`);
  const deployment = await deploy(scenario);
  try {
    const first = [...deployment.replicas.values()][0];
    log(`${scenario}: ${REPLIES} users, conversations and mention emails`);
    const replies = await prepare(first, deployment);
    const byMessageId = new Map(replies.map((reply) => [reply.messageId, reply]));

    let holderName: string | null = null;
    if (scenario !== 'poll') {
      const status = await eventually(
        async () => {
          const current = await listenerOf(first);
          return current.mode === deployment.mailbox.mode && current.connected
            ? current
            : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      holderName = status.holder;
      log(`${scenario}: listener ${status.mode} on ${status.holder}`);
    }
    // GraphQL is asked on a replica that survives: in the takeover run, the one not listening.
    const observed = [...deployment.replicas.entries()].find(([name]) => name !== holderName);
    let observedApp = (observed ?? [...deployment.replicas.entries()][0])[1];
    const stopObserving = observe(byMessageId, () => observedApp);

    const appendStart = Date.now();
    let killedAt: number | undefined;
    let killed: string | undefined;
    for (const reply of replies) {
      await sleep(randomInt(0, MAX_GAP_MS + 1));
      if (scenario === 'takeover' && reply.index === Math.floor(REPLIES / 2)) {
        const { holder } = await listenerOf(observedApp);
        const victim = holder ? deployment.replicas.get(holder) : undefined;
        if (!victim) throw new Error(`No replica listens before the kill (holder ${holder})`);
        killed = holder!;
        killedAt = Date.now();
        await victim.kill('SIGKILL');
        deployment.replicas.delete(holder!);
        observedApp = [...deployment.replicas.values()][0];
        log(`${scenario}: killed ${holder} (SIGKILL) after ${reply.index} replies`);
      }
      reply.appendedAt = Date.now();
      await deployment.mailbox.deliver(reply.raw);
    }
    const appendSeconds = (Date.now() - appendStart) / 1000;
    log(`${scenario}: ${REPLIES} replies appended in ${appendSeconds.toFixed(0)} s; waiting`);
    await eventually(() => replies.every((reply) => reply.seenAt !== undefined), {
      timeoutMs: DRAIN_TIMEOUT_MS,
      intervalMs: 500,
    }).catch(() => log(`${scenario}: not every reply was posted within the drain timeout`));
    await stopObserving();

    // Nothing lost, nothing twice: each conversation holds exactly its one reply.
    let lost = 0;
    let doubled = 0;
    await eachConcurrently(replies, 4, async (reply) => {
      const { conversation } = await ok<{
        conversation: { posts: Array<{ body: string; source: string }> };
      }>(observedApp, `query($id: ID!) { conversation(id: $id) { posts { body source } } }`, {
        id: reply.conversationId,
      });
      const emailPosts = conversation.posts.filter((post) => post.source === 'EMAIL');
      if (emailPosts.length === 0) lost++;
      if (emailPosts.length > 1) doubled++;
    });
    const { incomingEmails } = await ok<{
      incomingEmails: { nodes: Array<{ status: string; reason: string | null }> };
    }>(observedApp, `{ incomingEmails(first: 200) { nodes { status reason } } }`);
    const notPosted = incomingEmails.nodes.filter((email) => email.status !== 'POSTED');
    const survivor = scenario === 'takeover' ? await listenerOf(observedApp) : undefined;

    const delays = replies
      .filter((reply) => reply.seenAt !== undefined)
      .map((reply) => (reply.seenAt! - reply.appendedAt!) / 1000)
      .sort((a, b) => a - b);
    return {
      scenario,
      replies: REPLIES,
      posted: delays.length,
      lost,
      doubled,
      notPosted,
      p50: percentile(delays, 50),
      p95: percentile(delays, 95),
      p99: percentile(delays, 99),
      max: delays[delays.length - 1] ?? Number.NaN,
      mean: delays.reduce((sum, delay) => sum + delay, 0) / (delays.length || 1),
      killedAt: killedAt && (killedAt - appendStart) / 1000,
      killed,
      takenOverBy: survivor?.holder,
      takeoverSeconds:
        survivor?.connectedSince && killedAt
          ? (Date.parse(survivor.connectedSince) - killedAt) / 1000
          : undefined,
      slowest: replies
        .filter((reply) => reply.seenAt !== undefined)
        .map((reply) => ({
          index: reply.index,
          seconds: (reply.seenAt! - reply.appendedAt!) / 1000,
        }))
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 5),
      appendSeconds,
    };
  } finally {
    await undeploy(deployment);
  }
}

async function main(): Promise<void> {
  log(
    `reply latency: ${REPLIES} replies, 0–${MAX_GAP_MS} ms apart, observed every ${OBSERVE_MS} ms; scenarios ${scenarios.join(', ')}`,
  );
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const result = await run(scenario);
    results.push(result);
    const s = (value: number) => `${value.toFixed(2)} s`;
    log(
      `${scenario}: posted ${result.posted}/${result.replies}, lost ${result.lost}, doubled ${result.doubled}, not posted ${result.notPosted.length}; p50 ${s(result.p50)} p95 ${s(result.p95)} p99 ${s(result.p99)} max ${s(result.max)} mean ${s(result.mean)}` +
        (result.killed
          ? `; killed ${result.killed} at ${result.killedAt?.toFixed(0)} s, taken over by ${result.takenOverBy} after ${result.takeoverSeconds?.toFixed(1)} s`
          : '') +
        `; slowest ${result.slowest.map((slow) => `#${slow.index} ${slow.seconds.toFixed(2)} s`).join(', ')}`,
    );
  }
  const resultsDir = join('bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `reply-latency-${new Date().toISOString()}.json`);
  writeFileSync(file, JSON.stringify({ replies: REPLIES, maxGapMs: MAX_GAP_MS, results }, null, 2));
  log(`results: ${file}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

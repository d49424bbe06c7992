/**
 * Mailbox sync benchmark: N reply emails in a real Dovecot, then one sync of the real app
 * (in-process, real Postgres), then the floor on the same messages: a plain imapflow FETCH, a
 * mailparser parse and one INSERT each. See README.md for the command and what the numbers mean.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Test } from '@nestjs/testing';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import type { User } from '../../src/auth/entities/user.entity.js';
import { UserRole } from '../../src/auth/user-role.enum.js';
import { UsersService } from '../../src/auth/users.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ConversationsService } from '../../src/conversations/conversations.service.js';
import { ReplyIntentsService } from '../../src/conversations/reply-intents.service.js';
import {
  DEFAULT_MAILBOX_SYNC_OPTIONS,
  MAILBOX_SYNC_OPTIONS,
} from '../../src/mailbox-sync/mailbox-sync.options.js';
import { MailboxSyncService } from '../../src/mailbox-sync/mailbox-sync.service.js';
import { EmailSettingsService } from '../../src/settings/email-settings.service.js';
import { IntentTrackingMode } from '../../src/settings/intent-tracking-mode.enum.js';
import { startDovecot } from '../../test/support/dovecot.js';
import { sharedTestCertificate } from '../../test/support/tls-cert.js';
import { createTestDatabase, dropTestDatabase } from '../../test/support/test-database.js';
import { replyTo } from '../../test/mailbox-sync/support/reply-factory.js';
import type { MailClient, MentionEmail } from '../../test/mailbox-sync/support/reply-factory.js';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key ?? '', value ?? 'true'] as const;
  }),
);
const MESSAGES = Number(args.get('messages') ?? 5000);
const CONVERSATIONS = Number(args.get('conversations') ?? 50);
const USERS = Number(args.get('users') ?? 50);
const JSON_OUTPUT = args.has('json');
/** `--profile=file.cpuprofile`: a CPU profile of the sync alone (open it in Chrome DevTools). */
const PROFILE = args.get('profile');
const CONCURRENCY = Number(
  args.get('concurrency') ?? DEFAULT_MAILBOX_SYNC_OPTIONS.processingConcurrency,
);

const REPLY_TO = 'replies@corp.test';
const PASSWORD = 'bench-password';
const FROM = 'notifications@catalog.test';
const CLIENTS: MailClient[] = ['gmail', 'outlook', 'apple'];

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const log = (line: string) => {
  if (!JSON_OUTPUT) process.stdout.write(`${line}\n`);
};

/** Samples RSS every 50 ms while `work` runs. */
async function withRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peak: number; samples: number[] }> {
  const samples: number[] = [process.memoryUsage().rss];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), 50);
  try {
    const result = await work();
    samples.push(process.memoryUsage().rss);
    return { result, peak: Math.max(...samples), samples };
  } finally {
    clearInterval(timer);
  }
}

function mentionFor(token: string, recipient: User, conversationTitle: string): MentionEmail {
  const post = `@${recipient.username} can you check the revenue numbers in this table?`;
  return {
    to: recipient.email,
    toName: recipient.displayName,
    fromAddress: FROM,
    fromName: 'Replyline',
    replyTo: `replies+${token}@corp.test`,
    subject: `Ada Lovelace mentioned you in ${conversationTitle}`,
    messageId: `<${crypto.randomUUID()}@catalog.test>`,
    text: `Please type your reply above this line\n\nHi ${recipient.displayName},\n\nAda Lovelace mentioned you in ${conversationTitle}:\n\n> ${post}\n\nOpen the conversation: http://replyline.test/conversations/1\n\nYou can answer by replying to this email.`,
    html: `<p style="color:#777">Please type your reply above this line</p><p>Hi ${recipient.displayName},</p><p>Ada Lovelace mentioned you in ${conversationTitle}:</p><blockquote>${post}</blockquote><p><a href="http://replyline.test/conversations/1">Open the conversation</a></p><p>You can answer by replying to this email.</p>`,
    sentAt: new Date(),
  };
}

async function main(): Promise<void> {
  const dovecot = await startDovecot();
  await dovecot.addUser(REPLY_TO, PASSWORD);
  const databaseUrl = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'replyline-bench-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    ADMIN_TOKEN: 'rl_bench_admin_token_0123456789abcdefghijklmnop',
    LOG_LEVEL: 'warn',
    MAIL_FROM_ADDRESS: FROM,
    MAILBOX_SYNC_BATCH_SIZE: String(MESSAGES),
    // The throwaway Dovecot's certificate: the password only leaves after a verified STARTTLS.
    IMAP_CA_FILE: (await sharedTestCertificate()).certPath,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(MAILBOX_SYNC_OPTIONS)
    .useValue({ ...DEFAULT_MAILBOX_SYNC_OPTIONS, tickMs: 0, processingConcurrency: CONCURRENCY })
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  await app.init();

  try {
    // --- data: users, conversations, one reply token per reply -------------------------------
    const users = app.get(UsersService);
    const [admin] = await users.findActiveAdmins();
    if (!admin) throw new Error('No admin');
    await app.get(EmailSettingsService).saveBasicAuth(admin, {
      replyToAddress: REPLY_TO,
      imapHost: dovecot.host,
      imapPort: dovecot.plainPort,
      imapSsl: false,
      username: REPLY_TO,
      password: PASSWORD,
      intentTrackingMode: IntentTrackingMode.EMAIL_ADDRESS,
    });
    const author = await users.create({
      username: 'ada',
      email: 'ada@corp.test',
      displayName: 'Ada Lovelace',
      role: UserRole.USER,
    });
    const recipients: User[] = [];
    for (let index = 0; index < USERS; index++) {
      recipients.push(
        await users.create({
          username: `user${index}`,
          email: `user${index}@corp.test`,
          displayName: `User ${index}`,
          role: UserRole.USER,
        }),
      );
    }
    const conversations = app.get(ConversationsService);
    const threads: Array<{ id: string; postId: string; title: string }> = [];
    for (let index = 0; index < CONVERSATIONS; index++) {
      const created = await conversations.create(author, {
        title: `Revenue table ${index}`,
        subjectRef: `table:${index}`,
        body: 'Numbers for Q3 are in.',
      });
      threads.push({
        id: created.conversation.id,
        postId: created.post.id,
        title: created.conversation.title,
      });
    }
    const intents = app.get(ReplyIntentsService);
    const dataSource = app.get(DataSource);
    const replies: string[] = [];
    for (let start = 0; start < MESSAGES; start += 500) {
      await dataSource.transaction(async (manager) => {
        for (let index = start; index < Math.min(MESSAGES, start + 500); index++) {
          const thread = threads[index % threads.length];
          const recipient = recipients[index % recipients.length];
          const intent = await intents.issue(manager, {
            conversationId: thread.id,
            userId: recipient.id,
            postId: thread.postId,
          });
          replies.push(
            replyTo(
              mentionFor(intent.token, recipient, thread.title),
              CLIENTS[index % CLIENTS.length],
              {
                text: `Reply ${index}: checked the numbers, they match the finance report.\nI will update the description.`,
              },
            ),
          );
        }
      });
    }
    const bytes = replies.reduce((sum, raw) => sum + raw.length, 0);

    const appendStarted = performance.now();
    const appender = imapClient(dovecot.host, dovecot.plainPort);
    await appender.connect();
    for (const raw of replies) await appender.append('INBOX', raw, []);
    await appender.logout();
    log(
      `appended ${MESSAGES} replies (${mb(bytes)} MB) in ${((performance.now() - appendStarted) / 1000).toFixed(1)} s`,
    );

    // --- the sync -----------------------------------------------------------------------------
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const sync = app.get(MailboxSyncService);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const profiler = PROFILE ? await startProfiler() : undefined;
    const { result: run, peak, samples } = await withRss(() => sync.syncNow());
    await profiler?.stop(PROFILE);
    const drainSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpuShare = (cpu.user + cpu.system) / 1e6 / drainSeconds;
    const [phases] = await dataSource.query<Array<{ intake_s: number; posted: number }>>(
      `SELECT extract(epoch FROM max(marked_read_at) - $1::timestamptz) AS intake_s,
              count(*) FILTER (WHERE status = 'POSTED') AS posted
         FROM incoming_emails`,
      [run.lifecycle.startedAt],
    );
    const pending = await sync.status();
    const posts = await dataSource.query<Array<{ count: string }>>(
      `SELECT count(*) FROM posts WHERE source = 'EMAIL'`,
    );
    const replyRate = run.posted / drainSeconds;
    log(
      `sync: ${run.posted} posted, ${run.rejected} rejected, ${run.failed} failed, ${drainSeconds.toFixed(2)} s to drain ` +
        `(intake ${Number(phases?.intake_s ?? 0).toFixed(2)} s) -> ${replyRate.toFixed(0)} replies/s; ` +
        `pending after: ${pending.pendingEmails}; EMAIL posts: ${posts[0]?.count ?? '?'}; node CPU ${(nodeCpuShare * 100).toFixed(0)}% of one core`,
    );
    const quarter = (fraction: number) =>
      mb(samples[Math.min(samples.length - 1, Math.floor(samples.length * fraction))]);
    log(
      `RSS: before ${mb(rssBefore)} MB, peak ${mb(peak)} MB; over the run ${quarter(0.25)} / ${quarter(0.5)} / ${quarter(0.75)} / ${quarter(1)} MB`,
    );

    // --- the floor: FETCH + parse + one INSERT each ------------------------------------------
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    await pool.query(
      `CREATE TABLE bench_floor (id bigserial PRIMARY KEY, raw bytea, subject text, sender text)`,
    );
    const reader = imapClient(dovecot.host, dovecot.plainPort);
    await reader.connect();
    await reader.mailboxOpen('INBOX');
    const floorStarted = performance.now();
    const { peak: floorPeak } = await withRss(async () => {
      for await (const message of reader.fetch('1:*', { uid: true, source: true })) {
        if (!message.source) continue;
        const parsed = await simpleParser(message.source);
        await pool.query(`INSERT INTO bench_floor (raw, subject, sender) VALUES ($1, $2, $3)`, [
          message.source,
          parsed.subject ?? null,
          parsed.from?.value[0]?.address ?? null,
        ]);
      }
    });
    const floorSeconds = (performance.now() - floorStarted) / 1000;
    await reader.logout();
    const [{ count: floorCount } = { count: '0' }] = (
      await pool.query<{ count: string }>(`SELECT count(*) FROM bench_floor`)
    ).rows;
    await pool.end();
    const floorRate = Number(floorCount) / floorSeconds;
    log(
      `floor: ${floorCount} fetched + parsed + inserted in ${floorSeconds.toFixed(2)} s -> ${floorRate.toFixed(0)} msg/s (peak RSS ${mb(floorPeak)} MB)`,
    );
    log(`end to end / floor: ${((replyRate / floorRate) * 100).toFixed(0)}%`);

    if (JSON_OUTPUT) {
      process.stdout.write(
        `${JSON.stringify({
          messages: MESSAGES,
          bytes,
          posted: run.posted,
          rejected: run.rejected,
          failed: run.failed,
          drainSeconds,
          intakeSeconds: Number(phases?.intake_s ?? 0),
          repliesPerSecond: replyRate,
          nodeCpuShare,
          rssBeforeMb: mb(rssBefore),
          peakRssMb: mb(peak),
          floorSeconds,
          floorPerSecond: floorRate,
          ratio: replyRate / floorRate,
        })}\n`,
      );
    }
  } finally {
    await app.close();
    await dovecot.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await dropTestDatabase(databaseUrl);
  }
}

async function startProfiler(): Promise<{ stop(file: string | undefined): Promise<void> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      if (file) writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

function imapClient(host: string, port: number): ImapFlow {
  return new ImapFlow({
    host,
    port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: REPLY_TO, pass: PASSWORD },
    logger: false,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

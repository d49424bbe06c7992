/**
 * Shared steps of the mailbox-sync specs, done the way an admin and users would: settings through
 * GraphQL, conversations and mentions through GraphQL, mention emails read back from the SendGrid
 * fake, runs started with `syncMailboxNow`.
 */
import { randomBytes } from 'node:crypto';
import type { TestingModuleBuilder } from '@nestjs/testing';
import { ImapFlow } from 'imapflow';
import {
  DEFAULT_MAILBOX_SYNC_OPTIONS,
  MAILBOX_SYNC_OPTIONS,
} from '../../../src/mailbox-sync/mailbox-sync.options.js';
import type { MailboxSyncOptions } from '../../../src/mailbox-sync/mailbox-sync.options.js';
import type { DovecotServer } from '../../support/dovecot.js';
import { eventually } from '../../support/eventually.js';
import type { UserWithToken } from '../../support/factories.js';
import { DEFAULT_FAKE_API_KEY } from '../../support/sendgrid-fake.js';
import type { SendGridFake } from '../../support/sendgrid-fake.js';
import type { TestApp } from '../../support/test-app.js';
import { mentionEmailFrom } from './reply-factory.js';
import type { MentionEmail } from './reply-factory.js';

export const REPLY_TO = 'replies@corp.test';
export const MAILBOX_PASSWORD = 'imap-Pa55word-sync';
export const FROM_ADDRESS = 'notifications@catalog.test';

/** Replicas sharing a database must open each other's sealed mailbox secrets. */
const SECRETS_KEY = randomBytes(32).toString('hex');

/** The environment of an app that sends through the SendGrid fake. */
export function appEnv(
  sendgrid: SendGridFake,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY,
    SENDGRID_BASE_URL: sendgrid.baseUrl,
    MAIL_FROM_ADDRESS: FROM_ADDRESS,
    MAILBOX_CONNECT_TIMEOUT_MS: '3000',
    SECRETS_KEY,
    ...extra,
  };
}

/** The scheduler's timer off, so that runs happen only when a test starts them. */
export function syncOptions(options: Partial<MailboxSyncOptions> = {}) {
  return (builder: TestingModuleBuilder) =>
    builder
      .overrideProvider(MAILBOX_SYNC_OPTIONS)
      .useValue({ ...DEFAULT_MAILBOX_SYNC_OPTIONS, tickMs: 0, ...options });
}

export function expectNoErrors(response: { errors?: unknown }): void {
  if (response.errors) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
}

export async function enableBasicAuth(
  t: TestApp,
  dovecot: DovecotServer,
  intentTrackingMode: 'EMAIL_ADDRESS' | 'MESSAGE_ID',
  overrides: Record<string, unknown> = {},
): Promise<void> {
  const response = await t.gql(
    `mutation($input: BasicAuthReplyByEmailInput!) { saveBasicAuthReplyByEmail(input: $input) { replyByEmail { enabled } } }`,
    {
      input: {
        replyToAddress: REPLY_TO,
        imapHost: dovecot.host,
        imapPort: dovecot.plainPort,
        imapSsl: false,
        username: REPLY_TO,
        password: MAILBOX_PASSWORD,
        intentTrackingMode,
        ...overrides,
      },
    },
  );
  expectNoErrors(response);
}

export const RUN_FIELDS =
  'id trigger authMethod startedAt finishedAt succeeded error fetched posted rejected failed';

export interface RunShape {
  id: string;
  trigger: string;
  authMethod: string | null;
  startedAt: string;
  finishedAt: string | null;
  succeeded: boolean | null;
  error: string | null;
  fetched: number;
  posted: number;
  rejected: number;
  failed: number;
}

export async function syncNow(t: TestApp): Promise<RunShape> {
  const response = await t.gql<{ syncMailboxNow: RunShape }>(
    `mutation { syncMailboxNow { ${RUN_FIELDS} } }`,
  );
  expectNoErrors(response);
  return response.data!.syncMailboxNow;
}

export const EMAIL_FIELDS = `id from fromName to subject messageId receivedAt status reasonCode reason
  conversationId postId userId extractedText removedText extractionRule attempts lastError nextAttemptAt`;

export interface IncomingEmailShape {
  id: string;
  from: string | null;
  fromName: string | null;
  to: string | null;
  subject: string | null;
  messageId: string | null;
  receivedAt: string;
  status: 'RECEIVED' | 'POSTED' | 'REJECTED' | 'FAILED';
  reasonCode: string | null;
  reason: string | null;
  conversationId: string | null;
  postId: string | null;
  userId: string | null;
  extractedText: string | null;
  removedText: string | null;
  extractionRule: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
}

export async function incomingEmails(
  t: TestApp,
  filter: {
    status?: string;
    reasonCode?: string;
    receivedSince?: string;
    receivedBefore?: string;
  } = {},
  first = 200,
): Promise<IncomingEmailShape[]> {
  const response = await t.gql<{ incomingEmails: { nodes: IncomingEmailShape[] } }>(
    `query($filter: IncomingEmailFilter, $first: Int) { incomingEmails(filter: $filter, first: $first) { nodes { ${EMAIL_FIELDS} } } }`,
    { filter, first },
  );
  expectNoErrors(response);
  return response.data!.incomingEmails.nodes;
}

export async function emailWithMessageId(
  t: TestApp,
  messageId: string,
): Promise<IncomingEmailShape> {
  const found = (await incomingEmails(t)).filter((email) => email.messageId === messageId);
  if (found.length !== 1)
    throw new Error(`Expected one incoming email ${messageId}, found ${found.length}`);
  return found[0];
}

export interface PostShape {
  id: string;
  body: string;
  source: 'WEB' | 'EMAIL';
  author: { id: string; username: string };
}

export async function postsOf(t: TestApp, conversationId: string): Promise<PostShape[]> {
  const response = await t.gql<{ conversation: { posts: PostShape[] } }>(
    `query($id: ID!) { conversation(id: $id) { posts { id body source author { id username } } } }`,
    { id: conversationId },
  );
  expectNoErrors(response);
  return response.data!.conversation.posts;
}

/** Waits until the fake has accepted `count` emails to `email`; returns them. */
export async function emailsTo(
  sendgrid: SendGridFake,
  email: string,
  count: number,
  timeoutMs = 10_000,
) {
  return eventually(
    () => {
      const sent = sendgrid.sentTo(email);
      if (sent.length < count)
        throw new Error(`Only ${sent.length} of ${count} emails reached ${email}`);
      return sent;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

export interface Mention {
  conversationId: string;
  mention: MentionEmail;
}

/**
 * `author` starts a conversation mentioning `recipient` (or adds a post to `conversationId`);
 * returns the mention email as SendGrid received it.
 */
export async function mention(
  t: TestApp,
  sendgrid: SendGridFake,
  author: UserWithToken,
  recipient: UserWithToken,
  conversationId?: string,
): Promise<Mention> {
  const before = sendgrid.sentTo(recipient.user.email).length;
  const body = `@${recipient.user.username} can you check the revenue numbers in this table?`;
  let id = conversationId;
  if (id) {
    const response = await t.gql(
      `mutation($id: ID!, $body: String!) { addPost(conversationId: $id, body: $body) { id } }`,
      { id, body },
      author.token,
    );
    expectNoErrors(response);
  } else {
    const response = await t.gql<{ createConversation: { id: string } }>(
      `mutation($input: CreateConversationInput!) { createConversation(input: $input) { id } }`,
      { input: { title: `Revenue table ${Date.now()}`, subjectRef: 'table:42', body } },
      author.token,
    );
    expectNoErrors(response);
    id = response.data!.createConversation.id;
  }
  const sent = await emailsTo(sendgrid, recipient.user.email, before + 1);
  const mentionEmail = mentionEmailFrom(sent[sent.length - 1]);
  if (!/mentioned you in/.test(mentionEmail.subject)) {
    throw new Error(`Expected a mention email, got "${mentionEmail.subject}"`);
  }
  return { conversationId: id, mention: mentionEmail };
}

/** Appends many messages over one IMAP connection (the harness opens one per message). */
export async function appendAll(
  dovecot: DovecotServer,
  messages: ReadonlyArray<string | Buffer>,
  options: { user?: string; password?: string } = {},
): Promise<void> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.plainPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: options.user ?? REPLY_TO, pass: options.password ?? MAILBOX_PASSWORD },
    logger: false,
  });
  await client.connect();
  try {
    for (const raw of messages) {
      if (!(await client.append('INBOX', raw, []))) throw new Error('APPEND failed');
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

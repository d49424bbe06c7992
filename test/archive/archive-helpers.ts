import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ArchiveRun } from '../../src/archive/entities/archive-run.entity.js';
import { MailboxProviders } from '../../src/mailbox/mailbox-providers.js';
import { MailboxAuthMethod } from '../../src/mailbox/mailbox.types.js';
import type { MailboxAccount } from '../../src/mailbox/mailbox.types.js';
import { IncomingEmail } from '../../src/mailbox-sync/entities/incoming-email.entity.js';
import { IncomingEmailStatus } from '../../src/mailbox-sync/incoming-email-status.enum.js';
import { EmailSettingsService } from '../../src/settings/email-settings.service.js';
import {
  DEFAULT_MAILBOX_SYNC_OPTIONS,
  MAILBOX_SYNC_OPTIONS,
} from '../../src/mailbox-sync/mailbox-sync.options.js';
import type { DovecotServer } from '../support/dovecot.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp, TestAppOptions } from '../support/test-app.js';
import { plainMessage } from '../support/plain-message.js';

export const MAILBOX = 'reply@example.test';
export const PASSWORD = 'mailbox-secret';
export const DAY_MS = 24 * 60 * 60 * 1000;

export const RUN_FIELDS = `id trigger scheduledFor authMethod folder startedAt finishedAt succeeded moveMethod
  messagesMoved messagesDeleted messagesSkipped rawCopiesPurged skippedReason notes error`;
export const RUN_ARCHIVE_NOW = `mutation { runArchiveNow { ${RUN_FIELDS} } }`;
export const ARCHIVE_STATUS = `query { archiveStatus {
  lastRunStartedAt lastRunFinishedAt nextRunAt messagesMoved messagesDeleted rawCopiesPurged
  lastError skippedReason mailboxArchived folder retentionDays schedule timeZone
  lastRun { ${RUN_FIELDS} } } }`;

export interface RunShape {
  id: string;
  trigger: string;
  scheduledFor: string | null;
  authMethod: string | null;
  folder: string;
  startedAt: string;
  finishedAt: string | null;
  succeeded: boolean | null;
  moveMethod: string | null;
  messagesMoved: number;
  messagesDeleted: number;
  messagesSkipped: number;
  rawCopiesPurged: number;
  skippedReason: string | null;
  notes: string[];
  error: string | null;
}

export interface StatusShape {
  lastRunStartedAt: string | null;
  lastRunFinishedAt: string | null;
  nextRunAt: string | null;
  messagesMoved: number;
  messagesDeleted: number;
  rawCopiesPurged: number;
  lastError: string | null;
  skippedReason: string | null;
  mailboxArchived: boolean;
  folder: string;
  retentionDays: number;
  schedule: string;
  timeZone: string;
  lastRun: RunShape | null;
}

/**
 * The real app with the mailbox sync's timer off: the sync must not read the test mailbox or
 * process the rows a test set up while the archive is under test. Tests run it explicitly.
 */
export function startArchiveTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp({
    ...options,
    configure: (builder) => {
      const configured = options.configure ? options.configure(builder) : builder;
      return configured
        .overrideProvider(MAILBOX_SYNC_OPTIONS)
        .useValue({ ...DEFAULT_MAILBOX_SYNC_OPTIONS, tickMs: 0 });
    },
  });
}

export async function runArchiveNow(t: TestApp, token?: string | null) {
  return t.gql<{ runArchiveNow: RunShape }>(RUN_ARCHIVE_NOW, undefined, token);
}

export async function archiveStatus(t: TestApp): Promise<StatusShape> {
  const { data, errors } = await t.gql<{ archiveStatus: StatusShape }>(ARCHIVE_STATUS);
  expect(errors).toBeUndefined();
  return data!.archiveStatus;
}

export const rawMessage = (subject: string): string => plainMessage(subject, { to: MAILBOX });

/** Enables reply by email with Basic Auth against the Dovecot mailbox, through the real mutation. */
export async function configureBasicAuth(t: TestApp, dovecot: DovecotServer): Promise<void> {
  const { errors } = await t.gql(
    `mutation($input: BasicAuthReplyByEmailInput!) { saveBasicAuthReplyByEmail(input: $input) { replyByEmail { enabled } } }`,
    {
      input: {
        replyToAddress: MAILBOX,
        imapHost: dovecot.host,
        imapPort: dovecot.plainPort,
        imapSsl: false,
        username: MAILBOX,
        password: PASSWORD,
        intentTrackingMode: 'EMAIL_ADDRESS',
      },
    },
  );
  expect(errors).toBeUndefined();
}

export async function mailboxAccount(t: TestApp): Promise<MailboxAccount> {
  const account = await t.app.get(EmailSettingsService).getMailboxAccount();
  if (!account) throw new Error('Reply by email is not configured');
  return account;
}

export const incomingEmails = (t: TestApp) => t.app.get(DataSource).getRepository(IncomingEmail);

/**
 * What the sync's intake does, in the test only: list the unread Inbox, store each message under
 * its key with the status `statusOf` gives it (by subject), and mark it read.
 */
export async function storeUnread(
  t: TestApp,
  statusOf: (subject: string) => IncomingEmailStatus,
): Promise<Map<string, IncomingEmail>> {
  const account = await mailboxAccount(t);
  const rows = new Map<string, IncomingEmail>();
  await t.app.get(MailboxProviders).withSession(account, async (session) => {
    const refs = await session.listUnread();
    const raws = new Map<string, Buffer>();
    for await (const message of session.fetchRaw(refs)) raws.set(message.ref.key, message.raw);
    for (const ref of refs) {
      const raw = raws.get(ref.key)!;
      const subject = /^Subject: (.*)$/m.exec(raw.toString())![1].trim();
      const row = await insertIncomingEmail(t, {
        mailboxKey: ref.key,
        authMethod: MailboxAuthMethod.BASIC,
        imapUid: ref.uid!,
        imapUidValidity: ref.uidValidity!,
        receivedAt: ref.receivedAt,
        raw,
        subject,
        status: statusOf(subject),
      });
      rows.set(subject, row);
    }
    await session.markRead(refs);
  });
  return rows;
}

export async function insertIncomingEmail(
  t: TestApp,
  fields: Partial<IncomingEmail> & Pick<IncomingEmail, 'mailboxKey' | 'authMethod' | 'status'>,
): Promise<IncomingEmail> {
  const repository = incomingEmails(t);
  const final =
    fields.status === IncomingEmailStatus.POSTED || fields.status === IncomingEmailStatus.REJECTED;
  const saved = await repository.save(
    repository.create({
      folder: 'INBOX',
      imapUid: null,
      imapUidValidity: null,
      graphId: null,
      messageId: `<${randomUUID()}@mail.example.test>`,
      fromAddress: 'ada@example.test',
      fromName: 'Ada Lovelace',
      toAddresses: MAILBOX,
      subject: 'A reply',
      receivedAt: new Date(),
      sizeBytes: 100,
      raw: Buffer.from('raw message'),
      rawPurgedAt: null,
      reasonCode: fields.status === IncomingEmailStatus.REJECTED ? 'NO_INTENT' : null,
      reason: fields.status === IncomingEmailStatus.REJECTED ? 'No reply token found' : null,
      attempts: 1,
      nextAttemptAt: null,
      lastError: null,
      markedReadAt: new Date(),
      processedAt: final ? new Date() : null,
      archivedAt: null,
      ...fields,
    }),
  );
  return saved;
}

/** A row as stored now, with its raw copy (not selected by default). */
export async function reloadIncomingEmail(t: TestApp, id: string) {
  return incomingEmails(t)
    .createQueryBuilder('email')
    .addSelect('email.raw')
    .where('email.id = :id', { id })
    .getOneOrFail();
}

export async function archiveRuns(t: TestApp): Promise<ArchiveRun[]> {
  return t.app
    .get(DataSource)
    .getRepository(ArchiveRun)
    .find({ order: { lifecycle: { startedAt: 'ASC' } } });
}

export const subjects = (messages: Array<{ subject: string | undefined }>) =>
  messages.map((message) => message.subject).sort();

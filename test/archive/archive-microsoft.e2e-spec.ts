import { randomUUID } from 'node:crypto';
import { MailboxAuthMethod } from '../../src/mailbox/mailbox.types.js';
import { IncomingEmailStatus } from '../../src/mailbox-sync/incoming-email-status.enum.js';
import { newMicrosoftApp, startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import type { TestApp } from '../support/test-app.js';
import {
  DAY_MS,
  archiveStatus,
  incomingEmails,
  insertIncomingEmail,
  rawMessage,
  reloadIncomingEmail,
  runArchiveNow,
  startArchiveTestApp,
} from './archive-helpers.js';

const MAILBOX = 'replies@contoso.test';

describe('archive with Microsoft OAuth (local identity + Graph fake)', () => {
  let fake: MicrosoftFake;
  let t: TestApp;
  const app = newMicrosoftApp();

  beforeAll(async () => {
    fake = await startMicrosoftFake();
    fake.registerApp(app);
    fake.addMailbox(MAILBOX);
    t = await startArchiveTestApp({
      env: { MICROSOFT_LOGIN_BASE_URL: fake.url, MICROSOFT_GRAPH_BASE_URL: fake.url },
    });
    const { errors } = await t.gql(
      `mutation($input: MicrosoftReplyByEmailInput!) { saveMicrosoftReplyByEmail(input: $input) { replyByEmail { enabled } } }`,
      { input: { replyToAddress: MAILBOX, ...app } },
    );
    expect(errors).toBeUndefined();
  });

  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it('leaves the mailbox alone, records the skip, and still purges raw copies past 30 days', async () => {
    // Processed mail in the Inbox, as the sync leaves it: read, with a final status.
    const processed = [];
    for (const [index, status] of [
      IncomingEmailStatus.POSTED,
      IncomingEmailStatus.REJECTED,
    ].entries()) {
      const receivedAt = new Date(Date.now() - (index === 0 ? 40 : 1) * DAY_MS);
      const graphId = fake.addMessage(MAILBOX, rawMessage(`processed ${index}`), {
        isRead: true,
        receivedAt,
      });
      processed.push(
        await insertIncomingEmail(t, {
          mailboxKey: `graph:${MAILBOX}:${graphId}`,
          authMethod: MailboxAuthMethod.MICROSOFT_OAUTH,
          graphId,
          status,
          receivedAt,
        }),
      );
    }
    const inboxBefore = fake
      .messages(MAILBOX, 'inbox')
      .map((message) => message.id)
      .sort();
    const foldersBefore = fake
      .folders(MAILBOX)
      .map((folder) => folder.displayName)
      .sort();
    const requestsBefore = fake.requests.length;

    const { data, errors } = await runArchiveNow(t);

    expect(errors).toBeUndefined();
    expect(data!.runArchiveNow).toMatchObject({
      authMethod: 'MICROSOFT_OAUTH',
      succeeded: true,
      skippedReason: 'skipped: Microsoft OAuth',
      messagesMoved: 0,
      messagesDeleted: 0,
      rawCopiesPurged: 1,
      moveMethod: null,
      error: null,
    });
    // Not a single call to Microsoft: nothing moved, deleted or even listed.
    expect(fake.requests.slice(requestsBefore)).toEqual([]);
    expect(
      fake
        .messages(MAILBOX, 'inbox')
        .map((message) => message.id)
        .sort(),
    ).toEqual(inboxBefore);
    expect(
      fake
        .folders(MAILBOX)
        .map((folder) => folder.displayName)
        .sort(),
    ).toEqual(foldersBefore);
    for (const row of processed) {
      expect(await incomingEmails(t).findOneByOrFail({ id: row.id })).toMatchObject({
        folder: 'INBOX',
        archivedAt: null,
      });
    }
    // The 40-day-old raw copy is gone, its log row stays readable; the 1-day-old one is kept.
    expect(await reloadIncomingEmail(t, processed[0].id)).toMatchObject({
      raw: null,
      status: IncomingEmailStatus.POSTED,
      fromAddress: 'ada@example.test',
    });
    expect((await reloadIncomingEmail(t, processed[1].id)).raw).not.toBeNull();

    expect(await archiveStatus(t)).toMatchObject({
      skippedReason: 'skipped: Microsoft OAuth',
      rawCopiesPurged: 1,
      lastError: null,
      mailboxArchived: false,
    });
  });

  it('records "reply by email is disabled" once it is turned off, and still applies retention', async () => {
    const { errors } = await t.gql(`mutation { disableReplyByEmail { replyByEmail { enabled } } }`);
    expect(errors).toBeUndefined();
    const old = await insertIncomingEmail(t, {
      mailboxKey: `graph:${MAILBOX}:${randomUUID()}`,
      authMethod: MailboxAuthMethod.MICROSOFT_OAUTH,
      status: IncomingEmailStatus.REJECTED,
      receivedAt: new Date(Date.now() - 31 * DAY_MS),
    });
    const requestsBefore = fake.requests.length;

    const { data } = await runArchiveNow(t);

    expect(data!.runArchiveNow).toMatchObject({
      succeeded: true,
      skippedReason: 'skipped: reply by email is disabled',
      rawCopiesPurged: 1,
    });
    expect(fake.requests.slice(requestsBefore)).toEqual([]);
    expect((await reloadIncomingEmail(t, old.id)).raw).toBeNull();
  });
});

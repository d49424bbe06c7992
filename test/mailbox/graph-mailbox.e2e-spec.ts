import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { MailboxModule } from '../../src/mailbox/mailbox.module.js';
import { MailboxProviders } from '../../src/mailbox/mailbox-providers.js';
import { MailboxErrorCode, MailboxException } from '../../src/mailbox/mailbox.exception.js';
import type { MailboxOptions } from '../../src/mailbox/mailbox.options.js';
import { MailboxAuthMethod } from '../../src/mailbox/mailbox.types.js';
import type { MicrosoftAccount } from '../../src/mailbox/mailbox.types.js';
import { freePort } from '../support/free-port.js';
import { startMicrosoftFake } from '../support/microsoft-fake.js';
import type { MicrosoftFake } from '../support/microsoft-fake.js';
import { plainMessage } from '../support/plain-message.js';

jest.setTimeout(30_000);

const rawMessage = (subject: string, messageId?: string) =>
  plainMessage(subject, { to: 'replies@contoso.test', messageId });

describe('GraphMailboxProvider against the Microsoft fake', () => {
  let fake: MicrosoftFake;
  let moduleRef: TestingModule;
  let providers: MailboxProviders;
  let account: MicrosoftAccount;

  async function createProviders(options: Partial<MailboxOptions> = {}): Promise<MailboxProviders> {
    await moduleRef?.close();
    moduleRef = await Test.createTestingModule({
      imports: [
        MailboxModule.register({
          graphBaseUrl: fake.url,
          microsoftLoginBaseUrl: fake.url,
          graphMaxRetryAfterMs: 5_000,
          ...options,
        }),
      ],
    }).compile();
    return moduleRef.get(MailboxProviders);
  }

  beforeEach(async () => {
    fake = await startMicrosoftFake();
    account = {
      authMethod: MailboxAuthMethod.MICROSOFT_OAUTH,
      tenantId: randomUUID(),
      clientId: randomUUID(),
      clientSecret: `secret-${randomUUID()}`,
      mailbox: 'replies@contoso.test',
    };
    fake.registerApp(account);
    fake.addMailbox(account.mailbox);
    providers = await createProviders();
  });

  afterEach(async () => {
    await moduleRef.close();
    await fake.stop();
  });

  const credentialsError = () =>
    `Error connecting to Tenant ID: ${account.tenantId} with Client: ${account.clientId} credentials.`;

  describe('testConnection', () => {
    it('succeeds with one token request and one Graph read of the Inbox', async () => {
      const result = await providers.testConnection(account);

      expect(result).toEqual({
        ok: true,
        message: `Connected to Tenant ID: ${account.tenantId} with Client: ${account.clientId} and read the Inbox of replies@contoso.test.`,
      });
      // msal must not go looking for instance or authority metadata: exactly one token POST.
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `POST /${account.tenantId}/oauth2/v2.0/token`,
        'GET /v1.0/users/replies%40contoso.test/mailFolders/inbox',
      ]);
    });

    it('reports a wrong secret (AADSTS7000215 invalid_client) with the documented message', async () => {
      const result = await providers.testConnection({ ...account, clientSecret: 'wrong' });
      expect(result).toEqual({ ok: false, message: credentialsError() });
      expect(fake.requests[0].status).toBe(401);
    });

    it('reports an unknown tenant (AADSTS90002) with the documented message', async () => {
      const unknownTenant = { ...account, tenantId: randomUUID() };
      const result = await providers.testConnection(unknownTenant);
      expect(result).toEqual({
        ok: false,
        message: `Error connecting to Tenant ID: ${unknownTenant.tenantId} with Client: ${account.clientId} credentials.`,
      });
      expect(fake.requests[0].status).toBe(400);
    });

    it('reports an unknown client (AADSTS700016) with the documented message', async () => {
      const unknownClient = { ...account, clientId: randomUUID() };
      const result = await providers.testConnection(unknownClient);
      expect(result).toEqual({
        ok: false,
        message: `Error connecting to Tenant ID: ${account.tenantId} with Client: ${unknownClient.clientId} credentials.`,
      });
    });

    it('tells a missing Mail permission (Graph 403 ErrorAccessDenied) apart from bad credentials', async () => {
      const withoutConsent = { ...account, clientId: randomUUID() };
      fake.registerApp({ ...withoutConsent, mailboxes: [] });

      const result = await providers.testConnection(withoutConsent);

      expect(result).toEqual({
        ok: false,
        message: `Connected to Tenant ID: ${account.tenantId} but cannot read the mailbox replies@contoso.test: ErrorAccessDenied (Access is denied. Check credentials and try again.). Grant the Mail.ReadWrite application permission and admin consent.`,
      });
    });

    it('names an unknown mailbox (Graph 404) with Graph error code', async () => {
      const result = await providers.testConnection({ ...account, mailbox: 'nobody@contoso.test' });

      expect(result.ok).toBe(false);
      expect(result.message).toBe(
        `Connected to Tenant ID: ${account.tenantId} but cannot read the mailbox nobody@contoso.test: ErrorInvalidUser (The requested user 'nobody@contoso.test' is invalid.). Check that the Reply To Email Address is an existing Exchange Online mailbox.`,
      );
    });

    it('gives up on a slow Graph after the timeout', async () => {
      // Graph would answer (successfully) after 3 s: only the 0.5 s deadline can make this fail.
      fake.setDelay({ graphMs: 3_000 });

      const result = await providers.testConnection(account, { timeoutMs: 500 });

      expect(result).toEqual({
        ok: false,
        message: `Connected to Tenant ID: ${account.tenantId} but cannot read the mailbox replies@contoso.test: Microsoft Graph did not answer within 0.5 s.`,
      });
    });

    it('gives up on a slow token endpoint after the timeout, still naming tenant and client', async () => {
      fake.setDelay({ tokenMs: 3_000 });

      const result = await providers.testConnection(account, { timeoutMs: 500 });

      expect(result).toEqual({
        ok: false,
        message: `${credentialsError()} The Microsoft identity platform did not answer within 0.5 s.`,
      });
    });

    it('reports an unreachable identity platform with the credentials sentence and the reason', async () => {
      const closedPort = await freePort();
      const down = await createProviders({
        microsoftLoginBaseUrl: `http://127.0.0.1:${closedPort}`,
      });

      const result = await down.testConnection(account);

      expect(result).toEqual({
        ok: false,
        message: `${credentialsError()} The Microsoft identity platform could not be reached: http://127.0.0.1:${closedPort}: connection refused.`,
      });
    });
  });

  describe('session', () => {
    it('lists unread Inbox mail oldest first across pages, fetches raw MIME and marks it read', async () => {
      const base = Date.parse('2025-03-01T10:00:00Z');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          fake.addMessage(account.mailbox, rawMessage(`reply ${i}`, `<reply-${i}@mail.test>`), {
            // Added newest first, to prove the listing sorts by arrival.
            receivedAt: new Date(base - i * 60_000),
          }),
        );
      }
      fake.addMessage(account.mailbox, rawMessage('already read'), { isRead: true });

      await providers.withSession(account, async (session) => {
        expect(session.inboxIdentity).toBe('graph:replies@contoso.test');
        const refs = await session.listUnread({ limit: 4 });

        expect(refs.map((ref) => ref.messageId)).toEqual([
          '<reply-4@mail.test>',
          '<reply-3@mail.test>',
          '<reply-2@mail.test>',
          '<reply-1@mail.test>',
        ]);
        expect(refs[0]).toEqual({
          key: `graph:replies@contoso.test:${ids[4]}`,
          folder: 'INBOX',
          graphId: ids[4],
          receivedAt: new Date(base - 4 * 60_000),
          messageId: '<reply-4@mail.test>',
        });

        const fetched: string[] = [];
        for await (const { ref, raw } of session.fetchRaw(refs)) {
          // Exchange folds Message-ID onto a continuation line; unfolded, it is the listed one.
          const unfolded = raw.toString().replace(/\r\n[ \t]+/g, ' ');
          expect(unfolded).toContain(`Message-ID: ${ref.messageId}`);
          fetched.push(ref.key);
        }
        expect(fetched).toEqual(refs.map((ref) => ref.key));

        await session.markRead(refs);
        const unread = await session.listUnread();
        expect(unread.map((ref) => ref.messageId)).toEqual(['<reply-0@mail.test>']);
      });

      const listCalls = fake.requests.filter((r) => r.path.endsWith('/mailFolders/inbox/messages'));
      expect(listCalls[0].query).toMatchObject({
        $filter: 'receivedDateTime ge 1900-01-01T00:00:00Z and isRead eq false',
        $orderby: 'receivedDateTime asc',
      });
      expect(fake.messages(account.mailbox).filter((m) => !m.isRead)).toHaveLength(1);
    });

    it('honours 429 Retry-After and then succeeds', async () => {
      fake.addMessage(account.mailbox, rawMessage('throttled'));
      await providers.withSession(account, async (session) => {
        fake.failNext({ status: 429, retryAfterSeconds: 1, times: 2 });

        const refs = await session.listUnread();

        expect(refs).toHaveLength(1);
      });
      const listCalls = fake.requests.filter((r) => r.path.endsWith('/messages'));
      expect(listCalls.map((r) => r.status)).toEqual([429, 429, 200]);
      // Graph saw each retry no sooner than its Retry-After (1 s) asked: honoured, not ignored.
      const gaps = listCalls.slice(1).map((r, i) => r.at.getTime() - listCalls[i].at.getTime());
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
    });

    it('honours 503 Retry-After, and fails as THROTTLED once the retry budget is spent', async () => {
      const impatient = await createProviders({ graphMaxRetries: 1 });
      await impatient.withSession(account, async (session) => {
        fake.failNext({ status: 503, retryAfterSeconds: 0, times: 2 });

        const failure = await session.listUnread().catch((error: unknown) => error);

        expect(failure).toBeInstanceOf(MailboxException);
        expect((failure as MailboxException).code).toBe(MailboxErrorCode.THROTTLED);
        expect((failure as MailboxException).message).toMatch(
          /throttling requests \(HTTP 503 after 2 attempts/,
        );
      });
    });

    it('reuses one token for many calls and sessions', async () => {
      for (let i = 0; i < 3; i++) fake.addMessage(account.mailbox, rawMessage(`m${i}`));
      for (let run = 0; run < 3; run++) {
        await providers.withSession(account, async (session) => {
          const refs = await session.listUnread();
          for await (const message of session.fetchRaw(refs))
            expect(message.raw.length).toBeGreaterThan(0);
        });
      }
      expect(await providers.testConnection(account)).toMatchObject({ ok: true });

      expect(fake.tokenRequestCount()).toBe(1);
      expect(fake.requests.filter((r) => r.kind === 'graph').length).toBeGreaterThan(10);
    });

    it('shares one token request between parallel calls', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => providers.testConnection(account)),
      );
      expect(results.every((result) => result.ok)).toBe(true);
      expect(fake.tokenRequestCount()).toBe(1);
    });

    it('gets a new token when Graph refuses a revoked one', async () => {
      fake.addMessage(account.mailbox, rawMessage('after revocation'));
      await providers.withSession(account, async (session) => {
        fake.revokeTokens();
        expect(await session.listUnread()).toHaveLength(1);
      });
      expect(fake.tokenRequestCount()).toBe(2);
    });

    it('renews a token that is about to expire instead of using it', async () => {
      // msal renews tokens within 5 minutes of expiry, so a 4-minute token is never reused: each
      // connection test asks for one before reading the Inbox and again for the Graph call.
      fake.setTokenLifetime(240);
      await providers.testConnection(account);
      await providers.testConnection(account);
      expect(fake.tokenRequestCount()).toBe(4);

      fake.setTokenLifetime(3599);
      await providers.testConnection(account);
      await providers.testConnection(account);
      expect(fake.tokenRequestCount()).toBe(5);
    });

    it('fails to open with the same wording as the connection test, for the sync status', async () => {
      const failure = await providers
        .open({ ...account, clientSecret: 'rotated-away' })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MailboxException);
      expect((failure as MailboxException).code).toBe(MailboxErrorCode.AUTHENTICATION_FAILED);
      expect((failure as MailboxException).message).toBe(credentialsError());
    });

    it('moves messages to a folder it creates, lists a folder by date and deletes', async () => {
      fake.addMessage(account.mailbox, rawMessage('old'), {
        receivedAt: new Date('2025-01-01T00:00:00Z'),
      });
      fake.addMessage(account.mailbox, rawMessage('new'), {
        receivedAt: new Date('2025-02-15T00:00:00Z'),
      });

      await providers.withSession(account, async (session) => {
        const inbox = await session.listFolder('INBOX');
        expect(inbox).toHaveLength(2);

        expect(await session.moveTo(inbox, 'Processed')).toEqual({ moved: 2, method: 'GRAPH' });
        expect(fake.folders(account.mailbox).map((f) => f.displayName)).toContain('Processed');
        expect(fake.messages(account.mailbox, 'inbox')).toHaveLength(0);

        const old = await session.listFolder('Processed', {
          before: new Date('2025-02-01T00:00:00Z'),
        });
        expect(old).toHaveLength(1);
        await session.deleteMessages('Processed', old);
        expect(await session.listFolder('Processed')).toHaveLength(1);
        expect(await session.listFolder('Does not exist')).toEqual([]);
      });
      expect(fake.messages(account.mailbox, 'Processed').map((m) => m.subject)).toEqual(['new']);
    });
  });
});

import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { MailboxModule } from '../../src/mailbox/mailbox.module.js';
import { MailboxProviders } from '../../src/mailbox/mailbox-providers.js';
import { MailboxErrorCode, MailboxException } from '../../src/mailbox/mailbox.exception.js';
import { MailboxAuthMethod } from '../../src/mailbox/mailbox.types.js';
import type { ImapAccount, MailboxSession } from '../../src/mailbox/mailbox.types.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { freePort } from '../support/free-port.js';
import { plainMessage } from '../support/plain-message.js';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;

const rawMessage = (subject: string, messageId?: string) =>
  plainMessage(subject, { to: 'replies@example.test', messageId });

async function mailboxProviders(dovecot: DovecotServer): Promise<{
  moduleRef: TestingModule;
  providers: MailboxProviders;
}> {
  const moduleRef = await Test.createTestingModule({
    imports: [MailboxModule.register({ imapTrustedCaCerts: [dovecot.caCert] })],
  }).compile();
  return { moduleRef, providers: moduleRef.get(MailboxProviders) };
}

describe('ImapMailboxProvider against a real Dovecot', () => {
  let dovecot: DovecotServer;
  let moduleRef: TestingModule;
  let providers: MailboxProviders;

  beforeAll(async () => {
    dovecot = await startDovecot();
    ({ moduleRef, providers } = await mailboxProviders(dovecot));
  });

  afterAll(async () => {
    await moduleRef?.close();
    await dovecot?.stop();
  });

  /** A fresh mailbox user per test, so tests never see each other's mail. */
  async function newAccount(overrides: Partial<ImapAccount> = {}): Promise<ImapAccount> {
    const username = `replies-${randomUUID().slice(0, 8)}@example.test`;
    await dovecot.addUser(username, 'correct horse');
    return {
      authMethod: MailboxAuthMethod.BASIC,
      host: dovecot.host,
      port: dovecot.plainPort,
      ssl: false,
      username,
      password: 'correct horse',
      allowUnencryptedLogin: false,
      ...overrides,
    };
  }

  describe('testConnection', () => {
    it('connects to the plain port, upgrades with STARTTLS and opens INBOX', async () => {
      const account = await newAccount();
      expect(await providers.testConnection(account)).toEqual({
        ok: true,
        message: `Connected to IMAP server 127.0.0.1:${dovecot.plainPort}, secured with STARTTLS, and opened INBOX.`,
      });
    });

    it('connects over TLS when the server certificate is trusted', async () => {
      const account = await newAccount({ port: dovecot.tlsPort, ssl: true });
      expect(await providers.testConnection(account)).toEqual({
        ok: true,
        message: `Connected to IMAP server 127.0.0.1:${dovecot.tlsPort} and opened INBOX.`,
      });
    });

    it('reports a wrong password', async () => {
      const account = await newAccount({ password: 'wrong' });
      expect(await providers.testConnection(account)).toEqual({
        ok: false,
        message: `Error connecting to IMAP server 127.0.0.1:${dovecot.plainPort}: authentication failed (the server rejected the user name or password)`,
      });
    });

    it('reports a closed port', async () => {
      const port = await freePort();
      const account = await newAccount({ port });
      expect(await providers.testConnection(account)).toEqual({
        ok: false,
        message: `Error connecting to IMAP server 127.0.0.1:${port}: connection refused (nothing accepts connections on port ${port})`,
      });
    });

    it('reports an unknown host', async () => {
      const account = await newAccount({ host: 'imap.replyline.invalid' });
      expect(await providers.testConnection(account)).toEqual({
        ok: false,
        message: `Error connecting to IMAP server imap.replyline.invalid:${dovecot.plainPort}: host not found`,
      });
    });

    it('explains a TLS port used with SSL off', async () => {
      const account = await newAccount({ port: dovecot.tlsPort, ssl: false });
      const result = await providers.testConnection(account, { timeoutMs: 1_500 });
      expect(result).toEqual({
        ok: false,
        message: `Error connecting to IMAP server 127.0.0.1:${dovecot.tlsPort}: no IMAP greeting from the server (the port expects TLS: turn on "Server uses SSL" or use the server's plain IMAP port, usually 143)`,
      });
    });

    it('explains a plain port used with SSL on', async () => {
      const account = await newAccount({ port: dovecot.plainPort, ssl: true });
      const result = await providers.testConnection(account);
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(
        new RegExp(
          `^Error connecting to IMAP server 127\\.0\\.0\\.1:${dovecot.plainPort}: TLS handshake failed: (wrong version number|packet length too long) \\(the port expects plain IMAP: turn off "Server uses SSL" or use the server's TLS port, usually 993\\)$`,
        ),
      );
    });

    it('names the certificate problem of an untrusted TLS server', async () => {
      const { moduleRef: untrusting, providers: defaults } = await Test.createTestingModule({
        imports: [MailboxModule.register()],
      })
        .compile()
        .then((ref) => ({ moduleRef: ref, providers: ref.get(MailboxProviders) }));
      try {
        const account = await newAccount({ port: dovecot.tlsPort, ssl: true });
        expect(await defaults.testConnection(account)).toEqual({
          ok: false,
          message: `Error connecting to IMAP server 127.0.0.1:${dovecot.tlsPort}: TLS handshake failed: self-signed certificate (the server's certificate is not trusted)`,
        });
      } finally {
        await untrusting.close();
      }
    });

    describe('against a server that greets and then never answers', () => {
      let silent: Server;
      let port: number;
      const sockets = new Set<Socket>();

      beforeAll(async () => {
        silent = createServer((socket) => {
          sockets.add(socket);
          socket.write('* OK IMAP4rev1 ready\r\n');
        });
        await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
        port = (silent.address() as { port: number }).port;
      });

      afterAll(async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      });

      it('gives up after the timeout', async () => {
        // The server never answers the login: only the deadline ends the test, and its message
        // (not imapflow's own 60 s socket timeout) is what the admin sees.
        const account = await newAccount({ port });
        const result = await providers.testConnection(account, { timeoutMs: 1_000 });
        expect(result).toEqual({
          ok: false,
          message: `Error connecting to IMAP server 127.0.0.1:${port}: timed out after 1 s`,
        });
      });
    });
  });

  describe('session', () => {
    it('lists unread mail oldest first, streams the raw messages and marks them read', async () => {
      const account = await newAccount();
      const base = Date.parse('2025-03-01T10:00:00Z');
      for (let i = 0; i < 4; i++) {
        await dovecot.append(
          account.username,
          'INBOX',
          rawMessage(`reply ${i}`, `<reply-${i}@mail.test>`),
          {
            internalDate: new Date(base + i * 60_000),
          },
        );
      }
      await dovecot.append(account.username, 'INBOX', rawMessage('already read'), { seen: true });

      await providers.withSession(account, async (session) => {
        expect(session.uidValidity).toMatch(/^\d+$/);
        expect(session.inboxIdentity).toBe(
          `imap:${account.username}@127.0.0.1:INBOX:${session.uidValidity}`,
        );
        const refs = await session.listUnread({ limit: 3 });

        expect(refs.map((ref) => ref.messageId)).toEqual([
          '<reply-0@mail.test>',
          '<reply-1@mail.test>',
          '<reply-2@mail.test>',
        ]);
        expect(refs[0]).toEqual({
          key: `imap:${account.username}@127.0.0.1:INBOX:${session.uidValidity}:1`,
          folder: 'INBOX',
          uid: 1,
          uidValidity: session.uidValidity,
          size: expect.any(Number) as number,
          receivedAt: new Date(base),
          messageId: '<reply-0@mail.test>',
          // From the envelope: all that is known of a message too large to download.
          from: 'ada@example.test',
          subject: 'reply 0',
        });

        const fetched: string[] = [];
        for await (const { ref, raw } of session.fetchRaw(refs)) {
          expect(raw.toString()).toContain(`Message-ID: ${ref.messageId}`);
          expect(raw.length).toBe(ref.size);
          fetched.push(ref.key);
        }
        expect(fetched).toEqual(refs.map((ref) => ref.key));

        await session.markRead(refs);
        expect((await session.listUnread()).map((ref) => ref.messageId)).toEqual([
          '<reply-3@mail.test>',
        ]);
      });

      const inbox = await dovecot.listFolder(account.username, 'INBOX');
      expect(inbox.filter((m) => m.flags.includes('\\Seen'))).toHaveLength(4);
    });

    it('refuses other commands while a fetch is being consumed instead of deadlocking', async () => {
      const account = await newAccount();
      await dovecot.append(account.username, 'INBOX', rawMessage('one'));
      await dovecot.append(account.username, 'INBOX', rawMessage('two'));

      await providers.withSession(account, async (session: MailboxSession) => {
        const refs = await session.listUnread();
        let busy: unknown;
        for await (const message of session.fetchRaw(refs)) {
          busy = await session.markRead([message.ref]).catch((error: unknown) => error);
          break;
        }
        expect(busy).toBeInstanceOf(MailboxException);
        expect((busy as MailboxException).code).toBe(MailboxErrorCode.SESSION_BUSY);
        // Breaking out ends the iteration; the session is usable again.
        await session.markRead(refs);
        expect(await session.listUnread()).toEqual([]);
      });
    });

    it('moves messages with MOVE into a folder it creates', async () => {
      const account = await newAccount();
      await dovecot.append(
        account.username,
        'INBOX',
        rawMessage('processed', '<processed@mail.test>'),
      );
      await dovecot.append(
        account.username,
        'INBOX',
        rawMessage('unprocessed', '<keep@mail.test>'),
      );

      await providers.withSession(account, async (session) => {
        const [processed] = await session.listUnread({ limit: 1 });
        expect(await session.moveTo([processed], 'Archive')).toEqual({ moved: 1, method: 'MOVE' });
        // Moving again (a resumed run) finds nothing to move and says so.
        expect(await session.moveTo([processed], 'Archive')).toEqual({ moved: 0, method: 'MOVE' });
      });

      expect(
        (await dovecot.listFolder(account.username, 'Archive')).map((m) => m.messageId),
      ).toEqual(['<processed@mail.test>']);
      expect((await dovecot.listFolder(account.username, 'INBOX')).map((m) => m.messageId)).toEqual(
        ['<keep@mail.test>'],
      );
    });

    it('lists a folder by arrival date and deletes from it', async () => {
      const account = await newAccount();
      const now = Date.now();
      await dovecot.append(account.username, 'Archive', rawMessage('31 days', '<old@mail.test>'), {
        seen: true,
        internalDate: new Date(now - 31 * DAY),
      });
      await dovecot.append(
        account.username,
        'Archive',
        rawMessage('29 days', '<recent@mail.test>'),
        {
          seen: true,
          internalDate: new Date(now - 29 * DAY),
        },
      );

      await providers.withSession(account, async (session) => {
        expect(await session.listFolder('Missing')).toEqual([]);
        expect(await session.listFolder('Archive')).toHaveLength(2);

        const expired = await session.listFolder('Archive', { before: new Date(now - 30 * DAY) });
        expect(expired.map((ref) => ref.messageId)).toEqual(['<old@mail.test>']);
        expect(expired[0].key).toMatch(
          new RegExp(`^imap:${account.username}@127\\.0\\.0\\.1:Archive:\\d+:1$`),
        );

        await session.deleteMessages('Archive', expired);
      });

      expect(
        (await dovecot.listFolder(account.username, 'Archive')).map((m) => m.messageId),
      ).toEqual(['<recent@mail.test>']);
    });

    it('fails to open with the same message the connection test shows', async () => {
      const account = await newAccount({ password: 'changed' });
      const failure = await providers.open(account).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MailboxException);
      expect((failure as MailboxException).code).toBe(MailboxErrorCode.AUTHENTICATION_FAILED);
      expect((failure as MailboxException).message).toMatch(
        /^Error connecting to IMAP server .*: authentication failed/,
      );
    });
  });

  describe('on a server without the MOVE capability', () => {
    let legacy: DovecotServer;
    let legacyModule: TestingModule;
    let legacyProviders: MailboxProviders;

    beforeAll(async () => {
      legacy = await startDovecot({ withoutMove: true });
      ({ moduleRef: legacyModule, providers: legacyProviders } = await mailboxProviders(legacy));
    });

    afterAll(async () => {
      await legacyModule?.close();
      await legacy?.stop();
    });

    it('falls back to COPY + \\Deleted + UID EXPUNGE and removes only the moved messages', async () => {
      const account: ImapAccount = {
        authMethod: MailboxAuthMethod.BASIC,
        host: legacy.host,
        port: legacy.plainPort,
        ssl: false,
        username: 'replies@example.test',
        password: 'pw',
        allowUnencryptedLogin: false,
      };
      await legacy.addUser(account.username, account.password);
      await legacy.append(account.username, 'INBOX', rawMessage('a', '<a@mail.test>'));
      await legacy.append(account.username, 'INBOX', rawMessage('b', '<b@mail.test>'));
      await legacy.append(account.username, 'INBOX', rawMessage('c', '<c@mail.test>'));

      await legacyProviders.withSession(account, async (session) => {
        const refs = await session.listUnread();
        const toMove = refs.filter((ref) => ref.messageId !== '<b@mail.test>');
        expect(await session.moveTo(toMove, 'Archive')).toEqual({
          moved: 2,
          method: 'COPY_EXPUNGE',
        });
      });

      expect(
        (await legacy.listFolder(account.username, 'Archive')).map((m) => m.messageId),
      ).toEqual(['<a@mail.test>', '<c@mail.test>']);
      expect((await legacy.listFolder(account.username, 'INBOX')).map((m) => m.messageId)).toEqual([
        '<b@mail.test>',
      ]);
    });
  });
});

import { DataSource } from 'typeorm';
import { ReplyIntentsService } from '../../src/conversations/reply-intents.service.js';
import { startDovecot } from '../support/dovecot.js';
import type { DovecotServer } from '../support/dovecot.js';
import { eventually } from '../support/eventually.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { nextDeliveryPass } from '../support/next-signal.js';
import { DEFAULT_FAKE_API_KEY, SendGridFake } from '../support/sendgrid-fake.js';
import type { RecordedRequest } from '../support/sendgrid-fake.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const REPLY_TO = 'replies@example.test';
const PROMPT = 'Please type your reply above this line';
const TOKEN = '[a-z2-7]{26}';

const CREATE = `mutation($input: CreateConversationInput!) { createConversation(input: $input) { id title } }`;
const ADD_POST = `mutation($id: ID!, $body: String!) { addPost(conversationId: $id, body: $body) {
  id body source author { username } mentionedUsers { username } } }`;
const ASSIGN = `mutation($id: ID!, $to: ID!) { assignConversation(conversationId: $id, assigneeId: $to) { id assignee { username } } }`;

const textOf = (request: RecordedRequest) =>
  request.body?.content?.find((c) => c.type === 'text/plain')?.value ?? '';
const htmlOf = (request: RecordedRequest) =>
  request.body?.content?.find((c) => c.type === 'text/html')?.value ?? '';
const headersOf = (request: RecordedRequest) => ({
  ...request.body?.headers,
  ...request.body?.personalizations[0]?.headers,
});

describe('conversations, mentions and reply intents', () => {
  let sendgrid: SendGridFake;
  let dovecot: DovecotServer;
  let t: TestApp;
  let ana: UserWithToken;
  let bruno: UserWithToken;
  let carla: UserWithToken;

  const enableReplyByEmail = async (intentTrackingMode: 'EMAIL_ADDRESS' | 'MESSAGE_ID') => {
    const { errors } = await t.gql(
      `mutation($input: BasicAuthReplyByEmailInput!) { saveBasicAuthReplyByEmail(input: $input) { notificationsDisabled } }`,
      {
        input: {
          replyToAddress: REPLY_TO,
          imapHost: '127.0.0.1',
          imapPort: dovecot.plainPort,
          imapSsl: false,
          username: REPLY_TO,
          password: 'secret',
          intentTrackingMode,
        },
      },
    );
    expect(errors).toBeUndefined();
  };

  const startConversation = async (
    author: UserWithToken,
    body: string,
    title = 'Is orders.total in cents?',
  ) => {
    const { data, errors } = await t.gql<{ createConversation: { id: string } }>(
      CREATE,
      { input: { title, subjectRef: 'table:42', body } },
      author.token,
    );
    expect(errors).toBeUndefined();
    return data!.createConversation.id;
  };

  /** Waits for the next `count` emails to `email` and returns them. */
  const emailsTo = (email: string, count = 1) =>
    eventually(() => {
      const found = sendgrid.sentTo(email);
      if (found.length < count) {
        throw new Error(`expected ${count} email(s) to ${email}, got ${found.length}`);
      }
      return found;
    });

  beforeAll(async () => {
    sendgrid = await SendGridFake.start();
    dovecot = await startDovecot();
    await dovecot.addUser(REPLY_TO, 'secret');
    t = await startTestApp({
      env: { SENDGRID_API_KEY: DEFAULT_FAKE_API_KEY, SENDGRID_BASE_URL: sendgrid.baseUrl },
    });
    ana = await createUser(t, { username: 'ana', displayName: 'Ana Lima' });
    bruno = await createUser(t, { username: 'bruno', displayName: 'Bruno Diaz' });
    carla = await createUser(t, { username: 'carla', displayName: 'Carla <Admin> & Co' });
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
    await sendgrid?.close();
  });
  beforeEach(() => sendgrid.reset());

  describe('with reply by email off', () => {
    it('sends the mention email without the prompt line and without a reply intent', async () => {
      const id = await startConversation(ana, 'Hi @Bruno, can you check?');
      const [email] = await emailsTo(bruno.user.email);
      expect(email.body?.subject).toBe('Ana Lima mentioned you in Is orders.total in cents?');
      expect(textOf(email)).toContain('Hi @Bruno, can you check?');
      expect(textOf(email)).toContain(`http://replyline.test/conversations/${id}`);
      expect(textOf(email)).not.toContain(PROMPT);
      expect(email.body?.reply_to).toBeUndefined();
      expect(headersOf(email)['Auto-Submitted']).toBe('auto-generated');
      const intents = await t.app.get(DataSource).query<unknown[]>('SELECT 1 FROM reply_intents');
      expect(intents).toHaveLength(0);
    });
  });

  describe('intent tracking mode EMAIL_ADDRESS', () => {
    beforeAll(() => enableReplyByEmail('EMAIL_ADDRESS'));

    it('puts the prompt line at the top and the token in a plus-tagged Reply-To', async () => {
      const id = await startConversation(ana, 'Please look, @bruno.');
      const [email] = await emailsTo(bruno.user.email);
      expect(textOf(email).trimStart().startsWith(PROMPT)).toBe(true);
      expect(htmlOf(email)).toContain(PROMPT);
      expect(htmlOf(email).indexOf(PROMPT)).toBeLessThan(htmlOf(email).indexOf('Please look'));
      const replyTo = email.body?.reply_to?.email ?? '';
      expect(replyTo).toMatch(new RegExp(`^replies\\+${TOKEN}@example\\.test$`));

      const token = /\+([a-z2-7]{26})@/.exec(replyTo)![1];
      const resolved = await t.app.get(ReplyIntentsService).resolve(token.toUpperCase());
      expect(resolved.ok).toBe(true);
      if (resolved.ok) {
        expect(resolved.conversation.id).toBe(id);
        expect(resolved.user.id).toBe(bruno.user.id);
      }
    });

    it('notifies each mentioned active user once, never the author, and ignores addresses', async () => {
      const inactive = await createUser(t, { username: 'dora' });
      await t.gql('mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }', {
        id: inactive.user.id,
      });
      const id = await startConversation(ana, 'Intro');
      const { data } = await t.gql<{
        addPost: { mentionedUsers: Array<{ username: string }>; source: string };
      }>(
        ADD_POST,
        { id, body: '@ana @bruno @BRUNO @carla @dora @nobody mail ana@example.com' },
        ana.token,
      );
      expect(data?.addPost.source).toBe('WEB');
      expect(data?.addPost.mentionedUsers.map((u) => u.username).sort()).toEqual([
        'ana',
        'bruno',
        'carla',
      ]);
      // The post's transaction wrote one outbox row per email this post will ever send.
      const enqueued = await t.app.get(DataSource).query<Array<{ recipient_email: string }>>(
        `SELECT recipient_email FROM email_deliveries
            WHERE type = 'conversation_mention' AND text_body LIKE $1`,
        [`%${id}%`],
      );
      expect(enqueued.map((row) => row.recipient_email).sort()).toEqual(
        [bruno.user.email, carla.user.email].sort(),
      );
      await emailsTo(bruno.user.email);
      await emailsTo(carla.user.email);
      expect(await nextDeliveryPass(t.app)).toMatchObject({ claimed: 0 });
      expect(sendgrid.sentTo(bruno.user.email)).toHaveLength(1);
      expect(sendgrid.sentTo(ana.user.email)).toHaveLength(0);
      expect(sendgrid.sentTo(inactive.user.email)).toHaveLength(0);
    });

    it('escapes user text in the HTML part', async () => {
      await startConversation(
        carla,
        '<script>alert(1)</script> @bruno <b>bold</b>',
        'Title <i>x</i>',
      );
      const [email] = await emailsTo(bruno.user.email);
      const html = htmlOf(email);
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('Carla &lt;Admin&gt; &amp; Co');
      expect(email.body?.subject).toBe('Carla <Admin> & Co mentioned you in Title <i>x</i>');
    });
  });

  describe('intent tracking mode MESSAGE_ID', () => {
    beforeAll(() => enableReplyByEmail('MESSAGE_ID'));

    it('puts the token in the Message-ID and the plain address in Reply-To', async () => {
      await startConversation(ana, 'Ping @bruno');
      const [email] = await emailsTo(bruno.user.email);
      expect(email.body?.reply_to?.email).toBe(REPLY_TO);
      expect(headersOf(email)['Message-ID']).toMatch(new RegExp(`^<${TOKEN}@example\\.test>$`));
      expect(textOf(email).trimStart().startsWith(PROMPT)).toBe(true);
    });
  });

  describe('assignment', () => {
    it('sends "<Username> assigned you to this Conversation" without prompt or intent, saying replies are not posted', async () => {
      await enableReplyByEmail('EMAIL_ADDRESS');
      const id = await startConversation(ana, 'No mentions here');
      const before = await t.app.get(DataSource).query<unknown[]>('SELECT 1 FROM reply_intents');
      const { data } = await t.gql<{ assignConversation: { assignee: { username: string } } }>(
        ASSIGN,
        { id, to: bruno.user.id },
        ana.token,
      );
      expect(data?.assignConversation.assignee.username).toBe('bruno');
      const [email] = await emailsTo(bruno.user.email);
      expect(email.body?.subject).toBe('Ana Lima assigned you to this Conversation');
      expect(textOf(email)).not.toContain(PROMPT);
      expect(textOf(email)).toContain(
        'Replies to this email are not posted; open the conversation to answer.',
      );
      // Replies reach the reply mailbox without a token, where they are logged as NOT_REPLYABLE.
      expect(email.body?.reply_to?.email).toBe(REPLY_TO);
      expect(headersOf(email)['Message-ID']).not.toMatch(new RegExp(`^<${TOKEN}@`));
      expect(
        await t.app.get(DataSource).query<unknown[]>('SELECT 1 FROM reply_intents'),
      ).toHaveLength(before.length);
    });
  });

  describe('kill switch', () => {
    it('records mentions and assignments as SUPPRESSED and sends nothing', async () => {
      await t.gql(
        'mutation { setEmailNotificationsDisabled(disabled: true) { notificationsDisabled } }',
      );
      try {
        const id = await startConversation(ana, 'Quiet @bruno');
        await t.gql(ASSIGN, { id, to: carla.user.id }, ana.token);
        const { data } = await t.gql<{
          emailDeliveries: { nodes: Array<{ type: string; status: string }> };
        }>('query { emailDeliveries(first: 2) { nodes { type status } } }');
        expect(data?.emailDeliveries.nodes).toEqual([
          { type: 'conversation_assignment', status: 'SUPPRESSED' },
          { type: 'conversation_mention', status: 'SUPPRESSED' },
        ]);
        expect(await nextDeliveryPass(t.app)).toMatchObject({ claimed: 0 });
        expect(sendgrid.sent()).toHaveLength(0);
      } finally {
        await t.gql(
          'mutation { setEmailNotificationsDisabled(disabled: false) { notificationsDisabled } }',
        );
      }
    });
  });

  describe('reply intents', () => {
    it('resolve a valid token, and say why an unknown or expired one cannot be used', async () => {
      await enableReplyByEmail('MESSAGE_ID');
      await startConversation(ana, 'Token @carla');
      const [email] = await emailsTo(carla.user.email);
      const token = /^<([a-z2-7]{26})@/.exec(headersOf(email)['Message-ID'] ?? '')![1];
      const intents = t.app.get(ReplyIntentsService);

      expect((await intents.resolve(token)).ok).toBe(true);
      expect(await intents.resolve('a'.repeat(26))).toEqual({ ok: false, problem: 'UNKNOWN' });
      await t.app
        .get(DataSource)
        .query(
          `UPDATE reply_intents SET expires_at = now() - interval '1 second' WHERE token = $1`,
          [token],
        );
      expect(await intents.resolve(token)).toMatchObject({ ok: false, problem: 'EXPIRED' });
    });

    it('expire after REPLY_INTENT_TTL_DAYS (90 by default)', async () => {
      const rows = await t.app
        .get(DataSource)
        .query<Array<{ days: number }>>(
          `SELECT round(extract(epoch FROM expires_at - created_at) / 86400) AS days FROM reply_intents WHERE expires_at > now() LIMIT 1`,
        );
      expect(Number(rows[0]?.days)).toBe(90);
    });
  });

  describe('input rules', () => {
    it('refuses empty and over-long bodies and unknown conversations', async () => {
      const id = await startConversation(ana, 'Hello');
      for (const body of ['', 'x'.repeat(20_001)]) {
        const { errors } = await t.gql(ADD_POST, { id, body }, ana.token);
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(Object.keys(errors?.[0]?.extensions?.fields ?? {})).toEqual(['body']);
      }
      expect(
        (await t.gql(ADD_POST, { id, body: 'x'.repeat(20_000) }, ana.token)).errors,
      ).toBeUndefined();
      const unknown = await t.gql(
        ADD_POST,
        { id: '00000000-0000-4000-8000-000000000000', body: 'hi' },
        ana.token,
      );
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const missing = await t.gql(
        'query { conversation(id: "00000000-0000-4000-8000-000000000000") { id } }',
        {},
        ana.token,
      );
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('stores bodies exactly as written and lists conversations by newest activity', async () => {
      const older = await startConversation(ana, 'first', 'Older');
      const newer = await startConversation(ana, 'second', 'Newer');
      const body = '  <b>exact</b>\n\ttext & more  ';
      await t.gql(ADD_POST, { id: older, body }, bruno.token);
      const { data } = await t.gql<{
        conversations: {
          nodes: Array<{ id: string }>;
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(
        'query { conversations(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        {},
        bruno.token,
      );
      expect(data?.conversations.nodes.map((c) => c.id)).toEqual([older, newer]);
      expect(data?.conversations.pageInfo.hasNextPage).toBe(true);
      const next = await t.gql<{ conversations: { nodes: Array<{ id: string }> } }>(
        'query($after: String) { conversations(first: 2, after: $after) { nodes { id } } }',
        { after: data?.conversations.pageInfo.endCursor },
        bruno.token,
      );
      expect(next.data?.conversations.nodes.map((c) => c.id)).not.toContain(older);
      const thread = await t.gql<{
        conversation: { posts: Array<{ body: string; author: { username: string } }> };
      }>(
        'query($id: ID!) { conversation(id: $id) { posts { body author { username } } } }',
        { id: older },
        bruno.token,
      );
      expect(thread.data?.conversation.posts.at(-1)).toEqual({
        body,
        author: { username: 'bruno' },
      });
    });
  });
});

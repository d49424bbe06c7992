import { DataSource } from 'typeorm';
import { ConversationsService } from '../../src/conversations/conversations.service.js';
import { MailboxAuthMethod } from '../../src/mailbox/mailbox.types.js';
import { IncomingEmailRepository } from '../../src/mailbox-sync/incoming-email.repository.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { recordSqlStatements } from '../support/sql-statements.js';
import type { SqlStatementLog } from '../support/sql-statements.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { tracedGql } from './api-helpers.js';

// Every relation of a conversation, each resolved per item.
const PAGE = `query($first: Int!) { conversations(first: $first) { nodes {
  id title createdBy { id username } assignee { id username }
  posts { id body author { id username } mentionedUsers { id username } }
} } }`;

interface PageData {
  conversations: {
    nodes: Array<{
      createdBy: { username: string };
      assignee: { username: string } | null;
      posts: Array<{ author: { username: string }; mentionedUsers: Array<{ username: string }> }>;
    }>;
  };
}

// The rows an admin's email logs refer to, with theirs in turn.
const DELIVERIES = `query($first: Int!) { emailDeliveries(first: $first) { nodes {
  id recipientUser { id username email }
} } }`;
const INCOMING = `query($first: Int!) { incomingEmails(first: $first) { nodes {
  id user { id username } conversation { id title createdBy { username } }
  post { id body author { username } }
} } }`;

interface DeliveriesData {
  emailDeliveries: { nodes: Array<{ recipientUser: { username: string } | null }> };
}
interface IncomingData {
  incomingEmails: {
    nodes: Array<{
      user: { username: string } | null;
      conversation: { title: string; createdBy: { username: string } } | null;
      post: { body: string; author: { username: string } } | null;
    }>;
  };
}

/**
 * 100 stored emails, each bound to a user, a conversation and the post it became, as processing
 * leaves a POSTED reply (the pipeline itself is tested in test/mailbox-sync).
 */
async function storePostedEmails(
  t: TestApp,
  replies: Array<{ userId: string; conversationId: string; postId: string }>,
): Promise<void> {
  await t.app.get(IncomingEmailRepository).insertNew(
    replies.map((_, i) => ({
      ref: { key: `test:${i}`, folder: 'INBOX', messageId: `<m${i}@test>`, receivedAt: new Date() },
      authMethod: MailboxAuthMethod.BASIC,
      raw: Buffer.from(`Subject: reply ${i}\r\n\r\nThanks`),
      sizeBytes: 30,
      rejection: null,
    })),
  );
  await t.app.get(DataSource).query(
    `UPDATE incoming_emails e SET status = 'POSTED', user_id = r.user_id,
        conversation_id = r.conversation_id, post_id = r.post_id
       FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[])
         AS r(mailbox_key, user_id, conversation_id, post_id)
      WHERE e.mailbox_key = r.mailbox_key`,
    [
      replies.map((_, i) => `test:${i}`),
      replies.map((reply) => reply.userId),
      replies.map((reply) => reply.conversationId),
      replies.map((reply) => reply.postId),
    ],
  );
}

describe('batched loading: a page costs the same few statements whatever its size', () => {
  let t: TestApp;
  let sql: SqlStatementLog;
  let reader: UserWithToken;

  beforeAll(async () => {
    t = await startTestApp();
    const conversations = t.app.get(ConversationsService);
    const people = await Promise.all(
      ['ana', 'bruno', 'carla', 'dora'].map((username) => createUser(t, { username })),
    );
    reader = people[0];
    const replies: Array<{ userId: string; conversationId: string; postId: string }> = [];
    // 200 conversations, each by one of four people, with a second post mentioning two others
    // (two notification emails) and an assignee: every per-item relation has something to load.
    for (let i = 0; i < 200; i += 1) {
      const author = people[i % 4].user;
      const [other, third] = [people[(i + 1) % 4].user, people[(i + 2) % 4].user];
      const { conversation } = await conversations.create(author, {
        title: `Question ${i}`,
        subjectRef: `table:${i}`,
        body: `First post ${i}`,
      });
      const { post } = await conversations.addPost(
        other,
        conversation.id,
        `Asking @${author.username} and @${third.username}`,
      );
      await conversations.assign(author, conversation.id, third.id);
      if (i < 100)
        replies.push({ userId: other.id, conversationId: conversation.id, postId: post.id });
    }
    await storePostedEmails(t, replies);
    sql = recordSqlStatements(t);
    // The token's last-used time is written at most once a minute: take that write out of the count.
    await tracedGql(t, '{ me { id } }', undefined, reader.token);
  });
  afterAll(async () => {
    sql?.detach();
    await t?.close();
  });

  it('loads 200 conversations with posts, authors, mentioned users and assignees in a handful of statements', async () => {
    const page = await tracedGql<PageData>(t, PAGE, { first: 200 }, reader.token);
    expect(page.errors).toBeUndefined();
    const nodes = page.data!.conversations.nodes;
    expect(nodes).toHaveLength(200);
    expect(nodes.every((node) => node.posts.length === 2 && node.assignee !== null)).toBe(true);
    expect(nodes.flatMap((node) => node.posts[1].mentionedUsers)).toHaveLength(400);

    const statements = sql.of(page.requestId);
    // Token, page, posts, mentions, and users in at most three rounds (creators and assignees,
    // then authors, then mentioned users), never a statement per conversation or per post.
    expect(statements.length).toBeLessThanOrEqual(7);

    const small = await tracedGql<PageData>(t, PAGE, { first: 2 }, reader.token);
    expect(small.data!.conversations.nodes).toHaveLength(2);
    expect(statements.length).toBe(sql.of(small.requestId).length);
  });

  it("answers the issue's query, 100 aliases of posts on a page, by refusing it before any statement", async () => {
    const aliases = Array.from({ length: 100 }, (_, i) => `p${i}: posts { id }`).join(' ');
    const attack = await tracedGql(
      t,
      `{ conversations(first: 200) { nodes { ${aliases} } } }`,
      undefined,
      reader.token,
    );
    expect(attack.status).toBe(400);
    expect(attack.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED' });
    // Only the token lookup ran.
    expect(sql.of(attack.requestId)).toHaveLength(1);
  });

  it('loads a relation asked for under several aliases once', async () => {
    const aliased = await tracedGql<PageData>(
      t,
      `{ conversations(first: 200) { nodes { a: posts { id } b: posts { id } c: posts { author { username } } } } }`,
      undefined,
      reader.token,
    );
    expect(aliased.errors).toBeUndefined();
    // Token, page, posts (one query for all three aliases), authors.
    expect(sql.of(aliased.requestId)).toHaveLength(4);
  });

  it('loads a page of notification emails with their recipients in one more statement', async () => {
    const page = await tracedGql<DeliveriesData>(t, DELIVERIES, { first: 200 }, t.adminToken);
    expect(page.errors).toBeUndefined();
    const nodes = page.data!.emailDeliveries.nodes;
    expect(nodes).toHaveLength(200);
    expect(nodes.every((node) => node.recipientUser !== null)).toBe(true);
    // Besides the token's: the page and the recipients.
    expect(
      sql.of(page.requestId).filter((statement) => !/api_tokens/.test(statement)),
    ).toHaveLength(2);
  });

  it('loads a page of incoming emails with their users, conversations and posts in a few statements', async () => {
    const page = await tracedGql<IncomingData>(t, INCOMING, { first: 100 }, t.adminToken);
    expect(page.errors).toBeUndefined();
    const nodes = page.data!.incomingEmails.nodes;
    expect(nodes).toHaveLength(100);
    for (const node of nodes) {
      expect(node.user?.username).toBe(node.post?.author.username);
      expect(node.conversation?.title).toMatch(/^Question \d+$/);
      expect(node.post?.body).toMatch(/^Asking @/);
    }
    // Page; users, conversations and posts; then the creators and authors not loaded yet (none
    // here: the four people are all among the first users): never one per email.
    const withoutToken = (requestId: string) =>
      sql.of(requestId).filter((statement) => !/api_tokens/.test(statement));
    expect(withoutToken(page.requestId).length).toBeLessThanOrEqual(5);

    const small = await tracedGql<IncomingData>(t, INCOMING, { first: 2 }, t.adminToken);
    expect(small.data!.incomingEmails.nodes).toHaveLength(2);
    expect(withoutToken(small.requestId).length).toBeLessThanOrEqual(5);
  });
});

import { ConversationsService } from '../../src/conversations/conversations.service.js';
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
    // 200 conversations, each by one of four people, with a second post mentioning two others
    // and an assignee: every per-item relation has something to load.
    for (let i = 0; i < 200; i += 1) {
      const author = people[i % 4].user;
      const [other, third] = [people[(i + 1) % 4].user, people[(i + 2) % 4].user];
      const { conversation } = await conversations.create(author, {
        title: `Question ${i}`,
        subjectRef: `table:${i}`,
        body: `First post ${i}`,
      });
      await conversations.addPost(
        other,
        conversation.id,
        `Asking @${author.username} and @${third.username}`,
      );
      await conversations.assign(author, conversation.id, third.id);
    }
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
});

import { DataSource } from 'typeorm';
import { AdvisoryLockService } from '../../src/database/advisory-lock.service.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const CREATE = `mutation($input: CreateConversationInput!) { createConversation(input: $input) { id } }`;
const ADD_POST = `mutation($id: ID!, $body: String!) { addPost(conversationId: $id, body: $body) {
  id mentionedUsers { username } } }`;
const ASSIGN = `mutation($id: ID!, $to: ID!) { assignConversation(conversationId: $id, assigneeId: $to) {
  id assignee { username } } }`;
const CONCURRENT = 20;

/**
 * Every transaction must do all its work on the connection it holds. One awaited query on another
 * pooled connection is enough for concurrent requests to take every connection and then wait for
 * each other forever (the pool's 10 s connection timeout then fails them all). With a pool of 2
 * and 20 concurrent transactions, they must queue and all succeed.
 */
describe('a pool smaller than the number of concurrent transactions (real Postgres)', () => {
  let t: TestApp;
  let author: UserWithToken;
  let assignees: UserWithToken[];

  beforeAll(async () => {
    t = await startTestApp({ env: { DATABASE_POOL_SIZE: '2' } });
    author = await createUser(t);
    assignees = [];
    for (let i = 0; i < CONCURRENT; i += 1) assignees.push(await createUser(t));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs with the configured pool', () => {
    const driver = t.app.get(DataSource).driver as unknown as {
      master: { options: { max: number } };
    };
    expect(driver.master.options.max).toBe(2);
  });

  it('queues 20 concurrent assignments and 20 concurrent mention posts, and every one succeeds', async () => {
    const conversationIds: string[] = [];
    for (let i = 0; i < CONCURRENT; i += 1) {
      const { data, errors } = await t.gql<{ createConversation: { id: string } }>(
        CREATE,
        { input: { title: `Pool ${i}`, subjectRef: `table:${i}`, body: 'Starting' } },
        author.token,
      );
      expect(errors).toBeUndefined();
      conversationIds.push(data!.createConversation.id);
    }

    // Two scheduled jobs holding their advisory locks must not take the two pool slots either.
    const locks = t.app.get(AdvisoryLockService);
    const heldBySync = await locks.tryLock('small-pool:sync');
    const heldByArchive = await locks.tryLock('small-pool:archive');
    try {
      const [assigned, posted] = await Promise.all([
        Promise.all(
          conversationIds.map((id, i) =>
            t.gql<{ assignConversation: { assignee: { username: string } } }>(
              ASSIGN,
              { id, to: assignees[i].user.id },
              author.token,
            ),
          ),
        ),
        Promise.all(
          conversationIds.map((id, i) =>
            t.gql<{ addPost: { mentionedUsers: Array<{ username: string }> } }>(
              ADD_POST,
              { id, body: `@${assignees[i].user.username} please look` },
              author.token,
            ),
          ),
        ),
      ]);
      expect(assigned.map((r) => r.errors)).toEqual(conversationIds.map(() => undefined));
      expect(assigned.map((r) => r.data?.assignConversation.assignee.username)).toEqual(
        assignees.map((a) => a.user.username),
      );
      expect(posted.map((r) => r.errors)).toEqual(conversationIds.map(() => undefined));
      expect(posted.map((r) => r.data?.addPost.mentionedUsers[0]?.username)).toEqual(
        assignees.map((a) => a.user.username),
      );
    } finally {
      await heldBySync?.release();
      await heldByArchive?.release();
    }
    expect(heldBySync).not.toBeNull();
    expect(heldByArchive).not.toBeNull();

    // One assignment and one mention email per conversation, written in the same transactions.
    const [{ count }] = await t.app
      .get(DataSource)
      .query<Array<{ count: string }>>(
        `SELECT count(*) FROM email_deliveries WHERE type IN ('conversation_assignment', 'conversation_mention')`,
      );
    expect(Number(count)).toBe(2 * CONCURRENT);
  });
});

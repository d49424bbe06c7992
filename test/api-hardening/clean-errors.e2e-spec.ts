import { Injectable } from '@nestjs/common';
import { BatchLoader } from '../../src/common/request-loaders.js';
import { PostsByConversationLoader } from '../../src/conversations/conversation.loaders.js';
import type { Post } from '../../src/conversations/entities/post.entity.js';
import { createUser } from '../support/factories.js';
import type { UserWithToken } from '../support/factories.js';
import { startTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';

const POOL_TIMEOUT = 'timeout exceeded when trying to connect';

/** Fails the way an exhausted connection pool fails, inside a nested field. */
@Injectable()
class ExhaustedPoolPostsLoader extends BatchLoader<string, Post[]> {
  protected loadBatch(): Promise<Post[][]> {
    return Promise.reject(new Error(POOL_TIMEOUT));
  }
}

/** No stack frames, no file paths, no framework name. */
function expectNothingInternal(text: string): void {
  expect(text).not.toMatch(/\bat \S+ \(|node_modules|\/work\/|\.ts:\d|\.js:\d|Express|<html/i);
}

describe('clean errors: every answer is JSON with a code, and internals stay in the log', () => {
  let t: TestApp;
  let user: UserWithToken;

  beforeAll(async () => {
    t = await startTestApp({
      configure: (builder) =>
        builder
          .overrideProvider(PostsByConversationLoader)
          .useValue(new ExhaustedPoolPostsLoader()),
    });
    user = await createUser(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['an unknown route', () => t.http().get('/nope/../etc?x=1'), 404, 'NOT_FOUND'],
    ['an unknown method on a known route', () => t.http().delete('/health/live'), 404, 'NOT_FOUND'],
    [
      "a missing file of the admin console's",
      () => t.http().get('/admin/assets/no-such-file.js'),
      404,
      'NOT_FOUND',
    ],
    [
      'malformed JSON',
      () => t.http().post('/graphql').set('Content-Type', 'application/json').send('{"query": '),
      400,
      'BAD_REQUEST',
    ],
    [
      'a body over the 1 MB limit',
      () =>
        t
          .http()
          .post('/graphql')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ query: `{ me { id } } #${'x'.repeat(1_100_000)}` })),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])('answers %s with JSON, a code and the request id', async (_what, send, status, code) => {
    const response = await send().set('x-request-id', 'req-clean-1');
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.body).toEqual({
      errors: [
        { message: expect.any(String) as string, extensions: { code, requestId: 'req-clean-1' } },
      ],
    });
    expectNothingInternal(response.text);
  });

  it('sends no X-Powered-By on GraphQL answers either', async () => {
    const response = await t
      .http()
      .post('/graphql')
      .set('Authorization', `Bearer ${user.token}`)
      .send({ query: '{ me { id } }' });
    expect(response.status).toBe(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('masks a failure in a nested field as INTERNAL_SERVER_ERROR with a request id that finds it in the log', async () => {
    await t.gql(
      'mutation { createConversation(input: { title: "T", subjectRef: "table:1", body: "b" }) { id } }',
      undefined,
      user.token,
    );
    const response = await t
      .http()
      .post('/graphql')
      .set('Authorization', `Bearer ${user.token}`)
      .set('x-request-id', 'req-masked-1')
      .send({ query: '{ conversations { nodes { id posts { id } } } }' });
    const body = response.body as {
      errors: Array<{ message: string; path: unknown[]; extensions: Record<string, unknown> }>;
    };
    expect(body.errors[0]).toMatchObject({
      message: 'Internal server error (request id req-masked-1)',
      path: ['conversations', 'nodes', 0, 'posts'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-masked-1' },
    });
    expect(response.text).not.toContain(POOL_TIMEOUT);
    expectNothingInternal(response.text);

    // The log has the whole story, under that request id, as one JSON object on one line.
    const logged = t.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.requestId === 'req-masked-1' && entry.level === 'error');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      msg: 'Unexpected error in GraphQL at conversations.nodes.0.posts',
      err: { message: POOL_TIMEOUT },
    });
    expect(JSON.stringify(logged[0].err)).toContain('loadBatch');
    expect(t.logs.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(
      true,
    );
  });

  it('keeps field suggestions out of production answers', async () => {
    const production = await startTestApp({ env: { NODE_ENV: 'production' } });
    try {
      const { errors } = await production.gql('{ mee { id } }');
      expect(errors?.[0]?.message).toBe('Cannot query field "mee" on type "Query".');
      expect(JSON.stringify(errors)).not.toContain('Did you mean');
      // Outside production they help the developer.
      const { errors: helpful } = await t.gql('{ mee { id } }', undefined, user.token);
      expect(helpful?.[0]?.message).toContain('Did you mean "me"?');
    } finally {
      await production.close();
    }
  });
});

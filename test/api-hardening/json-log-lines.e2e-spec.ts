import { startChildApp } from '../support/child-app.js';
import type { ChildApp } from '../support/child-app.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';

/**
 * The built service as operators run it (`node dist/main.js`, development mode, where Express
 * would print HTML error pages and multi-line stacks): whatever clients send, its output stays one
 * JSON object per line. Build first (`npm test` does).
 */
describe('the service log stays one JSON object per line', () => {
  let databaseUrl: string;
  let service: ChildApp;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    service = await startChildApp({ databaseUrl });
  });
  afterAll(async () => {
    await service?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('after unknown routes, malformed and oversized bodies, bad tokens and refused queries', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${service.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
    const answers = [
      await fetch(`${service.baseUrl}/no/such/route`),
      await post('{"query": '),
      await post(JSON.stringify({ query: `{ me { id } } #${'x'.repeat(1_100_000)}` })),
      await post(JSON.stringify({ query: '{ me { id } }' }), { Authorization: 'Bearer nope' }),
      await post(JSON.stringify({ query: `{ ${'a: me { id } '.repeat(20)} }` }), {
        Authorization: `Bearer ${service.adminToken}`,
      }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 400, 413, 401, 400]);
    for (const answer of answers) {
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('x-powered-by')).toBeNull();
    }
    // The health check after them is answered, so everything above has been logged by now.
    expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);

    const lines = service
      .output()
      .split('\n')
      .filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(10);
    const notJson = lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
  });
});

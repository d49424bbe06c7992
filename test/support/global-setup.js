// Runs once per jest run, before any worker starts. Each e2e test file creates its own database
// (see test-database.ts); this only picks the run's name prefix, so that concurrent runs on one
// Postgres never see each other's data and teardown can drop everything the run made.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export default async function globalSetup() {
  process.env.TEST_DATABASE_ADMIN_URL ??=
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.TEST_RUN_ID = `rl_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  // Fail fast with a clear message instead of sixty timeouts.
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The e2e tests need PostgreSQL at ${process.env.TEST_DATABASE_ADMIN_URL} (set DATABASE_URL): ${error.message}`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

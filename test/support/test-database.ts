import { randomBytes } from 'node:crypto';
import pg from 'pg';

function adminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * A fresh, empty database for one test file, named after the run (see global-setup.js) so that
 * global teardown drops it even if the file crashes. The app migrates it at boot, as in production.
 */
export async function createTestDatabase(): Promise<string> {
  const runId = process.env.TEST_RUN_ID ?? 'rl_test_adhoc';
  const name = `${runId}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  if (process.env.KEEP_TEST_DATABASES === '1') return;
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

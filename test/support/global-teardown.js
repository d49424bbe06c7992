// Drops every database this run created, including those of test files that crashed, and stops
// the embedded PostgreSQL that global-setup started when no other was available.
import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  try {
    await dropRunDatabases();
  } finally {
    const embedded = globalThis.__replylineTestPostgres;
    if (embedded) {
      delete globalThis.__replylineTestPostgres;
      await embedded.server.stop();
      rmSync(embedded.dataDir, { recursive: true, force: true });
    }
  }
}

async function dropRunDatabases() {
  const runId = process.env.TEST_RUN_ID;
  if (!runId || process.env.KEEP_TEST_DATABASES === '1' || globalThis.__replylineTestPostgres) {
    // An embedded server is removed whole.
    return;
  }
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${runId}%`,
    ]);
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A heartbeat for sync and archive runs: a run in progress renews it, so a run whose process was
 * killed can be told from one that is still working and closed as interrupted instead of showing
 * "running" for ever. Existing rows get their start (or finish) as their last sign of life.
 */
export class RunHeartbeats1764000104000 implements MigrationInterface {
  name = 'RunHeartbeats1764000104000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['mailbox_sync_runs', 'archive_runs']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN heartbeat_at timestamptz`);
      await queryRunner.query(
        `UPDATE ${table} SET heartbeat_at = COALESCE(finished_at, started_at)`,
      );
      await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN heartbeat_at SET NOT NULL`);
      // Every status read and every run looks for open runs; a run a few minutes apart for years
      // makes the table long, and the open ones are almost always none.
      await queryRunner.query(
        `CREATE INDEX ${table}_open_idx ON ${table} (heartbeat_at) WHERE finished_at IS NULL`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['mailbox_sync_runs', 'archive_runs']) {
      await queryRunner.query(`DROP INDEX ${table}_open_idx`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN heartbeat_at`);
    }
  }
}

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
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['mailbox_sync_runs', 'archive_runs']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN heartbeat_at`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Archive1764000006000 implements MigrationInterface {
  name = 'Archive1764000006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per archive run, scheduled or manual: what the admin status shows, and the record
    // a replica checks so that a cron slot another replica already ran is not run twice.
    await queryRunner.query(`
      CREATE TABLE archive_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trigger varchar(16) NOT NULL CHECK (trigger IN ('SCHEDULED', 'MANUAL')),
        scheduled_for timestamptz,
        auth_method mailbox_auth_method,
        folder text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        succeeded boolean,
        move_method varchar(16),
        messages_moved integer NOT NULL DEFAULT 0,
        messages_deleted integer NOT NULL DEFAULT 0,
        messages_skipped integer NOT NULL DEFAULT 0,
        raw_copies_purged integer NOT NULL DEFAULT 0,
        skipped_reason text,
        notes text[] NOT NULL DEFAULT '{}',
        error text,
        CHECK ((trigger = 'SCHEDULED') = (scheduled_for IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX archive_runs_started_idx ON archive_runs (started_at DESC)`,
    );
    // A cron slot is run once across all replicas, even when their clocks differ a little.
    await queryRunner.query(
      `CREATE UNIQUE INDEX archive_runs_slot_idx ON archive_runs (scheduled_for) WHERE scheduled_for IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE archive_runs`);
  }
}

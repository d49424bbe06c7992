import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What happened each time a stored message was marked read in the mailbox. A message the server
 * refuses to mark, or that keeps coming back unread, is skipped by later listings after a few
 * attempts (and retried once a day), so it cannot take the place of newer replies; the sync
 * status lists such stuck messages.
 */
export class MarkReadTracking1764000103000 implements MigrationInterface {
  name = 'MarkReadTracking1764000103000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE incoming_emails
        ADD COLUMN mark_read_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN mark_read_attempted_at timestamptz,
        ADD COLUMN mark_read_error text`);
    await queryRunner.query(
      `UPDATE incoming_emails SET mark_read_attempts = 1, mark_read_attempted_at = marked_read_at
        WHERE marked_read_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX incoming_emails_mark_read_failed_idx ON incoming_emails (received_at)
        WHERE mark_read_error IS NOT NULL AND archived_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX incoming_emails_mark_read_failed_idx`);
    await queryRunner.query(`
      ALTER TABLE incoming_emails
        DROP COLUMN mark_read_error,
        DROP COLUMN mark_read_attempted_at,
        DROP COLUMN mark_read_attempts`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailboxSyncExtra1764000005000 implements MigrationInterface {
  name = 'MailboxSyncExtra1764000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The last line of defence against posting one email twice: the same message can reach the
    // table under two mailbox keys (delivered twice, or listed again after a UIDVALIDITY reset),
    // and two posting transactions could otherwise both see "not posted yet".
    await queryRunner.query(
      `CREATE UNIQUE INDEX incoming_emails_posted_message_id_uq ON incoming_emails (message_id) WHERE status = 'POSTED' AND message_id IS NOT NULL`,
    );
    // The admin log filters by status (and reason) and pages newest first.
    await queryRunner.query(
      `CREATE INDEX incoming_emails_status_created_idx ON incoming_emails (status, created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX incoming_emails_status_created_idx`);
    await queryRunner.query(`DROP INDEX incoming_emails_posted_message_id_uq`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailboxSync1764000004000 implements MigrationInterface {
  name = 'MailboxSync1764000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE incoming_email_status AS ENUM ('RECEIVED', 'POSTED', 'REJECTED', 'FAILED')`,
    );
    // One row per message read from the reply-to mailbox. The raw message is stored before
    // anything else happens to it, under a key unique to the mailbox, so nothing is lost and a
    // message seen twice is recognised.
    await queryRunner.query(`
      CREATE TABLE incoming_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mailbox_key varchar(512) NOT NULL UNIQUE,
        auth_method mailbox_auth_method NOT NULL,
        folder varchar(255) NOT NULL DEFAULT 'INBOX',
        imap_uid bigint,
        imap_uid_validity varchar(20),
        graph_id varchar(512),
        message_id varchar(998),
        from_address varchar(320),
        from_name varchar(320),
        to_addresses text,
        subject text,
        received_at timestamptz NOT NULL,
        size_bytes integer,
        raw bytea,
        raw_purged_at timestamptz,
        status incoming_email_status NOT NULL DEFAULT 'RECEIVED',
        reason_code varchar(40),
        reason text,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_error text,
        marked_read_at timestamptz,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        conversation_id uuid REFERENCES conversations(id) ON DELETE SET NULL,
        post_id uuid REFERENCES posts(id) ON DELETE SET NULL,
        extracted_text text,
        removed_text text,
        extraction_rule varchar(40),
        processed_at timestamptz,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX incoming_emails_message_id_idx ON incoming_emails (message_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX incoming_emails_created_idx ON incoming_emails (created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX incoming_emails_pending_idx ON incoming_emails (next_attempt_at) WHERE status IN ('RECEIVED', 'FAILED')`,
    );
    await queryRunner.query(
      `CREATE INDEX incoming_emails_archivable_idx ON incoming_emails (folder, received_at) WHERE archived_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE mailbox_sync_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trigger varchar(16) NOT NULL,
        auth_method mailbox_auth_method,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        succeeded boolean,
        error text,
        fetched integer NOT NULL DEFAULT 0,
        posted integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(
      `CREATE INDEX mailbox_sync_runs_started_idx ON mailbox_sync_runs (started_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mailbox_sync_runs`);
    await queryRunner.query(`DROP TABLE incoming_emails`);
    await queryRunner.query(`DROP TYPE incoming_email_status`);
  }
}

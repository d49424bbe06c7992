import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Settings1764000001000 implements MigrationInterface {
  name = 'Settings1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE mailbox_auth_method AS ENUM ('BASIC', 'MICROSOFT_OAUTH')`);
    await queryRunner.query(
      `CREATE TYPE intent_tracking_mode AS ENUM ('EMAIL_ADDRESS', 'MESSAGE_ID')`,
    );
    // One row: the installation's email server settings. The CHECK keeps it one.
    await queryRunner.query(`
      CREATE TABLE email_server_settings (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        notifications_disabled boolean NOT NULL DEFAULT false,
        reply_by_email_enabled boolean NOT NULL DEFAULT false,
        auth_method mailbox_auth_method,
        reply_to_address varchar(320),
        intent_tracking_mode intent_tracking_mode NOT NULL DEFAULT 'EMAIL_ADDRESS',
        poll_interval_minutes smallint NOT NULL DEFAULT 3 CHECK (poll_interval_minutes BETWEEN 1 AND 60),
        imap_host varchar(255),
        imap_port integer CHECK (imap_port BETWEEN 1 AND 65535),
        imap_ssl boolean NOT NULL DEFAULT true,
        imap_username varchar(320),
        imap_password_sealed text,
        microsoft_tenant_id varchar(255),
        microsoft_client_id varchar(36),
        microsoft_client_secret_sealed text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`INSERT INTO email_server_settings (id) VALUES (1)`);
    await queryRunner.query(`
      CREATE TABLE email_settings_audit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        actor_username varchar(64),
        action varchar(64) NOT NULL,
        changes jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX email_settings_audit_created_idx ON email_settings_audit (created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE email_settings_audit`);
    await queryRunner.query(`DROP TABLE email_server_settings`);
    await queryRunner.query(`DROP TYPE intent_tracking_mode`);
    await queryRunner.query(`DROP TYPE mailbox_auth_method`);
  }
}

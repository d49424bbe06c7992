import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * With "Server uses SSL" off, Replyline signs in only after STARTTLS. This opt-in, saved with the
 * Basic Auth settings, is the one way to let the password cross the network unencrypted.
 */
export class ImapUnencryptedLoginOptIn1764000101000 implements MigrationInterface {
  name = 'ImapUnencryptedLoginOptIn1764000101000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE email_server_settings ADD COLUMN imap_allow_unencrypted_login boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE email_server_settings DROP COLUMN imap_allow_unencrypted_login`,
    );
  }
}

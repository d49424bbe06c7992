import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outcome of the last token request made with the saved Microsoft credentials, so
 * `emailServerSettings` can say that the client secret expired (and any replica can say it, not
 * only the one that ran the sync).
 */
export class MicrosoftTokenStatus1764000400000 implements MigrationInterface {
  name = 'MicrosoftTokenStatus1764000400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE email_server_settings
        ADD COLUMN microsoft_token_checked_at timestamptz,
        ADD COLUMN microsoft_token_failure varchar(32),
        ADD COLUMN microsoft_token_message text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE email_server_settings
        DROP COLUMN microsoft_token_message,
        DROP COLUMN microsoft_token_failure,
        DROP COLUMN microsoft_token_checked_at`);
  }
}

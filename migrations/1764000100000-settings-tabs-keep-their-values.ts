import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Basic Auth and OAuth 2.0 tabs each keep their own Reply To Email Address, and the Basic Auth
 * tab its own Intent Tracking Mode: saving one tab no longer overwrites what the other holds. The
 * active tab's values are what mentions and the sync use (OAuth 2.0 always tracks by message-id).
 * Values one tab had already overwritten cannot be recovered: both tabs start from the shared one.
 */
export class SettingsTabsKeepTheirValues1764000100000 implements MigrationInterface {
  name = 'SettingsTabsKeepTheirValues1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE email_server_settings RENAME COLUMN reply_to_address TO imap_reply_to_address`,
    );
    await queryRunner.query(
      `ALTER TABLE email_server_settings ADD COLUMN microsoft_reply_to_address varchar(320)`,
    );
    await queryRunner.query(
      `UPDATE email_server_settings SET microsoft_reply_to_address = imap_reply_to_address`,
    );
    await queryRunner.query(
      `ALTER TABLE email_server_settings RENAME COLUMN intent_tracking_mode TO imap_intent_tracking_mode`,
    );
    // Saving the OAuth 2.0 tab forced MESSAGE_ID onto the shared column; what the Basic Auth tab
    // held before is gone, so it starts from the product's default again.
    await queryRunner.query(
      `UPDATE email_server_settings SET imap_intent_tracking_mode = 'EMAIL_ADDRESS'
        WHERE auth_method = 'MICROSOFT_OAUTH'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE email_server_settings SET imap_intent_tracking_mode = 'MESSAGE_ID'
        WHERE auth_method = 'MICROSOFT_OAUTH'`,
    );
    await queryRunner.query(
      `ALTER TABLE email_server_settings RENAME COLUMN imap_intent_tracking_mode TO intent_tracking_mode`,
    );
    await queryRunner.query(
      `UPDATE email_server_settings SET imap_reply_to_address = microsoft_reply_to_address
        WHERE auth_method = 'MICROSOFT_OAUTH'`,
    );
    await queryRunner.query(
      `ALTER TABLE email_server_settings DROP COLUMN microsoft_reply_to_address`,
    );
    await queryRunner.query(
      `ALTER TABLE email_server_settings RENAME COLUMN imap_reply_to_address TO reply_to_address`,
    );
  }
}

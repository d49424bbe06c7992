import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryResendAndOnce1764000300000 implements MigrationInterface {
  name = 'DeliveryResendAndOnce1764000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A caller's own key for "this email, once": a rejection notice is keyed by the incoming
    // email it answers, so reprocessing that email, or two replicas racing, cannot send a second.
    await queryRunner.query(`ALTER TABLE email_deliveries ADD COLUMN idempotency_key varchar(200)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX email_deliveries_idempotency_key_uq ON email_deliveries (idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    // resendDelivery: the new row points at the FAILED or SUPPRESSED one it repeats. One resend
    // per row (a double click returns the same resend); a resend that fails can be resent in turn.
    await queryRunner.query(
      `ALTER TABLE email_deliveries ADD COLUMN resent_from_id uuid REFERENCES email_deliveries(id) ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX email_deliveries_resent_from_uq ON email_deliveries (resent_from_id) WHERE resent_from_id IS NOT NULL`,
    );
    // The rejection notices' rate limit counts one address's notices of the last hour: a small
    // index over that one type, instead of one over the whole outbox.
    await queryRunner.query(
      `CREATE INDEX email_deliveries_rejection_notice_recipient_idx ON email_deliveries (lower(recipient_email), created_at) WHERE type = 'reply_rejected'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX email_deliveries_rejection_notice_recipient_idx`);
    await queryRunner.query(`DROP INDEX email_deliveries_resent_from_uq`);
    await queryRunner.query(`ALTER TABLE email_deliveries DROP COLUMN resent_from_id`);
    await queryRunner.query(`DROP INDEX email_deliveries_idempotency_key_uq`);
    await queryRunner.query(`ALTER TABLE email_deliveries DROP COLUMN idempotency_key`);
  }
}

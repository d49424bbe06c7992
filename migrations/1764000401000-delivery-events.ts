import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What happened to an email after the outbox: the history of the transport's answers (each send
 * attempt) and of SendGrid's Event Webhook (processed, deferred, delivered, bounce, dropped, spam
 * report, ...), and on the delivery the class of an account refusal and the provider's verdict.
 */
export class DeliveryEvents1764000401000 implements MigrationInterface {
  name = 'DeliveryEvents1764000401000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE email_provider_status AS ENUM ('DEFERRED', 'DELIVERED', 'BOUNCED', 'DROPPED', 'SPAM_REPORT')`,
    );
    await queryRunner.query(`
      ALTER TABLE email_deliveries
        ADD COLUMN failure_class varchar(32),
        ADD COLUMN provider_status email_provider_status,
        ADD COLUMN provider_status_reason text,
        ADD COLUMN provider_status_at timestamptz,
        ADD COLUMN provider_status_event_id varchar(100)`);
    // "Which emails bounced or were dropped": only rows with a verdict are in it.
    await queryRunner.query(
      `CREATE INDEX email_deliveries_provider_status_idx ON email_deliveries (provider_status, created_at DESC, id DESC) WHERE provider_status IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE email_delivery_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES email_deliveries(id) ON DELETE CASCADE,
        source varchar(16) NOT NULL CHECK (source IN ('TRANSPORT', 'SENDGRID')),
        event varchar(32) NOT NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        attempt integer,
        detail text,
        provider_message_id varchar(255),
        provider_event_id varchar(100)
      )`);
    // SendGrid repeats events (its retries, a replayed post): the same sg_event_id is one row.
    await queryRunner.query(
      `CREATE UNIQUE INDEX email_delivery_events_provider_event_key ON email_delivery_events (provider_event_id) WHERE provider_event_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX email_delivery_events_delivery_idx ON email_delivery_events (delivery_id, occurred_at, id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE email_delivery_events`);
    await queryRunner.query(`DROP INDEX email_deliveries_provider_status_idx`);
    await queryRunner.query(`
      ALTER TABLE email_deliveries
        DROP COLUMN provider_status_event_id,
        DROP COLUMN provider_status_at,
        DROP COLUMN provider_status_reason,
        DROP COLUMN provider_status,
        DROP COLUMN failure_class`);
    await queryRunner.query(`DROP TYPE email_provider_status`);
  }
}

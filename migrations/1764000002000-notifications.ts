import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1764000002000 implements MigrationInterface {
  name = 'Notifications1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE email_delivery_status AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED')`,
    );
    // The outbox. Ids come from the service (the default Message-ID is built from them before the
    // insert); the default only serves hand-written rows.
    await queryRunner.query(`
      CREATE TABLE email_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type varchar(64) NOT NULL,
        recipient_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        recipient_email varchar(320) NOT NULL,
        recipient_name varchar(200),
        reply_to varchar(320),
        subject varchar(998) NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        status email_delivery_status NOT NULL DEFAULT 'PENDING',
        suppression_reason text,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        locked_by varchar(100),
        last_error text,
        provider_message_id varchar(255),
        transport varchar(16),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT email_deliveries_suppressed_has_reason
          CHECK (status <> 'SUPPRESSED' OR suppression_reason IS NOT NULL),
        CONSTRAINT email_deliveries_sending_has_lease
          CHECK (status <> 'SENDING' OR (locked_until IS NOT NULL AND locked_by IS NOT NULL))
      )`);
    // The worker's two questions, each answered by a small partial index: what is due, and
    // whose lease has run out. Finished rows (nearly all of them) are in neither.
    await queryRunner.query(
      `CREATE INDEX email_deliveries_due_idx ON email_deliveries (next_attempt_at) WHERE status = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX email_deliveries_lease_idx ON email_deliveries (locked_until) WHERE status = 'SENDING'`,
    );
    // The admin list: newest first, optionally by status.
    await queryRunner.query(
      `CREATE INDEX email_deliveries_created_idx ON email_deliveries (created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX email_deliveries_status_created_idx ON email_deliveries (status, created_at DESC, id DESC)`,
    );
    // Deleting a user nulls this column: without an index that is a scan of the whole outbox.
    await queryRunner.query(
      `CREATE INDEX email_deliveries_recipient_user_idx ON email_deliveries (recipient_user_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE notification_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        event_type varchar(64) NOT NULL,
        object_ref varchar(200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One subscription per (user, event type, object); "all objects" (NULL) counts once too.
    await queryRunner.query(
      `CREATE UNIQUE INDEX notification_subscriptions_key ON notification_subscriptions (user_id, event_type, object_ref) NULLS NOT DISTINCT`,
    );
    // The fan-out: who is subscribed to this event type (and object)?
    await queryRunner.query(
      `CREATE INDEX notification_subscriptions_event_idx ON notification_subscriptions (event_type, object_ref)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notification_subscriptions`);
    await queryRunner.query(`DROP TABLE email_deliveries`);
    await queryRunner.query(`DROP TYPE email_delivery_status`);
  }
}

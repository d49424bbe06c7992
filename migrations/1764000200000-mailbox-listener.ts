import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailboxListener1764000200000 implements MigrationInterface {
  name = 'MailboxListener1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The one mailbox listener of the deployment: what the replica running it reports (any
    // replica answers mailboxSyncStatus from here), and what must outlive it for a successor:
    // the Graph delta link and change notification subscription of `graph_mailbox`. The
    // clientState is kept only as its SHA-256, which is all a replica needs to check a
    // notification. A single row, like email_server_settings.
    await queryRunner.query(`
      CREATE TABLE mailbox_listener_state (
        id smallint PRIMARY KEY CHECK (id = 1),
        holder varchar(100),
        holder_seen_at timestamptz,
        mode varchar(16) CHECK (mode IN ('IDLE', 'DELTA', 'SUBSCRIPTION', 'POLL')),
        connected boolean NOT NULL DEFAULT false,
        connected_since timestamptz,
        last_push_at timestamptz,
        last_error text,
        last_error_at timestamptz,
        graph_mailbox text,
        graph_delta_link text,
        graph_subscription_id varchar(100),
        graph_subscription_expires_at timestamptz,
        graph_client_state_digest bytea,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`INSERT INTO mailbox_listener_state (id) VALUES (1)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mailbox_listener_state`);
  }
}

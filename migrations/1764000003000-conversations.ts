import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Conversations1764000003000 implements MigrationInterface {
  name = 'Conversations1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE post_source AS ENUM ('WEB', 'EMAIL')`);
    await queryRunner.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(300) NOT NULL,
        subject_ref varchar(200) NOT NULL,
        created_by_id uuid NOT NULL REFERENCES users(id),
        assignee_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_activity_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX conversations_activity_idx ON conversations (last_activity_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX conversations_subject_ref_idx ON conversations (subject_ref)`,
    );
    await queryRunner.query(`
      CREATE TABLE posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
        source post_source NOT NULL DEFAULT 'WEB',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX posts_conversation_idx ON posts (conversation_id, created_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE post_mentions (
        post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        PRIMARY KEY (post_id, user_id)
      )`);
    // The token behind a reply: which conversation, for whom, in answer to which post.
    await queryRunner.query(`
      CREATE TABLE reply_intents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token varchar(64) NOT NULL UNIQUE,
        conversation_id uuid REFERENCES conversations(id) ON DELETE SET NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        post_id uuid REFERENCES posts(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reply_intents`);
    await queryRunner.query(`DROP TABLE post_mentions`);
    await queryRunner.query(`DROP TABLE posts`);
    await queryRunner.query(`DROP TABLE conversations`);
    await queryRunner.query(`DROP TYPE post_source`);
  }
}

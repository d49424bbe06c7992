import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Binds a mention email to (conversation, recipient, post) through an unguessable token, so a reply
 * can be posted as the right user in the right place without trusting anything else in the email.
 */
@Entity('reply_intents')
export class ReplyIntent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column()
  token!: string;

  @Column({ type: 'uuid', nullable: true })
  conversationId!: string | null;

  @Column('uuid')
  userId!: string;

  @Column({ type: 'uuid', nullable: true })
  postId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';
import { IncomingEmailStatus } from '../incoming-email-status.enum.js';

/** A message read from the reply-to mailbox, from the moment it is stored to what it became. */
@Entity('incoming_emails')
export class IncomingEmail {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** MailboxMessageRef.key: unique per mailbox, folder, UIDVALIDITY and UID (or Graph id). */
  @Column()
  mailboxKey!: string;

  @Column({ type: 'enum', enum: MailboxAuthMethod, enumName: 'mailbox_auth_method' })
  authMethod!: MailboxAuthMethod;

  /** Where the message is now: INBOX, or the archive folder once archived. */
  @Column()
  folder!: string;

  @Column({
    type: 'bigint',
    nullable: true,
    transformer: {
      to: (v: number | null) => v,
      from: (v: string | null) => (v === null ? null : Number(v)),
    },
  })
  imapUid!: number | null;

  @Column({ type: 'varchar', nullable: true })
  imapUidValidity!: string | null;

  @Column({ type: 'varchar', nullable: true })
  graphId!: string | null;

  /** The Message-ID header, with angle brackets. */
  @Column({ type: 'varchar', nullable: true })
  messageId!: string | null;

  @Column({ type: 'varchar', nullable: true })
  fromAddress!: string | null;

  @Column({ type: 'varchar', nullable: true })
  fromName!: string | null;

  @Column({ type: 'text', nullable: true })
  toAddresses!: string | null;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  /** Arrival in the mailbox (IMAP internal date, Graph receivedDateTime). */
  @Column({ type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'integer', nullable: true })
  sizeBytes!: number | null;

  /** The message as received; null once purged by retention, or when too large to keep. */
  @Column({ type: 'bytea', nullable: true, select: false })
  raw!: Buffer | null;

  @Column({ type: 'timestamptz', nullable: true })
  rawPurgedAt!: Date | null;

  @Column({ type: 'enum', enum: IncomingEmailStatus, enumName: 'incoming_email_status' })
  status!: IncomingEmailStatus;

  @Column({ type: 'varchar', nullable: true })
  reasonCode!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  markedReadAt!: Date | null;

  /** Times Replyline marked it read in the mailbox (it is listed again when that did not last). */
  @Column({ type: 'integer' })
  markReadAttempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  markReadAttemptedAt!: Date | null;

  /** Why the last attempt to mark it read failed, or did not last; null when it worked. */
  @Column({ type: 'text', nullable: true })
  markReadError!: string | null;

  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  conversationId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  postId!: string | null;

  @Column({ type: 'text', nullable: true })
  extractedText!: string | null;

  @Column({ type: 'text', nullable: true })
  removedText!: string | null;

  @Column({ type: 'varchar', nullable: true })
  extractionRule!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RunLifecycle } from '../../common/run-lifecycle.js';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';
import type { ArchiveTrigger } from '../archive-trigger.enum.js';

/** One run of the archive job: what it moved, deleted and purged, or why it skipped or failed. */
@Entity('archive_runs')
export class ArchiveRun {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column(() => RunLifecycle, { prefix: false })
  lifecycle!: RunLifecycle<ArchiveTrigger>;

  /** The cron slot a scheduled run belongs to; null for manual runs. */
  @Column({ type: 'timestamptz', nullable: true })
  scheduledFor!: Date | null;

  @Column({
    type: 'enum',
    enum: MailboxAuthMethod,
    enumName: 'mailbox_auth_method',
    nullable: true,
  })
  authMethod!: MailboxAuthMethod | null;

  /** The archive folder at the time of the run. */
  @Column({ type: 'text' })
  folder!: string;

  /** MOVE, or COPY_EXPUNGE on servers without the MOVE extension. */
  @Column({ type: 'varchar', nullable: true })
  moveMethod!: string | null;

  @Column({ type: 'integer' })
  messagesMoved!: number;

  @Column({ type: 'integer' })
  messagesDeleted!: number;

  /** Processed messages left in the Inbox because their stored UIDs can no longer be trusted. */
  @Column({ type: 'integer' })
  messagesSkipped!: number;

  @Column({ type: 'integer' })
  rawCopiesPurged!: number;

  /** Why the mailbox steps did not run, e.g. "skipped: Microsoft OAuth". */
  @Column({ type: 'text', nullable: true })
  skippedReason!: string | null;

  /** Things an admin should know that are not failures (e.g. why messages were skipped). */
  @Column({ type: 'text', array: true })
  notes!: string[];
}

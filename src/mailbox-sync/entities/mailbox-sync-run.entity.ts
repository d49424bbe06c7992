import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';

/** One run of the mailbox sync job, scheduled or manual, for the admin status view. */
@Entity('mailbox_sync_runs')
export class MailboxSyncRun {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** SCHEDULED or MANUAL. */
  @Column()
  trigger!: string;

  @Column({
    type: 'enum',
    enum: MailboxAuthMethod,
    enumName: 'mailbox_auth_method',
    nullable: true,
  })
  authMethod!: MailboxAuthMethod | null;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'boolean', nullable: true })
  succeeded!: boolean | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'integer' })
  fetched!: number;

  @Column({ type: 'integer' })
  posted!: number;

  @Column({ type: 'integer' })
  rejected!: number;

  @Column({ type: 'integer' })
  failed!: number;
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RunLifecycle } from '../../common/run-lifecycle.js';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';
import type { MailboxSyncTrigger } from '../mailbox-sync-trigger.enum.js';

/** One run of the mailbox sync job, scheduled or manual, for the admin status view. */
@Entity('mailbox_sync_runs')
export class MailboxSyncRun {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column(() => RunLifecycle, { prefix: false })
  lifecycle!: RunLifecycle<MailboxSyncTrigger>;

  @Column({
    type: 'enum',
    enum: MailboxAuthMethod,
    enumName: 'mailbox_auth_method',
    nullable: true,
  })
  authMethod!: MailboxAuthMethod | null;

  /** New emails stored from the mailbox. */
  @Column({ type: 'integer' })
  fetched!: number;

  @Column({ type: 'integer' })
  posted!: number;

  @Column({ type: 'integer' })
  rejected!: number;

  @Column({ type: 'integer' })
  failed!: number;
}

import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';
import { IntentTrackingMode } from '../intent-tracking-mode.enum.js';

/**
 * The single row of email server settings. Both tabs' values are kept, so switching the auth
 * method back does not lose what was entered; `authMethod` says which one is in use. Secrets are
 * stored sealed (see SecretCipher) and never leave this module in clear except to a mailbox adapter.
 */
@Entity('email_server_settings')
export class EmailServerSettings {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column()
  notificationsDisabled!: boolean;

  @Column()
  replyByEmailEnabled!: boolean;

  @Column({
    type: 'enum',
    enum: MailboxAuthMethod,
    enumName: 'mailbox_auth_method',
    nullable: true,
  })
  authMethod!: MailboxAuthMethod | null;

  @Column({ type: 'varchar', nullable: true })
  replyToAddress!: string | null;

  @Column({ type: 'enum', enum: IntentTrackingMode, enumName: 'intent_tracking_mode' })
  intentTrackingMode!: IntentTrackingMode;

  @Column({ type: 'smallint' })
  pollIntervalMinutes!: number;

  @Column({ type: 'varchar', nullable: true })
  imapHost!: string | null;

  @Column({ type: 'integer', nullable: true })
  imapPort!: number | null;

  @Column()
  imapSsl!: boolean;

  @Column({ type: 'varchar', nullable: true })
  imapUsername!: string | null;

  @Column({ type: 'text', nullable: true })
  imapPasswordSealed!: string | null;

  @Column({ type: 'varchar', nullable: true })
  microsoftTenantId!: string | null;

  @Column({ type: 'varchar', nullable: true })
  microsoftClientId!: string | null;

  @Column({ type: 'text', nullable: true })
  microsoftClientSecretSealed!: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';
import { IntentTrackingMode } from '../intent-tracking-mode.enum.js';

/**
 * The single row of email server settings. Each tab keeps its own values (`imap*` for Basic Auth,
 * `microsoft*` for OAuth 2.0), so saving one tab never changes the other; `authMethod` says which
 * one is in use. Secrets are stored sealed (see SecretCipher) and never leave this module in clear
 * except to a mailbox adapter.
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

  @Column({ type: 'smallint' })
  pollIntervalMinutes!: number;

  /** The Basic Auth tab's Reply To Email Address. */
  @Column({ type: 'varchar', nullable: true })
  imapReplyToAddress!: string | null;

  /** The Basic Auth tab's Intent Tracking Mode (the OAuth 2.0 tab always uses MESSAGE_ID). */
  @Column({ type: 'enum', enum: IntentTrackingMode, enumName: 'intent_tracking_mode' })
  imapIntentTrackingMode!: IntentTrackingMode;

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

  /** With SSL off, sign in even when the server offers no STARTTLS (password in clear). */
  @Column()
  imapAllowUnencryptedLogin!: boolean;

  /** The OAuth 2.0 tab's Reply To Email Address: the mailbox Graph reads. */
  @Column({ type: 'varchar', nullable: true })
  microsoftReplyToAddress!: string | null;

  @Column({ type: 'varchar', nullable: true })
  microsoftTenantId!: string | null;

  @Column({ type: 'varchar', nullable: true })
  microsoftClientId!: string | null;

  @Column({ type: 'text', nullable: true })
  microsoftClientSecretSealed!: string | null;

  /** When a token was last requested with the saved credentials (MicrosoftTokenStatusRecorder). */
  @Column({ type: 'timestamptz', nullable: true })
  microsoftTokenCheckedAt!: Date | null;

  /** A TokenFailureKind when that request failed, null when it got a token. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  microsoftTokenFailure!: string | null;

  @Column({ type: 'text', nullable: true })
  microsoftTokenMessage!: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

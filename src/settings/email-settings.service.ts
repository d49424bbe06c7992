import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { User } from '../auth/entities/user.entity.js';
import { DatabaseEvents } from '../database/database-events.service.js';
import { MailboxProviders } from '../mailbox/mailbox-providers.js';
import { MailboxAuthMethod } from '../mailbox/mailbox.types.js';
import type {
  ConnectionTestResult,
  ImapAccount,
  MailboxAccount,
  MicrosoftAccount,
} from '../mailbox/mailbox.types.js';
import type { BasicAuthReplyByEmailInput } from './dto/basic-auth-reply-by-email.input.js';
import type { MicrosoftReplyByEmailInput } from './dto/microsoft-reply-by-email.input.js';
import { EmailServerSettings } from './entities/email-server-settings.entity.js';
import { EmailSettingsAudit } from './entities/email-settings-audit.entity.js';
import type { SettingChangeRecord } from './entities/email-settings-audit.entity.js';
import { MicrosoftTokenStatusRecorder } from './microsoft-token-status.recorder.js';
import { SecretCipher } from './secrets/secret-cipher.js';
import { replyByEmailConfigOf } from './reply-by-email-config.js';
import type { ReplyByEmailConfig } from './reply-by-email-config.js';
import { SettingsErrorCode, SettingsException } from './settings.exception.js';
import {
  clientSecretScopeChanges,
  imapPasswordScopeChanges,
  listInWords,
} from './stored-secret-reuse.js';

const SETTINGS_ID = 1;
/** Published (on commit) by every settings change, on every replica's database connection. */
const SETTINGS_CHANGED_CHANNEL = 'replyline_email_settings_changed';

export type { ReplyByEmailConfig } from './reply-by-email-config.js';

type Editable = Omit<EmailServerSettings, 'id' | 'updatedAt'>;

// Fields recorded in the audit only as "changed".
const SECRET_FIELDS = new Set<keyof Editable>([
  'imapPasswordSealed',
  'microsoftClientSecretSealed',
]);
const AUDIT_NAMES: Partial<Record<keyof Editable, string>> = {
  imapPasswordSealed: 'imapPassword',
  microsoftClientSecretSealed: 'microsoftClientSecret',
};

/**
 * The email server settings: the notifications kill switch and the reply-by-email mailbox.
 * Enabling reply by email saves only after a live connection test passes; every change is audited.
 */
@Injectable()
export class EmailSettingsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmailSettingsService.name);

  constructor(
    @InjectRepository(EmailServerSettings)
    private readonly settings: Repository<EmailServerSettings>,
    @InjectRepository(EmailSettingsAudit) private readonly audit: Repository<EmailSettingsAudit>,
    private readonly dataSource: DataSource,
    private readonly mailboxes: MailboxProviders,
    @Inject(SecretCipher) private readonly cipher: SecretCipher,
    private readonly events: DatabaseEvents,
    private readonly tokenStatus: MicrosoftTokenStatusRecorder,
  ) {}

  /**
   * Calls `listener` soon after any replica changed the settings (a new host or password, reply by
   * email turned off). Best effort: a replica that lost its database connection for a moment
   * misses changes made meanwhile, so listeners also read the settings now and then.
   */
  onChange(listener: () => void): Promise<() => void> {
    return this.events.subscribe(SETTINGS_CHANGED_CHANNEL, () => listener());
  }

  /** After a key rotation, re-seal stored secrets with the current key so the old one can go. */
  async onApplicationBootstrap(): Promise<void> {
    const row = await this.load();
    const stale: Partial<Editable> = {};
    for (const field of ['imapPasswordSealed', 'microsoftClientSecretSealed'] as const) {
      const sealed = row[field];
      if (sealed && !this.cipher.isSealedWithCurrentKey(sealed)) {
        try {
          stale[field] = this.cipher.seal(this.cipher.open(sealed));
        } catch (error) {
          this.logger.error(
            `Stored ${AUDIT_NAMES[field]} cannot be decrypted: ${(error as Error).message}`,
          );
        }
      }
    }
    if (Object.keys(stale).length > 0) {
      await this.settings.update({ id: SETTINGS_ID }, stale);
      this.logger.log('Re-sealed stored mailbox secrets with the current SECRETS_KEY');
    }
  }

  async load(manager: EntityManager = this.settings.manager): Promise<EmailServerSettings> {
    return manager.findOneByOrFail(EmailServerSettings, { id: SETTINGS_ID });
  }

  async areNotificationsDisabled(manager?: EntityManager): Promise<boolean> {
    return (await this.load(manager)).notificationsDisabled;
  }

  async getReplyByEmail(manager?: EntityManager): Promise<ReplyByEmailConfig> {
    return replyByEmailConfigOf(await this.load(manager));
  }

  /**
   * The account to read replies from, with its secret opened, or null while reply by email is off.
   * Only the mailbox-sync and archive jobs call this.
   */
  async getMailboxAccount(): Promise<MailboxAccount | null> {
    const row = await this.load();
    if (!row.replyByEmailEnabled || !row.authMethod) return null;
    switch (row.authMethod) {
      case MailboxAuthMethod.BASIC:
        return {
          authMethod: MailboxAuthMethod.BASIC,
          host: row.imapHost ?? '',
          port: row.imapPort ?? 0,
          ssl: row.imapSsl,
          username: row.imapUsername ?? '',
          password: row.imapPasswordSealed ? this.cipher.open(row.imapPasswordSealed) : '',
          allowUnencryptedLogin: row.imapAllowUnencryptedLogin,
        };
      case MailboxAuthMethod.MICROSOFT_OAUTH:
        return {
          authMethod: MailboxAuthMethod.MICROSOFT_OAUTH,
          tenantId: row.microsoftTenantId ?? '',
          clientId: row.microsoftClientId ?? '',
          clientSecret: row.microsoftClientSecretSealed
            ? this.cipher.open(row.microsoftClientSecretSealed)
            : '',
          mailbox: row.microsoftReplyToAddress ?? '',
        };
    }
  }

  async setNotificationsDisabled(actor: User, disabled: boolean): Promise<EmailServerSettings> {
    return this.change(actor, 'setEmailNotificationsDisabled', { notificationsDisabled: disabled });
  }

  async setPollInterval(actor: User, minutes: number): Promise<EmailServerSettings> {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
      throw new SettingsException(
        SettingsErrorCode.INVALID_POLL_INTERVAL,
        'The poll interval must be 1 to 60 minutes',
        {
          minutes: ['must be a whole number from 1 to 60'],
        },
      );
    }
    return this.change(actor, 'setMailboxPollInterval', { pollIntervalMinutes: minutes });
  }

  /**
   * Turns reply by email off. With `forgetCredentials` the stored IMAP password and Microsoft
   * client secret are deleted too (the host, usernames and ids stay, so turning it back on means
   * entering the secret again); the audit entry names the action and each secret removed.
   */
  async disableReplyByEmail(
    actor: User,
    options: { forgetCredentials?: boolean } = {},
  ): Promise<EmailServerSettings> {
    if (!options.forgetCredentials) {
      return this.change(actor, 'disableReplyByEmail', { replyByEmailEnabled: false });
    }
    return this.change(actor, 'disableReplyByEmailAndForgetCredentials', {
      replyByEmailEnabled: false,
      imapPasswordSealed: null,
      microsoftClientSecretSealed: null,
    });
  }

  async testBasicAuth(input: BasicAuthReplyByEmailInput): Promise<ConnectionTestResult> {
    const account = this.imapAccount(input, await this.load());
    return this.mailboxes.for(account).testConnection(account);
  }

  async testMicrosoft(input: MicrosoftReplyByEmailInput): Promise<ConnectionTestResult> {
    const account = this.microsoftAccount(input, await this.load());
    return this.mailboxes.for(account).testConnection(account);
  }

  /** "Save" on the Basic Auth tab: test the connection, then enable reply by email with it. */
  async saveBasicAuth(
    actor: User,
    input: BasicAuthReplyByEmailInput,
  ): Promise<EmailServerSettings> {
    const account = this.imapAccount(input, await this.load());
    await this.requireWorkingConnection(account);
    return this.change(actor, 'saveBasicAuthReplyByEmail', {
      replyByEmailEnabled: true,
      authMethod: MailboxAuthMethod.BASIC,
      imapReplyToAddress: input.replyToAddress,
      imapIntentTrackingMode: input.intentTrackingMode,
      imapHost: input.imapHost,
      imapPort: input.imapPort,
      imapSsl: input.imapSsl,
      imapUsername: input.username,
      imapAllowUnencryptedLogin: account.allowUnencryptedLogin,
      ...(input.password !== undefined
        ? { imapPasswordSealed: this.cipher.seal(input.password) }
        : {}),
    });
  }

  /** "Test and Save" on the OAuth 2.0 tab. The Basic Auth tab's values stay as they are. */
  async saveMicrosoft(
    actor: User,
    input: MicrosoftReplyByEmailInput,
  ): Promise<EmailServerSettings> {
    const account = this.microsoftAccount(input, await this.load());
    await this.requireWorkingConnection(account);
    // The test just got a token with exactly these credentials: whatever was recorded for the
    // previous ones (an expired secret) no longer describes the saved state.
    const tested = new Date();
    await this.change(actor, 'saveMicrosoftReplyByEmail', {
      replyByEmailEnabled: true,
      authMethod: MailboxAuthMethod.MICROSOFT_OAUTH,
      microsoftReplyToAddress: input.replyToAddress,
      microsoftTenantId: input.tenantId,
      microsoftClientId: input.clientId,
      ...(input.clientSecret !== undefined
        ? { microsoftClientSecretSealed: this.cipher.seal(input.clientSecret) }
        : {}),
    });
    await this.tokenStatus.recordSaved(tested);
    return this.load();
  }

  async listAudit(
    first: number,
    after?: { at: string; id: string },
  ): Promise<EmailSettingsAudit[]> {
    // Cursors carry JavaScript dates (milliseconds); comparing at that precision keeps rows
    // written within one millisecond from being skipped between pages.
    const at = "date_trunc('milliseconds', entry.created_at)";
    const query = this.audit
      .createQueryBuilder('entry')
      .orderBy(at, 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .limit(first + 1);
    if (after) query.where(`(${at}, entry.id) < (:at, :id)`, { at: after.at, id: after.id });
    return query.getMany();
  }

  private async requireWorkingConnection(account: MailboxAccount): Promise<void> {
    const result = await this.mailboxes.for(account).testConnection(account);
    if (!result.ok)
      throw new SettingsException(SettingsErrorCode.CONNECTION_FAILED, result.message);
  }

  /**
   * The account a Basic Auth input describes. Without a password in the input, the stored one is
   * used only for the server and account it was saved for: anything else must bring its own.
   */
  private imapAccount(input: BasicAuthReplyByEmailInput, stored: EmailServerSettings): ImapAccount {
    const allowUnencryptedLogin = input.allowUnencryptedLogin ?? false;
    const account = {
      authMethod: MailboxAuthMethod.BASIC,
      host: input.imapHost,
      port: input.imapPort,
      ssl: input.imapSsl,
      username: input.username,
      allowUnencryptedLogin,
    } as const;
    if (input.password !== undefined) return { ...account, password: input.password };
    if (!stored.imapPasswordSealed) {
      throw new SettingsException(SettingsErrorCode.MISSING_SECRET, 'A password is required', {
        password: ['is required: no password is stored yet'],
      });
    }
    const changes = imapPasswordScopeChanges(
      {
        host: stored.imapHost,
        port: stored.imapPort,
        ssl: stored.imapSsl,
        username: stored.imapUsername,
        allowUnencryptedLogin: stored.imapAllowUnencryptedLogin,
      },
      { ...account, host: input.imapHost, username: input.username },
    );
    if (changes.length) {
      throw new SettingsException(
        SettingsErrorCode.SECRET_NOT_REUSABLE,
        `Enter the password again: ${listInWords(changes)} changed, and the stored password is only sent to the server and account it was saved for`,
        { password: [`must be entered again because ${listInWords(changes)} changed`] },
      );
    }
    return { ...account, password: this.cipher.open(stored.imapPasswordSealed) };
  }

  /** Like {@link imapAccount}: the stored secret only for the tenant and client it was saved for. */
  private microsoftAccount(
    input: MicrosoftReplyByEmailInput,
    stored: EmailServerSettings,
  ): MicrosoftAccount {
    const account = {
      authMethod: MailboxAuthMethod.MICROSOFT_OAUTH,
      tenantId: input.tenantId,
      clientId: input.clientId,
      mailbox: input.replyToAddress,
    } as const;
    if (input.clientSecret !== undefined) return { ...account, clientSecret: input.clientSecret };
    if (!stored.microsoftClientSecretSealed) {
      throw new SettingsException(SettingsErrorCode.MISSING_SECRET, 'A client secret is required', {
        clientSecret: ['is required: no client secret is stored yet'],
      });
    }
    const changes = clientSecretScopeChanges(
      { tenantId: stored.microsoftTenantId, clientId: stored.microsoftClientId },
      account,
    );
    if (changes.length) {
      throw new SettingsException(
        SettingsErrorCode.SECRET_NOT_REUSABLE,
        `Enter the client secret again: ${listInWords(changes)} changed, and the stored secret is only used with the app registration it was saved for`,
        { clientSecret: [`must be entered again because ${listInWords(changes)} changed`] },
      );
    }
    return { ...account, clientSecret: this.cipher.open(stored.microsoftClientSecretSealed) };
  }

  /** Applies a change and its audit entry in one transaction; an unchanged save is not audited. */
  private async change(
    actor: User,
    action: string,
    update: Partial<Editable>,
  ): Promise<EmailServerSettings> {
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.findOneOrFail(EmailServerSettings, {
        where: { id: SETTINGS_ID },
        lock: { mode: 'pessimistic_write' },
      });
      const changes = this.diff(current, update);
      if (changes.length > 0) {
        await manager.update(EmailServerSettings, { id: SETTINGS_ID }, update);
        await manager.insert(EmailSettingsAudit, {
          actorId: actor.id,
          actorUsername: actor.username,
          action,
          changes,
        });
        await this.events.publish(SETTINGS_CHANGED_CHANNEL, '', manager);
      }
      return manager.findOneByOrFail(EmailServerSettings, { id: SETTINGS_ID });
    });
  }

  private diff(current: EmailServerSettings, update: Partial<Editable>): SettingChangeRecord[] {
    const changes: SettingChangeRecord[] = [];
    for (const [key, value] of Object.entries(update) as Array<[keyof Editable, unknown]>) {
      const secret = SECRET_FIELDS.has(key);
      // A re-entered secret is always sealed anew (fresh IV), so it always counts as changed;
      // removing a secret that is not stored changes nothing.
      if (current[key] === value && (!secret || value === null)) continue;
      changes.push({
        field: AUDIT_NAMES[key] ?? key,
        oldValue: secret ? null : stringify(current[key]),
        newValue: secret ? null : stringify(value),
        secret,
      });
    }
    return changes;
  }
}

// Settings values are strings, numbers, booleans and enums; dates never change through here.
function stringify(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return value === null || value === undefined ? null : JSON.stringify(value);
}

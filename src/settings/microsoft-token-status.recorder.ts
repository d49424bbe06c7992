import { Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { errorMessage } from '../common/error-message.js';
import { rowsOf } from '../common/query-result.js';
import { MailboxAuthMethod } from '../mailbox/mailbox.types.js';
import { MicrosoftTokenAttempts } from '../mailbox/microsoft-token-attempts.js';
import type { MicrosoftTokenAttempt } from '../mailbox/microsoft-token-attempts.js';
import { TokenFailureKind } from '../mailbox/microsoft-token-failure.js';
import { appKey } from '../mailbox/microsoft-token.service.js';
import { EmailServerSettings } from './entities/email-server-settings.entity.js';
import { SecretCipher } from './secrets/secret-cipher.js';

/**
 * Keeps the outcome of the last token request made with the saved Microsoft credentials on the
 * settings row, for `emailServerSettings`, and warns in the log when the saved secret is found
 * expired: once per change into that state, whichever replica sees it (the UPDATE tells which).
 * Requests made with other credentials (a "Test" of new values) are not the saved state.
 *
 * Raw SQL on purpose: this is bookkeeping, not a settings change, so it must neither move
 * `updated_at` nor go through the audited `change()` path.
 */
@Injectable()
export class MicrosoftTokenStatusRecorder implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MicrosoftTokenStatus');
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly attempts: MicrosoftTokenAttempts,
    private readonly cipher: SecretCipher,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.attempts.outcomes.subscribe((attempt) => {
      this.record(attempt).catch((error: unknown) =>
        this.logger.warn(`Could not record the Microsoft token status: ${errorMessage(error)}`),
      );
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** The saved credentials just got a token (the test before a save): the state is good. */
  async recordSaved(at: Date): Promise<void> {
    await this.write(at, null, null);
  }

  private async record(attempt: MicrosoftTokenAttempt): Promise<void> {
    if (!(await this.isSavedAccount(attempt))) return;
    const failure = attempt.failure?.kind ?? null;
    const before = await this.write(attempt.at, failure, attempt.message ?? null);
    if (failure === TokenFailureKind.SECRET_EXPIRED && before !== failure) {
      this.logger.warn(
        `${attempt.message ?? 'The Microsoft client secret has expired.'} Reply by email through ` +
          'Microsoft Graph stops until a new secret is saved.',
      );
    }
  }

  /** Writes the state and returns the failure recorded before it. */
  private async write(
    at: Date,
    failure: string | null,
    message: string | null,
  ): Promise<string | null> {
    const result: unknown = await this.dataSource.query(
      `UPDATE email_server_settings s SET microsoft_token_checked_at = $1,
         microsoft_token_failure = $2, microsoft_token_message = $3
       FROM (SELECT microsoft_token_failure FROM email_server_settings WHERE id = 1 FOR UPDATE) old
       WHERE s.id = 1
       RETURNING old.microsoft_token_failure AS before`,
      [at, failure, message],
    );
    return rowsOf<{ before: string | null }>(result)[0]?.before ?? null;
  }

  private async isSavedAccount(attempt: MicrosoftTokenAttempt): Promise<boolean> {
    const row = await this.dataSource.manager.findOneBy(EmailServerSettings, { id: 1 });
    if (
      !row ||
      row.authMethod !== MailboxAuthMethod.MICROSOFT_OAUTH ||
      row.microsoftTenantId !== attempt.tenantId ||
      row.microsoftClientId !== attempt.clientId ||
      !row.microsoftClientSecretSealed
    ) {
      return false;
    }
    const clientSecret = this.cipher.open(row.microsoftClientSecretSealed);
    return (
      appKey({ tenantId: attempt.tenantId, clientId: attempt.clientId, clientSecret }) ===
      attempt.credentialsFingerprint
    );
  }
}

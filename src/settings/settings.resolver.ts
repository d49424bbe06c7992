import { Args, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { User } from '../auth/entities/user.entity.js';
import { UserRole } from '../auth/user-role.enum.js';
import { TokenFailureKind } from '../mailbox/microsoft-token-failure.js';
import { decodeCursor, PageArgs, Paginated, toPage } from '../common/pagination.js';
import type { Page } from '../common/pagination.js';
import { BasicAuthReplyByEmailInput } from './dto/basic-auth-reply-by-email.input.js';
import { MicrosoftReplyByEmailInput } from './dto/microsoft-reply-by-email.input.js';
import { EmailSettingsService } from './email-settings.service.js';
import type { EmailServerSettings } from './entities/email-server-settings.entity.js';
import {
  ConnectionTestResultModel,
  EmailServerSettingsModel,
  EmailSettingsAuditEntry,
} from './models/email-server-settings.model.js';
import { replyByEmailConfigOf } from './reply-by-email-config.js';

@ObjectType()
export class EmailSettingsAuditPage extends Paginated(
  EmailSettingsAuditEntry,
  'EmailSettingsAuditPage',
) {}

/** The Email Server tab of Admin Settings. Server Admins only, every operation. */
@Roles(UserRole.SERVER_ADMIN)
@Resolver()
export class SettingsResolver {
  constructor(private readonly settings: EmailSettingsService) {}

  @Query(() => EmailServerSettingsModel)
  async emailServerSettings(): Promise<EmailServerSettingsModel> {
    return toModel(await this.settings.load());
  }

  @Mutation(() => EmailServerSettingsModel, {
    description: 'The "Turn Off All Email Notifications for All Users" checkbox',
  })
  async setEmailNotificationsDisabled(
    @CurrentUser() actor: User,
    @Args('disabled') disabled: boolean,
  ): Promise<EmailServerSettingsModel> {
    return toModel(await this.settings.setNotificationsDisabled(actor, disabled));
  }

  @Mutation(() => ConnectionTestResultModel, {
    description: 'Test the Basic Auth settings without saving',
  })
  testBasicAuthConnection(
    @Args('input') input: BasicAuthReplyByEmailInput,
  ): Promise<ConnectionTestResultModel> {
    return this.settings.testBasicAuth(input);
  }

  @Mutation(() => EmailServerSettingsModel, {
    description: 'Save: test the IMAP connection, then enable reply by email with Basic Auth',
  })
  async saveBasicAuthReplyByEmail(
    @CurrentUser() actor: User,
    @Args('input') input: BasicAuthReplyByEmailInput,
  ): Promise<EmailServerSettingsModel> {
    return toModel(await this.settings.saveBasicAuth(actor, input));
  }

  @Mutation(() => ConnectionTestResultModel, {
    description: 'Test the Microsoft OAuth settings without saving',
  })
  testMicrosoftConnection(
    @Args('input') input: MicrosoftReplyByEmailInput,
  ): Promise<ConnectionTestResultModel> {
    return this.settings.testMicrosoft(input);
  }

  @Mutation(() => EmailServerSettingsModel, {
    description:
      'Test and Save: check the app registration and mailbox, then enable reply by email with it',
  })
  async saveMicrosoftReplyByEmail(
    @CurrentUser() actor: User,
    @Args('input') input: MicrosoftReplyByEmailInput,
  ): Promise<EmailServerSettingsModel> {
    return toModel(await this.settings.saveMicrosoft(actor, input));
  }

  @Mutation(() => EmailServerSettingsModel, {
    description:
      'Turn reply by email off; mailbox sync stops. forgetCredentials: also delete the stored IMAP password and Microsoft client secret (recorded in the audit)',
  })
  async disableReplyByEmail(
    @CurrentUser() actor: User,
    @Args('forgetCredentials', { type: () => Boolean, nullable: true, defaultValue: false })
    forgetCredentials: boolean,
  ): Promise<EmailServerSettingsModel> {
    return toModel(await this.settings.disableReplyByEmail(actor, { forgetCredentials }));
  }

  @Mutation(() => EmailServerSettingsModel, {
    description: 'Minutes between mailbox reads, 1 to 60 (default 3)',
  })
  async setMailboxPollInterval(
    @CurrentUser() actor: User,
    @Args('minutes', { type: () => Int }) minutes: number,
  ): Promise<EmailServerSettingsModel> {
    return toModel(await this.settings.setPollInterval(actor, minutes));
  }

  @Query(() => EmailSettingsAuditPage, {
    description: 'Every change to these settings, newest first',
  })
  async emailSettingsAudit(
    @Args() { first, after }: PageArgs,
  ): Promise<Page<EmailSettingsAuditEntry>> {
    const rows = await this.settings.listAudit(first, decodeCursor(after));
    const entries = rows.map((row) => ({
      id: row.id,
      at: row.createdAt,
      actorId: row.actorId,
      actorUsername: row.actorUsername,
      action: row.action,
      changes: row.changes,
    }));
    return toPage(entries, first, (entry) => ({ at: entry.at.toISOString(), id: entry.id }));
  }
}

function toModel(row: EmailServerSettings): EmailServerSettingsModel {
  const active = replyByEmailConfigOf(row);
  return {
    notificationsDisabled: row.notificationsDisabled,
    replyByEmail: {
      enabled: active.enabled,
      authMethod: active.authMethod,
      replyToAddress: active.replyToAddress,
      intentTrackingMode: active.intentTrackingMode,
      pollIntervalMinutes: active.pollIntervalMinutes,
      basic: {
        replyToAddress: row.imapReplyToAddress,
        intentTrackingMode: row.imapIntentTrackingMode,
        imapHost: row.imapHost,
        imapPort: row.imapPort,
        imapSsl: row.imapSsl,
        username: row.imapUsername,
        passwordSet: row.imapPasswordSealed !== null,
        allowUnencryptedLogin: row.imapAllowUnencryptedLogin,
      },
      microsoft: {
        serviceProvider: 'Microsoft',
        replyToAddress: row.microsoftReplyToAddress,
        tenantId: row.microsoftTenantId,
        clientId: row.microsoftClientId,
        clientSecretSet: row.microsoftClientSecretSealed !== null,
        clientSecretExpired: row.microsoftTokenFailure === TokenFailureKind.SECRET_EXPIRED,
        lastTokenRequest: row.microsoftTokenCheckedAt && {
          at: row.microsoftTokenCheckedAt,
          ok: row.microsoftTokenFailure === null,
          failure: (row.microsoftTokenFailure as TokenFailureKind | null) ?? null,
          message: row.microsoftTokenMessage,
        },
      },
    },
  };
}

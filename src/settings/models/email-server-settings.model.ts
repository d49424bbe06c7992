import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';
import { TokenFailureKind } from '../../mailbox/microsoft-token-failure.js';
import { IntentTrackingMode } from '../intent-tracking-mode.enum.js';

@ObjectType()
export class BasicAuthSettings {
  @Field(() => String, { nullable: true, description: "This tab's Reply To Email Address" })
  replyToAddress!: string | null;

  @Field(() => IntentTrackingMode, { description: "This tab's Intent Tracking Mode" })
  intentTrackingMode!: IntentTrackingMode;

  @Field(() => String, { nullable: true })
  imapHost!: string | null;

  @Field(() => Int, { nullable: true })
  imapPort!: number | null;

  @Field()
  imapSsl!: boolean;

  @Field(() => String, { nullable: true })
  username!: string | null;

  @Field({ description: 'Whether a password is stored. The password itself is never returned.' })
  passwordSet!: boolean;

  @Field({
    description:
      'Sign-in without TLS is allowed: with SSL off and no STARTTLS, the password crosses the network unencrypted',
  })
  allowUnencryptedLogin!: boolean;
}

registerEnumType(TokenFailureKind, {
  name: 'MicrosoftTokenFailure',
  description: 'Why the Microsoft identity platform gave no token',
  valuesMap: {
    CREDENTIALS: { description: 'Tenant ID, Client ID or Client Secret is wrong' },
    SECRET_EXPIRED: { description: 'The client secret has expired (AADSTS7000222)' },
    ACCESS_BLOCKED: { description: 'A Conditional Access policy blocks the app (AADSTS53003)' },
    THROTTLED: { description: 'Too many requests (429); asked again after its Retry-After' },
    UNAVAILABLE: { description: 'The identity platform answered with an outage (5xx)' },
    UNREACHABLE: { description: 'The identity platform could not be reached' },
  },
});

@ObjectType()
export class MicrosoftTokenRequest {
  @Field()
  at!: Date;

  @Field({ description: 'Whether a token came back' })
  ok!: boolean;

  @Field(() => TokenFailureKind, { nullable: true })
  failure!: TokenFailureKind | null;

  @Field(() => String, { nullable: true, description: 'What the admin reads for the failure' })
  message!: string | null;
}

@ObjectType()
export class MicrosoftSettings {
  @Field({ description: 'Always "Microsoft"' })
  serviceProvider!: string;

  @Field(() => String, { nullable: true, description: "This tab's Reply To Email Address" })
  replyToAddress!: string | null;

  @Field(() => String, { nullable: true })
  tenantId!: string | null;

  @Field(() => String, { nullable: true })
  clientId!: string | null;

  @Field({ description: 'Whether a client secret is stored. The secret itself is never returned.' })
  clientSecretSet!: boolean;

  @Field({
    description:
      'The last token request with the saved credentials was refused because the client secret ' +
      'has expired: create a new one in Azure (Certificates & secrets) and save it',
  })
  clientSecretExpired!: boolean;

  @Field(() => MicrosoftTokenRequest, {
    nullable: true,
    description: 'The outcome of the last token request made with the saved credentials',
  })
  lastTokenRequest!: MicrosoftTokenRequest | null;
}

@ObjectType()
export class ReplyByEmailSettings {
  @Field({ description: 'Enable Reply via Email' })
  enabled!: boolean;

  @Field(() => MailboxAuthMethod, { nullable: true })
  authMethod!: MailboxAuthMethod | null;

  @Field(() => String, {
    nullable: true,
    description: 'The Reply To Email Address of the tab in use (authMethod)',
  })
  replyToAddress!: string | null;

  @Field(() => IntentTrackingMode, {
    description: "The mode mention emails use: the Basic Auth tab's, or MESSAGE_ID with OAuth 2.0",
  })
  intentTrackingMode!: IntentTrackingMode;

  @Field(() => Int, { description: 'How often the mailbox is read, in minutes (default 3)' })
  pollIntervalMinutes!: number;

  @Field(() => BasicAuthSettings)
  basic!: BasicAuthSettings;

  @Field(() => MicrosoftSettings)
  microsoft!: MicrosoftSettings;
}

/**
 * The Email Server settings. The notifications module adds the fields it owns (the kill switch's
 * exempt types, the outbound transport) with field resolvers, since settings cannot depend on it.
 */
@ObjectType()
export class EmailServerSettingsModel {
  @Field({ description: 'Turn Off All Email Notifications for All Users' })
  notificationsDisabled!: boolean;

  @Field(() => ReplyByEmailSettings)
  replyByEmail!: ReplyByEmailSettings;
}

@ObjectType()
export class ConnectionTestResultModel {
  @Field()
  ok!: boolean;

  @Field()
  message!: string;
}

@ObjectType()
export class SettingChange {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true, description: 'Null for secrets' })
  oldValue!: string | null;

  @Field(() => String, { nullable: true, description: 'Null for secrets' })
  newValue!: string | null;

  @Field({ description: 'A secret: recorded only as changed' })
  secret!: boolean;
}

@ObjectType()
export class EmailSettingsAuditEntry {
  @Field()
  id!: string;

  @Field()
  at!: Date;

  @Field(() => String, { nullable: true })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  actorUsername!: string | null;

  @Field()
  action!: string;

  @Field(() => [SettingChange])
  changes!: SettingChange[];
}

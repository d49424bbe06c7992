/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type BasicAuthReplyByEmailInput = {
  /** Allow sign-in without TLS: with "Server uses SSL" off and a server that offers no STARTTLS, the password crosses the network unencrypted. Off when omitted. */
  allowUnencryptedLogin?: boolean | null | undefined;
  /** IMAP Server host name */
  imapHost: string;
  /** IMAP Server port */
  imapPort: number;
  /** Server uses SSL */
  imapSsl: boolean;
  intentTrackingMode: IntentTrackingMode;
  /** IMAP Email Account password. Omit to keep the stored one, which is only possible while the server, port, SSL setting and user name are the ones it was saved with. */
  password?: string | null | undefined;
  /** Reply To Email Address: the dedicated mailbox that receives replies */
  replyToAddress: string;
  /** IMAP Email Account user name */
  username: string;
};

export type CreateUserInput = {
  displayName?: string | null | undefined;
  email: string;
  role?: UserRole;
  username: string;
};

/** Why SendGrid refused to send any email (the fix is in lastError) */
export type DeliveryFailureClass =
  /** The account cannot send: credits used up, suspended or under review */
  | 'ACCOUNT_DISABLED'
  /** The API key is invalid, expired or revoked (401) */
  | 'API_KEY_INVALID'
  /** The API key lacks the Mail Send permission (403) */
  | 'API_KEY_PERMISSION'
  /** MAIL_FROM_ADDRESS is not a verified Sender Identity (403) */
  | 'SENDER_NOT_VERIFIED';

export type EmailDeliveryFilter = {
  /** Only deliveries created before this time */
  createdBefore?: string | null | undefined;
  /** Only deliveries created at or after this time */
  createdSince?: string | null | undefined;
  /** SendGrid's verdict, e.g. BOUNCED or DROPPED */
  providerStatus?: EmailProviderStatus | null | undefined;
  /** A recipient user id, or part of a recipient email address */
  recipient?: string | null | undefined;
  status?: EmailDeliveryStatus | null | undefined;
  /** A notification type */
  type?: string | null | undefined;
};

export type EmailDeliveryStatus =
  /** Given up: a permanent error, or retries exhausted */
  | 'FAILED'
  /** Waiting to be sent, being sent, or waiting for a retry */
  | 'PENDING'
  /** Accepted by the provider (SendGrid) or written by the local sink */
  | 'SENT'
  /** Not sent because email notifications were turned off */
  | 'SUPPRESSED';

/** SendGrid's verdict on an accepted email, from its Event Webhook */
export type EmailProviderStatus =
  /** The receiving server refused it (bounce or block) */
  | 'BOUNCED'
  /** The receiving server asked SendGrid to try again later */
  | 'DEFERRED'
  /** The receiving server accepted the email */
  | 'DELIVERED'
  /** SendGrid did not send it (suppressed address, invalid, ...) */
  | 'DROPPED'
  /** The recipient marked it as spam */
  | 'SPAM_REPORT';

export type IncomingEmailFilter = {
  reasonCode?: IncomingEmailReasonCode | null | undefined;
  /** Only emails received (by the mailbox) before this time */
  receivedBefore?: string | null | undefined;
  /** Only emails received (by the mailbox) at or after this time */
  receivedSince?: string | null | undefined;
  status?: IncomingEmailStatus | null | undefined;
};

export type IncomingEmailReasonCode =
  | 'AUTO_REPLY'
  | 'BOUNCE'
  | 'CONVERSATION_GONE'
  | 'DUPLICATE'
  | 'EMPTY_REPLY'
  | 'EXPIRED_INTENT'
  | 'LOOP'
  | 'MALFORMED'
  | 'NOT_REPLYABLE'
  | 'NO_INTENT'
  | 'SENDER_MISMATCH'
  | 'SPOOFED'
  | 'TOO_LARGE'
  | 'UNKNOWN_INTENT'
  | 'USER_INACTIVE';

export type IncomingEmailStatus =
  | 'FAILED'
  | 'POSTED'
  | 'RECEIVED'
  | 'REJECTED';

export type IntentTrackingMode =
  /** Use email address for tracking reply message intent */
  | 'EMAIL_ADDRESS'
  /** Use message-id in email header for tracking reply message intent */
  | 'MESSAGE_ID';

export type MailboxAuthMethod =
  /** Basic Auth: an IMAP mailbox with user name and password */
  | 'BASIC'
  /** OAuth 2.0: Microsoft Graph with an Azure app registration */
  | 'MICROSOFT_OAUTH';

/** How new mail reaches Replyline; the poll runs as a sweep in every mode */
export type MailboxListenerMode =
  /** Microsoft Graph delta query, every GRAPH_DELTA_INTERVAL_SECONDS */
  | 'DELTA'
  /** IMAP IDLE: the server tells Replyline of new mail at once */
  | 'IDLE'
  /** No push: the poll alone (listener turned off, a server without IDLE, or no replica listening) */
  | 'POLL'
  /** Microsoft Graph change notifications run the delta query at once */
  | 'SUBSCRIPTION';

export type MailboxSyncTrigger =
  | 'MANUAL'
  | 'SCHEDULED';

export type MicrosoftReplyByEmailInput = {
  /** Application (client) ID of the Azure app registration */
  clientId: string;
  /** Client secret value. Omit to keep the stored one, which is only possible while the Tenant ID and Client ID are the ones it was saved with. */
  clientSecret?: string | null | undefined;
  /** Reply To Email Address: the mailbox that receives replies */
  replyToAddress: string;
  /** Directory (tenant) ID of the Azure app registration */
  tenantId: string;
};

export type UserRole =
  | 'SERVER_ADMIN'
  | 'SERVICE'
  | 'USER';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, username: string, displayName: string, role: UserRole | null } };

export type EmailDeliveriesQueryVariables = Exact<{
  filter?: EmailDeliveryFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type EmailDeliveriesQuery = { emailDeliveries: { nodes: Array<{ id: string, createdAt: string, updatedAt: string, type: string, recipient: string, recipientName: string | null, subject: string, status: EmailDeliveryStatus, attempts: number, nextAttemptAt: string, sentAt: string | null, transport: string | null, providerMessageId: string | null, lastError: string | null, failureClass: DeliveryFailureClass | null, providerStatus: EmailProviderStatus | null, providerStatusReason: string | null, providerStatusAt: string | null, suppressionReason: string | null, textBody: string }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type IncomingEmailsQueryVariables = Exact<{
  filter?: IncomingEmailFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type IncomingEmailsQuery = { incomingEmails: { nodes: Array<{ id: string, receivedAt: string, from: string | null, subject: string | null, status: IncomingEmailStatus, reasonCode: IncomingEmailReasonCode | null, attempts: number }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type IncomingEmailDetailFieldsFragment = { id: string, receivedAt: string, processedAt: string | null, from: string | null, fromName: string | null, to: string | null, subject: string | null, messageId: string | null, sizeBytes: number | null, authMethod: MailboxAuthMethod, folder: string, status: IncomingEmailStatus, reasonCode: IncomingEmailReasonCode | null, reason: string | null, userId: string | null, conversationId: string | null, postId: string | null, extractedText: string | null, removedText: string | null, extractionRule: string | null, attempts: number, lastError: string | null, nextAttemptAt: string | null, archivedAt: string | null, rawPurgedAt: string | null, user: { id: string, username: string, email: string | null } | null, conversation: { id: string, title: string } | null };

export type IncomingEmailQueryVariables = Exact<{
  id: string | number;
}>;


export type IncomingEmailQuery = { incomingEmail: { id: string, receivedAt: string, processedAt: string | null, from: string | null, fromName: string | null, to: string | null, subject: string | null, messageId: string | null, sizeBytes: number | null, authMethod: MailboxAuthMethod, folder: string, status: IncomingEmailStatus, reasonCode: IncomingEmailReasonCode | null, reason: string | null, userId: string | null, conversationId: string | null, postId: string | null, extractedText: string | null, removedText: string | null, extractionRule: string | null, attempts: number, lastError: string | null, nextAttemptAt: string | null, archivedAt: string | null, rawPurgedAt: string | null, user: { id: string, username: string, email: string | null } | null, conversation: { id: string, title: string } | null } };

export type ReprocessIncomingEmailMutationVariables = Exact<{
  id: string | number;
}>;


export type ReprocessIncomingEmailMutation = { reprocessIncomingEmail: { id: string, receivedAt: string, processedAt: string | null, from: string | null, fromName: string | null, to: string | null, subject: string | null, messageId: string | null, sizeBytes: number | null, authMethod: MailboxAuthMethod, folder: string, status: IncomingEmailStatus, reasonCode: IncomingEmailReasonCode | null, reason: string | null, userId: string | null, conversationId: string | null, postId: string | null, extractedText: string | null, removedText: string | null, extractionRule: string | null, attempts: number, lastError: string | null, nextAttemptAt: string | null, archivedAt: string | null, rawPurgedAt: string | null, user: { id: string, username: string, email: string | null } | null, conversation: { id: string, title: string } | null } };

export type EmailServerSettingsFieldsFragment = { notificationsDisabled: boolean, exemptNotificationTypes: Array<string>, replyByEmail: { enabled: boolean, authMethod: MailboxAuthMethod | null, replyToAddress: string | null, intentTrackingMode: IntentTrackingMode, pollIntervalMinutes: number, basic: { imapHost: string | null, imapPort: number | null, imapSsl: boolean, allowUnencryptedLogin: boolean, username: string | null, passwordSet: boolean }, microsoft: { serviceProvider: string, tenantId: string | null, clientId: string | null, clientSecretSet: boolean } } };

export type EmailServerSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type EmailServerSettingsQuery = { emailServerSettings: { notificationsDisabled: boolean, exemptNotificationTypes: Array<string>, replyByEmail: { enabled: boolean, authMethod: MailboxAuthMethod | null, replyToAddress: string | null, intentTrackingMode: IntentTrackingMode, pollIntervalMinutes: number, basic: { imapHost: string | null, imapPort: number | null, imapSsl: boolean, allowUnencryptedLogin: boolean, username: string | null, passwordSet: boolean }, microsoft: { serviceProvider: string, tenantId: string | null, clientId: string | null, clientSecretSet: boolean } } } };

export type SetNotificationsDisabledMutationVariables = Exact<{
  disabled: boolean;
}>;


export type SetNotificationsDisabledMutation = { setEmailNotificationsDisabled: { notificationsDisabled: boolean, exemptNotificationTypes: Array<string>, replyByEmail: { enabled: boolean, authMethod: MailboxAuthMethod | null, replyToAddress: string | null, intentTrackingMode: IntentTrackingMode, pollIntervalMinutes: number, basic: { imapHost: string | null, imapPort: number | null, imapSsl: boolean, allowUnencryptedLogin: boolean, username: string | null, passwordSet: boolean }, microsoft: { serviceProvider: string, tenantId: string | null, clientId: string | null, clientSecretSet: boolean } } } };

export type DisableReplyByEmailMutationVariables = Exact<{ [key: string]: never; }>;


export type DisableReplyByEmailMutation = { disableReplyByEmail: { notificationsDisabled: boolean, exemptNotificationTypes: Array<string>, replyByEmail: { enabled: boolean, authMethod: MailboxAuthMethod | null, replyToAddress: string | null, intentTrackingMode: IntentTrackingMode, pollIntervalMinutes: number, basic: { imapHost: string | null, imapPort: number | null, imapSsl: boolean, allowUnencryptedLogin: boolean, username: string | null, passwordSet: boolean }, microsoft: { serviceProvider: string, tenantId: string | null, clientId: string | null, clientSecretSet: boolean } } } };

export type TestBasicAuthConnectionMutationVariables = Exact<{
  input: BasicAuthReplyByEmailInput;
}>;


export type TestBasicAuthConnectionMutation = { testBasicAuthConnection: { ok: boolean, message: string } };

export type SaveBasicAuthReplyByEmailMutationVariables = Exact<{
  input: BasicAuthReplyByEmailInput;
}>;


export type SaveBasicAuthReplyByEmailMutation = { saveBasicAuthReplyByEmail: { notificationsDisabled: boolean, exemptNotificationTypes: Array<string>, replyByEmail: { enabled: boolean, authMethod: MailboxAuthMethod | null, replyToAddress: string | null, intentTrackingMode: IntentTrackingMode, pollIntervalMinutes: number, basic: { imapHost: string | null, imapPort: number | null, imapSsl: boolean, allowUnencryptedLogin: boolean, username: string | null, passwordSet: boolean }, microsoft: { serviceProvider: string, tenantId: string | null, clientId: string | null, clientSecretSet: boolean } } } };

export type TestMicrosoftConnectionMutationVariables = Exact<{
  input: MicrosoftReplyByEmailInput;
}>;


export type TestMicrosoftConnectionMutation = { testMicrosoftConnection: { ok: boolean, message: string } };

export type SaveMicrosoftReplyByEmailMutationVariables = Exact<{
  input: MicrosoftReplyByEmailInput;
}>;


export type SaveMicrosoftReplyByEmailMutation = { saveMicrosoftReplyByEmail: { notificationsDisabled: boolean, exemptNotificationTypes: Array<string>, replyByEmail: { enabled: boolean, authMethod: MailboxAuthMethod | null, replyToAddress: string | null, intentTrackingMode: IntentTrackingMode, pollIntervalMinutes: number, basic: { imapHost: string | null, imapPort: number | null, imapSsl: boolean, allowUnencryptedLogin: boolean, username: string | null, passwordSet: boolean }, microsoft: { serviceProvider: string, tenantId: string | null, clientId: string | null, clientSecretSet: boolean } } } };

export type SetMailboxPollIntervalMutationVariables = Exact<{
  minutes: number;
}>;


export type SetMailboxPollIntervalMutation = { setMailboxPollInterval: { notificationsDisabled: boolean, exemptNotificationTypes: Array<string>, replyByEmail: { enabled: boolean, authMethod: MailboxAuthMethod | null, replyToAddress: string | null, intentTrackingMode: IntentTrackingMode, pollIntervalMinutes: number, basic: { imapHost: string | null, imapPort: number | null, imapSsl: boolean, allowUnencryptedLogin: boolean, username: string | null, passwordSet: boolean }, microsoft: { serviceProvider: string, tenantId: string | null, clientId: string | null, clientSecretSet: boolean } } } };

export type EmailSettingsAuditQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type EmailSettingsAuditQuery = { emailSettingsAudit: { nodes: Array<{ id: string, at: string, action: string, actorUsername: string | null, changes: Array<{ field: string, oldValue: string | null, newValue: string | null, secret: boolean }> }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type SyncAndArchiveStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type SyncAndArchiveStatusQuery = { mailboxSyncStatus: { enabled: boolean, authMethod: MailboxAuthMethod | null, pollIntervalMinutes: number, lastRunStartedAt: string | null, lastRunFinishedAt: string | null, lastSuccessAt: string | null, lastError: string | null, nextRunAt: string | null, pendingEmails: number, stuckEmails: { count: number, oldestReceivedAt: string | null, reasons: Array<{ reason: string, count: number }> }, listener: { mode: MailboxListenerMode, connected: boolean, connectedSince: string | null, lastPushAt: string | null, lastError: string | null, lastErrorAt: string | null, holder: string | null }, lastRun: { id: string, trigger: MailboxSyncTrigger, succeeded: boolean | null, heartbeatAt: string, fetched: number, posted: number, rejected: number, failed: number } | null }, archiveStatus: { mailboxArchived: boolean, schedule: string, timeZone: string, folder: string, retentionDays: number, nextRunAt: string | null, lastRunStartedAt: string | null, lastRunFinishedAt: string | null, lastError: string | null, skippedReason: string | null, messagesMoved: number, messagesDeleted: number, rawCopiesPurged: number } };

export type SyncMailboxNowMutationVariables = Exact<{ [key: string]: never; }>;


export type SyncMailboxNowMutation = { syncMailboxNow: { id: string, succeeded: boolean | null, error: string | null, fetched: number, posted: number, rejected: number, failed: number } };

export type RunArchiveNowMutationVariables = Exact<{ [key: string]: never; }>;


export type RunArchiveNowMutation = { runArchiveNow: { id: string, succeeded: boolean | null, error: string | null, skippedReason: string | null, messagesMoved: number, messagesDeleted: number, rawCopiesPurged: number } };

export type UserFieldsFragment = { id: string, username: string, displayName: string, email: string | null, role: UserRole | null, active: boolean | null, createdAt: string | null };

export type UsersQueryVariables = Exact<{ [key: string]: never; }>;


export type UsersQuery = { users: Array<{ id: string, username: string, displayName: string, email: string | null, role: UserRole | null, active: boolean | null, createdAt: string | null }> };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { id: string, username: string, displayName: string, email: string | null, role: UserRole | null, active: boolean | null, createdAt: string | null } };

export type SetUserActiveMutationVariables = Exact<{
  id: string | number;
  active: boolean;
}>;


export type SetUserActiveMutation = { updateUser: { id: string, active: boolean | null } };

export type ApiTokenFieldsFragment = { id: string, name: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null };

export type ApiTokensQueryVariables = Exact<{
  userId: string | number;
}>;


export type ApiTokensQuery = { apiTokens: Array<{ id: string, name: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }> };

export type CreateApiTokenMutationVariables = Exact<{
  userId: string | number;
  name: string;
}>;


export type CreateApiTokenMutation = { createApiToken: { token: string, apiToken: { id: string, name: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokeApiTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiTokenMutation = { revokeApiToken: { id: string, revokedAt: string | null } };

export const IncomingEmailDetailFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"IncomingEmailDetailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncomingEmail"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"processedAt"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"fromName"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"folder"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reasonCode"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"postId"}},{"kind":"Field","name":{"kind":"Name","value":"extractedText"}},{"kind":"Field","name":{"kind":"Name","value":"removedText"}},{"kind":"Field","name":{"kind":"Name","value":"extractionRule"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"archivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rawPurgedAt"}}]}}]} as unknown as DocumentNode<IncomingEmailDetailFieldsFragment, unknown>;
export const EmailServerSettingsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmailServerSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailServerSettingsModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationsDisabled"}},{"kind":"Field","name":{"kind":"Name","value":"exemptNotificationTypes"}},{"kind":"Field","name":{"kind":"Name","value":"replyByEmail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"replyToAddress"}},{"kind":"Field","name":{"kind":"Name","value":"intentTrackingMode"}},{"kind":"Field","name":{"kind":"Name","value":"pollIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"basic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSsl"}},{"kind":"Field","name":{"kind":"Name","value":"allowUnencryptedLogin"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"microsoft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceProvider"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}}]}}]}}]}}]} as unknown as DocumentNode<EmailServerSettingsFieldsFragment, unknown>;
export const UserFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<UserFieldsFragment, unknown>;
export const ApiTokenFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]} as unknown as DocumentNode<ApiTokenFieldsFragment, unknown>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const EmailDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmailDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EmailDeliveryFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"emailDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"}},{"kind":"Field","name":{"kind":"Name","value":"recipientName"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"providerMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"failureClass"}},{"kind":"Field","name":{"kind":"Name","value":"providerStatus"}},{"kind":"Field","name":{"kind":"Name","value":"providerStatusReason"}},{"kind":"Field","name":{"kind":"Name","value":"providerStatusAt"}},{"kind":"Field","name":{"kind":"Name","value":"suppressionReason"}},{"kind":"Field","name":{"kind":"Name","value":"textBody"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<EmailDeliveriesQuery, EmailDeliveriesQueryVariables>;
export const IncomingEmailsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IncomingEmails"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"IncomingEmailFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incomingEmails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reasonCode"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<IncomingEmailsQuery, IncomingEmailsQueryVariables>;
export const IncomingEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IncomingEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incomingEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"IncomingEmailDetailFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"IncomingEmailDetailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncomingEmail"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"processedAt"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"fromName"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"folder"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reasonCode"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"postId"}},{"kind":"Field","name":{"kind":"Name","value":"extractedText"}},{"kind":"Field","name":{"kind":"Name","value":"removedText"}},{"kind":"Field","name":{"kind":"Name","value":"extractionRule"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"archivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rawPurgedAt"}}]}}]} as unknown as DocumentNode<IncomingEmailQuery, IncomingEmailQueryVariables>;
export const ReprocessIncomingEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReprocessIncomingEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reprocessIncomingEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"IncomingEmailDetailFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"IncomingEmailDetailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncomingEmail"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"processedAt"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"fromName"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"folder"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reasonCode"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"postId"}},{"kind":"Field","name":{"kind":"Name","value":"extractedText"}},{"kind":"Field","name":{"kind":"Name","value":"removedText"}},{"kind":"Field","name":{"kind":"Name","value":"extractionRule"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"archivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rawPurgedAt"}}]}}]} as unknown as DocumentNode<ReprocessIncomingEmailMutation, ReprocessIncomingEmailMutationVariables>;
export const EmailServerSettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmailServerSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"emailServerSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmailServerSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmailServerSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailServerSettingsModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationsDisabled"}},{"kind":"Field","name":{"kind":"Name","value":"exemptNotificationTypes"}},{"kind":"Field","name":{"kind":"Name","value":"replyByEmail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"replyToAddress"}},{"kind":"Field","name":{"kind":"Name","value":"intentTrackingMode"}},{"kind":"Field","name":{"kind":"Name","value":"pollIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"basic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSsl"}},{"kind":"Field","name":{"kind":"Name","value":"allowUnencryptedLogin"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"microsoft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceProvider"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}}]}}]}}]}}]} as unknown as DocumentNode<EmailServerSettingsQuery, EmailServerSettingsQueryVariables>;
export const SetNotificationsDisabledDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetNotificationsDisabled"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"disabled"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setEmailNotificationsDisabled"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"disabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"disabled"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmailServerSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmailServerSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailServerSettingsModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationsDisabled"}},{"kind":"Field","name":{"kind":"Name","value":"exemptNotificationTypes"}},{"kind":"Field","name":{"kind":"Name","value":"replyByEmail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"replyToAddress"}},{"kind":"Field","name":{"kind":"Name","value":"intentTrackingMode"}},{"kind":"Field","name":{"kind":"Name","value":"pollIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"basic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSsl"}},{"kind":"Field","name":{"kind":"Name","value":"allowUnencryptedLogin"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"microsoft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceProvider"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}}]}}]}}]}}]} as unknown as DocumentNode<SetNotificationsDisabledMutation, SetNotificationsDisabledMutationVariables>;
export const DisableReplyByEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DisableReplyByEmail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disableReplyByEmail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmailServerSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmailServerSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailServerSettingsModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationsDisabled"}},{"kind":"Field","name":{"kind":"Name","value":"exemptNotificationTypes"}},{"kind":"Field","name":{"kind":"Name","value":"replyByEmail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"replyToAddress"}},{"kind":"Field","name":{"kind":"Name","value":"intentTrackingMode"}},{"kind":"Field","name":{"kind":"Name","value":"pollIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"basic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSsl"}},{"kind":"Field","name":{"kind":"Name","value":"allowUnencryptedLogin"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"microsoft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceProvider"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}}]}}]}}]}}]} as unknown as DocumentNode<DisableReplyByEmailMutation, DisableReplyByEmailMutationVariables>;
export const TestBasicAuthConnectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestBasicAuthConnection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BasicAuthReplyByEmailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testBasicAuthConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<TestBasicAuthConnectionMutation, TestBasicAuthConnectionMutationVariables>;
export const SaveBasicAuthReplyByEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveBasicAuthReplyByEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BasicAuthReplyByEmailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"saveBasicAuthReplyByEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmailServerSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmailServerSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailServerSettingsModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationsDisabled"}},{"kind":"Field","name":{"kind":"Name","value":"exemptNotificationTypes"}},{"kind":"Field","name":{"kind":"Name","value":"replyByEmail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"replyToAddress"}},{"kind":"Field","name":{"kind":"Name","value":"intentTrackingMode"}},{"kind":"Field","name":{"kind":"Name","value":"pollIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"basic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSsl"}},{"kind":"Field","name":{"kind":"Name","value":"allowUnencryptedLogin"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"microsoft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceProvider"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}}]}}]}}]}}]} as unknown as DocumentNode<SaveBasicAuthReplyByEmailMutation, SaveBasicAuthReplyByEmailMutationVariables>;
export const TestMicrosoftConnectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestMicrosoftConnection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MicrosoftReplyByEmailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testMicrosoftConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<TestMicrosoftConnectionMutation, TestMicrosoftConnectionMutationVariables>;
export const SaveMicrosoftReplyByEmailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveMicrosoftReplyByEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MicrosoftReplyByEmailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"saveMicrosoftReplyByEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmailServerSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmailServerSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailServerSettingsModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationsDisabled"}},{"kind":"Field","name":{"kind":"Name","value":"exemptNotificationTypes"}},{"kind":"Field","name":{"kind":"Name","value":"replyByEmail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"replyToAddress"}},{"kind":"Field","name":{"kind":"Name","value":"intentTrackingMode"}},{"kind":"Field","name":{"kind":"Name","value":"pollIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"basic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSsl"}},{"kind":"Field","name":{"kind":"Name","value":"allowUnencryptedLogin"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"microsoft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceProvider"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}}]}}]}}]}}]} as unknown as DocumentNode<SaveMicrosoftReplyByEmailMutation, SaveMicrosoftReplyByEmailMutationVariables>;
export const SetMailboxPollIntervalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetMailboxPollInterval"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minutes"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setMailboxPollInterval"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"minutes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minutes"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmailServerSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmailServerSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmailServerSettingsModel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationsDisabled"}},{"kind":"Field","name":{"kind":"Name","value":"exemptNotificationTypes"}},{"kind":"Field","name":{"kind":"Name","value":"replyByEmail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"replyToAddress"}},{"kind":"Field","name":{"kind":"Name","value":"intentTrackingMode"}},{"kind":"Field","name":{"kind":"Name","value":"pollIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"basic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imapHost"}},{"kind":"Field","name":{"kind":"Name","value":"imapPort"}},{"kind":"Field","name":{"kind":"Name","value":"imapSsl"}},{"kind":"Field","name":{"kind":"Name","value":"allowUnencryptedLogin"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}}]}},{"kind":"Field","name":{"kind":"Name","value":"microsoft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceProvider"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}}]}}]}}]}}]} as unknown as DocumentNode<SetMailboxPollIntervalMutation, SetMailboxPollIntervalMutationVariables>;
export const EmailSettingsAuditDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmailSettingsAudit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"emailSettingsAudit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actorUsername"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"oldValue"}},{"kind":"Field","name":{"kind":"Name","value":"newValue"}},{"kind":"Field","name":{"kind":"Name","value":"secret"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<EmailSettingsAuditQuery, EmailSettingsAuditQueryVariables>;
export const SyncAndArchiveStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SyncAndArchiveStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailboxSyncStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"pollIntervalMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStartedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunFinishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"pendingEmails"}},{"kind":"Field","name":{"kind":"Name","value":"stuckEmails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"oldestReceivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"listener"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"connected"}},{"kind":"Field","name":{"kind":"Name","value":"connectedSince"}},{"kind":"Field","name":{"kind":"Name","value":"lastPushAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastErrorAt"}},{"kind":"Field","name":{"kind":"Name","value":"holder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"heartbeatAt"}},{"kind":"Field","name":{"kind":"Name","value":"fetched"}},{"kind":"Field","name":{"kind":"Name","value":"posted"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"archiveStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mailboxArchived"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"folder"}},{"kind":"Field","name":{"kind":"Name","value":"retentionDays"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStartedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunFinishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"skippedReason"}},{"kind":"Field","name":{"kind":"Name","value":"messagesMoved"}},{"kind":"Field","name":{"kind":"Name","value":"messagesDeleted"}},{"kind":"Field","name":{"kind":"Name","value":"rawCopiesPurged"}}]}}]}}]} as unknown as DocumentNode<SyncAndArchiveStatusQuery, SyncAndArchiveStatusQueryVariables>;
export const SyncMailboxNowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SyncMailboxNow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncMailboxNow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"fetched"}},{"kind":"Field","name":{"kind":"Name","value":"posted"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}}]}}]} as unknown as DocumentNode<SyncMailboxNowMutation, SyncMailboxNowMutationVariables>;
export const RunArchiveNowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RunArchiveNow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runArchiveNow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"skippedReason"}},{"kind":"Field","name":{"kind":"Name","value":"messagesMoved"}},{"kind":"Field","name":{"kind":"Name","value":"messagesDeleted"}},{"kind":"Field","name":{"kind":"Name","value":"rawCopiesPurged"}}]}}]}}]} as unknown as DocumentNode<RunArchiveNowMutation, RunArchiveNowMutationVariables>;
export const UsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<UsersQuery, UsersQueryVariables>;
export const CreateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<CreateUserMutation, CreateUserMutationVariables>;
export const SetUserActiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetUserActive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"active"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"active"},"value":{"kind":"Variable","name":{"kind":"Name","value":"active"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}}]}}]} as unknown as DocumentNode<SetUserActiveMutation, SetUserActiveMutationVariables>;
export const ApiTokensDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiTokens"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiTokenFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]} as unknown as DocumentNode<ApiTokensQuery, ApiTokensQueryVariables>;
export const CreateApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiTokenFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]} as unknown as DocumentNode<CreateApiTokenMutation, CreateApiTokenMutationVariables>;
export const RevokeApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]} as unknown as DocumentNode<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>;
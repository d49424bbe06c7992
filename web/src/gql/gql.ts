/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n": typeof types.MeDocument,
    "\n  query EmailDeliveries($filter: EmailDeliveryFilter, $first: Int!, $after: String) {\n    emailDeliveries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        updatedAt\n        type\n        recipient\n        recipientName\n        subject\n        status\n        attempts\n        nextAttemptAt\n        sentAt\n        transport\n        providerMessageId\n        lastError\n        failureClass\n        providerStatus\n        providerStatusReason\n        providerStatusAt\n        suppressionReason\n        textBody\n        resentFromId\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.EmailDeliveriesDocument,
    "\n  query IncomingEmails($filter: IncomingEmailFilter, $first: Int!, $after: String) {\n    incomingEmails(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        receivedAt\n        from\n        subject\n        status\n        reasonCode\n        attempts\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.IncomingEmailsDocument,
    "\n  fragment IncomingEmailDetailFields on IncomingEmail {\n    id\n    receivedAt\n    processedAt\n    from\n    fromName\n    to\n    subject\n    messageId\n    sizeBytes\n    authMethod\n    folder\n    status\n    reasonCode\n    reason\n    userId\n    user {\n      id\n      username\n      email\n    }\n    conversationId\n    conversation {\n      id\n      title\n    }\n    postId\n    extractedText\n    removedText\n    extractionRule\n    attempts\n    lastError\n    nextAttemptAt\n    archivedAt\n    rawPurgedAt\n    rawDownloadPath\n  }\n": typeof types.IncomingEmailDetailFieldsFragmentDoc,
    "\n  query IncomingEmail($id: ID!) {\n    incomingEmail(id: $id) {\n      ...IncomingEmailDetailFields\n    }\n  }\n": typeof types.IncomingEmailDocument,
    "\n  mutation ReprocessIncomingEmail($id: ID!) {\n    reprocessIncomingEmail(id: $id) {\n      ...IncomingEmailDetailFields\n    }\n  }\n": typeof types.ReprocessIncomingEmailDocument,
    "\n  mutation ResendDelivery($id: ID!) {\n    resendDelivery(id: $id) {\n      id\n      status\n      resentFromId\n    }\n  }\n": typeof types.ResendDeliveryDocument,
    "\n  fragment EmailServerSettingsFields on EmailServerSettingsModel {\n    notificationsDisabled\n    exemptNotificationTypes\n    replyByEmail {\n      enabled\n      authMethod\n      replyToAddress\n      intentTrackingMode\n      pollIntervalMinutes\n      basic {\n        imapHost\n        imapPort\n        imapSsl\n        allowUnencryptedLogin\n        username\n        passwordSet\n      }\n      microsoft {\n        serviceProvider\n        tenantId\n        clientId\n        clientSecretSet\n      }\n    }\n  }\n": typeof types.EmailServerSettingsFieldsFragmentDoc,
    "\n  query EmailServerSettings {\n    emailServerSettings {\n      ...EmailServerSettingsFields\n    }\n  }\n": typeof types.EmailServerSettingsDocument,
    "\n  mutation SetNotificationsDisabled($disabled: Boolean!) {\n    setEmailNotificationsDisabled(disabled: $disabled) {\n      ...EmailServerSettingsFields\n    }\n  }\n": typeof types.SetNotificationsDisabledDocument,
    "\n  mutation DisableReplyByEmail {\n    disableReplyByEmail {\n      ...EmailServerSettingsFields\n    }\n  }\n": typeof types.DisableReplyByEmailDocument,
    "\n  mutation TestBasicAuthConnection($input: BasicAuthReplyByEmailInput!) {\n    testBasicAuthConnection(input: $input) {\n      ok\n      message\n    }\n  }\n": typeof types.TestBasicAuthConnectionDocument,
    "\n  mutation SaveBasicAuthReplyByEmail($input: BasicAuthReplyByEmailInput!) {\n    saveBasicAuthReplyByEmail(input: $input) {\n      ...EmailServerSettingsFields\n    }\n  }\n": typeof types.SaveBasicAuthReplyByEmailDocument,
    "\n  mutation TestMicrosoftConnection($input: MicrosoftReplyByEmailInput!) {\n    testMicrosoftConnection(input: $input) {\n      ok\n      message\n    }\n  }\n": typeof types.TestMicrosoftConnectionDocument,
    "\n  mutation SaveMicrosoftReplyByEmail($input: MicrosoftReplyByEmailInput!) {\n    saveMicrosoftReplyByEmail(input: $input) {\n      ...EmailServerSettingsFields\n    }\n  }\n": typeof types.SaveMicrosoftReplyByEmailDocument,
    "\n  mutation SetMailboxPollInterval($minutes: Int!) {\n    setMailboxPollInterval(minutes: $minutes) {\n      ...EmailServerSettingsFields\n    }\n  }\n": typeof types.SetMailboxPollIntervalDocument,
    "\n  query OutboundTransport {\n    emailServerSettings {\n      outboundTransport {\n        kind\n        description\n        lastError\n        lastErrorAt\n        lastErrorDeliveryId\n        lastSuccessAt\n      }\n    }\n  }\n": typeof types.OutboundTransportDocument,
    "\n  mutation SendTestEmail($to: String!) {\n    sendTestEmail(to: $to) {\n      id\n      status\n      lastError\n      transport\n    }\n  }\n": typeof types.SendTestEmailDocument,
    "\n  mutation ForgetMailboxCredentials {\n    disableReplyByEmail(forgetCredentials: true) {\n      ...EmailServerSettingsFields\n    }\n  }\n": typeof types.ForgetMailboxCredentialsDocument,
    "\n  query EmailSettingsAudit($first: Int!, $after: String) {\n    emailSettingsAudit(first: $first, after: $after) {\n      nodes {\n        id\n        at\n        action\n        actorUsername\n        changes {\n          field\n          oldValue\n          newValue\n          secret\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.EmailSettingsAuditDocument,
    "\n  query SyncAndArchiveStatus {\n    mailboxSyncStatus {\n      enabled\n      authMethod\n      pollIntervalMinutes\n      lastRunStartedAt\n      lastRunFinishedAt\n      lastSuccessAt\n      lastError\n      nextRunAt\n      pendingEmails\n      stuckEmails {\n        count\n        oldestReceivedAt\n        reasons {\n          reason\n          count\n        }\n      }\n      listener {\n        mode\n        connected\n        connectedSince\n        lastPushAt\n        lastError\n        lastErrorAt\n        holder\n      }\n      lastRun {\n        id\n        trigger\n        succeeded\n        heartbeatAt\n        fetched\n        posted\n        rejected\n        failed\n      }\n    }\n    archiveStatus {\n      mailboxArchived\n      schedule\n      timeZone\n      folder\n      retentionDays\n      nextRunAt\n      lastRunStartedAt\n      lastRunFinishedAt\n      lastError\n      skippedReason\n      messagesMoved\n      messagesDeleted\n      rawCopiesPurged\n    }\n  }\n": typeof types.SyncAndArchiveStatusDocument,
    "\n  mutation SyncMailboxNow {\n    syncMailboxNow {\n      id\n      succeeded\n      error\n      fetched\n      posted\n      rejected\n      failed\n    }\n  }\n": typeof types.SyncMailboxNowDocument,
    "\n  mutation RunArchiveNow {\n    runArchiveNow {\n      id\n      succeeded\n      error\n      skippedReason\n      messagesMoved\n      messagesDeleted\n      rawCopiesPurged\n    }\n  }\n": typeof types.RunArchiveNowDocument,
    "\n  fragment UserFields on User {\n    id\n    username\n    displayName\n    email\n    role\n    active\n    createdAt\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation SetUserActive($id: ID!, $active: Boolean!) {\n    updateUser(id: $id, input: { active: $active }) {\n      id\n      active\n    }\n  }\n": typeof types.SetUserActiveDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens($userId: ID!) {\n    apiTokens(userId: $userId) {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($userId: ID!, $name: String!) {\n    createApiToken(userId: $userId, name: $name) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n": types.MeDocument,
    "\n  query EmailDeliveries($filter: EmailDeliveryFilter, $first: Int!, $after: String) {\n    emailDeliveries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        updatedAt\n        type\n        recipient\n        recipientName\n        subject\n        status\n        attempts\n        nextAttemptAt\n        sentAt\n        transport\n        providerMessageId\n        lastError\n        failureClass\n        providerStatus\n        providerStatusReason\n        providerStatusAt\n        suppressionReason\n        textBody\n        resentFromId\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.EmailDeliveriesDocument,
    "\n  query IncomingEmails($filter: IncomingEmailFilter, $first: Int!, $after: String) {\n    incomingEmails(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        receivedAt\n        from\n        subject\n        status\n        reasonCode\n        attempts\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.IncomingEmailsDocument,
    "\n  fragment IncomingEmailDetailFields on IncomingEmail {\n    id\n    receivedAt\n    processedAt\n    from\n    fromName\n    to\n    subject\n    messageId\n    sizeBytes\n    authMethod\n    folder\n    status\n    reasonCode\n    reason\n    userId\n    user {\n      id\n      username\n      email\n    }\n    conversationId\n    conversation {\n      id\n      title\n    }\n    postId\n    extractedText\n    removedText\n    extractionRule\n    attempts\n    lastError\n    nextAttemptAt\n    archivedAt\n    rawPurgedAt\n    rawDownloadPath\n  }\n": types.IncomingEmailDetailFieldsFragmentDoc,
    "\n  query IncomingEmail($id: ID!) {\n    incomingEmail(id: $id) {\n      ...IncomingEmailDetailFields\n    }\n  }\n": types.IncomingEmailDocument,
    "\n  mutation ReprocessIncomingEmail($id: ID!) {\n    reprocessIncomingEmail(id: $id) {\n      ...IncomingEmailDetailFields\n    }\n  }\n": types.ReprocessIncomingEmailDocument,
    "\n  mutation ResendDelivery($id: ID!) {\n    resendDelivery(id: $id) {\n      id\n      status\n      resentFromId\n    }\n  }\n": types.ResendDeliveryDocument,
    "\n  fragment EmailServerSettingsFields on EmailServerSettingsModel {\n    notificationsDisabled\n    exemptNotificationTypes\n    replyByEmail {\n      enabled\n      authMethod\n      replyToAddress\n      intentTrackingMode\n      pollIntervalMinutes\n      basic {\n        imapHost\n        imapPort\n        imapSsl\n        allowUnencryptedLogin\n        username\n        passwordSet\n      }\n      microsoft {\n        serviceProvider\n        tenantId\n        clientId\n        clientSecretSet\n      }\n    }\n  }\n": types.EmailServerSettingsFieldsFragmentDoc,
    "\n  query EmailServerSettings {\n    emailServerSettings {\n      ...EmailServerSettingsFields\n    }\n  }\n": types.EmailServerSettingsDocument,
    "\n  mutation SetNotificationsDisabled($disabled: Boolean!) {\n    setEmailNotificationsDisabled(disabled: $disabled) {\n      ...EmailServerSettingsFields\n    }\n  }\n": types.SetNotificationsDisabledDocument,
    "\n  mutation DisableReplyByEmail {\n    disableReplyByEmail {\n      ...EmailServerSettingsFields\n    }\n  }\n": types.DisableReplyByEmailDocument,
    "\n  mutation TestBasicAuthConnection($input: BasicAuthReplyByEmailInput!) {\n    testBasicAuthConnection(input: $input) {\n      ok\n      message\n    }\n  }\n": types.TestBasicAuthConnectionDocument,
    "\n  mutation SaveBasicAuthReplyByEmail($input: BasicAuthReplyByEmailInput!) {\n    saveBasicAuthReplyByEmail(input: $input) {\n      ...EmailServerSettingsFields\n    }\n  }\n": types.SaveBasicAuthReplyByEmailDocument,
    "\n  mutation TestMicrosoftConnection($input: MicrosoftReplyByEmailInput!) {\n    testMicrosoftConnection(input: $input) {\n      ok\n      message\n    }\n  }\n": types.TestMicrosoftConnectionDocument,
    "\n  mutation SaveMicrosoftReplyByEmail($input: MicrosoftReplyByEmailInput!) {\n    saveMicrosoftReplyByEmail(input: $input) {\n      ...EmailServerSettingsFields\n    }\n  }\n": types.SaveMicrosoftReplyByEmailDocument,
    "\n  mutation SetMailboxPollInterval($minutes: Int!) {\n    setMailboxPollInterval(minutes: $minutes) {\n      ...EmailServerSettingsFields\n    }\n  }\n": types.SetMailboxPollIntervalDocument,
    "\n  query OutboundTransport {\n    emailServerSettings {\n      outboundTransport {\n        kind\n        description\n        lastError\n        lastErrorAt\n        lastErrorDeliveryId\n        lastSuccessAt\n      }\n    }\n  }\n": types.OutboundTransportDocument,
    "\n  mutation SendTestEmail($to: String!) {\n    sendTestEmail(to: $to) {\n      id\n      status\n      lastError\n      transport\n    }\n  }\n": types.SendTestEmailDocument,
    "\n  mutation ForgetMailboxCredentials {\n    disableReplyByEmail(forgetCredentials: true) {\n      ...EmailServerSettingsFields\n    }\n  }\n": types.ForgetMailboxCredentialsDocument,
    "\n  query EmailSettingsAudit($first: Int!, $after: String) {\n    emailSettingsAudit(first: $first, after: $after) {\n      nodes {\n        id\n        at\n        action\n        actorUsername\n        changes {\n          field\n          oldValue\n          newValue\n          secret\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.EmailSettingsAuditDocument,
    "\n  query SyncAndArchiveStatus {\n    mailboxSyncStatus {\n      enabled\n      authMethod\n      pollIntervalMinutes\n      lastRunStartedAt\n      lastRunFinishedAt\n      lastSuccessAt\n      lastError\n      nextRunAt\n      pendingEmails\n      stuckEmails {\n        count\n        oldestReceivedAt\n        reasons {\n          reason\n          count\n        }\n      }\n      listener {\n        mode\n        connected\n        connectedSince\n        lastPushAt\n        lastError\n        lastErrorAt\n        holder\n      }\n      lastRun {\n        id\n        trigger\n        succeeded\n        heartbeatAt\n        fetched\n        posted\n        rejected\n        failed\n      }\n    }\n    archiveStatus {\n      mailboxArchived\n      schedule\n      timeZone\n      folder\n      retentionDays\n      nextRunAt\n      lastRunStartedAt\n      lastRunFinishedAt\n      lastError\n      skippedReason\n      messagesMoved\n      messagesDeleted\n      rawCopiesPurged\n    }\n  }\n": types.SyncAndArchiveStatusDocument,
    "\n  mutation SyncMailboxNow {\n    syncMailboxNow {\n      id\n      succeeded\n      error\n      fetched\n      posted\n      rejected\n      failed\n    }\n  }\n": types.SyncMailboxNowDocument,
    "\n  mutation RunArchiveNow {\n    runArchiveNow {\n      id\n      succeeded\n      error\n      skippedReason\n      messagesMoved\n      messagesDeleted\n      rawCopiesPurged\n    }\n  }\n": types.RunArchiveNowDocument,
    "\n  fragment UserFields on User {\n    id\n    username\n    displayName\n    email\n    role\n    active\n    createdAt\n  }\n": types.UserFieldsFragmentDoc,
    "\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n": types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation SetUserActive($id: ID!, $active: Boolean!) {\n    updateUser(id: $id, input: { active: $active }) {\n      id\n      active\n    }\n  }\n": types.SetUserActiveDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens($userId: ID!) {\n    apiTokens(userId: $userId) {\n      ...ApiTokenFields\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($userId: ID!, $name: String!) {\n    createApiToken(userId: $userId, name: $name) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeApiTokenDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailDeliveries($filter: EmailDeliveryFilter, $first: Int!, $after: String) {\n    emailDeliveries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        updatedAt\n        type\n        recipient\n        recipientName\n        subject\n        status\n        attempts\n        nextAttemptAt\n        sentAt\n        transport\n        providerMessageId\n        lastError\n        failureClass\n        providerStatus\n        providerStatusReason\n        providerStatusAt\n        suppressionReason\n        textBody\n        resentFromId\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query EmailDeliveries($filter: EmailDeliveryFilter, $first: Int!, $after: String) {\n    emailDeliveries(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        createdAt\n        updatedAt\n        type\n        recipient\n        recipientName\n        subject\n        status\n        attempts\n        nextAttemptAt\n        sentAt\n        transport\n        providerMessageId\n        lastError\n        failureClass\n        providerStatus\n        providerStatusReason\n        providerStatusAt\n        suppressionReason\n        textBody\n        resentFromId\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncomingEmails($filter: IncomingEmailFilter, $first: Int!, $after: String) {\n    incomingEmails(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        receivedAt\n        from\n        subject\n        status\n        reasonCode\n        attempts\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query IncomingEmails($filter: IncomingEmailFilter, $first: Int!, $after: String) {\n    incomingEmails(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        receivedAt\n        from\n        subject\n        status\n        reasonCode\n        attempts\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment IncomingEmailDetailFields on IncomingEmail {\n    id\n    receivedAt\n    processedAt\n    from\n    fromName\n    to\n    subject\n    messageId\n    sizeBytes\n    authMethod\n    folder\n    status\n    reasonCode\n    reason\n    userId\n    user {\n      id\n      username\n      email\n    }\n    conversationId\n    conversation {\n      id\n      title\n    }\n    postId\n    extractedText\n    removedText\n    extractionRule\n    attempts\n    lastError\n    nextAttemptAt\n    archivedAt\n    rawPurgedAt\n    rawDownloadPath\n  }\n"): (typeof documents)["\n  fragment IncomingEmailDetailFields on IncomingEmail {\n    id\n    receivedAt\n    processedAt\n    from\n    fromName\n    to\n    subject\n    messageId\n    sizeBytes\n    authMethod\n    folder\n    status\n    reasonCode\n    reason\n    userId\n    user {\n      id\n      username\n      email\n    }\n    conversationId\n    conversation {\n      id\n      title\n    }\n    postId\n    extractedText\n    removedText\n    extractionRule\n    attempts\n    lastError\n    nextAttemptAt\n    archivedAt\n    rawPurgedAt\n    rawDownloadPath\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncomingEmail($id: ID!) {\n    incomingEmail(id: $id) {\n      ...IncomingEmailDetailFields\n    }\n  }\n"): (typeof documents)["\n  query IncomingEmail($id: ID!) {\n    incomingEmail(id: $id) {\n      ...IncomingEmailDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReprocessIncomingEmail($id: ID!) {\n    reprocessIncomingEmail(id: $id) {\n      ...IncomingEmailDetailFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReprocessIncomingEmail($id: ID!) {\n    reprocessIncomingEmail(id: $id) {\n      ...IncomingEmailDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendDelivery($id: ID!) {\n    resendDelivery(id: $id) {\n      id\n      status\n      resentFromId\n    }\n  }\n"): (typeof documents)["\n  mutation ResendDelivery($id: ID!) {\n    resendDelivery(id: $id) {\n      id\n      status\n      resentFromId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EmailServerSettingsFields on EmailServerSettingsModel {\n    notificationsDisabled\n    exemptNotificationTypes\n    replyByEmail {\n      enabled\n      authMethod\n      replyToAddress\n      intentTrackingMode\n      pollIntervalMinutes\n      basic {\n        imapHost\n        imapPort\n        imapSsl\n        allowUnencryptedLogin\n        username\n        passwordSet\n      }\n      microsoft {\n        serviceProvider\n        tenantId\n        clientId\n        clientSecretSet\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment EmailServerSettingsFields on EmailServerSettingsModel {\n    notificationsDisabled\n    exemptNotificationTypes\n    replyByEmail {\n      enabled\n      authMethod\n      replyToAddress\n      intentTrackingMode\n      pollIntervalMinutes\n      basic {\n        imapHost\n        imapPort\n        imapSsl\n        allowUnencryptedLogin\n        username\n        passwordSet\n      }\n      microsoft {\n        serviceProvider\n        tenantId\n        clientId\n        clientSecretSet\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailServerSettings {\n    emailServerSettings {\n      ...EmailServerSettingsFields\n    }\n  }\n"): (typeof documents)["\n  query EmailServerSettings {\n    emailServerSettings {\n      ...EmailServerSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationsDisabled($disabled: Boolean!) {\n    setEmailNotificationsDisabled(disabled: $disabled) {\n      ...EmailServerSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetNotificationsDisabled($disabled: Boolean!) {\n    setEmailNotificationsDisabled(disabled: $disabled) {\n      ...EmailServerSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableReplyByEmail {\n    disableReplyByEmail {\n      ...EmailServerSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation DisableReplyByEmail {\n    disableReplyByEmail {\n      ...EmailServerSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestBasicAuthConnection($input: BasicAuthReplyByEmailInput!) {\n    testBasicAuthConnection(input: $input) {\n      ok\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation TestBasicAuthConnection($input: BasicAuthReplyByEmailInput!) {\n    testBasicAuthConnection(input: $input) {\n      ok\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveBasicAuthReplyByEmail($input: BasicAuthReplyByEmailInput!) {\n    saveBasicAuthReplyByEmail(input: $input) {\n      ...EmailServerSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SaveBasicAuthReplyByEmail($input: BasicAuthReplyByEmailInput!) {\n    saveBasicAuthReplyByEmail(input: $input) {\n      ...EmailServerSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestMicrosoftConnection($input: MicrosoftReplyByEmailInput!) {\n    testMicrosoftConnection(input: $input) {\n      ok\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation TestMicrosoftConnection($input: MicrosoftReplyByEmailInput!) {\n    testMicrosoftConnection(input: $input) {\n      ok\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveMicrosoftReplyByEmail($input: MicrosoftReplyByEmailInput!) {\n    saveMicrosoftReplyByEmail(input: $input) {\n      ...EmailServerSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SaveMicrosoftReplyByEmail($input: MicrosoftReplyByEmailInput!) {\n    saveMicrosoftReplyByEmail(input: $input) {\n      ...EmailServerSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetMailboxPollInterval($minutes: Int!) {\n    setMailboxPollInterval(minutes: $minutes) {\n      ...EmailServerSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetMailboxPollInterval($minutes: Int!) {\n    setMailboxPollInterval(minutes: $minutes) {\n      ...EmailServerSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OutboundTransport {\n    emailServerSettings {\n      outboundTransport {\n        kind\n        description\n        lastError\n        lastErrorAt\n        lastErrorDeliveryId\n        lastSuccessAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query OutboundTransport {\n    emailServerSettings {\n      outboundTransport {\n        kind\n        description\n        lastError\n        lastErrorAt\n        lastErrorDeliveryId\n        lastSuccessAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestEmail($to: String!) {\n    sendTestEmail(to: $to) {\n      id\n      status\n      lastError\n      transport\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestEmail($to: String!) {\n    sendTestEmail(to: $to) {\n      id\n      status\n      lastError\n      transport\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ForgetMailboxCredentials {\n    disableReplyByEmail(forgetCredentials: true) {\n      ...EmailServerSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation ForgetMailboxCredentials {\n    disableReplyByEmail(forgetCredentials: true) {\n      ...EmailServerSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmailSettingsAudit($first: Int!, $after: String) {\n    emailSettingsAudit(first: $first, after: $after) {\n      nodes {\n        id\n        at\n        action\n        actorUsername\n        changes {\n          field\n          oldValue\n          newValue\n          secret\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query EmailSettingsAudit($first: Int!, $after: String) {\n    emailSettingsAudit(first: $first, after: $after) {\n      nodes {\n        id\n        at\n        action\n        actorUsername\n        changes {\n          field\n          oldValue\n          newValue\n          secret\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncAndArchiveStatus {\n    mailboxSyncStatus {\n      enabled\n      authMethod\n      pollIntervalMinutes\n      lastRunStartedAt\n      lastRunFinishedAt\n      lastSuccessAt\n      lastError\n      nextRunAt\n      pendingEmails\n      stuckEmails {\n        count\n        oldestReceivedAt\n        reasons {\n          reason\n          count\n        }\n      }\n      listener {\n        mode\n        connected\n        connectedSince\n        lastPushAt\n        lastError\n        lastErrorAt\n        holder\n      }\n      lastRun {\n        id\n        trigger\n        succeeded\n        heartbeatAt\n        fetched\n        posted\n        rejected\n        failed\n      }\n    }\n    archiveStatus {\n      mailboxArchived\n      schedule\n      timeZone\n      folder\n      retentionDays\n      nextRunAt\n      lastRunStartedAt\n      lastRunFinishedAt\n      lastError\n      skippedReason\n      messagesMoved\n      messagesDeleted\n      rawCopiesPurged\n    }\n  }\n"): (typeof documents)["\n  query SyncAndArchiveStatus {\n    mailboxSyncStatus {\n      enabled\n      authMethod\n      pollIntervalMinutes\n      lastRunStartedAt\n      lastRunFinishedAt\n      lastSuccessAt\n      lastError\n      nextRunAt\n      pendingEmails\n      stuckEmails {\n        count\n        oldestReceivedAt\n        reasons {\n          reason\n          count\n        }\n      }\n      listener {\n        mode\n        connected\n        connectedSince\n        lastPushAt\n        lastError\n        lastErrorAt\n        holder\n      }\n      lastRun {\n        id\n        trigger\n        succeeded\n        heartbeatAt\n        fetched\n        posted\n        rejected\n        failed\n      }\n    }\n    archiveStatus {\n      mailboxArchived\n      schedule\n      timeZone\n      folder\n      retentionDays\n      nextRunAt\n      lastRunStartedAt\n      lastRunFinishedAt\n      lastError\n      skippedReason\n      messagesMoved\n      messagesDeleted\n      rawCopiesPurged\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SyncMailboxNow {\n    syncMailboxNow {\n      id\n      succeeded\n      error\n      fetched\n      posted\n      rejected\n      failed\n    }\n  }\n"): (typeof documents)["\n  mutation SyncMailboxNow {\n    syncMailboxNow {\n      id\n      succeeded\n      error\n      fetched\n      posted\n      rejected\n      failed\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunArchiveNow {\n    runArchiveNow {\n      id\n      succeeded\n      error\n      skippedReason\n      messagesMoved\n      messagesDeleted\n      rawCopiesPurged\n    }\n  }\n"): (typeof documents)["\n  mutation RunArchiveNow {\n    runArchiveNow {\n      id\n      succeeded\n      error\n      skippedReason\n      messagesMoved\n      messagesDeleted\n      rawCopiesPurged\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    username\n    displayName\n    email\n    role\n    active\n    createdAt\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    username\n    displayName\n    email\n    role\n    active\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  query Users {\n    users {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserActive($id: ID!, $active: Boolean!) {\n    updateUser(id: $id, input: { active: $active }) {\n      id\n      active\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserActive($id: ID!, $active: Boolean!) {\n    updateUser(id: $id, input: { active: $active }) {\n      id\n      active\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens($userId: ID!) {\n    apiTokens(userId: $userId) {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  query ApiTokens($userId: ID!) {\n    apiTokens(userId: $userId) {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($userId: ID!, $name: String!) {\n    createApiToken(userId: $userId, name: $name) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($userId: ID!, $name: String!) {\n    createApiToken(userId: $userId, name: $name) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
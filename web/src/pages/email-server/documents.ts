import { graphql } from '../../gql';

// Every settings mutation answers with the whole settings object, so the page shows what the
// server stored, never what it assumes it stored.
export const SettingsFields = graphql(`
  fragment EmailServerSettingsFields on EmailServerSettingsModel {
    notificationsDisabled
    exemptNotificationTypes
    replyByEmail {
      enabled
      authMethod
      replyToAddress
      intentTrackingMode
      pollIntervalMinutes
      basic {
        imapHost
        imapPort
        imapSsl
        allowUnencryptedLogin
        username
        passwordSet
      }
      microsoft {
        serviceProvider
        tenantId
        clientId
        clientSecretSet
      }
    }
  }
`);

export const EmailServerSettingsQuery = graphql(`
  query EmailServerSettings {
    emailServerSettings {
      ...EmailServerSettingsFields
    }
  }
`);

export const SetNotificationsDisabled = graphql(`
  mutation SetNotificationsDisabled($disabled: Boolean!) {
    setEmailNotificationsDisabled(disabled: $disabled) {
      ...EmailServerSettingsFields
    }
  }
`);

export const DisableReplyByEmail = graphql(`
  mutation DisableReplyByEmail {
    disableReplyByEmail {
      ...EmailServerSettingsFields
    }
  }
`);

export const TestBasicAuth = graphql(`
  mutation TestBasicAuthConnection($input: BasicAuthReplyByEmailInput!) {
    testBasicAuthConnection(input: $input) {
      ok
      message
    }
  }
`);

export const SaveBasicAuth = graphql(`
  mutation SaveBasicAuthReplyByEmail($input: BasicAuthReplyByEmailInput!) {
    saveBasicAuthReplyByEmail(input: $input) {
      ...EmailServerSettingsFields
    }
  }
`);

export const TestMicrosoft = graphql(`
  mutation TestMicrosoftConnection($input: MicrosoftReplyByEmailInput!) {
    testMicrosoftConnection(input: $input) {
      ok
      message
    }
  }
`);

export const SaveMicrosoft = graphql(`
  mutation SaveMicrosoftReplyByEmail($input: MicrosoftReplyByEmailInput!) {
    saveMicrosoftReplyByEmail(input: $input) {
      ...EmailServerSettingsFields
    }
  }
`);

export const SetPollInterval = graphql(`
  mutation SetMailboxPollInterval($minutes: Int!) {
    setMailboxPollInterval(minutes: $minutes) {
      ...EmailServerSettingsFields
    }
  }
`);

export const OutboundTransportQuery = graphql(`
  query OutboundTransport {
    emailServerSettings {
      outboundTransport {
        kind
        description
        lastError
        lastErrorAt
        lastErrorDeliveryId
        lastSuccessAt
      }
    }
  }
`);

export const SendTestEmail = graphql(`
  mutation SendTestEmail($to: String!) {
    sendTestEmail(to: $to) {
      id
      status
      lastError
      transport
    }
  }
`);

export const ForgetMailboxCredentials = graphql(`
  mutation ForgetMailboxCredentials {
    disableReplyByEmail(forgetCredentials: true) {
      ...EmailServerSettingsFields
    }
  }
`);

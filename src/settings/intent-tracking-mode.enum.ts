import { registerEnumType } from '@nestjs/graphql';
import { MailboxAuthMethod } from '../mailbox/mailbox.types.js';

/** Where a mention email carries the token that ties a reply to its conversation. */
export enum IntentTrackingMode {
  /** "Use email address for tracking reply message intent": `replies+TOKEN@domain` (Gmail, Amazon SES). */
  EMAIL_ADDRESS = 'EMAIL_ADDRESS',
  /** "Use message-id in email header for tracking reply message intent" (Exchange, Office 365). */
  MESSAGE_ID = 'MESSAGE_ID',
}

registerEnumType(IntentTrackingMode, {
  name: 'IntentTrackingMode',
  valuesMap: {
    EMAIL_ADDRESS: { description: 'Use email address for tracking reply message intent' },
    MESSAGE_ID: { description: 'Use message-id in email header for tracking reply message intent' },
  },
});

registerEnumType(MailboxAuthMethod, {
  name: 'MailboxAuthMethod',
  valuesMap: {
    BASIC: { description: 'Basic Auth: an IMAP mailbox with user name and password' },
    MICROSOFT_OAUTH: { description: 'OAuth 2.0: Microsoft Graph with an Azure app registration' },
  },
});

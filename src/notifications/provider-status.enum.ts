import { registerEnumType } from '@nestjs/graphql';

/** What the provider finally said happened to an email after accepting it (Event Webhook). */
export enum EmailProviderStatus {
  DEFERRED = 'DEFERRED',
  DELIVERED = 'DELIVERED',
  BOUNCED = 'BOUNCED',
  DROPPED = 'DROPPED',
  SPAM_REPORT = 'SPAM_REPORT',
}

/**
 * Which verdict wins when several arrive, in any order: a later deferral never hides a delivery,
 * a bounce after a delivery (an asynchronous bounce) is the truth, and a spam report is the last
 * word. Equal ranks are settled by the event's time, then its id.
 */
export const PROVIDER_STATUS_RANK: Record<EmailProviderStatus, number> = {
  [EmailProviderStatus.DEFERRED]: 1,
  [EmailProviderStatus.DELIVERED]: 2,
  [EmailProviderStatus.BOUNCED]: 3,
  [EmailProviderStatus.DROPPED]: 3,
  [EmailProviderStatus.SPAM_REPORT]: 4,
};

registerEnumType(EmailProviderStatus, {
  name: 'EmailProviderStatus',
  description: "SendGrid's verdict on an accepted email, from its Event Webhook",
  valuesMap: {
    DEFERRED: { description: 'The receiving server asked SendGrid to try again later' },
    DELIVERED: { description: 'The receiving server accepted the email' },
    BOUNCED: { description: 'The receiving server refused it (bounce or block)' },
    DROPPED: { description: 'SendGrid did not send it (suppressed address, invalid, ...)' },
    SPAM_REPORT: { description: 'The recipient marked it as spam' },
  },
});

import { registerEnumType } from '@nestjs/graphql';

/**
 * Why the provider refused to send at all, when the refusal is about the account rather than the
 * email: each class fails every email alike and has one fix, which the admin reads on the
 * delivery and, once per class, in the log.
 */
export enum DeliveryFailureClass {
  API_KEY_INVALID = 'API_KEY_INVALID',
  API_KEY_PERMISSION = 'API_KEY_PERMISSION',
  SENDER_NOT_VERIFIED = 'SENDER_NOT_VERIFIED',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
}

registerEnumType(DeliveryFailureClass, {
  name: 'DeliveryFailureClass',
  description: 'Why SendGrid refused to send any email (the fix is in lastError)',
  valuesMap: {
    API_KEY_INVALID: { description: 'The API key is invalid, expired or revoked (401)' },
    API_KEY_PERMISSION: { description: 'The API key lacks the Mail Send permission (403)' },
    SENDER_NOT_VERIFIED: {
      description: 'MAIL_FROM_ADDRESS is not a verified Sender Identity (403)',
    },
    ACCOUNT_DISABLED: {
      description: 'The account cannot send: credits used up, suspended or under review',
    },
  },
});

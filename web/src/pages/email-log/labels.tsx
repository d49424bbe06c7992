import type {
  DeliveryFailureClass,
  EmailDeliveryStatus,
  EmailProviderStatus,
  IncomingEmailReasonCode,
  IncomingEmailStatus,
} from '../../gql/graphql';

// Records keyed by the generated enum types: a value added to the schema fails the type check
// here until it has a label.
export const DELIVERY_STATUS: Record<EmailDeliveryStatus, string> = {
  PENDING: 'Pending',
  SENT: 'Sent',
  SUPPRESSED: 'Suppressed',
  FAILED: 'Failed',
};

/** SendGrid's verdict after it accepted an email (Event Webhook). */
export const PROVIDER_STATUS: Record<EmailProviderStatus, string> = {
  DELIVERED: 'Delivered',
  DEFERRED: 'Deferred',
  BOUNCED: 'Bounced',
  DROPPED: 'Dropped',
  SPAM_REPORT: 'Spam report',
};

/** Why SendGrid refused every email; the fix is in the transport answer (lastError). */
export const FAILURE_CLASS: Record<DeliveryFailureClass, string> = {
  API_KEY_INVALID: 'API key invalid, expired or revoked',
  API_KEY_PERMISSION: 'API key lacks the Mail Send permission',
  SENDER_NOT_VERIFIED: 'Sender is not a verified Sender Identity',
  ACCOUNT_DISABLED: 'SendGrid account cannot send',
};

export const INCOMING_STATUS: Record<IncomingEmailStatus, string> = {
  RECEIVED: 'Received',
  POSTED: 'Posted',
  REJECTED: 'Rejected',
  FAILED: 'Failed',
};

export const REASON_CODE: Record<IncomingEmailReasonCode, string> = {
  AUTO_REPLY: 'Auto-reply',
  BOUNCE: 'Bounce',
  CONVERSATION_GONE: 'Conversation gone',
  DUPLICATE: 'Duplicate',
  EMPTY_REPLY: 'Empty reply',
  EXPIRED_INTENT: 'Expired reply token',
  LOOP: 'Mail loop',
  MALFORMED: 'Malformed',
  NOT_REPLYABLE: 'Not a replyable email',
  NO_INTENT: 'No reply token',
  SENDER_MISMATCH: 'Sender mismatch',
  SPOOFED: 'Spoofed sender',
  TOO_LARGE: 'Too large',
  UNKNOWN_INTENT: 'Unknown reply token',
  USER_INACTIVE: 'User inactive',
};

export function optionsOf<T extends string>(labels: Record<T, string>, allLabel: string) {
  return [
    { value: '' as T | '', label: allLabel },
    ...(Object.entries(labels) as Array<[T, string]>).map(([value, label]) => ({ value, label })),
  ];
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status.toLowerCase()}`}>{label}</span>;
}

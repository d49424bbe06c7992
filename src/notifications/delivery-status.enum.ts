import { registerEnumType } from '@nestjs/graphql';

/** A delivery row's state in the database. */
export enum DeliveryStatus {
  PENDING = 'PENDING',
  /** Claimed by a worker that holds its lease; internal, shown to admins as PENDING. */
  SENDING = 'SENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SUPPRESSED = 'SUPPRESSED',
}

/** The states admins see: being handed to the provider right now is still "pending". */
export enum EmailDeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SUPPRESSED = 'SUPPRESSED',
}

registerEnumType(EmailDeliveryStatus, {
  name: 'EmailDeliveryStatus',
  valuesMap: {
    PENDING: { description: 'Waiting to be sent, being sent, or waiting for a retry' },
    SENT: { description: 'Accepted by the provider (SendGrid) or written by the local sink' },
    FAILED: { description: 'Given up: a permanent error, or retries exhausted' },
    SUPPRESSED: { description: 'Not sent because email notifications were turned off' },
  },
});

export function toEmailDeliveryStatus(status: DeliveryStatus): EmailDeliveryStatus {
  return status === DeliveryStatus.SENDING
    ? EmailDeliveryStatus.PENDING
    : EmailDeliveryStatus[status];
}

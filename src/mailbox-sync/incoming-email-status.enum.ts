import { registerEnumType } from '@nestjs/graphql';

/**
 * RECEIVED: stored, not yet processed. POSTED, REJECTED: final. FAILED: an error that is retried
 * with backoff until the attempts run out (then it stays FAILED for an admin to reprocess).
 */
export enum IncomingEmailStatus {
  RECEIVED = 'RECEIVED',
  POSTED = 'POSTED',
  REJECTED = 'REJECTED',
  FAILED = 'FAILED',
}

registerEnumType(IncomingEmailStatus, { name: 'IncomingEmailStatus' });

import { registerEnumType } from '@nestjs/graphql';

/** SCHEDULED: the poll interval's timer. MANUAL: `syncMailboxNow`. */
export enum MailboxSyncTrigger {
  SCHEDULED = 'SCHEDULED',
  MANUAL = 'MANUAL',
}

registerEnumType(MailboxSyncTrigger, { name: 'MailboxSyncTrigger' });

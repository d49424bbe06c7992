import { registerEnumType } from '@nestjs/graphql';

/** SCHEDULED: the weekly cron. MANUAL: `runArchiveNow`. */
export enum ArchiveTrigger {
  SCHEDULED = 'SCHEDULED',
  MANUAL = 'MANUAL',
}

registerEnumType(ArchiveTrigger, { name: 'ArchiveTrigger' });

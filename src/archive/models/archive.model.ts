import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';
import { ArchiveTrigger } from '../archive-trigger.enum.js';

@ObjectType('ArchiveRun', { description: 'One run of the weekly archive, scheduled or manual' })
export class ArchiveRunModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ArchiveTrigger)
  trigger!: ArchiveTrigger;

  @Field(() => Date, { nullable: true, description: 'The cron slot of a scheduled run' })
  scheduledFor!: Date | null;

  @Field(() => MailboxAuthMethod, { nullable: true })
  authMethod!: MailboxAuthMethod | null;

  @Field({ description: 'The archive folder the run used' })
  folder!: string;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, {
    description:
      'Last sign of life: renewed every 15 seconds while running; a run silent for a minute is closed as interrupted',
  })
  heartbeatAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Null while the run is in progress' })
  finishedAt!: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Null while the run is in progress' })
  succeeded!: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'MOVE, or COPY_EXPUNGE on servers without the IMAP MOVE extension',
  })
  moveMethod!: string | null;

  @Field(() => Int, { description: 'Processed messages moved from the Inbox to the archive' })
  messagesMoved!: number;

  @Field(() => Int, { description: 'Archived messages deleted after the retention period' })
  messagesDeleted!: number;

  @Field(() => Int, {
    description: 'Processed messages left in the Inbox because their stored UIDs are not valid',
  })
  messagesSkipped!: number;

  @Field(() => Int, { description: 'Raw copies of incoming emails purged from the database' })
  rawCopiesPurged!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the mailbox was left alone, e.g. "skipped: Microsoft OAuth"',
  })
  skippedReason!: string | null;

  @Field(() => [String])
  notes!: string[];

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType('ArchiveStatus')
export class ArchiveStatusModel {
  @Field(() => Date, { nullable: true })
  lastRunStartedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastRunFinishedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The next scheduled run' })
  nextRunAt!: Date | null;

  @Field(() => Int, { description: 'Of the last run' })
  messagesMoved!: number;

  @Field(() => Int, { description: 'Of the last run' })
  messagesDeleted!: number;

  @Field(() => Int, { description: 'Of the last run' })
  rawCopiesPurged!: number;

  @Field(() => String, { nullable: true, description: 'The error of the last run, if it failed' })
  lastError!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the last run left the mailbox alone' })
  skippedReason!: string | null;

  @Field(() => ArchiveRunModel, { nullable: true })
  lastRun!: ArchiveRunModel | null;

  @Field({ description: 'Whether the mailbox is archived: reply by email on, with Basic Auth' })
  mailboxArchived!: boolean;

  @Field()
  folder!: string;

  @Field(() => Int)
  retentionDays!: number;

  @Field({ description: 'The cron expression of the schedule (ARCHIVE_CRON)' })
  schedule!: string;

  @Field()
  timeZone!: string;
}

import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { runLifecycleFields } from '../../common/run-lifecycle.js';
import { MailboxAuthMethod } from '../../mailbox/mailbox.types.js';
import type { MailboxSyncRun } from '../entities/mailbox-sync-run.entity.js';
import { MailboxSyncTrigger } from '../mailbox-sync-trigger.enum.js';
import { MailboxListenerMode } from '../mailbox-listener-mode.enum.js';
import type { MailboxListenerStatusView } from '../mailbox-listener.service.js';
import type { MailboxSyncStatusView } from '../mailbox-sync.service.js';

@ObjectType('MailboxSyncRun', { description: 'One run of the mailbox sync, scheduled or manual' })
export class MailboxSyncRunModel {
  @Field(() => ID)
  id!: string;

  @Field(() => MailboxSyncTrigger)
  trigger!: MailboxSyncTrigger;

  @Field(() => MailboxAuthMethod, { nullable: true })
  authMethod!: MailboxAuthMethod | null;

  @Field(() => GraphQLISODateTime)
  startedAt!: Date;

  @Field(() => GraphQLISODateTime, {
    description:
      'Last sign of life: renewed every 15 seconds while running; a run silent for a minute is closed as interrupted',
  })
  heartbeatAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Null while running' })
  succeeded!: boolean | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Int, { description: 'New emails stored from the mailbox' })
  fetched!: number;

  @Field(() => Int)
  posted!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Int)
  failed!: number;

  static from(run: MailboxSyncRun): MailboxSyncRunModel {
    return {
      id: run.id,
      ...runLifecycleFields(run.lifecycle),
      authMethod: run.authMethod,
      fetched: run.fetched,
      posted: run.posted,
      rejected: run.rejected,
      failed: run.failed,
    };
  }
}

@ObjectType('MailboxListenerStatus', {
  description:
    'The mailbox listener: the one replica that is told of new mail at once (IMAP IDLE, Microsoft Graph delta and change notifications)',
})
export class MailboxListenerStatusModel {
  @Field(() => MailboxListenerMode)
  mode!: MailboxListenerMode;

  @Field({ description: 'Whether the listener is connected to the mailbox now' })
  connected!: boolean;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Connected since; null while not',
  })
  connectedSince!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the mailbox last pushed new mail to the listener',
  })
  lastPushAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The latest problem of the listener (kept after it recovered; see lastErrorAt)',
  })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastErrorAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The replica running the listener (REPLICA_NAME, or host name and pid); null when none has reported in the last three checks',
  })
  holder!: string | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the replica running the listener last reported',
  })
  holderSeenAt!: Date | null;

  static from(view: MailboxListenerStatusView): MailboxListenerStatusModel {
    return { ...view };
  }
}

@ObjectType('StuckEmailReason')
export class StuckEmailReasonModel {
  @Field({ description: 'Why marking them read failed or did not last' })
  reason!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('StuckEmails', {
  description:
    'Stored emails the mailbox keeps showing as unread: marking them read failed or did not last 3 times. Later syncs page past them (retrying once a day), so they cannot hold back newer replies; they stay unread until the cause is fixed or they are archived.',
})
export class StuckEmailsModel {
  @Field(() => Int)
  count!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  oldestReceivedAt!: Date | null;

  @Field(() => [StuckEmailReasonModel], { description: 'The most common reasons, at most 5' })
  reasons!: StuckEmailReasonModel[];
}

@ObjectType('MailboxSyncStatus')
export class MailboxSyncStatusModel {
  @Field({ description: 'Whether reply by email is on (the mailbox is read only then)' })
  enabled!: boolean;

  @Field(() => MailboxAuthMethod, { nullable: true })
  authMethod!: MailboxAuthMethod | null;

  @Field(() => Int)
  pollIntervalMinutes!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastRunStartedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastRunFinishedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastSuccessAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the latest finished run failed; null if it succeeded',
  })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Null while reply by email is off',
  })
  nextRunAt!: Date | null;

  @Field(() => MailboxSyncRunModel, {
    nullable: true,
    description: 'The latest run, with its counts',
  })
  lastRun!: MailboxSyncRunModel | null;

  @Field(() => Int, { description: 'Stored emails waiting to be processed or retried' })
  pendingEmails!: number;

  @Field(() => StuckEmailsModel)
  stuckEmails!: StuckEmailsModel;

  @Field(() => MailboxListenerStatusModel, {
    description: 'How new mail reaches Replyline between polls',
  })
  listener!: MailboxListenerStatusModel;

  static from(
    view: MailboxSyncStatusView,
    listener: MailboxListenerStatusView,
  ): MailboxSyncStatusModel {
    return {
      listener: MailboxListenerStatusModel.from(listener),
      enabled: view.enabled,
      authMethod: view.authMethod,
      pollIntervalMinutes: view.pollIntervalMinutes,
      lastRunStartedAt: view.lastRun?.lifecycle.startedAt ?? null,
      lastRunFinishedAt: view.lastRun?.lifecycle.finishedAt ?? null,
      lastSuccessAt: view.lastSuccessAt,
      lastError: view.lastError,
      nextRunAt: view.nextRunAt,
      lastRun: view.lastRun ? MailboxSyncRunModel.from(view.lastRun) : null,
      pendingEmails: view.pendingEmails,
      stuckEmails: view.stuckEmails,
    };
  }
}

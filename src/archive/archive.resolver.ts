import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators.js';
import { UserRole } from '../auth/user-role.enum.js';
import { runLifecycleFields } from '../common/run-lifecycle.js';
import { MailboxAuthMethod } from '../mailbox/mailbox.types.js';
import { ArchiveService } from './archive.service.js';
import type { ArchiveStatusView } from './archive.service.js';
import type { ArchiveRun } from './entities/archive-run.entity.js';
import { ArchiveRunModel, ArchiveStatusModel } from './models/archive.model.js';

/** The archive job for Server Admins: its status, and running it now. */
@Roles(UserRole.SERVER_ADMIN)
@Resolver()
export class ArchiveResolver {
  constructor(private readonly archive: ArchiveService) {}

  @Query(() => ArchiveStatusModel)
  async archiveStatus(): Promise<ArchiveStatusModel> {
    return toStatusModel(await this.archive.status());
  }

  @Mutation(() => ArchiveRunModel, {
    description:
      'Archive processed mail and apply the retention period now; CONFLICT while a run is in progress',
  })
  async runArchiveNow(): Promise<ArchiveRunModel> {
    return toRunModel(await this.archive.runNow());
  }
}

function toRunModel(run: ArchiveRun): ArchiveRunModel {
  return {
    id: run.id,
    ...runLifecycleFields(run.lifecycle),
    scheduledFor: run.scheduledFor,
    authMethod: run.authMethod,
    folder: run.folder,
    moveMethod: run.moveMethod,
    messagesMoved: run.messagesMoved,
    messagesDeleted: run.messagesDeleted,
    messagesSkipped: run.messagesSkipped,
    rawCopiesPurged: run.rawCopiesPurged,
    skippedReason: run.skippedReason,
    notes: run.notes,
  };
}

function toStatusModel(status: ArchiveStatusView): ArchiveStatusModel {
  const run = status.lastRun;
  return {
    lastRunStartedAt: run?.lifecycle.startedAt ?? null,
    lastRunFinishedAt: run?.lifecycle.finishedAt ?? null,
    nextRunAt: status.nextRunAt,
    messagesMoved: run?.messagesMoved ?? 0,
    messagesDeleted: run?.messagesDeleted ?? 0,
    rawCopiesPurged: run?.rawCopiesPurged ?? 0,
    lastError: run?.lifecycle.error ?? null,
    skippedReason: run?.skippedReason ?? null,
    lastRun: run ? toRunModel(run) : null,
    mailboxArchived: status.replyByEmailEnabled && status.authMethod === MailboxAuthMethod.BASIC,
    folder: status.folder,
    retentionDays: status.retentionDays,
    schedule: status.cron,
    timeZone: status.timeZone,
  };
}

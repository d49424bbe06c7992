import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators.js';
import { UserRole } from '../auth/user-role.enum.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import type { Page } from '../common/pagination.js';
import { IncomingEmailsArgs } from './dto/incoming-emails.args.js';
import { IncomingEmailsService } from './incoming-emails.service.js';
import { IncomingEmailModel, IncomingEmailPage } from './models/incoming-email.model.js';
import { MailboxSyncRunModel, MailboxSyncStatusModel } from './models/mailbox-sync-status.model.js';
import { MailboxSyncService } from './mailbox-sync.service.js';

/** The admin's view of reply by email: runs, their status, and every email read. Server Admins only. */
@Roles(UserRole.SERVER_ADMIN)
@Resolver()
export class MailboxSyncResolver {
  constructor(
    private readonly sync: MailboxSyncService,
    private readonly emails: IncomingEmailsService,
  ) {}

  @Mutation(() => MailboxSyncRunModel, {
    description: 'Read the mailbox now; fails with CONFLICT while another run is in progress',
  })
  async syncMailboxNow(): Promise<MailboxSyncRunModel> {
    return MailboxSyncRunModel.from(await this.sync.syncNow());
  }

  @Query(() => MailboxSyncStatusModel)
  async mailboxSyncStatus(): Promise<MailboxSyncStatusModel> {
    return MailboxSyncStatusModel.from(await this.sync.status());
  }

  @Query(() => IncomingEmailPage, { description: 'Newest first' })
  async incomingEmails(
    @Args() { first, after, filter }: IncomingEmailsArgs,
  ): Promise<Page<IncomingEmailModel>> {
    const rows = await this.emails.list(
      {
        status: filter?.status,
        reasonCode: filter?.reasonCode,
        received: { since: filter?.receivedSince, before: filter?.receivedBefore },
      },
      first,
      decodeCursor(after),
    );
    const page = toPage(rows, first, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
    return {
      nodes: page.nodes.map((row) => IncomingEmailModel.from(row)),
      pageInfo: page.pageInfo,
    };
  }

  @Query(() => IncomingEmailModel)
  async incomingEmail(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
  ): Promise<IncomingEmailModel> {
    return IncomingEmailModel.from(await this.emails.get(id));
  }

  @Mutation(() => IncomingEmailModel, {
    description:
      'Process a stored email again (e.g. after reactivating its user); a posted one stays posted',
  })
  async reprocessIncomingEmail(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
  ): Promise<IncomingEmailModel> {
    return IncomingEmailModel.from(await this.sync.reprocess(id));
  }
}

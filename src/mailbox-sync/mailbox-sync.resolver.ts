import { ParseUUIDPipe } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators.js';
import { UserRole } from '../auth/user-role.enum.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import type { Page } from '../common/pagination.js';
import { RequestLoaders } from '../common/request-loaders.js';
import { IncomingEmailsArgs } from './dto/incoming-emails.args.js';
import { IncomingEmailGraph } from './incoming-email.graph.js';
import { IncomingEmailsService } from './incoming-emails.service.js';
import { IncomingEmailModel, IncomingEmailPage } from './models/incoming-email.model.js';
import { MailboxSyncRunModel, MailboxSyncStatusModel } from './models/mailbox-sync-status.model.js';
import { MailboxListenerService } from './mailbox-listener.service.js';
import { MailboxSyncService } from './mailbox-sync.service.js';

/** The admin's view of reply by email: runs, their status, and every email read. Server Admins only. */
@Roles(UserRole.SERVER_ADMIN)
@Resolver()
export class MailboxSyncResolver {
  constructor(
    private readonly sync: MailboxSyncService,
    private readonly emails: IncomingEmailsService,
    private readonly graph: IncomingEmailGraph,
    private readonly listener: MailboxListenerService,
  ) {}

  @Mutation(() => MailboxSyncRunModel, {
    description: 'Read the mailbox now; fails with CONFLICT while another run is in progress',
  })
  async syncMailboxNow(): Promise<MailboxSyncRunModel> {
    return MailboxSyncRunModel.from(await this.sync.syncNow());
  }

  @Query(() => MailboxSyncStatusModel)
  async mailboxSyncStatus(): Promise<MailboxSyncStatusModel> {
    const [sync, listener] = await Promise.all([this.sync.status(), this.listener.status()]);
    return MailboxSyncStatusModel.from(sync, listener);
  }

  @Query(() => IncomingEmailPage, { description: 'Newest first' })
  async incomingEmails(
    @Args() { first, after, filter }: IncomingEmailsArgs,
    @Context('loaders') loaders: RequestLoaders,
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
      nodes: page.nodes.map((row) => this.graph.email(row, loaders)),
      pageInfo: page.pageInfo,
    };
  }

  @Query(() => IncomingEmailModel)
  async incomingEmail(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<IncomingEmailModel> {
    return this.graph.email(await this.emails.get(id), loaders);
  }

  @Mutation(() => IncomingEmailModel, {
    description:
      'Process a stored email again (e.g. after reactivating its user); a posted one stays posted',
  })
  async reprocessIncomingEmail(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<IncomingEmailModel> {
    return this.graph.email(await this.sync.reprocess(id), loaders);
  }
}

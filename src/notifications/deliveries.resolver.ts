import { ParseUUIDPipe } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { User } from '../auth/entities/user.entity.js';
import { UserRole } from '../auth/user-role.enum.js';
import { UsersByIdLoader } from '../auth/users-by-id.loader.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import { RequestLoaders } from '../common/request-loaders.js';
import {
  DeliveryStatus,
  EmailDeliveryStatus,
  toEmailDeliveryStatus,
} from './delivery-status.enum.js';
import { DeliveryAdminService } from './delivery-admin.service.js';
import { ResendDeliveryArgs, SendTestEmailArgs } from './dto/delivery-admin.args.js';
import { EmailDeliveriesArgs } from './dto/email-deliveries.args.js';
import {
  EmailDeliveryEventModel,
  EmailDeliveryEventSource,
  EmailDeliveryModel,
  EmailDeliveryPage,
} from './models/email-delivery.model.js';
import type { DeliveryEventRow } from './provider-events/delivery-events.repository.js';
import { DeliveryHistoryLoader } from './provider-events/delivery-history.loader.js';
import { EmailDeliveriesQuery } from './email-deliveries.query.js';
import type { DeliveryListRow } from './email-deliveries.query.js';

/** What happened to every email: for Server Admins. */
@Roles(UserRole.SERVER_ADMIN)
@Resolver(() => EmailDeliveryModel)
export class DeliveriesResolver {
  constructor(
    private readonly deliveries: EmailDeliveriesQuery,
    private readonly usersById: UsersByIdLoader,
    private readonly admin: DeliveryAdminService,
    private readonly histories: DeliveryHistoryLoader,
  ) {}

  @Query(() => EmailDeliveryPage, { description: 'Notification emails, newest first' })
  async emailDeliveries(
    @Args() { first, after, filter }: EmailDeliveriesArgs,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<EmailDeliveryPage> {
    const rows = await this.deliveries.list(
      {
        statuses: filter?.status ? STATUSES[filter.status] : undefined,
        providerStatus: filter?.providerStatus ?? undefined,
        type: filter?.type ?? undefined,
        recipient: filter?.recipient ?? undefined,
        created: {
          since: filter?.createdSince ?? undefined,
          before: filter?.createdBefore ?? undefined,
        },
      },
      first,
      // A client may send `after: null` for the first page.
      decodeCursor(after ?? undefined),
    );
    return toPage(
      rows.map((row) => this.toModel(row, loaders)),
      first,
      (row) => ({ at: row.cursorAt, id: row.id }),
    );
  }

  @Mutation(() => EmailDeliveryModel, {
    description:
      'Sends a test email now through the active transport, even while notifications are turned off; returns it as recorded (SENT, or FAILED/PENDING with lastError)',
  })
  async sendTestEmail(
    @CurrentUser() actor: User,
    @Args() { to }: SendTestEmailArgs,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<EmailDeliveryModel> {
    const { deliveryId } = await this.admin.sendTestEmail(actor, to);
    return this.read(deliveryId, loaders);
  }

  @Mutation(() => EmailDeliveryModel, {
    description:
      'Sends a FAILED or SUPPRESSED email again as a new delivery linked to it (resentFromId); asked twice, returns the same resend',
  })
  async resendDelivery(
    @CurrentUser() actor: User,
    @Args() { id }: ResendDeliveryArgs,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<EmailDeliveryModel> {
    const { deliveryId } = await this.admin.resend(actor, id);
    return this.read(deliveryId, loaders);
  }

  private async read(id: string, loaders: RequestLoaders): Promise<EmailDeliveryModel> {
    const row = await this.deliveries.get(id);
    // Written by this request; only a purge racing it could remove it.
    if (!row) throw new Error(`Email delivery ${id} disappeared`);
    return this.toModel(row, loaders);
  }

  @Query(() => EmailDeliveryModel, {
    nullable: true,
    description: 'One notification email, with its history (null when there is no such email)',
  })
  async emailDelivery(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<EmailDeliveryModel | null> {
    const [row] = await this.deliveries.list({ id }, 1);
    return row ? this.toModel(row, loaders) : null;
  }

  /**
   * The recipients and histories of a whole page in one query each, and only when the query asks
   * for them (lazy getters over the request's loaders).
   */
  private toModel(row: DeliveryListRow, loaders: RequestLoaders) {
    const users = this.usersById.in(loaders);
    const histories = this.histories.in(loaders);
    return toModel(
      row,
      (id) => users.load(id),
      (id) => histories.load(id),
    );
  }
}

const STATUSES: Record<EmailDeliveryStatus, DeliveryStatus[]> = {
  [EmailDeliveryStatus.PENDING]: [DeliveryStatus.PENDING, DeliveryStatus.SENDING],
  [EmailDeliveryStatus.SENT]: [DeliveryStatus.SENT],
  [EmailDeliveryStatus.FAILED]: [DeliveryStatus.FAILED],
  [EmailDeliveryStatus.SUPPRESSED]: [DeliveryStatus.SUPPRESSED],
};

function toModel(
  row: DeliveryListRow,
  userById: (id: string) => Promise<User | null>,
  historyOf: (id: string) => Promise<DeliveryEventRow[]>,
): EmailDeliveryModel & { cursorAt: string } {
  return {
    id: row.id,
    type: row.type,
    recipient: row.recipientEmail,
    recipientUserId: row.recipientUserId,
    get recipientUser() {
      return row.recipientUserId ? userById(row.recipientUserId) : null;
    },
    recipientName: row.recipientName,
    get history() {
      return historyOf(row.id).then((events) => events.map(toEventModel));
    },
    subject: row.subject,
    status: toEmailDeliveryStatus(row.status),
    suppressionReason: row.suppressionReason,
    attempts: row.attempts,
    lastError: row.lastError,
    failureClass: row.failureClass,
    providerStatus: row.providerStatus,
    providerStatusReason: row.providerStatusReason,
    providerStatusAt: row.providerStatusAt,
    providerMessageId: row.providerMessageId,
    transport: row.transport,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    updatedAt: row.updatedAt,
    textBody: row.textBody,
    htmlBody: row.htmlBody,
    resentFromId: row.resentFromId,
    cursorAt: row.cursorAt,
  };
}

function toEventModel(row: DeliveryEventRow): EmailDeliveryEventModel {
  return {
    at: row.occurredAt,
    source: EmailDeliveryEventSource[row.source],
    event: row.event,
    attempt: row.attempt,
    detail: row.detail,
    providerMessageId: row.providerMessageId,
  };
}

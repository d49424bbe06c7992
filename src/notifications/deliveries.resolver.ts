import { ParseUUIDPipe } from '@nestjs/common';
import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators.js';
import type { User } from '../auth/entities/user.entity.js';
import { UserRole } from '../auth/user-role.enum.js';
import { UsersByIdLoader } from '../auth/users-by-id.loader.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import { RequestLoaders } from '../common/request-loaders.js';
import {
  DeliveryStatus,
  EmailDeliveryStatus,
  toEmailDeliveryStatus,
} from './delivery-status.enum.js';
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

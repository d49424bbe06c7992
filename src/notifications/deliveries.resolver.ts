import { Args, Context, Query, Resolver } from '@nestjs/graphql';
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
import { EmailDeliveryModel, EmailDeliveryPage } from './models/email-delivery.model.js';
import { EmailDeliveriesQuery } from './email-deliveries.query.js';
import type { DeliveryListRow } from './email-deliveries.query.js';

/** What happened to every email: for Server Admins. */
@Roles(UserRole.SERVER_ADMIN)
@Resolver(() => EmailDeliveryModel)
export class DeliveriesResolver {
  constructor(
    private readonly deliveries: EmailDeliveriesQuery,
    private readonly usersById: UsersByIdLoader,
  ) {}

  @Query(() => EmailDeliveryPage, { description: 'Notification emails, newest first' })
  async emailDeliveries(
    @Args() { first, after, filter }: EmailDeliveriesArgs,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<EmailDeliveryPage> {
    const rows = await this.deliveries.list(
      {
        statuses: filter?.status ? STATUSES[filter.status] : undefined,
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
    // The recipients of a whole page in one query, and only when the query asks for them.
    const users = this.usersById.in(loaders);
    return toPage(
      rows.map((row) => toModel(row, (id) => users.load(id))),
      first,
      (row) => ({ at: row.cursorAt, id: row.id }),
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
    subject: row.subject,
    status: toEmailDeliveryStatus(row.status),
    suppressionReason: row.suppressionReason,
    attempts: row.attempts,
    lastError: row.lastError,
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

import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
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
    private readonly admin: DeliveryAdminService,
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
    const users = this.usersById.in(loaders);
    return toModel(row, (userId) => users.load(userId));
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
    resentFromId: row.resentFromId,
    cursorAt: row.cursorAt,
  };
}

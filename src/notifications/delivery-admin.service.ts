import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { User } from '../auth/entities/user.entity.js';
import { isUuid } from '../common/uuid.js';
import { EmailSettingsService } from '../settings/email-settings.service.js';
import { DeliveryStatus } from './delivery-status.enum.js';
import { DeliveryWorker, LEASE_MS } from './delivery.worker.js';
import { KILL_SWITCH_REASON } from './kill-switch.js';
import { NotificationsErrorCode, NotificationsException } from './notifications.exception.js';
import { heldByKillSwitch, NotificationsService } from './notifications.service.js';
import { OutboxRepository } from './outbox.repository.js';
import { MailTransport } from './transport/mail-transport.js';

/** A delivery a Server Admin acted on, and whether the action created it or found it. */
export interface AdminDeliveryResult {
  deliveryId: string;
  /** False when resendDelivery found the delivery already resent (a double click). */
  created: boolean;
}

/**
 * A Server Admin's own actions on the outbound path: a test email sent now through the real
 * transport, and a resend of an email that was not sent. Both are ordinary outbox rows, so they
 * appear in `emailDeliveries` and the metrics like every other email.
 */
@Injectable()
export class DeliveryAdminService {
  // Who sent what is kept in the log; the deliveries themselves are in the outbox like any email.
  private readonly logger = new Logger(DeliveryAdminService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly notifications: NotificationsService,
    private readonly worker: DeliveryWorker,
    private readonly transport: MailTransport,
    private readonly settings: EmailSettingsService,
  ) {}

  /**
   * Writes a test_email (exempt from the kill switch) held back from the worker, then sends it
   * in this request, so the answer carries the provider's verdict. A temporary failure leaves it
   * PENDING: the worker retries it like any other email.
   */
  async sendTestEmail(actor: User, to: string): Promise<AdminDeliveryResult> {
    const [delivery] = await this.dataSource.transaction((manager) =>
      this.notifications.enqueue(manager, {
        type: 'test_email',
        recipients: [{ userId: null, email: to.trim() }],
        payload: {
          requestedBy: actor.displayName || actor.username,
          transport: this.transport.description,
        },
        // Longer than a send can take before its lease would need renewing by a worker that
        // does not know the row: after that the poll takes it, so it is never stuck.
        holdMs: 2 * LEASE_MS,
      }),
    );
    this.logger.log(
      `${actor.username} sent a test email to ${to.trim()} (delivery ${delivery.id})`,
    );
    await this.worker.sendNow(delivery.id);
    return { deliveryId: delivery.id, created: true };
  }

  /**
   * A new delivery with the same recipient and content as a FAILED or SUPPRESSED one, linked to
   * it by `resentFromId`. Each delivery is resent at most once (a second call returns the first
   * resend); a resend that fails can be resent in turn. The kill switch applies as to any email.
   */
  async resend(actor: User, id: string): Promise<AdminDeliveryResult> {
    if (!isUuid(id)) throw notFound(id);
    const result = await this.dataSource.transaction(async (manager) => {
      const source = await this.outbox.findForResend(manager, id);
      if (!source) throw notFound(id);
      if (source.resentAsId) return { deliveryId: source.resentAsId, created: false };
      if (source.status !== DeliveryStatus.FAILED && source.status !== DeliveryStatus.SUPPRESSED) {
        throw new NotificationsException(
          NotificationsErrorCode.NOT_RESENDABLE,
          `Only FAILED or SUPPRESSED emails can be resent; this one is ${source.status}`,
          { id: [`is ${source.status}; only FAILED or SUPPRESSED emails can be resent`] },
        );
      }
      const newId = randomUUID();
      const suppressed = await heldByKillSwitch(this.settings, manager, source.type);
      await this.notifications.insert(manager, source.type, [
        {
          id: newId,
          type: source.type,
          recipientUserId: source.recipientUserId,
          recipientEmail: source.recipientEmail,
          recipientName: source.recipientName,
          replyTo: source.replyTo,
          subject: source.subject,
          textBody: source.textBody,
          htmlBody: source.htmlBody,
          headers: withOwnMessageId(source.headers, source.id, newId),
          status: suppressed ? DeliveryStatus.SUPPRESSED : DeliveryStatus.PENDING,
          suppressionReason: suppressed ? KILL_SWITCH_REASON : null,
          idempotencyKey: null,
          resentFromId: source.id,
          holdMs: 0,
        },
      ]);
      return { deliveryId: newId, created: true };
    });
    if (result.created)
      this.logger.log(`${actor.username} resent delivery ${id} as ${result.deliveryId}`);
    return result;
  }
}

/**
 * The default Message-ID names its delivery (`<id@domain>`), which is how an answer to it is
 * recognised; a resend gets its own. A Message-ID its writer chose (one carrying a reply token)
 * is kept: the original was never delivered, and the token must still work.
 */
function withOwnMessageId(
  headers: Record<string, string>,
  oldId: string,
  newId: string,
): Record<string, string> {
  const copy = { ...headers };
  for (const [name, value] of Object.entries(copy)) {
    if (name.toLowerCase() === 'message-id' && value.startsWith(`<${oldId}@`)) {
      copy[name] = value.replace(`<${oldId}@`, `<${newId}@`);
    }
  }
  return copy;
}

function notFound(id: string): NotificationsException {
  return new NotificationsException(
    NotificationsErrorCode.DELIVERY_NOT_FOUND,
    `No email delivery ${id}`,
    { id: ['no such email delivery'] },
  );
}

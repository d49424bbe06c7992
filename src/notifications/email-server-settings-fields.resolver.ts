import { ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators.js';
import { UserRole } from '../auth/user-role.enum.js';
import { EmailServerSettingsModel } from '../settings/models/email-server-settings.model.js';
import {
  OutboundTransportKind,
  OutboundTransportStatus,
} from './models/outbound-transport.model.js';
import { KILL_SWITCH_EXEMPT_TYPES } from './notification-catalogue.js';
import { MailTransport } from './transport/mail-transport.js';
import type { MailTransportName } from './transport/mail-transport.js';
import { TransportHealth } from './transport/transport-health.js';

const KIND: Record<MailTransportName, OutboundTransportKind> = {
  sendgrid: OutboundTransportKind.SENDGRID,
  local: OutboundTransportKind.LOCAL_SINK,
};

/**
 * The fields of `emailServerSettings` that notifications owns: settings stores the kill switch,
 * but which types it spares and how outbound mail is sent are known here.
 */
@Roles(UserRole.SERVER_ADMIN)
@Resolver(() => EmailServerSettingsModel)
export class EmailServerSettingsFieldsResolver {
  constructor(
    private readonly transport: MailTransport,
    private readonly health: TransportHealth,
  ) {}

  @ResolveField(() => [String], {
    description: 'Notification types still sent while notifications are turned off',
  })
  exemptNotificationTypes(): string[] {
    return [...KILL_SWITCH_EXEMPT_TYPES];
  }

  @ResolveField(() => OutboundTransportStatus, {
    description: 'The active outbound transport (SendGrid or the local sink) and its last error',
  })
  outboundTransport(): OutboundTransportStatus {
    const { lastError, lastSuccessAt } = this.health.snapshot();
    return {
      kind: KIND[this.transport.name],
      description: this.transport.description,
      lastError: lastError?.message ?? null,
      lastErrorAt: lastError?.at ?? null,
      lastErrorDeliveryId: lastError?.deliveryId ?? null,
      lastSuccessAt,
    };
  }
}

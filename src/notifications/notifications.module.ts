import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { Clock, SystemClock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { SettingsModule } from '../settings/settings.module.js';
import { CatalogLinks } from './catalog-links.js';
import { DeliveriesResolver } from './deliveries.resolver.js';
import { DeliveryAdminService } from './delivery-admin.service.js';
import { DeliveryWorker } from './delivery.worker.js';
import { EmailDeliveriesQuery } from './email-deliveries.query.js';
import { EmailDelivery } from './entities/email-delivery.entity.js';
import { NotificationSubscription } from './entities/notification-subscription.entity.js';
import { EmailServerSettingsFieldsResolver } from './email-server-settings-fields.resolver.js';
import { NotificationTypesResolver } from './notification-types.resolver.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxMetrics } from './outbox-metrics.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWakeup } from './outbox-wakeup.js';
import { DeliveryEventsRepository } from './provider-events/delivery-events.repository.js';
import { DeliveryHistoryLoader } from './provider-events/delivery-history.loader.js';
import { SendGridEventIntake } from './provider-events/sendgrid-event-intake.service.js';
import { SendGridEventMetrics } from './provider-events/sendgrid-event-metrics.js';
import { SendGridEventWebhookController } from './provider-events/sendgrid-event-webhook.controller.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { TransportHealth } from './transport/transport-health.js';
import { MAIL_TRANSPORT_OPTIONS } from './transport/transport.options.js';
import {
  mailTransportOptionsFromConfig,
  mailTransportProviders,
} from './transport/transport.providers.js';

/**
 * Outbound notifications. Public API: `NotificationsService` (enqueue inside the caller's
 * transaction; publish). Everything else, the outbox table included, is internal.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([EmailDelivery, NotificationSubscription]),
    AuthModule,
    SettingsModule,
  ],
  controllers: [SendGridEventWebhookController],
  providers: [
    { provide: Clock, useClass: SystemClock },
    {
      provide: MAIL_TRANSPORT_OPTIONS,
      inject: [AppConfig],
      useFactory: mailTransportOptionsFromConfig,
    },
    ...mailTransportProviders,
    TransportHealth,
    { provide: CatalogLinks, inject: [AppConfig], useFactory: catalogLinksFromConfig },
    OutboxRepository,
    OutboxMetrics,
    EmailDeliveriesQuery,
    OutboxWakeup,
    SubscriptionsService,
    NotificationsService,
    DeliveryWorker,
    DeliveryAdminService,
    NotificationsResolver,
    NotificationTypesResolver,
    EmailServerSettingsFieldsResolver,
    DeliveriesResolver,
    DeliveryEventsRepository,
    DeliveryHistoryLoader,
    SendGridEventIntake,
    SendGridEventMetrics,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}

/** Checks CATALOG_LINK_TEMPLATES against the catalogue at boot; says when links point nowhere. */
function catalogLinksFromConfig(config: AppConfig): CatalogLinks {
  if (!config.catalog.urlConfigured && config.mail.sendGridApiKey) {
    new Logger('CatalogLinks').warn(
      `CATALOG_URL is not set: links in emails point to PUBLIC_URL (${config.http.publicUrl}), where the catalog's pages are not. Set CATALOG_URL to the catalog's web app.`,
    );
  }
  return new CatalogLinks(config.catalog.url, config.catalog.linkTemplates);
}

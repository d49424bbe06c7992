import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { Clock, SystemClock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { SettingsModule } from '../settings/settings.module.js';
import { DeliveriesResolver } from './deliveries.resolver.js';
import { DeliveryWorker } from './delivery.worker.js';
import { EmailDeliveriesQuery } from './email-deliveries.query.js';
import { EmailDelivery } from './entities/email-delivery.entity.js';
import { NotificationSubscription } from './entities/notification-subscription.entity.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWakeup } from './outbox-wakeup.js';
import { DeliveryEventsRepository } from './provider-events/delivery-events.repository.js';
import { DeliveryHistoryLoader } from './provider-events/delivery-history.loader.js';
import { SendGridEventIntake } from './provider-events/sendgrid-event-intake.service.js';
import { SendGridEventWebhookController } from './provider-events/sendgrid-event-webhook.controller.js';
import { SubscriptionsService } from './subscriptions.service.js';
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
    OutboxRepository,
    EmailDeliveriesQuery,
    OutboxWakeup,
    SubscriptionsService,
    NotificationsService,
    DeliveryWorker,
    NotificationsResolver,
    DeliveriesResolver,
    DeliveryEventsRepository,
    DeliveryHistoryLoader,
    SendGridEventIntake,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}

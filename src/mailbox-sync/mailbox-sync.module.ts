import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { MailboxModule } from '../mailbox/mailbox.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { IncomingEmail } from './entities/incoming-email.entity.js';
import { MailboxSyncRun } from './entities/mailbox-sync-run.entity.js';
import { IncomingEmailOutcomes } from './incoming-email-outcomes.js';
import { IncomingEmailRawController } from './incoming-email-raw.controller.js';
import { IncomingEmailGraph } from './incoming-email.graph.js';
import { IncomingEmailProcessor } from './incoming-email.processor.js';
import { IncomingEmailRepository } from './incoming-email.repository.js';
import { IncomingEmailsService } from './incoming-emails.service.js';
import { GraphNotificationsController } from './graph-notifications.controller.js';
import { MailboxIntakeService } from './mailbox-intake.service.js';
import { MailboxListenerStateRepository } from './mailbox-listener-state.repository.js';
import { MAILBOX_LISTENER_OPTIONS, listenerOptionsFrom } from './mailbox-listener.options.js';
import { MailboxListenerService } from './mailbox-listener.service.js';
import { DEFAULT_MAILBOX_SYNC_OPTIONS, MAILBOX_SYNC_OPTIONS } from './mailbox-sync.options.js';
import { MailboxSyncResolver } from './mailbox-sync.resolver.js';
import { MailboxSyncScheduler } from './mailbox-sync.scheduler.js';
import { MailboxSyncService } from './mailbox-sync.service.js';
import { RejectionNotices } from './rejection-notices.js';

/**
 * The inbound pipeline: mailbox -> stored raw email -> post (or a reasoned rejection), run by the
 * scheduled poll and by the mailbox listener (IMAP IDLE, Graph delta and notifications).
 * Public API: {@link IncomingEmailsService} (the incoming email log, for the archive module).
 * `MAILBOX_SYNC_OPTIONS` and `MAILBOX_LISTENER_OPTIONS` can be overridden through DI (tests turn
 * the timer off, or shorten the listener's intervals, with them).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([IncomingEmail, MailboxSyncRun]),
    AuthModule,
    SettingsModule,
    MailboxModule,
    ConversationsModule,
    NotificationsModule,
  ],
  controllers: [IncomingEmailRawController, GraphNotificationsController],
  providers: [
    { provide: MAILBOX_SYNC_OPTIONS, useValue: DEFAULT_MAILBOX_SYNC_OPTIONS },
    { provide: MAILBOX_LISTENER_OPTIONS, useFactory: listenerOptionsFrom, inject: [AppConfig] },
    IncomingEmailRepository,
    IncomingEmailsService,
    MailboxIntakeService,
    RejectionNotices,
    IncomingEmailOutcomes,
    IncomingEmailProcessor,
    MailboxSyncService,
    MailboxSyncScheduler,
    IncomingEmailGraph,
    MailboxSyncResolver,
    MailboxListenerStateRepository,
    MailboxListenerService,
  ],
  exports: [IncomingEmailsService],
})
export class MailboxSyncModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailboxModule } from '../mailbox/mailbox.module.js';
import { MailboxSyncModule } from '../mailbox-sync/mailbox-sync.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { ArchiveScheduler } from './archive.scheduler.js';
import { ArchiveResolver } from './archive.resolver.js';
import { ArchiveService } from './archive.service.js';
import { ArchiveRun } from './entities/archive-run.entity.js';

/**
 * The weekly archive of processed mail (Basic Auth only) and the retention clean-up. Reads the
 * incoming-email log only through mailbox-sync's IncomingEmailsService.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ArchiveRun]),
    SettingsModule,
    MailboxModule,
    MailboxSyncModule,
  ],
  providers: [ArchiveService, ArchiveScheduler, ArchiveResolver],
  exports: [ArchiveService],
})
export class ArchiveModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { MailboxModule } from '../mailbox/mailbox.module.js';
import { EmailSettingsService } from './email-settings.service.js';
import { EmailServerSettings } from './entities/email-server-settings.entity.js';
import { EmailSettingsAudit } from './entities/email-settings-audit.entity.js';
import { MicrosoftTokenStatusRecorder } from './microsoft-token-status.recorder.js';
import { SecretCipher } from './secrets/secret-cipher.js';
import { createSecretCipher } from './secrets/secrets-key.js';
import { SettingsResolver } from './settings.resolver.js';

@Module({
  imports: [TypeOrmModule.forFeature([EmailServerSettings, EmailSettingsAudit]), MailboxModule],
  providers: [
    EmailSettingsService,
    MicrosoftTokenStatusRecorder,
    SettingsResolver,
    { provide: SecretCipher, useFactory: createSecretCipher, inject: [AppConfig] },
  ],
  exports: [EmailSettingsService],
})
export class SettingsModule {}

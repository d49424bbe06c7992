import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { composeEml, EmlFormatError } from './eml-composer.js';
import type { MailTransportName, OutboundEmail, SendResult } from './mail-transport.js';
import { MailTransport } from './mail-transport.js';
import { MailTransportError } from './mail-transport.error.js';
import type { MailTransportOptions } from './transport.options.js';
import { MAIL_TRANSPORT_OPTIONS } from './transport.options.js';

/**
 * Outbound mail when no SendGrid key is configured: every message becomes an .eml file under
 * `<dataDir>/outbox/<yyyy-mm-dd>/<deliveryId>.eml`, so someone trying the service can open
 * exactly what would have been sent in any mail client.
 */
@Injectable()
export class LocalSinkTransport extends MailTransport {
  readonly name: MailTransportName = 'local';
  readonly outboxDir: string;
  readonly description: string;

  constructor(@Inject(MAIL_TRANSPORT_OPTIONS) options: MailTransportOptions) {
    super();
    this.outboxDir = join(options.dataDir, 'outbox');
    this.description = `Local sink: .eml files in ${this.outboxDir} (no SENDGRID_API_KEY set)`;
  }

  /** Where the message for `deliveryId` lands when written at `at` (the folder is the UTC day). */
  filePathFor(deliveryId: string, at: Date): string {
    return join(this.outboxDir, at.toISOString().slice(0, 10), `${safeFileName(deliveryId)}.eml`);
  }

  async send(message: OutboundEmail): Promise<SendResult> {
    const at = new Date();
    let eml: Buffer;
    try {
      eml = await composeEml(message, { date: at });
    } catch (error) {
      if (error instanceof EmlFormatError) {
        throw new MailTransportError(`Local sink: ${error.message}`, { kind: 'permanent' });
      }
      throw error;
    }
    const path = this.filePathFor(message.deliveryId, at);
    // Write then rename, so a reader (or a crash) never sees half a message; a retry of the same
    // delivery simply replaces the file.
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(temporary, eml);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      // Disk full, permissions: operational problems that may be fixed while the message waits.
      const code = (error as NodeJS.ErrnoException).code;
      throw new MailTransportError(
        `Local sink could not write ${path}: ${(error as Error).message}`,
        { kind: 'retryable', code },
      );
    }
    return { providerMessageId: `local-${message.deliveryId}` };
  }
}

function safeFileName(deliveryId: string): string {
  // Delivery ids are UUIDs; anything else must still not escape the outbox folder.
  return /^[A-Za-z0-9._-]+$/.test(deliveryId) && !/^\.+$/.test(deliveryId)
    ? deliveryId
    : encodeURIComponent(deliveryId).replace(/\./g, '%2E');
}

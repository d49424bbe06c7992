import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import { UserRole } from '../auth/user-role.enum.js';
import { sendJsonError } from '../common/http-error-response.js';
import { isUuid } from '../common/uuid.js';
import { IncomingEmailRepository } from './incoming-email.repository.js';

/** Where a Server Admin downloads the raw message of an incoming email. */
export const incomingEmailRawPath = (id: string): string => `/incoming-emails/${id}/raw`;

/**
 * The stored raw message of an incoming email, byte for byte as the mailbox gave it, so an admin
 * can see exactly what arrived (headers a client added, the MIME structure the extractor read).
 * A download, never rendered: the bytes come from strangers.
 */
@Roles(UserRole.SERVER_ADMIN)
@Controller()
export class IncomingEmailRawController {
  constructor(private readonly emails: IncomingEmailRepository) {}

  @Get('incoming-emails/:id/raw')
  async download(@Param('id') id: string, @Res() response: Response): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    const email = isUuid(id) ? await this.emails.findById(id) : null;
    if (!email) {
      sendJsonError(response, 404, 'NOT_FOUND', `Incoming email ${id} not found`);
      return;
    }
    const raw = await this.emails.findRaw(id);
    if (!raw) {
      const why = email.rawPurgedAt
        ? `was purged by retention on ${email.rawPurgedAt.toISOString()}`
        : `was not kept (${email.reason ?? 'not stored'})`;
      sendJsonError(response, 410, 'GONE', `The raw message of incoming email ${id} ${why}`);
      return;
    }
    response
      .status(200)
      .setHeader('Content-Type', 'message/rfc822')
      .setHeader('Content-Disposition', `attachment; filename="incoming-email-${id}.eml"`)
      .setHeader('X-Content-Type-Options', 'nosniff')
      .send(raw);
  }
}

import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../../auth/auth.decorators.js';
import { errorBody } from '../../common/http-error-response.js';
import { currentRequestId } from '../../logging/request-context.js';
import { SendGridEventIntake } from './sendgrid-event-intake.service.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sendgrid-signature.js';

export const SENDGRID_EVENT_WEBHOOK_PATH = '/webhooks/sendgrid/events';

const STATUS = { 'not-configured': 503, refused: 401, malformed: 400 } as const;

/**
 * SendGrid's Event Webhook (HTTP POST URL in SendGrid: Settings > Mail Settings > Event Webhook).
 * Public, because SendGrid carries no token: the Signed Event Webhook signature is the
 * authentication, and nothing is read from a post before it verifies. The body arrives as the raw
 * bytes (see event-webhook-body.ts), since the signature covers exactly those.
 */
@Public()
@Controller()
export class SendGridEventWebhookController {
  constructor(private readonly intake: SendGridEventIntake) {}

  @Post(SENDGRID_EVENT_WEBHOOK_PATH)
  @HttpCode(200)
  async receive(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> /* the post's summary, or an HTTP error body */ {
    const body: unknown = request.body;
    const outcome = await this.intake.take({
      body: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
      signature: request.header(SIGNATURE_HEADER),
      timestamp: request.header(TIMESTAMP_HEADER),
    });
    if (outcome.kind === 'accepted') return outcome.summary;
    // Answered here rather than thrown: a refused post is expected traffic, not an error to log
    // as one (the intake has logged it, rate-limited), in the shape of every other HTTP error.
    const status = STATUS[outcome.kind];
    response.status(status);
    return errorBody(status, outcome.message, currentRequestId());
  }
}

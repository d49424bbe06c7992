import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { errorBody } from '../../common/http-error-response.js';
import { currentRequestId } from '../../logging/request-context.js';
import { SENDGRID_EVENT_WEBHOOK_PATH } from './sendgrid-event-webhook.controller.js';

/** SendGrid batches events up to about 768 KB a post; anything far larger is not SendGrid. */
export const EVENT_WEBHOOK_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Keeps the Event Webhook's body as the bytes that arrived, whatever its content type. The
 * signature is over those exact bytes, and JSON parsed and serialised again is not them (spacing,
 * escapes, key order), so this reader is registered for the path before the application's JSON
 * parser, which then finds the request finished and leaves it alone. A body over the limit is
 * answered 413 and drained without being kept.
 */
export function keepEventWebhookBodyRaw(app: NestExpressApplication): void {
  app.use(SENDGRID_EVENT_WEBHOOK_PATH, readRawBody(EVENT_WEBHOOK_MAX_BYTES));
}

function readRawBody(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const tooLarge = () => {
      settled = true;
      res
        .status(413)
        .set('Connection', 'close')
        .json(errorBody(413, `The body is larger than ${maxBytes} bytes`, currentRequestId()));
    };
    if (Number(req.headers['content-length']) > maxBytes) {
      tooLarge();
      req.resume();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (settled) return;
      if (size > maxBytes) tooLarge();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      req.body = Buffer.concat(chunks);
      next();
    });
    req.on('error', (error) => {
      if (settled) return;
      settled = true;
      next(error);
    });
  };
}

import { Body, Controller, Logger, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { Signal } from '../common/signal.js';
import { verifyNotifications } from '../mailbox/graph-change-notifications.js';
import type { ExpectedSubscription } from '../mailbox/graph-change-notifications.js';
import { RepeatedErrorLog } from '../logging/repeated-error-log.js';
import { MailboxListenerStateRepository } from './mailbox-listener-state.repository.js';
import { MailboxListenerService } from './mailbox-listener.service.js';

/** Graph's validation tokens are a sentence and a request id; anything much longer is not Graph. */
const MAX_VALIDATION_TOKEN = 1024;
/** The expected subscription is read at most this often, however many POSTs arrive. */
const CACHE_MS = 2_000;
/** After a mismatch it is read again (a subscription just created), but not more often. */
const RELOAD_ON_MISMATCH_MS = 1_000;

/** One POST that carried notifications, once answered: for tests and metrics. */
export interface NotificationReceipt {
  accepted: number;
  rejected: number;
}

/**
 * Where Microsoft Graph posts change notifications and lifecycle notifications. Public (Graph
 * carries no token), so it is cheap and trusts nothing: a validation request gets its token back
 * as plain text; a notification counts only with the clientState of our subscription (compared
 * in constant time) and then only makes the listener ask Graph what changed. Any replica may
 * receive it; the listening one is told through Postgres.
 */
@Public()
@Controller()
export class GraphNotificationsController {
  private readonly logger = new Logger(GraphNotificationsController.name);
  private readonly rejections = new RepeatedErrorLog(this.logger);
  private cached: { value: ExpectedSubscription | null; at: number } | undefined;
  readonly receipts = new Signal<NotificationReceipt>('GraphNotificationsController.receipts');

  constructor(
    private readonly listener: MailboxListenerService,
    private readonly state: MailboxListenerStateRepository,
  ) {}

  @Post(['webhooks/graph/notifications', 'webhooks/graph/lifecycle'])
  async receive(
    @Query('validationToken') validationToken: unknown,
    @Body() body: unknown,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'no-store');
    if (validationToken !== undefined) {
      // The subscription handshake: echo the token, as plain text, within 10 seconds.
      if (typeof validationToken !== 'string' || validationToken.length > MAX_VALIDATION_TOKEN) {
        response.status(400).type('text/plain').send('Invalid validationToken');
        return;
      }
      response.status(200).type('text/plain').send(validationToken);
      return;
    }
    let verdict = verifyNotifications(body, await this.expected(false));
    if (!verdict) {
      response.status(400).type('text/plain').send('Not a Microsoft Graph notification');
      return;
    }
    if (verdict.rejected && this.cacheAge() >= RELOAD_ON_MISMATCH_MS) {
      verdict = verifyNotifications(body, await this.expected(true)) ?? verdict;
    }
    if (verdict.rejected) {
      this.rejections.warn(
        'Graph notifications',
        'rejected notifications without the clientState of the current subscription',
      );
    }
    await this.listener.relay(verdict.hints);
    // 202 whatever was accepted: Graph retries anything else for hours, and a stale or forged
    // notification is not worth that.
    response.status(202).end();
    this.receipts.emit({ accepted: verdict.accepted, rejected: verdict.rejected });
  }

  private cacheAge(): number {
    return this.cached ? Date.now() - this.cached.at : Number.POSITIVE_INFINITY;
  }

  private async expected(reload: boolean): Promise<ExpectedSubscription | null> {
    if (!reload && this.cached && this.cacheAge() < CACHE_MS) return this.cached.value;
    const value = await this.state.expectedSubscription();
    this.cached = { value, at: Date.now() };
    return value;
  }
}

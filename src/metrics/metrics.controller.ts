import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { sendJsonError } from '../common/http-error-response.js';
import { AppConfig } from '../config/app-config.js';
import { bearerTokenMatches } from './bearer-token.js';
import { Metrics } from './metrics.js';

/**
 * `GET /metrics` for Prometheus. Not an API token route: a scraper should not hold a Server
 * Admin's token, so it has its own, `METRICS_TOKEN`, sent as `Authorization: Bearer`. Without
 * that variable the route is off (404): metrics are never open to whoever can reach the port.
 */
@Public()
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    const token = this.config.metrics.token;
    response.setHeader('Cache-Control', 'no-store');
    if (!token) {
      sendJsonError(
        response,
        404,
        'NOT_FOUND',
        'Metrics are off: set METRICS_TOKEN to serve them at /metrics.',
      );
      return;
    }
    if (!bearerTokenMatches(request.header('authorization'), token)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      sendJsonError(
        response,
        401,
        'UNAUTHENTICATED',
        'Send the METRICS_TOKEN as Authorization: Bearer <token>.',
      );
      return;
    }
    const body = await this.metrics.scrape();
    response.status(200).setHeader('Content-Type', this.metrics.contentType).send(body);
  }
}

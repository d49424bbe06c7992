import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.js';
import { OutboxRepository } from './outbox.repository.js';

/**
 * Gives the metrics the outbox depth and the age of its oldest email, read with one SQL query
 * when a scrape finds them stale (the metrics module limits how often that can happen).
 */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(async () => this.metrics.setOutboxDepth(await this.outbox.depth()));
  }
}

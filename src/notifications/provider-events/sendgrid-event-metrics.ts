import { Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Metrics } from '../../metrics/metrics.js';
import { SendGridEventIntake } from './sendgrid-event-intake.service.js';

/**
 * Counts the verdicts of every accepted SendGrid event post (what the intake announces), so a
 * dashboard shows bounces and spam reports as they come, not only the console's per-email view.
 */
@Injectable()
export class SendGridEventMetrics implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly intake: SendGridEventIntake,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.intake.recorded.subscribe(({ verdicts }) => {
      for (const [verdict, count] of Object.entries(verdicts)) {
        this.metrics.countSendGridVerdict(verdict, count);
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}

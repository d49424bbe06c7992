import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';
import { DEFAULT_METRICS_OPTIONS, METRICS_OPTIONS } from './metrics.options.js';

/**
 * Prometheus metrics. Global, so that every module can inject `Metrics` and say what happened;
 * it depends on no other feature module. `METRICS_OPTIONS` can be overridden through DI.
 */
@Global()
@Module({
  providers: [{ provide: METRICS_OPTIONS, useValue: DEFAULT_METRICS_OPTIONS }, Metrics],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class MetricsModule {}

import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';

/** Orchestrators give up on a probe after a few seconds; answer well inside that. */
export const READINESS_TIMEOUT_MS = 1500;

export type ReadinessAnswer =
  | { status: 'ok'; database: 'up' }
  | {
      status: 'unavailable';
      database: 'down';
      failing: Array<{ dependency: string; reason: string }>;
    };

/** Liveness and readiness for orchestrators and load balancers. Public: they carry no token. */
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 when the database answers, otherwise 503 naming the failing dependency and why: always
   * JSON, and always within READINESS_TIMEOUT_MS, even when the pool is exhausted or the server
   * accepts connections but never answers.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessAnswer> {
    const problem = await this.databaseProblem();
    if (problem === undefined) return { status: 'ok', database: 'up' };
    response.status(503);
    return {
      status: 'unavailable',
      database: 'down',
      failing: [{ dependency: 'database', reason: problem }],
    };
  }

  private async databaseProblem(): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`no answer to SELECT 1 within ${READINESS_TIMEOUT_MS} ms`),
        READINESS_TIMEOUT_MS,
      );
    });
    const probe = this.dataSource.query('SELECT 1').then(
      () => undefined,
      (error: unknown) => describeDatabaseError(error),
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function describeDatabaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message = error.message || error.name;
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

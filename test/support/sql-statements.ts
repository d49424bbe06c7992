import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { currentRequestId } from '../../src/logging/request-context.js';
import type { TestApp } from './test-app.js';

export interface SqlStatementLog {
  /** The statements sent while handling the request with this `x-request-id`. */
  of(requestId: string): string[];
  /** Puts the app's own logger back. */
  detach(): void;
}

/**
 * Records every SQL statement the app sends, tagged with the request it was sent for (the
 * request id travels with the async context), by wrapping the DataSource's TypeORM logger taken
 * from the app's DI container. Statements of background jobs carry no request id and are ignored.
 */
export function recordSqlStatements(t: TestApp): SqlStatementLog {
  const dataSource = t.app.get(DataSource);
  const original = dataSource.logger;
  const byRequest = new Map<string, string[]>();
  // Everything else is the app's own logger (inherited), so its output does not change.
  const recording = Object.create(original) as TypeOrmLogger;
  recording.logQuery = (query: string, parameters?: unknown[], queryRunner?: QueryRunner) => {
    const requestId = currentRequestId();
    if (requestId) byRequest.set(requestId, [...(byRequest.get(requestId) ?? []), query]);
    original.logQuery(query, parameters, queryRunner);
  };
  dataSource.logger = recording;
  return {
    of: (requestId) => byRequest.get(requestId) ?? [],
    detach: () => {
      dataSource.logger = original;
    },
  };
}

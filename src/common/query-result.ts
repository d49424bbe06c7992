// TypeORM's Postgres driver answers `query()` for UPDATE and DELETE with `[rows, affectedCount]`,
// and for every other statement (SELECT, INSERT ... RETURNING, WITH ... UPDATE) with the rows
// alone. Raw SQL on a hot path reads its result through these two, whatever the statement.

function isUpdateResult(result: unknown): result is [unknown[], number] {
  return (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  );
}

/** The rows a statement returned (its RETURNING rows for an UPDATE or DELETE). */
export function rowsOf<T>(result: unknown): T[] {
  if (isUpdateResult(result)) return result[0] as T[];
  return Array.isArray(result) ? (result as T[]) : [];
}

/** Rows an UPDATE or DELETE changed; for other statements, the rows they returned. */
export function affectedCount(result: unknown): number {
  if (isUpdateResult(result)) return result[1];
  return Array.isArray(result) ? result.length : 0;
}

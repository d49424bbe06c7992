/**
 * The text of anything thrown, for a log line or a stored reason. Duck-typed, because errors from
 * Node's socket layer can come from another realm (jest's VM modules), where `instanceof Error`
 * is false although they carry a message.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

/**
 * A problem with the embedded database that the operator fixes (a folder, a permission, an old
 * data format): its message says what is wrong and what to do, and the boot prints it without a
 * stack trace.
 */
export class EmbeddedDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedDatabaseError';
  }
}

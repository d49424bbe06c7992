/** The `extensions.code` values clients can rely on. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONNECTION_FAILED = 'CONNECTION_FAILED',
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Base of every module's exception. Domain code throws these (never HTTP exceptions); the GraphQL
 * exception filter turns them into errors with `extensions.code` and, for bad input, per-field
 * messages.
 */
export abstract class DomainException extends Error {
  protected constructor(
    message: string,
    readonly errorCode: ErrorCode,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The base of a module's exception, carrying the module's own error code:
 * `export class ArchiveException extends ModuleException(GRAPHQL_CODE) {}`, where GRAPHQL_CODE maps
 * each of the module's codes to the `extensions.code` clients see. Domain code branches on `code`.
 */
export function ModuleException<Code extends string>(graphqlCodes: Record<Code, ErrorCode>) {
  return class extends DomainException {
    constructor(
      readonly code: Code,
      message: string,
      fields?: Record<string, string[]>,
    ) {
      super(message, graphqlCodes[code], fields);
    }
  };
}

/** Bad input found by a rule class-validator cannot express (e.g. a duplicate username). */
export class InvalidInputException extends DomainException {
  constructor(message: string, fields?: Record<string, string[]>) {
    super(message, ErrorCode.BAD_USER_INPUT, fields);
  }
}

export class NotFoundException extends DomainException {
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`, ErrorCode.NOT_FOUND);
  }
}

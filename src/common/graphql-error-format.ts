import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import type { LoggerService } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { currentRequestId } from '../logging/request-context.js';
import { ErrorCode } from './domain.exception.js';
import { toGraphqlError } from './exception-to-graphql.js';
import { QUERY_LIMIT_EXCEEDED, QueryLimitError } from './query-limit.error.js';

/** Codes that describe the client's request; anything else is our fault and is masked. */
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  QUERY_LIMIT_EXCEEDED,
  'TOO_MANY_REQUESTS',
]);

// graphql-js refuses a document past `maxTokens` while parsing, with this wording (v16 writes
// "more that"); a test pins it, so a graphql upgrade that rewords it fails loudly.
const TOKEN_LIMIT = /^Syntax Error: Document contains more (?:than|that) (\d+) tokens/;

/**
 * Apollo's `formatError`: the last stop of every GraphQL error. Errors about the request keep
 * their code and message; a refused operation gets QUERY_LIMIT_EXCEEDED; every other error (a
 * database timeout in a nested field, a bug) is logged in full with the request id and reaches the
 * client only as INTERNAL_SERVER_ERROR with that id, never with its message or stack.
 */
export function createGraphqlErrorFormatter(logger: LoggerService) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = rootCause(error);
    if (original instanceof QueryLimitError) return limitError(formatted, original);
    const code = formatted.extensions?.code;
    if (code === ApolloServerErrorCode.GRAPHQL_PARSE_FAILED) {
      const tokens = TOKEN_LIMIT.exec(formatted.message);
      if (tokens) return limitError(formatted, new QueryLimitError('tokens', Number(tokens[1])));
    }
    // Apollo labels every validation error GRAPHQL_VALIDATION_FAILED; an input a scalar refused
    // while the document was validated (an oversized JSON literal) keeps its BAD_USER_INPUT.
    if (
      code !== ErrorCode.BAD_USER_INPUT &&
      original instanceof GraphQLError &&
      original.extensions.code === ErrorCode.BAD_USER_INPUT
    ) {
      return { ...formatted, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    if (typeof code === 'string' && CLIENT_CODES.has(code)) return formatted;
    // A module's exception thrown in a field resolver, which Nest's exception filter does not wrap.
    if (!(original instanceof GraphQLError)) {
      const mapped = toGraphqlError(original);
      if (mapped instanceof GraphQLError) {
        return { ...formatted, message: mapped.message, extensions: mapped.extensions };
      }
    }

    const requestId = currentRequestId();
    logger.error(
      {
        msg: `Unexpected error in GraphQL${formatted.path ? ` at ${formatted.path.join('.')}` : ''}`,
        err: describe(original),
      },
      'GraphQL',
    );
    return {
      message: `Internal server error${requestId ? ` (request id ${requestId})` : ''}`,
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        ...(requestId ? { requestId } : {}),
      },
    };
  };
}

function limitError(
  formatted: GraphQLFormattedError,
  error: QueryLimitError,
): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions;
  return { message: error.message, locations: formatted.locations, extensions };
}

/** The error a resolver (or rule) threw, beneath Apollo's and graphql-js's wrappers. */
function rootCause(error: unknown): unknown {
  let current = unwrapResolverError(error);
  while (current instanceof GraphQLError && current.originalError) {
    current = current.originalError;
  }
  return current;
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      ...(code ? { code } : {}),
    };
  }
  return { message: String(error) };
}

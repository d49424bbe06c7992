import { GraphQLError, parse } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import {
  ConversationsErrorCode,
  ConversationsException,
} from '../conversations/conversations.exception.js';
import { JsonLogger } from '../logging/json-logger.js';
import { createGraphqlErrorFormatter } from './graphql-error-format.js';
import { QueryLimitError } from './query-limit.error.js';

function formatterWithLog() {
  const lines: string[] = [];
  const format = createGraphqlErrorFormatter(new JsonLogger('info', (line) => lines.push(line)));
  return { format, lines };
}

/** What Apollo hands formatError: the formatted error and the error itself. */
function apolloPair(error: GraphQLError): [GraphQLFormattedError, GraphQLError] {
  return [error.toJSON(), error];
}

describe('GraphQL error formatting', () => {
  it('masks an unexpected error in a field and logs it in full', () => {
    const { format, lines } = formatterWithLog();
    const located = new GraphQLError('timeout exceeded when trying to connect', {
      path: ['conversations', 'nodes', 0, 'posts'],
      originalError: new Error('timeout exceeded when trying to connect'),
    });
    const formatted = format(...apolloPair(located));
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['conversations', 'nodes', 0, 'posts'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'error',
      msg: 'Unexpected error in GraphQL at conversations.nodes.0.posts',
      err: { message: 'timeout exceeded when trying to connect' },
    });
  });

  it("keeps errors about the client's request as they are", () => {
    const { format, lines } = formatterWithLog();
    const forbidden = new GraphQLError('Needs a Server Admin', {
      extensions: { code: 'FORBIDDEN' },
    });
    expect(format(...apolloPair(forbidden))).toEqual(forbidden.toJSON());
    expect(lines).toEqual([]);
  });

  it("maps a module's exception thrown in a field resolver, which Nest's filter does not see", () => {
    const { format } = formatterWithLog();
    const located = new GraphQLError('Conversation x not found', {
      originalError: new ConversationsException(
        ConversationsErrorCode.CONVERSATION_NOT_FOUND,
        'Conversation x not found',
      ),
    });
    expect(format(...apolloPair(located)).extensions?.code).toBe('NOT_FOUND');
  });

  it("reports a refused operation as QUERY_LIMIT_EXCEEDED, also under Apollo's validation label", () => {
    const { format } = formatterWithLog();
    const limit = new QueryLimitError('aliases', 15, 100);
    const wrapped = new GraphQLError(limit.message, {
      originalError: limit,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(format(...apolloPair(wrapped))).toEqual({
      message: 'Query refused: it uses 100 aliases; the aliases limit is 15',
      extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'aliases', maximum: 15, found: 100 },
    });
  });

  it("recognises graphql-js's own token-limit error", () => {
    const { format } = formatterWithLog();
    let parseError: unknown;
    try {
      parse('{ a b c d e f }', { maxTokens: 3 });
    } catch (error) {
      parseError = error;
    }
    const wrapped = new GraphQLError((parseError as Error).message, {
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
    expect(format(...apolloPair(wrapped)).extensions).toEqual({
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'tokens',
      maximum: 3,
    });
  });
});

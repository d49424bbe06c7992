import { GraphQLError } from 'graphql';
import type { ASTNode } from 'graphql';

/** The limits an operation can exceed, as clients see them in `extensions.limit`. */
export type QueryLimit = 'depth' | 'aliases' | 'directives' | 'tokens' | 'fields' | 'cost';

export const QUERY_LIMIT_EXCEEDED = 'QUERY_LIMIT_EXCEEDED';

const WHAT: Record<QueryLimit, (found: number | undefined) => string> = {
  depth: (found) => `it nests fields ${found ?? 'too many'} levels deep`,
  aliases: (found) => `it uses ${found ?? 'too many'} aliases`,
  directives: (found) => `it uses ${found ?? 'too many'} directives`,
  tokens: () => 'the document is too long',
  fields: () => 'it selects too many fields (counted with fragments expanded)',
  cost: (found) => `its estimated cost is ${found ?? 'too high'}`,
};

/**
 * An operation refused before it runs because it asks for more than a configured limit. Carries
 * which limit and its value, so a client (and the person reading its error) knows what to change.
 */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly limit: QueryLimit,
    readonly maximum: number,
    found?: number,
    nodes?: readonly ASTNode[],
  ) {
    super(`Query refused: ${WHAT[limit](found)}; the ${limit} limit is ${maximum}`, {
      nodes,
      extensions: {
        code: QUERY_LIMIT_EXCEEDED,
        limit,
        maximum,
        ...(found === undefined ? {} : { found }),
        http: { status: 400 },
      },
    });
    this.name = 'QueryLimitError';
  }
}

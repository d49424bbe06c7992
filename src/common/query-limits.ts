import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import type { GraphqlLimits } from '../config/app-config.js';
import type { QueryLimit } from './query-limit.error.js';
import { QueryLimitError } from './query-limit.error.js';

/** graphql-armor words its rejections "... limit of N exceeded, found M." */
function foundIn(error: GraphQLError): number | undefined {
  const match = /found (\d+)/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

function reportAs(limit: QueryLimit, maximum: number) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(new QueryLimitError(limit, maximum, foundIn(error)));
  };
}

/**
 * The structural limits, checked by graphql-armor while the document is validated (before any
 * resolver runs): depth, aliases and directives.
 *
 * Not taken from graphql-armor: its token limit (graphql-js enforces `maxTokens` inside the one
 * parse Apollo already does) and its cost limit, which multiplies by `first` only when `first` is
 * written inline, so `first: $n` or an omitted `first` (default 50) would cost 1. The cost and
 * field-count limits are in query-cost.plugin.ts, computed with the request's variables.
 */
export function structuralQueryLimits(limits: GraphqlLimits): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
} {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      // A `__schema` selection is not counted: the standard introspection query that GraphiQL and
      // other tools send nests 15 levels (type references). It cannot nest without bound:
      // graphql-js's MaxIntrospectionDepthRule (one of Apollo's specified rules) refuses
      // `fields { type { fields ... } }` cycles, the token limit bounds the rest, and
      // query-cost.plugin.ts charges it a fixed cost. Fragments add no level of their own: depth
      // is what the response nests.
      ignoreIntrospection: true,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reportAs('depth', limits.maxDepth)],
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [reportAs('aliases', limits.maxAliases)],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [reportAs('directives', limits.maxDirectives)],
    },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Apollo's own hideSchemaDetailsFromClientErrors removes the whole sentence; armor's leaves a mask.
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules, plugins } = armor.protect();
  return { validationRules, plugins: plugins as ApolloServerPlugin[] };
}

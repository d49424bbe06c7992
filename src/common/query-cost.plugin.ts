import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { getNullableType, GraphQLError, isListType } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { QueryLimitError } from './query-limit.error.js';

/** How many items a list without a `first` argument is assumed to hold (posts of a conversation). */
export const ASSUMED_LIST_LENGTH = 10;

/** A field's cost when it returns about `length` items of its selection (Nest's `complexity`). */
export const listOf =
  (length: number) =>
  ({ childComplexity }: { childComplexity: number }): number =>
    1 + length * childComplexity;

/**
 * Every field costs 1 plus its selection; a field with a `first` argument (a page) costs `first`
 * times its selection, with the schema's default when the client omits it; any other list costs
 * ASSUMED_LIST_LENGTH times its selection, unless the field sets its own `complexity`.
 */
export const COST_ESTIMATORS: ComplexityEstimator[] = [
  fieldExtensionsEstimator(),
  ({ args, field, childComplexity }) => {
    if (typeof args.first === 'number') return 1 + args.first * childComplexity;
    if (isListType(getNullableType(field.type))) {
      return listOf(ASSUMED_LIST_LENGTH)({ childComplexity });
    }
    return undefined;
  },
  simpleEstimator({ defaultComplexity: 1 }),
];

// graphql-query-complexity's words for "more than maxQueryNodes selections"; a unit test pins them.
const NODE_LIMIT_MESSAGE = /maximum allowed number of nodes/;

interface CostLimits {
  maxCost: number;
  maxFields: number;
}

/**
 * Throws QueryLimitError when the operation selects more than `maxFields` fields (fragments
 * expanded) or costs more than `maxCost`. Invalid variables are left for execution to report as
 * BAD_USER_INPUT with their names.
 */
export function assertWithinCost(
  {
    request,
    document,
    operationName,
    schema,
  }: GraphQLRequestContextDidResolveOperation<BaseContext>,
  limits: CostLimits,
): void {
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: request.variables ?? {},
      estimators: COST_ESTIMATORS,
      maxQueryNodes: limits.maxFields,
    });
  } catch (error) {
    if (error instanceof GraphQLError && NODE_LIMIT_MESSAGE.test(error.message)) {
      throw new QueryLimitError('fields', limits.maxFields);
    }
    if (error instanceof GraphQLError) return;
    throw error;
  }
  if (cost > limits.maxCost) throw new QueryLimitError('cost', limits.maxCost, cost);
}

/**
 * The cost and field-count limits (graphql-query-complexity), checked once the operation is
 * known and before anything executes, with the request's variables, so `first: $n` costs what it
 * asks for. A refusal is a 400 with `extensions.code` QUERY_LIMIT_EXCEEDED.
 */
export function queryCostPlugin(limits: CostLimits): ApolloServerPlugin {
  const listener: GraphQLRequestListener<BaseContext> = {
    didResolveOperation: (context) =>
      Promise.resolve().then(() => assertWithinCost(context, limits)),
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}

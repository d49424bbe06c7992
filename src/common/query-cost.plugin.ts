import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { getNullableType, GraphQLError, isListType, Kind, visit } from 'graphql';
import type { DocumentNode } from 'graphql';
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

/**
 * What one `__schema` or `__type` selection costs, whatever it selects. Introspection reads the
 * schema in memory, never the database, and its shape is bounded by graphql-js's
 * MaxIntrospectionDepthRule and the token limit; estimated field by field, the standard query
 * GraphiQL and other tools send would cost millions (every list times 10, six lists deep) and be
 * refused. Measured, a full introspection of this schema (87 kB) takes about 1.5 times the CPU of
 * a page of 50 conversations with posts and authors, which costs 3,201: so 5,000, and the default
 * cost limit lets an operation read the whole schema at most 10 times.
 */
export const INTROSPECTION_COST = 5_000;

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);
// `__typename` is not introspection of the schema; \b keeps it from matching `__type`.
const MAY_INTROSPECT = /\b__(?:schema|type)\b/;

/**
 * The document without its `__schema` and `__type` selections, and how many there were, so those
 * are charged INTROSPECTION_COST each instead of being estimated field by field.
 */
export function withoutIntrospection(
  document: DocumentNode,
  source: string | undefined,
): { document: DocumentNode; introspections: number } {
  // Most operations never introspect: skip the walk over their document.
  if (source !== undefined && !MAY_INTROSPECT.test(source)) return { document, introspections: 0 };
  let introspections = 0;
  const stripped = visit(document, {
    [Kind.FIELD]: (field) => {
      if (!INTROSPECTION_FIELDS.has(field.name.value)) return undefined;
      introspections += 1;
      return null;
    },
  });
  return { document: stripped, introspections };
}

// graphql-query-complexity's words for "more than maxQueryNodes selections"; a unit test pins them.
const NODE_LIMIT_MESSAGE = /maximum allowed number of nodes/;

interface CostLimits {
  maxCost: number;
  maxFields: number;
}

/** What the cost check found: the operation's cost, too many fields, or invalid variables. */
type CostOutcome = { cost: number } | { tooManyFields: true } | { invalidVariables: true };

function costOutcome(
  {
    request,
    document,
    operationName,
    schema,
  }: GraphQLRequestContextDidResolveOperation<BaseContext>,
  limits: CostLimits,
): CostOutcome {
  const counted = withoutIntrospection(document, request.query);
  try {
    return {
      cost:
        counted.introspections * INTROSPECTION_COST +
        getComplexity({
          schema,
          query: counted.document,
          operationName: operationName ?? undefined,
          variables: request.variables ?? {},
          estimators: COST_ESTIMATORS,
          maxQueryNodes: limits.maxFields,
        }),
    };
  } catch (error) {
    if (error instanceof GraphQLError && NODE_LIMIT_MESSAGE.test(error.message)) {
      return { tooManyFields: true };
    }
    if (error instanceof GraphQLError) return { invalidVariables: true };
    throw error;
  }
}

function assertOutcome(outcome: CostOutcome, limits: CostLimits): void {
  if ('tooManyFields' in outcome) throw new QueryLimitError('fields', limits.maxFields);
  if ('cost' in outcome && outcome.cost > limits.maxCost) {
    throw new QueryLimitError('cost', limits.maxCost, outcome.cost);
  }
}

/**
 * Throws QueryLimitError when the operation selects more than `maxFields` fields (fragments
 * expanded; the selections inside introspection not counted) or costs more than `maxCost`.
 * Invalid variables are left for execution to report as BAD_USER_INPUT with their names.
 */
export function assertWithinCost(
  context: GraphQLRequestContextDidResolveOperation<BaseContext>,
  limits: CostLimits,
): void {
  assertOutcome(costOutcome(context, limits), limits);
}

/**
 * The cost and field-count limits (graphql-query-complexity), checked once the operation is
 * known and before anything executes, with the request's variables, so `first: $n` costs what it
 * asks for. A refusal is a 400 with `extensions.code` QUERY_LIMIT_EXCEEDED.
 *
 * Apollo keeps each validated document (by its text) and hands the same DocumentNode to every
 * request that sends that text, so an operation sent without variables, whose cost depends on
 * nothing else, is priced once per document and operation name rather than walked on every
 * request (about 1.5% of a 50-conversation page's CPU, measured). With variables it is priced
 * each time: they may change `first`.
 */
export function queryCostPlugin(limits: CostLimits): ApolloServerPlugin {
  const priced = new WeakMap<DocumentNode, Map<string, CostOutcome>>();
  const outcomeOf = (context: GraphQLRequestContextDidResolveOperation<BaseContext>) => {
    const { variables } = context.request;
    if (variables && Object.keys(variables).length > 0) return costOutcome(context, limits);
    let byOperation = priced.get(context.document);
    if (!byOperation) {
      byOperation = new Map();
      priced.set(context.document, byOperation);
    }
    const operation = context.operationName ?? '';
    let outcome = byOperation.get(operation);
    if (!outcome) {
      outcome = costOutcome(context, limits);
      byOperation.set(operation, outcome);
    }
    return outcome;
  };
  const listener: GraphQLRequestListener<BaseContext> = {
    didResolveOperation: (context) =>
      Promise.resolve().then(() => assertOutcome(outcomeOf(context), limits)),
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}

import type { BaseContext, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import {
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getIntrospectionQuery,
  parse,
} from 'graphql';
import {
  assertWithinCost,
  INTROSPECTION_COST,
  listOf,
  queryCostPlugin,
  withoutIntrospection,
} from './query-cost.plugin.js';
import { QueryLimitError } from './query-limit.error.js';

const Item: GraphQLObjectType = new GraphQLObjectType({
  name: 'Item',
  fields: () => ({
    id: { type: GraphQLID },
    name: { type: GraphQLString },
    children: { type: new GraphQLList(Item) },
    few: { type: new GraphQLList(Item), extensions: { complexity: listOf(3) } },
  }),
});
const Page = new GraphQLObjectType({
  name: 'Page',
  fields: { nodes: { type: new GraphQLList(Item), extensions: { complexity: listOf(1) } } },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      page: { type: Page, args: { first: { type: GraphQLInt, defaultValue: 50 } } },
      item: { type: Item },
    },
  }),
});

function costOf(
  query: string,
  variables: Record<string, unknown> = {},
  maxCost = 1e9,
  maxFields = 500,
) {
  const context = {
    request: { query, variables },
    document: parse(query),
    operationName: null,
    schema,
  } as unknown as GraphQLRequestContextDidResolveOperation<BaseContext>;
  try {
    assertWithinCost(context, { maxCost, maxFields });
    return 'allowed';
  } catch (error) {
    if (!(error instanceof QueryLimitError)) throw error;
    return error.extensions;
  }
}

describe('query cost', () => {
  it('charges 1 per field plus its selection', () => {
    // item (1 + 2) = 3
    expect(costOf('{ item { id name } }', {}, 3)).toBe('allowed');
    expect(costOf('{ item { id name } }', {}, 2)).toMatchObject({ limit: 'cost', found: 3 });
  });

  it('multiplies a page by first, written inline, in a variable, or left to its default', () => {
    // page: 1 + first * (nodes: 1 + (id: 1)) = 1 + 2 * first
    expect(costOf('{ page(first: 10) { nodes { id } } }', {}, 1)).toMatchObject({ found: 21 });
    expect(
      costOf('query($n: Int) { page(first: $n) { nodes { id } } }', { n: 200 }, 1),
    ).toMatchObject({
      found: 401,
    });
    expect(costOf('{ page { nodes { id } } }', {}, 1)).toMatchObject({ found: 101 });
  });

  it('assumes 10 items for a plain list, or what the field declares', () => {
    expect(costOf('{ item { children { id } } }', {}, 1)).toMatchObject({ found: 12 });
    expect(costOf('{ item { few { id } } }', {}, 1)).toMatchObject({ found: 5 });
  });

  it('counts each alias', () => {
    expect(costOf('{ a: item { id } b: item { id } }', {}, 1)).toMatchObject({ found: 4 });
  });

  it('refuses more fields than the limit, counting fragments each time they are spread', () => {
    const query = `{ item { ...A ...A ...A ...A ...A } } fragment A on Item { id name children { id } }`;
    expect(costOf(query, {}, 1e9, 100)).toBe('allowed');
    expect(costOf(query, {}, 1e9, 15)).toMatchObject({ limit: 'fields', maximum: 15 });
  });

  it('leaves invalid variables to execution, which names them', () => {
    expect(costOf('query($n: Int) { page(first: $n) { nodes { id } } }', { n: 'many' }, 1)).toBe(
      'allowed',
    );
  });

  it('charges a fixed cost per introspection, whatever it selects, and counts none of its fields', () => {
    // What GraphiQL sends: 15 levels deep, six lists nested, hundreds of fields with fragments.
    const standard = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true });
    expect(costOf(standard, {}, 1, 20)).toMatchObject({ limit: 'cost', found: INTROSPECTION_COST });
    expect(costOf(standard, {}, INTROSPECTION_COST, 20)).toBe('allowed');
    expect(
      costOf(
        '{ a: __schema { types { name } } b: __type(name: "Item") { name } item { id } }',
        {},
        1,
      ),
    ).toMatchObject({ found: 2 * INTROSPECTION_COST + 2 });
  });

  it('does not take __typename for introspection', () => {
    expect(costOf('{ __typename item { __typename } }', {}, 1)).toMatchObject({ found: 3 });
    const document = parse('{ __typename }');
    expect(withoutIntrospection(document, '{ __typename }')).toEqual({
      document,
      introspections: 0,
    });
  });
});

describe('queryCostPlugin', () => {
  const limits = { maxCost: 100, maxFields: 500 };

  /** The plugin's verdict on one request: 'allowed' or the refusal's extensions. */
  async function verdict(
    plugin: ReturnType<typeof queryCostPlugin>,
    document: ReturnType<typeof parse>,
    variables?: Record<string, unknown>,
  ) {
    const listener = await plugin.requestDidStart!({} as never);
    const context = {
      request: { query: undefined, variables },
      document,
      operationName: null,
      schema,
    } as unknown as GraphQLRequestContextDidResolveOperation<BaseContext>;
    try {
      await listener!.didResolveOperation!(context);
      return 'allowed';
    } catch (error) {
      if (!(error instanceof QueryLimitError)) throw error;
      return error.extensions;
    }
  }

  it('gives every request of a document without variables the same verdict', async () => {
    const plugin = queryCostPlugin(limits);
    const cheap = parse('{ page(first: 10) { nodes { id } } }');
    const dear = parse('{ page(first: 60) { nodes { id } } }');
    for (let i = 0; i < 3; i++) {
      expect(await verdict(plugin, cheap)).toBe('allowed');
      expect(await verdict(plugin, dear, {})).toMatchObject({ limit: 'cost', found: 121 });
    }
  });

  it('prices a document with variables on every request', async () => {
    const plugin = queryCostPlugin(limits);
    const document = parse('query($n: Int) { page(first: $n) { nodes { id } } }');
    expect(await verdict(plugin, document, { n: 10 })).toBe('allowed');
    expect(await verdict(plugin, document, { n: 60 })).toMatchObject({ found: 121 });
    expect(await verdict(plugin, document, { n: 10 })).toBe('allowed');
  });
});

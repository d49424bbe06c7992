import { buildSchema, graphql } from 'graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selects } from './selected-fields.js';

const schema = buildSchema(`
  type User { id: ID! username: String! }
  type Post { id: ID! author: User! }
  type Conversation { id: ID! posts: [Post!]! createdBy: User! }
  type Page { nodes: [Conversation!]! }
  type Query { conversations: Page! }
`);

/** The `info` the `conversations` resolver gets for this operation. */
async function infoFor(source: string, variableValues?: Record<string, unknown>) {
  let captured: GraphQLResolveInfo | undefined;
  const rootValue = {
    conversations: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      captured = info;
      return { nodes: [] };
    },
  };
  const result = await graphql({ schema, source, rootValue, variableValues });
  expect(result.errors).toBeUndefined();
  return captured!;
}

const AUTHORS = ['nodes', 'posts', 'author'];

describe('selects', () => {
  it('follows a path of field names, under aliases', async () => {
    const info = await infoFor('{ conversations { nodes { p: posts { a: author { id } } } } }');
    expect(selects(info, ['nodes', 'posts'])).toBe(true);
    expect(selects(info, AUTHORS)).toBe(true);
    expect(selects(info, ['nodes', 'createdBy'])).toBe(false);
  });

  it('reads through inline fragments and fragment spreads', async () => {
    const info = await infoFor(`
      { conversations { nodes { ... on Conversation { posts { ...P } } } } }
      fragment P on Post { author { username } }
    `);
    expect(selects(info, AUTHORS)).toBe(true);
  });

  it('finds a field in any of several selections of its parent', async () => {
    const info = await infoFor(
      '{ conversations { nodes { a: posts { id } b: posts { author { id } } } } }',
    );
    expect(selects(info, AUTHORS)).toBe(true);
  });

  it('leaves out what @skip and @include leave out, with literals or variables', async () => {
    const skipped = await infoFor(
      'query ($no: Boolean!) { conversations { nodes { posts { author @include(if: $no) { id } id } } } }',
      { no: false },
    );
    expect(selects(skipped, ['nodes', 'posts'])).toBe(true);
    expect(selects(skipped, AUTHORS)).toBe(false);

    const literal = await infoFor(
      '{ conversations { nodes { id posts @skip(if: true) { author { id } } } } }',
    );
    expect(selects(literal, ['nodes', 'posts'])).toBe(false);

    const kept = await infoFor(
      'query ($yes: Boolean!) { conversations { nodes { posts @skip(if: false) { author @include(if: $yes) { id } } } } }',
      { yes: true },
    );
    expect(selects(kept, AUTHORS)).toBe(true);
  });
});

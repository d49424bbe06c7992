import { parseValue } from 'graphql';
import { GraphQLJSON, jsonFromLiteral } from './json.scalar.js';

describe('JSON scalar', () => {
  it('reads inline literals of every JSON kind', () => {
    const literal = parseValue(
      '{ a: "x", n: 4, f: 1.5, b: true, z: null, list: [1, "two", { c: false }] }',
    );
    expect(jsonFromLiteral(literal, {})).toEqual({
      a: 'x',
      n: 4,
      f: 1.5,
      b: true,
      z: null,
      list: [1, 'two', { c: false }],
    });
  });

  it('substitutes variables inside a literal', () => {
    expect(jsonFromLiteral(parseValue('{ id: $id }'), { id: 'q-1' })).toEqual({ id: 'q-1' });
  });

  it('keeps a "__proto__" key as data', () => {
    const value = jsonFromLiteral(parseValue('{ __proto__: { polluted: true } }'), {}) as Record<
      string,
      unknown
    >;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses enum literals, which have no JSON form', () => {
    expect(() => jsonFromLiteral(parseValue('SOMETHING'), {})).toThrow(/enum value SOMETHING/);
  });

  it('passes variables through unchanged', () => {
    const payload = { nested: [1, 2] };
    expect(GraphQLJSON.parseValue(payload)).toBe(payload);
  });
});

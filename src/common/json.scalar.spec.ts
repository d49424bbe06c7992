import { parseValue } from 'graphql';
import { GraphQLError } from 'graphql';
import { GraphQLJSON, JSON_MAX_DEPTH, jsonFromLiteral } from './json.scalar.js';

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

  it('refuses a variable nested deeper than the limit, without recursing into it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(() => GraphQLJSON.parseValue(deep)).toThrow(
      `JSON value nested deeper than ${JSON_MAX_DEPTH} levels, the limit`,
    );
    let justDeepEnough: unknown = 1;
    for (let i = 0; i < JSON_MAX_DEPTH; i += 1) justDeepEnough = { a: justDeepEnough };
    expect(GraphQLJSON.parseValue(justDeepEnough)).toBe(justDeepEnough);
  });

  it('refuses a value longer than the limit as BAD_USER_INPUT', () => {
    let thrown: unknown;
    try {
      GraphQLJSON.parseValue({ text: 'x'.repeat(100_001) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('checks literals, with the variables they contain', () => {
    const literal = parseValue('{ a: { b: $deep } }');
    let deep: unknown = 1;
    for (let i = 0; i < 20; i += 1) deep = [deep];
    expect(() => GraphQLJSON.parseLiteral(literal, { deep })).toThrow(/nested deeper/);
  });
});

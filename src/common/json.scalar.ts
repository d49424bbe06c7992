import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { ValueNode } from 'graphql';
import { ErrorCode } from './domain.exception.js';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Deepest nesting of objects and arrays a JSON value may have (event payloads are flat). */
export const JSON_MAX_DEPTH = 10;
/** Largest JSON value, in characters of its JSON text (about; keys, strings and numbers). */
export const JSON_MAX_LENGTH = 100_000;

function refuse(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

/**
 * Refuses values nested deeper than JSON_MAX_DEPTH or longer than JSON_MAX_LENGTH. Walks with its
 * own stack and stops at the first excess, so a 200,000-level value costs a few steps, not a stack
 * overflow in whatever recursive code would otherwise meet it next (validation, the database).
 */
export function assertJsonWithinLimits(value: unknown): void {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let length = 0;
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current === 'string') length += current.length + 2;
    else if (typeof current !== 'object' || current === null) length += 5;
    else {
      if (depth >= JSON_MAX_DEPTH) {
        throw refuse(`JSON value nested deeper than ${JSON_MAX_DEPTH} levels, the limit`);
      }
      const entries = Array.isArray(current)
        ? current.map((item) => ['', item] as const)
        : Object.entries(current);
      for (const [key, item] of entries) {
        length += key.length + 4;
        pending.push({ value: item, depth: depth + 1 });
      }
    }
    if (length > JSON_MAX_LENGTH) {
      throw refuse(`JSON value longer than ${JSON_MAX_LENGTH} characters, the limit`);
    }
  }
}

/** A JSON value written inline in a query (variables arrive already parsed). */
export function jsonFromLiteral(
  node: ValueNode,
  variables: Record<string, unknown> | null | undefined,
): JsonValue {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => jsonFromLiteral(value, variables));
    case Kind.OBJECT: {
      // A null prototype, so a key named "__proto__" stays data instead of becoming a prototype.
      const object = Object.create(null) as Record<string, JsonValue>;
      for (const field of node.fields)
        object[field.name.value] = jsonFromLiteral(field.value, variables);
      return object;
    }
    case Kind.VARIABLE:
      return (variables?.[node.name.value] ?? null) as JsonValue;
    case Kind.ENUM:
      throw new GraphQLError(`JSON cannot represent the enum value ${node.value}`, { nodes: node });
  }
}

/**
 * Arbitrary JSON (an event's payload). A small scalar of our own rather than a package: the
 * payload's shape is checked by the notification type it belongs to, not by GraphQL; its size and
 * depth are checked here, before anything else touches it. (A literal's nesting is already bounded
 * by the document's token limit.)
 */
export const GraphQLJSON = new GraphQLScalarType<JsonValue, JsonValue>({
  name: 'JSON',
  description: `Any JSON value: object, array, string, number, boolean or null; at most ${JSON_MAX_DEPTH} levels deep and ${JSON_MAX_LENGTH} characters long.`,
  serialize: (value) => value as JsonValue,
  parseValue: (value) => {
    assertJsonWithinLimits(value);
    return value as JsonValue;
  },
  parseLiteral: (node, variables) => {
    const value = jsonFromLiteral(node, variables);
    assertJsonWithinLimits(value);
    return value;
  },
});

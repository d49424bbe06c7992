import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { ValueNode } from 'graphql';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

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
 * payload's shape is checked by the notification type it belongs to, not by GraphQL.
 */
export const GraphQLJSON = new GraphQLScalarType<JsonValue, JsonValue>({
  name: 'JSON',
  description: 'Any JSON value: object, array, string, number, boolean or null.',
  serialize: (value) => value as JsonValue,
  parseValue: (value) => value as JsonValue,
  parseLiteral: (node, variables) => jsonFromLiteral(node, variables),
});

import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { InvalidInputException } from './domain.exception.js';

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

/** A `{ nodes, pageInfo }` GraphQL type for cursor pagination of `T`. */
export function Paginated<T>(node: Type<T>, name: string): Type<Page<T>> {
  @ObjectType(name)
  class PaginatedType implements Page<T> {
    @Field(() => [node])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return PaginatedType;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first = 50;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  after?: string | null;
}

/**
 * Keyset cursors: the sort value and the id of the last row, so pages stay stable while rows are
 * added. Opaque to clients (base64url JSON).
 */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(value: string | null | undefined): Cursor | undefined {
  // `after: null` is how many clients say "first page".
  if (value === undefined || value === null) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof parsed.at === 'string' && typeof parsed.id === 'string')
      return { at: parsed.at, id: parsed.id };
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputException('Invalid cursor', {
    after: ['is not a cursor this API returned'],
  });
}

/** Builds a page from `first + 1` fetched rows: the extra row only tells whether there is more. */
export function toPage<T>(rows: T[], first: number, cursorOf: (row: T) => Cursor): Page<T> {
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: {
      endCursor: last ? encodeCursor(cursorOf(last)) : null,
      hasNextPage: rows.length > first,
    },
  };
}

import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { InvalidInputException } from './domain.exception.js';
import { listOf } from './query-cost.plugin.js';

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
    // The page field's `first` already counts its items (query-cost.plugin.ts).
    @Field(() => [node], { complexity: listOf(1) })
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

// What encodeCursor writes: an ISO 8601 UTC time (up to microseconds, as Postgres keeps them) and a
// row's UUID. Anything else would reach the database as a bad timestamp or uuid: a 500, not a 400.
const CURSOR_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isCursorTime(value: string): boolean {
  const match = CURSOR_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  // Date.UTC rolls 2024-02-30 over to March; a real date survives the round trip unchanged.
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    year >= 1970 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

export function decodeCursor(value: string | null | undefined): Cursor | undefined {
  // `after: null` is how many clients say "first page".
  if (value === undefined || value === null) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (
      typeof parsed.at === 'string' &&
      typeof parsed.id === 'string' &&
      isCursorTime(parsed.at) &&
      UUID.test(parsed.id)
    )
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

import { buildMessage, ValidateBy } from 'class-validator';
import type { ValidationOptions } from 'class-validator';

/**
 * A list's time window: `since` inclusive, `before` exclusive, either end open. Half-open, so a
 * client walking day by day (`since` = midnight, `before` = the next midnight) sees every row once.
 */
export interface DateRange {
  since?: Date;
  before?: Date;
}

/**
 * On a window's `since` field: it must be earlier than the sibling `before` field when both are
 * given, so a reversed window is refused with the field named instead of answering an empty page.
 */
export function IsEarlierThan(beforeProperty: string, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isEarlierThan',
      constraints: [beforeProperty],
      validator: {
        validate(value: unknown, args): boolean {
          const before = (args?.object as Record<string, unknown> | undefined)?.[beforeProperty];
          return !(value instanceof Date && before instanceof Date) || value < before;
        },
        defaultMessage: buildMessage(
          (each) => `${each}$property must be earlier than ${beforeProperty}`,
          options,
        ),
      },
    },
    options,
  );
}

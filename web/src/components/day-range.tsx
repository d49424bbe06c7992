import { TextField } from './form-controls';

/** Two days picked in date inputs ("YYYY-MM-DD", empty for an open end), in the admin's time zone. */
export interface DayRange {
  fromDay: string;
  toDay: string;
}

export const ANY_DAY: DayRange = { fromDay: '', toDay: '' };

/**
 * The API's half-open window for a day range: from the first day's local midnight up to the
 * midnight after the last day, so "To" includes its whole day whatever the admin's time zone.
 */
export function dayWindow({ fromDay, toDay }: DayRange): { since?: string; before?: string } {
  const window: { since?: string; before?: string } = {};
  if (fromDay) window.since = localMidnight(fromDay).toISOString();
  if (toDay) {
    const next = localMidnight(toDay);
    next.setDate(next.getDate() + 1);
    window.before = next.toISOString();
  }
  return window;
}

/** A date input's value is always "YYYY-MM-DD" (or empty, handled by the caller). */
function localMidnight(day: string): Date {
  const [year = NaN, month = NaN, date = NaN] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
}

/** "From" and "To" date inputs for a log's filter form. */
export function DayRangeFields({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: DayRange;
  onChange: (value: DayRange) => void;
}) {
  return (
    <>
      <TextField
        id={`${idPrefix}-from`}
        label="From"
        type="date"
        value={value.fromDay}
        onChange={(fromDay) => onChange({ ...value, fromDay })}
      />
      <TextField
        id={`${idPrefix}-to`}
        label="To"
        type="date"
        value={value.toDay}
        onChange={(toDay) => onChange({ ...value, toDay })}
      />
    </>
  );
}

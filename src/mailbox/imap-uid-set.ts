/**
 * Compresses UIDs into an IMAP sequence set ("3:5,9,11:12"), so one command covers a whole batch
 * without the command line growing with every message.
 */
export function toUidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].filter((uid) => Number.isInteger(uid) && uid > 0);
  sorted.sort((a, b) => a - b);
  const ranges: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const uid of sorted) {
    if (start !== undefined && previous !== undefined && uid === previous + 1) {
      previous = uid;
      continue;
    }
    if (start !== undefined && previous !== undefined) ranges.push(range(start, previous));
    start = uid;
    previous = uid;
  }
  if (start !== undefined && previous !== undefined) ranges.push(range(start, previous));
  return ranges.join(',');
}

function range(start: number, end: number): string {
  return start === end ? String(start) : `${start}:${end}`;
}

export interface BatchLimits<T> {
  /** At most this many items a batch. */
  maxItems?: number;
  /** A batch closes before its sizes would add up beyond this; one larger item goes alone. */
  maxBytes: number;
  sizeOf: (item: T) => number;
}

/**
 * Splits items, in order, into batches bounded by count and by total size, so that what a batch
 * loads into memory at once (raw messages, mostly) stays bounded however large the items are.
 */
export function batchesOf<T>(items: readonly T[], limits: BatchLimits<T>): T[][] {
  const maxItems = limits.maxItems ?? Number.POSITIVE_INFINITY;
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = limits.sizeOf(item);
    if (current.length && (current.length >= maxItems || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Runs `work` on every item with at most `concurrency` at a time; resolves when all are done. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await work(item);
      }
    },
  );
  await Promise.all(workers);
}

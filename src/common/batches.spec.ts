import { batchesOf, forEachConcurrently } from './batches.js';

describe('batchesOf', () => {
  const sized = (sizes: number[]) => sizes.map((size, index) => ({ index, size }));
  const indexes = (batches: Array<Array<{ index: number }>>) =>
    batches.map((batch) => batch.map((item) => item.index));

  it('closes a batch before its sizes would pass maxBytes, keeping the order', () => {
    const batches = batchesOf(sized([4, 4, 4, 1, 9]), { maxBytes: 9, sizeOf: (i) => i.size });
    expect(indexes(batches)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('closes a batch at maxItems, whatever the sizes', () => {
    const batches = batchesOf(sized([0, 0, 0, 0, 0]), {
      maxItems: 2,
      maxBytes: 100,
      sizeOf: (i) => i.size,
    });
    expect(indexes(batches)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('puts an item larger than maxBytes in a batch of its own', () => {
    const batches = batchesOf(sized([1, 50, 1]), { maxBytes: 10, sizeOf: (i) => i.size });
    expect(indexes(batches)).toEqual([[0], [1], [2]]);
  });

  it('returns no batch for no items', () => {
    expect(batchesOf([], { maxBytes: 1, sizeOf: () => 1 })).toEqual([]);
  });
});

describe('forEachConcurrently', () => {
  it('runs every item, never more than `concurrency` at once', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const done: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await Promise.resolve();
      await Promise.resolve();
      done.push(item);
      running -= 1;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(mostAtOnce).toBe(3);
  });
});

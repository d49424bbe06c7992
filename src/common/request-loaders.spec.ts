import { alignToKeys, BatchLoader, mapLazy, RequestLoaders } from './request-loaders.js';

/** Squares, counting its batches. */
class Squares extends BatchLoader<number, number | null> {
  batches: number[][] = [];

  protected loadBatch(keys: readonly number[]): Promise<Array<number | null>> {
    this.batches.push([...keys]);
    const found = new Map(keys.filter((key) => key >= 0).map((key) => [key, key * key]));
    return Promise.resolve(alignToKeys(keys, found, () => null));
  }
}

describe('BatchLoader.lazy', () => {
  it('is a promise until a batch of this request has loaded the key, then the value itself', async () => {
    const squares = new Squares();
    const loaders = new RequestLoaders();
    const pending = squares.lazy(loaders, 3);
    expect(pending).toBeInstanceOf(Promise);
    expect(squares.lazy(loaders, -1)).toBeInstanceOf(Promise);
    expect(await pending).toBe(9);
    expect(squares.batches).toEqual([[3, -1]]);

    expect(squares.lazy(loaders, 3)).toBe(9);
    // A key the batch found nothing for is a value too (null), not another query.
    expect(squares.lazy(loaders, -1)).toBeNull();
    expect(squares.batches).toHaveLength(1);
  });

  it('keeps values per request', async () => {
    const squares = new Squares();
    await squares.in(new RequestLoaders()).load(2);
    expect(squares.lazy(new RequestLoaders(), 2)).toBeInstanceOf(Promise);
  });
});

describe('BatchLoader.loadAhead', () => {
  /** Fails its first batch. */
  class Flaky extends Squares {
    protected override loadBatch(keys: readonly number[]): Promise<Array<number | null>> {
      if (this.batches.length === 0) {
        this.batches.push([...keys]);
        return Promise.reject(new Error('pool timeout'));
      }
      return super.loadBatch(keys);
    }
  }

  it('loads the keys in one batch, after which lazy gives values', async () => {
    const squares = new Squares();
    const loaders = new RequestLoaders();
    expect(await squares.loadAhead(loaders, [2, 3])).toEqual([4, 9]);
    expect(squares.lazy(loaders, 3)).toBe(9);
    expect(squares.batches).toEqual([[2, 3]]);
  });

  it('keeps a failed batch failed for the fields that read it, without querying again', async () => {
    const flaky = new Flaky();
    const loaders = new RequestLoaders();
    const found = await flaky.loadAhead(loaders, [2]);
    expect(found[0]).toBeInstanceOf(Error);
    await expect(flaky.lazy(loaders, 2)).rejects.toThrow('pool timeout');
    expect(flaky.batches).toHaveLength(1);
  });
});

describe('mapLazy', () => {
  it('maps a value at once and a promise when it settles', async () => {
    expect(mapLazy(2, (value) => value + 1)).toBe(3);
    const later = mapLazy(Promise.resolve(2), (value) => value + 1);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(3);
  });
});

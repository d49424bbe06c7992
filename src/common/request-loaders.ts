import DataLoader from 'dataloader';

/** A relation's value, or its promise while a batch loader reads it (see conversation-graph.ts). */
export type Lazy<T> = T | Promise<T>;

/** `map` applied to a lazy value: at once to a value, when it arrives to a promise. */
export function mapLazy<T, U>(value: Lazy<T>, map: (value: T) => U): Lazy<U> {
  return value instanceof Promise ? value.then(map) : map(value);
}

/**
 * A batch query behind a per-request DataLoader: the values for many keys in one round trip.
 * Subclasses are ordinary providers of the module that owns the table; resolvers call
 * `loader.in(loaders).load(key)`, so a page of 200 conversations asks for its posts, authors and
 * mentioned users a handful of times in all instead of once per item.
 */
export abstract class BatchLoader<K, V> {
  /** Keys per query; a larger page is split into several queries rather than one huge array. */
  protected readonly maxBatchSize: number = 1000;

  /** One value per key, in the order of `keys` (a key with nothing behind it gets its empty value). */
  protected abstract loadBatch(keys: readonly K[]): Promise<V[]>;

  /** This loader's DataLoader for the current request. */
  in(loaders: RequestLoaders): DataLoader<K, V> {
    return loaders.loaderFor(this);
  }

  /**
   * The value for `key` itself when this request has already loaded it, else its promise. A
   * value lets graphql-js complete the field, and the object around it, without the promises,
   * Promise.all and result copies it makes for a field that answers with a promise.
   */
  lazy(loaders: RequestLoaders, key: K): Lazy<V> {
    const loaded = loaders.loadedValue(this, key);
    return loaded ? loaded.value : this.in(loaders).load(key);
  }

  /**
   * Loads `keys` ahead of the fields that will read them (see `lazy`), as one batch. A failed
   * batch is not retried by those fields: DataLoader forgets a failed key, so its error is put
   * back, and each field reports it as it would have had it asked itself.
   */
  async loadAhead(loaders: RequestLoaders, keys: readonly K[]): Promise<Array<V | Error>> {
    const loader = this.in(loaders);
    const found = await loader.loadMany(keys);
    found.forEach((value, index) => {
      if (value instanceof Error) loader.prime(keys[index], value);
    });
    return found;
  }

  /** @internal Called by RequestLoaders once per request; `loaded` keeps each batch's values. */
  createDataLoader(loaded: Map<K, V>): DataLoader<K, V> {
    return new DataLoader<K, V>(
      async (keys) => {
        const values = await this.loadBatch(keys);
        keys.forEach((key, index) => loaded.set(key, values[index]));
        return values;
      },
      { maxBatchSize: this.maxBatchSize },
    );
  }
}

/**
 * The DataLoaders of one GraphQL request, created with the request's context. The cache lives and
 * dies with the request: the next request reads fresh rows, and no request ever sees values
 * loaded for another user.
 */
export class RequestLoaders {
  // Keyed by the BatchLoader provider; each value is that provider's DataLoader<K, V> and the
  // values its batches have loaded so far, Map<K, V>.
  private readonly loaders = new Map<object, { loader: unknown; loaded: Map<unknown, unknown> }>();

  loaderFor<K, V>(source: BatchLoader<K, V>): DataLoader<K, V> {
    return this.entryFor(source).loader as DataLoader<K, V>;
  }

  /** The value a batch of this request loaded for `key`, or undefined if none has yet. */
  loadedValue<K, V>(source: BatchLoader<K, V>, key: K): { value: V } | undefined {
    const { loaded } = this.entryFor(source);
    return loaded.has(key) ? { value: loaded.get(key) as V } : undefined;
  }

  private entryFor<K, V>(source: BatchLoader<K, V>) {
    let entry = this.loaders.get(source);
    if (!entry) {
      const loaded = new Map<K, V>();
      entry = { loader: source.createDataLoader(loaded), loaded: loaded };
      this.loaders.set(source, entry);
    }
    return entry;
  }
}

/** Orders grouped rows by the keys a DataLoader asked for, with `empty` for keys without rows. */
export function alignToKeys<K, V>(keys: readonly K[], found: Map<K, V>, empty: () => V): V[] {
  return keys.map((key) => found.get(key) ?? empty());
}

/** Rows grouped by a key, each group in the rows' order: a batch query's answer, per key. */
export function groupBy<T, K>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

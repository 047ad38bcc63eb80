/**
 * Storage behind an interface. The runtime reads through a synchronous `StateBackend`; a node commits each
 * block's changes to it atomically with `commit`. Two implementations exist: `MemoryBackend` here (tests, the
 * dev chain, the simulator) and the SQLite store in @tensorium/node.
 *
 * Keys are `/`-separated strings (`balances/account/<ss58>`); values are canonical encodings (codec v1).
 * Prefix scans take a prefix ending in `/` and return entries in ascending key order (byte order of UTF-16
 * code units, which equals byte order for the ASCII keys the runtime uses).
 */
export interface StateBackend {
  get(key: string): Uint8Array | undefined;
  /** Entries whose key starts with `prefix`, ascending by key. */
  scan(prefix: string): [string, Uint8Array][];
  /** Metadata outside the hashed state (head, state-root accumulator). */
  getMeta(key: string): Uint8Array | undefined;
}

/** A set of changes to apply at once: `null` deletes. */
export type ChangeSet = Map<string, Uint8Array | null>;

export interface WritableBackend extends StateBackend {
  /** Applies state changes and metadata atomically. */
  commit(changes: ChangeSet, meta: Map<string, Uint8Array>): void;
}

/** Parent prefixes of a key: `a/b/c` → `a/`, `a/b/`. */
export function parentPrefixes(key: string): string[] {
  const out: string[] = [];
  let i = key.indexOf('/');
  while (i !== -1) {
    out.push(key.slice(0, i + 1));
    i = key.indexOf('/', i + 1);
  }
  return out;
}

/**
 * In-memory backend with a per-prefix index, so that a scan costs in proportion to what it returns.
 * `snapshot()` copies the maps (used by the dev chain's snapshot/restore).
 */
export class MemoryBackend implements WritableBackend {
  private data = new Map<string, Uint8Array>();
  private index = new Map<string, Set<string>>();
  /** Keys under a prefix in ascending order, kept until a key under the prefix is added or removed. */
  private sorted = new Map<string, string[]>();
  private meta = new Map<string, Uint8Array>();

  get(key: string): Uint8Array | undefined {
    return this.data.get(key);
  }

  getMeta(key: string): Uint8Array | undefined {
    return this.meta.get(key);
  }

  scan(prefix: string): [string, Uint8Array][] {
    let keys = this.sorted.get(prefix);
    if (keys === undefined) {
      const set = this.index.get(prefix);
      if (!set) return [];
      this.sorted.set(prefix, (keys = [...set].sort()));
    }
    return keys.map((k) => [k, this.data.get(k)!]);
  }

  commit(changes: ChangeSet, meta: Map<string, Uint8Array>): void {
    for (const [k, v] of changes) {
      if (v === null) {
        if (this.data.delete(k))
          for (const p of parentPrefixes(k)) {
            this.index.get(p)?.delete(k);
            this.sorted.delete(p);
          }
      } else {
        if (!this.data.has(k)) {
          for (const p of parentPrefixes(k)) {
            let s = this.index.get(p);
            if (!s) this.index.set(p, (s = new Set()));
            s.add(k);
            this.sorted.delete(p);
          }
        }
        this.data.set(k, v);
      }
    }
    for (const [k, v] of meta) this.meta.set(k, v);
  }

  get size(): number {
    return this.data.size;
  }

  /** A deep copy (values are immutable byte arrays and are shared). */
  snapshot(): MemoryBackend {
    const c = new MemoryBackend();
    c.data = new Map(this.data);
    c.meta = new Map(this.meta);
    for (const [p, s] of this.index) c.index.set(p, new Set(s));
    return c;
  }

  /** Every entry, ascending (for genesis dumps and tests). */
  entries(): [string, Uint8Array][] {
    return [...this.data.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}

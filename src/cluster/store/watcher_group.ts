// Models etcd's mvcc/watcher_group.go (and the watcher of mvcc/watcher.go): the watchers of one state
// (synced or unsynced), indexed so that an event finds its watchers without a scan of every watcher:
// single-key watchers by key, range watchers grouped by their range.
import type { IndexEnd } from './index';
import type { WatchResponse } from './types';

export class Watcher {
  /** The next revision this watcher has to hear about. */
  minRev: number;
  canceled = false;
  /** Which group holds it. */
  group: WatcherGroup | undefined;

  constructor(
    readonly id: number,
    readonly key: string,
    /** undefined: the key alone; '': every key ≥ key; else [key, end). */
    readonly end: IndexEnd,
    startRev: number,
    readonly prevKv: boolean,
    readonly noPut: boolean,
    readonly noDelete: boolean,
    readonly respond: (resp: WatchResponse) => void,
  ) {
    this.minRev = startRev;
  }

  contains(key: string): boolean {
    if (this.end === undefined) return key === this.key;
    return key >= this.key && (this.end === '' || key < this.end);
  }

  /** `/registry/pods/ (prefix)` style, for step titles. */
  describe(): string {
    if (this.end === undefined) return this.key;
    if (this.end === '') return `${this.key} (from-key)`;
    return `[${this.key}, ${this.end})`;
  }
}

interface RangeSet {
  key: string;
  end: string;
  watchers: Set<Watcher>;
}

export class WatcherGroup {
  /** Watchers of one key. */
  readonly keyWatchers = new Map<string, Set<Watcher>>();
  /** Range watchers, one entry per distinct range (the API server holds one per resource). */
  readonly ranges = new Map<string, RangeSet>();
  readonly watchers = new Set<Watcher>();

  constructor(readonly name: 'synced' | 'unsynced') {}

  get size(): number {
    return this.watchers.size;
  }

  add(w: Watcher): void {
    this.watchers.add(w);
    w.group = this;
    if (w.end === undefined) {
      let set = this.keyWatchers.get(w.key);
      if (!set) this.keyWatchers.set(w.key, (set = new Set()));
      set.add(w);
      return;
    }
    const id = `${w.key}\u0000${w.end}`;
    let r = this.ranges.get(id);
    if (!r) this.ranges.set(id, (r = { key: w.key, end: w.end, watchers: new Set() }));
    r.watchers.add(w);
  }

  delete(w: Watcher): boolean {
    if (!this.watchers.delete(w)) return false;
    if (w.group === this) w.group = undefined;
    if (w.end === undefined) {
      const set = this.keyWatchers.get(w.key);
      set?.delete(w);
      if (set?.size === 0) this.keyWatchers.delete(w.key);
      return true;
    }
    const id = `${w.key}\u0000${w.end}`;
    const r = this.ranges.get(id);
    r?.watchers.delete(w);
    if (r?.watchers.size === 0) this.ranges.delete(id);
    return true;
  }

  /** Calls fn for every watcher whose key or range holds `key`. */
  forKey(key: string, fn: (w: Watcher) => void): void {
    const set = this.keyWatchers.get(key);
    if (set) for (const w of set) fn(w);
    if (this.ranges.size === 0) return;
    for (const r of this.ranges.values()) {
      if (key >= r.key && (r.end === '' || key < r.end)) for (const w of r.watchers) fn(w);
    }
  }

  /** Whether any watcher is interested in `key`. */
  contains(key: string): boolean {
    if (this.keyWatchers.has(key)) return true;
    for (const r of this.ranges.values()) if (key >= r.key && (r.end === '' || key < r.end)) return true;
    return false;
  }
}

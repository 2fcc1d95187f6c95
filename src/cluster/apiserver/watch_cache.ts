// Models staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go: the current state of one resource
// (a store keyed by object key, with indexes) plus a cyclic buffer of its most recent events. A watch that
// starts from a resourceVersion still in the buffer is replayed from it; one older than the buffer's window
// gets 410 Gone ("too old resource version: X (Y)") and must relist.
//
// Worked example, capacity 3: events at rv 11, 12, 13, 14 arrive. After 14 the buffer holds 12, 13, 14 (11 fell
// out), so oldest = 12. A watch from rv 11 gets 12, 13, 14 (11 < 12-1 is false); a watch from rv 10 is too old:
// "too old resource version: 10 (11)".
import { newResourceExpired } from './errors';
import type { KubeObject } from './types';
import type { WatchEvent, WatchEventType } from './api';
import type { ChangeTrace } from './trace';

export interface WatchCacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  /** The object after the change (for DELETED: the last state, with the deleting revision as resourceVersion). */
  object: KubeObject;
  prevObject?: KubeObject;
  resourceVersion: number;
  /** Index values (namespace, trigger field) of object and prevObject, computed once per event. */
  namespace: string;
  trigger?: string;
  prevTrigger?: string;
  trace?: ChangeTrace;
  /** Per watch-event type, what the Cacher's deliveries of this event share (filled as it dispatches). */
  shared?: Partial<Record<WatchEventType, { event: WatchEvent; titlePrefix: string }>>;
}

export class WatchCache {
  private buffer: Array<WatchCacheEvent | undefined>;
  private startIndex = 0;
  private endIndex = 0;
  /** The store: key → object (frozen; shared with every list and watcher). */
  readonly store = new Map<string, KubeObject>();
  private byNamespace = new Map<string, Set<string>>();
  private byTrigger = new Map<string, Set<string>>();
  private sortedKeys: string[] | undefined;
  /** The revision the cache has caught up to. */
  resourceVersion = 0;
  /** The revision of the last full list (Replace); the window starts after it until the buffer wraps. */
  listResourceVersion = 0;
  /** Events that fell out of the window since the last Replace. */
  evicted = 0;

  constructor(
    private cap: number,
    private readonly triggerOf?: (obj: KubeObject) => string,
  ) {
    this.buffer = new Array(cap);
  }

  get capacity(): number {
    return this.cap;
  }

  /** Events currently in the window. */
  get size(): number {
    return this.endIndex - this.startIndex;
  }

  /** Changes the window's capacity, keeping the newest events. */
  setCapacity(cap: number): void {
    const events = this.events();
    const keep = events.slice(Math.max(0, events.length - cap));
    if (keep.length < events.length) this.evicted += events.length - keep.length;
    this.cap = Math.max(1, cap);
    this.buffer = new Array(this.cap);
    this.startIndex = 0;
    this.endIndex = 0;
    for (const e of keep) this.buffer[this.endIndex++ % this.cap] = e;
  }

  /** The buffered events, oldest first (for `queues` and tests). */
  events(): WatchCacheEvent[] {
    const out: WatchCacheEvent[] = [];
    for (let i = this.startIndex; i < this.endIndex; i++) out.push(this.buffer[i % this.cap]!);
    return out;
  }

  /** The oldest resourceVersion a watch may start after (watch rv ≥ oldest − 1). */
  oldest(): number {
    if (this.evicted === 0 || this.size === 0) return this.evicted === 0 ? this.listResourceVersion + 1 : this.resourceVersion + 1;
    return this.buffer[this.startIndex % this.cap]!.resourceVersion;
  }

  /** watchCache.Replace: the state of a fresh list from etcd at `rv`; the window restarts there. */
  replace(objects: Array<{ key: string; object: KubeObject }>, rv: number): void {
    this.store.clear();
    this.byNamespace.clear();
    this.byTrigger.clear();
    this.sortedKeys = undefined;
    for (const { key, object } of objects) this.put(key, object);
    this.buffer = new Array(this.cap);
    this.startIndex = this.endIndex = 0;
    this.evicted = 0;
    this.resourceVersion = rv;
    this.listResourceVersion = rv;
  }

  /** watchCache.processEvent: update the store, append to the window (evicting the oldest when full). */
  processEvent(ev: WatchCacheEvent): void {
    if (ev.type === 'DELETED') this.remove(ev.key, ev.prevObject ?? ev.object);
    else {
      const prev = this.store.get(ev.key);
      if (prev) this.unindex(ev.key, prev);
      this.put(ev.key, ev.object);
    }
    if (this.endIndex - this.startIndex === this.cap) {
      this.buffer[this.startIndex % this.cap] = undefined;
      this.startIndex++;
      this.evicted++;
    }
    this.buffer[this.endIndex % this.cap] = ev;
    this.endIndex++;
    this.resourceVersion = ev.resourceVersion;
  }

  private put(key: string, obj: KubeObject): void {
    if (!this.store.has(key)) this.sortedKeys = undefined;
    this.store.set(key, obj);
    const ns = obj.metadata.namespace ?? '';
    let s = this.byNamespace.get(ns);
    if (!s) this.byNamespace.set(ns, (s = new Set()));
    s.add(key);
    if (this.triggerOf) {
      const t = this.triggerOf(obj);
      let ts = this.byTrigger.get(t);
      if (!ts) this.byTrigger.set(t, (ts = new Set()));
      ts.add(key);
    }
  }

  private unindex(key: string, obj: KubeObject): void {
    this.byNamespace.get(obj.metadata.namespace ?? '')?.delete(key);
    if (this.triggerOf) this.byTrigger.get(this.triggerOf(obj))?.delete(key);
  }

  private remove(key: string, obj: KubeObject): void {
    const cur = this.store.get(key) ?? obj;
    this.unindex(key, cur);
    if (this.store.delete(key)) this.sortedKeys = undefined;
  }

  /**
   * The events after `rv` (getAllEventsSinceLocked). rv older than the window → 410 Gone. The caller handles
   * rv "0" (the whole store as ADDED events) itself.
   */
  getAllEventsSince(rv: number): WatchCacheEvent[] {
    const oldest = this.oldest();
    if (rv < oldest - 1) throw newResourceExpired(`too old resource version: ${rv} (${oldest - 1})`);
    // Binary search for the first event newer than rv.
    let lo = this.startIndex;
    let hi = this.endIndex;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.buffer[mid % this.cap]!.resourceVersion > rv) hi = mid;
      else lo = mid + 1;
    }
    const out: WatchCacheEvent[] = [];
    for (let i = lo; i < this.endIndex; i++) out.push(this.buffer[i % this.cap]!);
    return out;
  }

  /**
   * Objects in key order, narrowed by namespace or the trigger index when given (so a kubelet's list of its
   * own pods costs O(its pods), not O(all pods)).
   */
  list(opts: { namespace?: string; trigger?: string } = {}): KubeObject[] {
    let keys: Iterable<string>;
    if (opts.trigger !== undefined && this.triggerOf) {
      keys = [...(this.byTrigger.get(opts.trigger) ?? [])].sort();
    } else if (opts.namespace !== undefined) {
      keys = [...(this.byNamespace.get(opts.namespace) ?? [])].sort();
    } else {
      keys = this.sortedKeys ??= [...this.store.keys()].sort();
    }
    const out: KubeObject[] = [];
    for (const k of keys) {
      const o = this.store.get(k);
      if (o && (opts.namespace === undefined || (o.metadata.namespace ?? '') === opts.namespace)) out.push(o);
    }
    return out;
  }

  get(key: string): KubeObject | undefined {
    return this.store.get(key);
  }
}

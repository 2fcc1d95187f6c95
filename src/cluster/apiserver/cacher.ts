// Models staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go (+ cache_watcher.go): one etcd watch per
// resource feeds the watchCache; every event is dispatched to each watcher whose namespace, label and field
// selectors it matches. Watchers that pin the resource's trigger field (`spec.nodeName=NODE` for pods,
// `metadata.name=NODE` for nodes) are indexed by its value, as upstream's "indexed triggers" are, so one event
// about a pod on node-7 is compared only with node-7's kubelet and the unindexed watchers, not with 5,000.
import type { Loop, Work } from '../sim/loop';
import type { KV, WatchResponse, Watcher as EtcdWatcher, KeyValue } from '../store/types';
import { prefixEnd } from '../store/types';
import type { WatchEvent, WatchEventType } from './api';
import { ApiError } from './api';
import { newResourceExpired } from './errors';
import type { ResourceInfo } from './registry';
import { fieldGetter } from './registry';
import type { FieldSelectorMatcher, LabelSelectorMatcher } from './selectors';
import type { KubeObject } from './types';
import type { TraceLog, WatcherHop } from './trace';
import { WatchCache, type WatchCacheEvent } from './watch_cache';
import { CorruptObjectError, decodeObject, deepFreeze, tryDecodeObject } from './codec';

/** cacheWatcher: one client's watch on one resource. */
export class CacheWatcher {
  stopped = false;
  /** Events dispatched to this watcher so far. */
  delivered = 0;
  constructor(
    readonly id: number,
    readonly who: string,
    readonly namespace: string | undefined,
    readonly label: LabelSelectorMatcher,
    readonly field: FieldSelectorMatcher,
    /** Only events newer than this are sent (set from the watch's resourceVersion). */
    public startRV: number,
    readonly handler: (ev: WatchEvent) => void,
    /** The trigger value this watcher is indexed under, if its field selector pins the trigger field. */
    readonly trigger: string | undefined,
    private readonly fieldOf: (obj: KubeObject, field: string) => string,
  ) {}

  matches(obj: KubeObject): boolean {
    if (this.namespace !== undefined && (obj.metadata.namespace ?? '') !== this.namespace) return false;
    if (!this.label.empty && !this.label.matches(obj.metadata.labels)) return false;
    if (!this.field.empty && !this.field.matches((f) => this.fieldOf(obj, f))) return false;
    return true;
  }
}

export interface CacherOptions {
  /** The watch cache's window: how many recent events it keeps (upstream's default starts at 100). */
  capacity: number;
}

/** What `queues` shows for one resource's cache. */
export interface CacherSummary {
  resource: string;
  resourceVersion: number;
  objects: number;
  window: number;
  capacity: number;
  oldest: number;
  watchers: number;
  indexedWatchers: number;
}

export class Cacher {
  readonly watchCache: WatchCache;
  private watchers = new Map<number, CacheWatcher>();
  /** Watchers indexed by the value of the trigger field they pin. */
  private indexed = new Map<string, Set<CacheWatcher>>();
  private unindexed = new Set<CacheWatcher>();
  private indexedCount = 0;
  private etcdWatch: EtcdWatcher | undefined;
  private nextId = 1;
  private readonly triggerOf: ((obj: KubeObject) => string) | undefined;
  private readonly fieldOf: (obj: KubeObject, field: string) => string;
  ready = false;
  /** Keys changed at the cache's current revision (to tell a txn's further keys from a repeat). */
  private keysAtRV = new Set<string>();
  /** Deliveries dispatched (for the bench and `queues`). */
  dispatched = 0;

  constructor(
    readonly info: ResourceInfo,
    private readonly kv: KV,
    private readonly loop: Loop,
    private readonly traces: TraceLog,
    opts: CacherOptions,
  ) {
    const trig = info.triggerField ? fieldGetter(info, info.triggerField) : undefined;
    this.triggerOf = trig;
    this.watchCache = new WatchCache(opts.capacity, trig);
    this.fieldOf = (obj, f) => {
      const g = fieldGetter(info, f);
      return g ? g(obj) : '';
    };
  }

  /** Lists the resource from etcd into the cache, then watches etcd from the next revision (the cacher's reflector). */
  async start(): Promise<void> {
    const prefix = this.info.prefix;
    const resp = await this.kv.range({ key: prefix, rangeEnd: prefixEnd(prefix) });
    const rev = resp.header.revision;
    this.keysAtRV.clear();
    const objects: Array<{ key: string; object: KubeObject }> = [];
    for (const kv of resp.kvs) {
      const object = tryDecodeObject(kv.value, kv.modRevision);
      if (object) objects.push({ key: kv.key, object: deepFreeze(object) });
      else this.corrupt++;
    }
    this.watchCache.replace(objects, rev);
    this.etcdWatch = await this.kv.watch(
      { key: prefix, rangeEnd: prefixEnd(prefix), startRevision: rev + 1, prevKv: true },
      (r) => this.onWatchResponse(r),
    );
    this.ready = true;
  }

  async stop(): Promise<void> {
    this.ready = false;
    await this.etcdWatch?.cancel();
    this.etcdWatch = undefined;
    for (const w of [...this.watchers.values()]) this.removeWatcher(w);
  }

  /** etcd delivered a watch response (this runs inside etcd's step): into the cache, then out to watchers. */
  private onWatchResponse(resp: WatchResponse): void {
    if (resp.canceled || resp.compactRevision) {
      const why = resp.compactRevision ? `etcd watch cancelled: compacted at rev ${resp.compactRevision}` : `etcd watch cancelled${resp.cancelReason ? `: ${resp.cancelReason}` : ''}`;
      this.reinitialize(why);
      return;
    }
    for (const e of resp.events) {
      try {
        this.onEtcdEvent(e.type, e.kv, e.prevKv);
      } catch (err) {
        // A value that does not decode (put there by hand): the cache drops the key, as if it were gone.
        if (!(err instanceof CorruptObjectError)) throw err;
        this.corrupt++;
        const cached = this.watchCache.get(e.kv.key);
        if (cached) this.onEtcdEvent('DELETE', { ...e.kv, value: '' }, undefined);
      }
    }
  }

  /** Values under this resource's prefix that did not decode. */
  corrupt = 0;

  private onEtcdEvent(etcdType: 'PUT' | 'DELETE', kv: KeyValue, prevKv: KeyValue | undefined): void {
    const wc = this.watchCache;
    const rv = kv.modRevision;
    const key = kv.key;
    // One revision may change several keys (a txn, a lease's keys expiring together): skip only what was seen.
    if (rv < wc.resourceVersion || (rv === wc.resourceVersion && (this.keysAtRV.has(key) || this.keysAtRV.size === 0))) return;
    if (rv > wc.resourceVersion) this.keysAtRV.clear();
    this.keysAtRV.add(key);
    let type: WatchCacheEvent['type'];
    let object: KubeObject;
    let prevObject: KubeObject | undefined;
    const cachedPrev = wc.get(key);
    if (etcdType === 'DELETE') {
      type = 'DELETED';
      const last = cachedPrev ?? (prevKv ? decodeObject(prevKv.value, prevKv.modRevision) : undefined);
      if (!last) return;
      prevObject = last;
      // A DELETED event carries the last state with the deleting revision as its resourceVersion.
      object = deepFreeze({ ...last, metadata: { ...last.metadata, resourceVersion: String(rv) } });
    } else {
      object = deepFreeze(decodeObject(kv.value, rv));
      prevObject = cachedPrev ?? (prevKv ? deepFreeze(decodeObject(prevKv.value, prevKv.modRevision)) : undefined);
      type = prevObject ? 'MODIFIED' : 'ADDED';
    }
    const trace = this.traces.recordCached({
      revision: rv,
      resource: this.info.resource,
      key,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
      etcdType,
      type,
      at: this.loop.now(),
      cacheStep: this.loop.steps,
    });
    const ev: WatchCacheEvent = {
      type,
      key,
      object,
      prevObject,
      resourceVersion: rv,
      namespace: object.metadata.namespace ?? '',
      trigger: this.triggerOf?.(object),
      prevTrigger: prevObject && this.triggerOf?.(prevObject),
      trace,
    };
    wc.processEvent(ev);
    if (trace) {
      trace.cacheSize = wc.size;
      trace.cacheCapacity = wc.capacity;
    }
    this.dispatchEvent(ev);
  }

  /** Fan-out: every interested watcher gets the event as its own step (component kube-apiserver, kind dispatch). */
  private dispatchEvent(ev: WatchCacheEvent): void {
    if (this.watchers.size === 0) return;
    if (this.indexedCount > 0 && ev.trigger !== undefined) {
      const a = this.indexed.get(ev.trigger);
      if (a) for (const w of a) this.dispatchTo(w, ev);
      if (ev.prevTrigger !== undefined && ev.prevTrigger !== ev.trigger) {
        const b = this.indexed.get(ev.prevTrigger);
        if (b) for (const w of b) this.dispatchTo(w, ev);
      }
    }
    for (const w of this.unindexed) this.dispatchTo(w, ev);
  }

  /** cacheWatcher.convertToWatchEvent: what this watcher sees, given whether the new and old states match it. */
  private dispatchTo(w: CacheWatcher, ev: WatchCacheEvent): void {
    if (w.stopped || ev.resourceVersion <= w.startRV) return;
    let type: WatchEventType;
    let object: KubeObject;
    if (ev.type === 'DELETED') {
      if (!w.matches(ev.object)) return;
      type = 'DELETED';
      object = ev.object;
    } else {
      const cur = w.matches(ev.object);
      const old = ev.prevObject !== undefined && w.matches(ev.prevObject);
      if (cur) {
        type = old ? 'MODIFIED' : 'ADDED';
        object = ev.object;
      } else if (old) {
        // It left this watcher's selection: a DELETED with the old state at the new revision.
        type = 'DELETED';
        object = deletedView(ev);
      } else return;
    }
    this.enqueueDelivery(w, type, object, ev);
  }

  /**
   * One delivery = one step. The watch event and most of the title are built once per event and type and shared
   * by every watcher (the object is frozen), so a fan-out to 10,000 watchers allocates little per watcher.
   */
  private enqueueDelivery(w: CacheWatcher, type: WatchEventType, object: KubeObject, ev: WatchCacheEvent | undefined): void {
    const hop = ev?.trace ? this.traces.addWatcher(ev.trace, w.who, type) : undefined;
    this.dispatched++;
    let shared: SharedDelivery | undefined;
    if (ev) {
      const memo = (ev.shared ??= {});
      shared = memo[type];
      if (!shared || shared.event.object !== object) shared = memo[type] = this.sharedDelivery(type, object);
    } else shared = this.sharedDelivery(type, object);
    this.loop.enqueue(new Delivery(shared, w, hop, this.loop));
  }

  private sharedDelivery(type: WatchEventType, object: KubeObject): SharedDelivery {
    const m = object.metadata;
    return {
      event: Object.freeze({ type, object }),
      titlePrefix: `dispatch ${type} ${this.info.resource} ${m.namespace ? m.namespace + '/' : ''}${m.name} rv ${m.resourceVersion} → `,
    };
  }

  /**
   * Cacher.Watch. resourceVersion "" or "0": synthetic ADDED events for the current state, then changes.
   * A number: every change after it, replayed from the window, or an ERROR event with 410 Gone when the window
   * no longer reaches back that far.
   */
  watch(
    who: string,
    namespace: string | undefined,
    label: LabelSelectorMatcher,
    field: FieldSelectorMatcher,
    resourceVersion: string | undefined,
    handler: (ev: WatchEvent) => void,
  ): CacheWatcher {
    const trigger = this.info.triggerField ? field.exact(this.info.triggerField) : undefined;
    const wc = this.watchCache;
    const w = new CacheWatcher(this.nextId++, who, namespace, label, field, wc.resourceVersion, handler, trigger, this.fieldOf);
    const rvText = resourceVersion ?? '';
    if (rvText === '' || rvText === '0') {
      for (const obj of wc.list({ namespace, trigger })) if (w.matches(obj)) this.enqueueDelivery(w, 'ADDED', obj, undefined);
    } else {
      const rv = Number(rvText);
      if (!Number.isInteger(rv) || rv < 0) {
        this.sendError(w, new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 400, reason: 'BadRequest', message: `invalid resource version "${rvText}"` }));
        return w;
      }
      if (rv < wc.resourceVersion) {
        let events: WatchCacheEvent[];
        try {
          events = wc.getAllEventsSince(rv);
        } catch (err) {
          this.sendError(w, err as ApiError);
          return w;
        }
        w.startRV = rv;
        for (const ev of events) this.dispatchTo(w, ev);
      }
      w.startRV = Math.max(rv, wc.resourceVersion);
    }
    this.addWatcher(w);
    return w;
  }

  private sendError(w: CacheWatcher, err: ApiError): void {
    const status = err.status;
    this.loop.enqueue({
      component: 'kube-apiserver',
      kind: 'dispatch',
      phase: 'dispatch',
      title: `dispatch ERROR ${this.info.resource} (${status.code} ${status.reason}: ${status.message}) → ${w.who}`,
      run: () => {
        w.stopped = true;
        w.handler({ type: 'ERROR', object: status });
      },
    });
  }

  private addWatcher(w: CacheWatcher): void {
    this.watchers.set(w.id, w);
    if (w.trigger !== undefined) {
      let s = this.indexed.get(w.trigger);
      if (!s) this.indexed.set(w.trigger, (s = new Set()));
      s.add(w);
      this.indexedCount++;
    } else this.unindexed.add(w);
  }

  removeWatcher(w: CacheWatcher): void {
    w.stopped = true;
    if (!this.watchers.delete(w.id)) return;
    if (w.trigger !== undefined) {
      const s = this.indexed.get(w.trigger);
      if (s?.delete(w)) this.indexedCount--;
      if (s && s.size === 0) this.indexed.delete(w.trigger);
    } else this.unindexed.delete(w);
  }

  /** Lists from the cache (resourceVersion "0" and fresh-enough numbers), narrowed by indexes, in key order. */
  list(namespace: string | undefined, label: LabelSelectorMatcher, field: FieldSelectorMatcher): KubeObject[] {
    const trigger = this.info.triggerField ? field.exact(this.info.triggerField) : undefined;
    const out: KubeObject[] = [];
    for (const obj of this.watchCache.list({ namespace, trigger })) {
      if (!label.empty && !label.matches(obj.metadata.labels)) continue;
      if (!field.empty && !field.matches((f) => this.fieldOf(obj, f))) continue;
      out.push(obj);
    }
    return out;
  }

  /**
   * The etcd watch was cancelled (its history compacted away, as after `fault etcd-wipe`): as a step, relist from
   * etcd, watch again, and end every watcher with 410 Gone so that their reflectors relist too.
   */
  private reinitialize(reason: string): void {
    if (this.reinitializing) return;
    this.reinitializing = true;
    this.loop.enqueue({
      component: 'kube-apiserver',
      kind: 'relist',
      phase: 'watch',
      title: `watch cache ${this.info.resource}: ${reason}; relist from etcd and restart every watcher`,
      run: async () => {
        try {
          return await this.relist(reason);
        } finally {
          this.reinitializing = false;
        }
      },
    });
  }

  private reinitializing = false;

  private async relist(reason: string): Promise<{ lines: string[] }> {
    const old = this.etcdWatch;
    this.etcdWatch = undefined;
    await old?.cancel().catch(() => undefined);
    const watchers = [...this.watchers.values()];
    for (const w of watchers) this.removeWatcher(w);
    await this.start();
    const oldest = this.watchCache.oldest() - 1;
    for (const w of watchers) this.sendError(w, newResourceExpired(`too old resource version: ${w.startRV} (${oldest})`));
    return {
      lines: [
        `${reason}`,
        `relisted ${this.watchCache.store.size} ${this.info.resource} from etcd at rev ${this.watchCache.resourceVersion}`,
        `${watchers.length} watchers told 410 Gone`,
      ],
    };
  }

  /**
   * What restarting kube-apiserver does (e.g. after `etcdctl snapshot restore`): relist from etcd and make every
   * watcher relist. Runs now (not as a step); the 410s reach watchers as dispatch steps.
   */
  async resync(): Promise<void> {
    await this.relist('watch cache reinitialized');
  }

  summary(): CacherSummary {
    const wc = this.watchCache;
    return {
      resource: this.info.resource,
      resourceVersion: wc.resourceVersion,
      objects: wc.store.size,
      window: wc.size,
      capacity: wc.capacity,
      oldest: wc.oldest(),
      watchers: this.watchers.size,
      indexedWatchers: this.indexedCount,
    };
  }

  /** The watchers, for `queues`: who, and what they select. */
  listWatchers(): Array<{ who: string; namespace?: string; label: string; field: string; delivered: number }> {
    return [...this.watchers.values()].map((w) => ({
      who: w.who,
      namespace: w.namespace,
      label: w.label.toString(),
      field: w.field.toString(),
      delivered: w.delivered,
    }));
  }
}

const deletedViews = new WeakMap<WatchCacheEvent, KubeObject>();
function deletedView(ev: WatchCacheEvent): KubeObject {
  let v = deletedViews.get(ev);
  if (!v) {
    const p = ev.prevObject!;
    v = deepFreeze({ ...p, metadata: { ...p.metadata, resourceVersion: String(ev.resourceVersion) } });
    deletedViews.set(ev, v);
  }
  return v;
}

/** What every watcher of one event shares: the watch event itself and the start of the step's title. */
export interface SharedDelivery {
  event: WatchEvent;
  titlePrefix: string;
}

/** One dispatch of one event to one watcher: a step of kube-apiserver (one allocation per delivery). */
class Delivery implements Work {
  constructor(
    private readonly shared: SharedDelivery,
    private readonly w: CacheWatcher,
    private readonly hop: WatcherHop | undefined,
    private readonly loop: Loop,
  ) {}
  get component(): string {
    return 'kube-apiserver';
  }
  get kind(): string {
    return 'dispatch';
  }
  get phase(): string {
    return 'dispatch';
  }
  get title(): string {
    return this.shared.titlePrefix + this.w.who;
  }
  run(): void {
    const w = this.w;
    if (w.stopped) return;
    if (this.hop) this.hop.dispatchStep = this.loop.steps;
    w.delivered++;
    w.handler(this.shared.event);
  }
}

// No single upstream file: kube-apiserver's request traces (k8s.io/utils/trace) and the watch cache's metrics
// stand behind it. A bounded log that follows each change from the etcd revision that made it, through the
// watch cache, to every watcher it was dispatched to, so the debugger's `trace` line can show the fan-out.
import type { ResourceName, WatchEventType } from './api';

/** One watcher a change was dispatched to. */
export interface WatcherHop {
  /** The watcher's client identity: kube-scheduler, kubelet/node-1, replicaset-controller … */
  who: string;
  /** The event this watcher saw (a MODIFIED in etcd is an ADDED or DELETED for a watcher whose selector it enters or leaves). */
  type: WatchEventType;
  /** The loop step that dispatched it (kube-apiserver, kind dispatch); unset until that step ran. */
  dispatchStep?: number;
  /** The step in which the watcher's informer handled it (component = who, kind informer), if it used one. */
  informerStep?: number;
}

/** One change, followed from etcd to its watchers. */
export interface ChangeTrace {
  /** etcd's revision of the write: the object's new resourceVersion. */
  revision: number;
  resource: ResourceName;
  /** The etcd key, e.g. /registry/pods/default/web-1. */
  key: string;
  namespace?: string;
  name: string;
  /** What etcd recorded: PUT or DELETE. */
  etcdType: 'PUT' | 'DELETE';
  /** The watch cache's event: ADDED, MODIFIED or DELETED. */
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** Who wrote it through the API server (`kubectl`, `replicaset-controller` …) and how (create, update, updateStatus, delete, bind). */
  writer?: string;
  verb?: string;
  /** Step number of the write, if it happened inside a step. */
  writeStep?: number;
  /** Virtual time (ms) of the write. */
  at: number;
  /** The etcd step that delivered the revision to the watch cache. */
  cacheStep?: number;
  /** The watch cache's window after it took the event. */
  cacheSize?: number;
  cacheCapacity?: number;
  /** Watchers it was dispatched to (at most `watcherLimit` listed). */
  watchers: WatcherHop[];
  /** Watchers it went to beyond those listed. */
  moreWatchers: number;
}

interface PendingWrite {
  who: string;
  verb: string;
  step: number;
  at: number;
}

/**
 * The hop log: `recent(n)` for the last n changes (oldest first), `get(revision)` for one. Bounded: keeps the
 * last `limit` changes, and per change the first `watcherLimit` watchers.
 */
export class TraceLog {
  /** A circular buffer of the last `limit` changes. */
  private ring: Array<ChangeTrace | undefined>;
  private start = 0;
  private count = 0;
  private byRev = new Map<number, ChangeTrace[]>();
  private writes = new Map<number, PendingWrite>();
  enabled = true;

  constructor(
    readonly limit = 500,
    readonly watcherLimit = 64,
  ) {
    this.ring = new Array(limit);
  }

  /** Called by the API server after a write lands in etcd at `revision`. */
  recordWrite(revision: number, who: string, verb: string, step: number, at: number): void {
    if (!this.enabled) return;
    this.writes.set(revision, { who, verb, step, at });
    if (this.writes.size > this.limit * 4) {
      const first = this.writes.keys().next().value as number;
      this.writes.delete(first);
    }
  }

  /** Called by the watch cache when etcd's event for `revision` reaches it. */
  recordCached(t: Omit<ChangeTrace, 'watchers' | 'moreWatchers' | 'at'> & { at: number }): ChangeTrace | undefined {
    if (!this.enabled) return undefined;
    const w = this.writes.get(t.revision);
    if (w) this.writes.delete(t.revision);
    const trace: ChangeTrace = {
      revision: t.revision,
      resource: t.resource,
      key: t.key,
      namespace: t.namespace,
      name: t.name,
      etcdType: t.etcdType,
      type: t.type,
      writer: w?.who,
      verb: w?.verb,
      writeStep: w?.step,
      at: w?.at ?? t.at,
      cacheStep: t.cacheStep,
      watchers: [],
      moreWatchers: 0,
    };
    // One revision may carry several keys (a txn): byRev keeps them all.
    if (this.count === this.limit) {
      const old = this.ring[this.start]!;
      this.start = (this.start + 1) % this.limit;
      this.count--;
      const list = this.byRev.get(old.revision);
      if (list) {
        const i = list.indexOf(old);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.byRev.delete(old.revision);
      }
    }
    this.ring[(this.start + this.count) % this.limit] = trace;
    this.count++;
    const same = this.byRev.get(t.revision);
    if (same) same.push(trace);
    else this.byRev.set(t.revision, [trace]);
    return trace;
  }

  /** Adds a watcher hop to a change; returns the hop (undefined past the per-change limit). */
  addWatcher(trace: ChangeTrace | undefined, who: string, type: WatchEventType): WatcherHop | undefined {
    if (!trace) return undefined;
    if (trace.watchers.length >= this.watcherLimit) {
      trace.moreWatchers++;
      return undefined;
    }
    const hop: WatcherHop = { who, type };
    trace.watchers.push(hop);
    return hop;
  }

  /** The last `n` changes, oldest first. */
  recent(n = 10): ChangeTrace[] {
    const k = Math.min(n, this.count);
    const out: ChangeTrace[] = [];
    for (let i = this.count - k; i < this.count; i++) out.push(this.ring[(this.start + i) % this.limit]!);
    return out;
  }

  /** The changes made at `revision` (one, or several for a txn), if still in the log. */
  get(revision: number): ChangeTrace[] {
    return this.byRev.get(revision) ?? [];
  }

  /** Marks that `who`'s informer handled the change at `revision` (called by the client machinery). */
  noteInformer(revision: number, key: string, who: string, step: number): void {
    const list = this.byRev.get(revision);
    if (!list) return;
    const suffix = '/' + key;
    for (const c of list) {
      if (!c.key.endsWith(suffix)) continue;
      const hop = c.watchers.find((h) => h.who === who && h.informerStep === undefined);
      if (hop) hop.informerStep = step;
    }
  }

  clear(): void {
    this.ring = new Array(this.limit);
    this.start = 0;
    this.count = 0;
    this.byRev.clear();
    this.writes.clear();
  }
}

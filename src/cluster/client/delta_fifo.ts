// Models client-go tools/cache/delta_fifo.go: a queue of object keys, each with the list of changes (deltas) seen
// for it since it was last popped. A key is queued once however many deltas pile up behind it; a relist
// (Replace) adds Replaced deltas for what is listed and Deleted for what vanished while the watch was down.
import type { KubeObject } from '../apiserver/types';
import { metaNamespaceKey } from './store';

export type DeltaType = 'Added' | 'Updated' | 'Deleted' | 'Replaced' | 'Sync';

export interface Delta<T extends KubeObject> {
  type: DeltaType;
  object: T;
  /** A Deleted found only by a relist: the object's final state is unknown (DeletedFinalStateUnknown). */
  finalStateUnknown?: boolean;
}

export class DeltaFIFO<T extends KubeObject> {
  private items = new Map<string, Delta<T>[]>();
  private queue: string[] = [];
  private head = 0;
  private initialPopulationCount = 0;
  /** Called when a key joins the queue (the informer schedules one processing step per queued key). */
  onQueued: (key: string) => void = () => undefined;

  constructor(private readonly knownKeys: () => Iterable<string>, private readonly knownObject: (key: string) => T | undefined) {}

  /** Appends a delta; dedups two Deleted in a row (dedupDeltas). */
  add(type: DeltaType, obj: T, finalStateUnknown = false): void {
    const key = metaNamespaceKey(obj);
    const list = this.items.get(key);
    const d: Delta<T> = finalStateUnknown ? { type, object: obj, finalStateUnknown } : { type, object: obj };
    if (list) {
      const last = list[list.length - 1]!;
      if (type === 'Deleted' && last.type === 'Deleted') list[list.length - 1] = last.finalStateUnknown ? d : last;
      else list.push(d);
      return;
    }
    this.items.set(key, [d]);
    this.queue.push(key);
    this.onQueued(key);
  }

  /** DeltaFIFO.Replace: the state of a full list. */
  replace(list: T[]): void {
    const keys = new Set<string>();
    for (const obj of list) {
      keys.add(metaNamespaceKey(obj));
      this.add('Replaced', obj);
    }
    // Objects we knew of that the list no longer has: deleted while we were not watching.
    for (const k of this.knownKeys()) {
      if (keys.has(k)) continue;
      const queued = this.items.get(k);
      if (queued && queued[queued.length - 1]!.type === 'Deleted') continue;
      const last = queued?.[queued.length - 1]?.object ?? this.knownObject(k);
      if (last) this.add('Deleted', last, true);
    }
    for (const [k, queued] of this.items) {
      if (keys.has(k) || queued[queued.length - 1]!.type === 'Deleted') continue;
      this.add('Deleted', queued[queued.length - 1]!.object, true);
    }
    if (!this.replacedOnce) {
      this.replacedOnce = true;
      this.initialPopulationCount = this.length;
    }
  }

  private replacedOnce = false;

  /** HasSynced: the first list has been delivered and every key from it popped. */
  get synced(): boolean {
    return this.replacedOnce && this.initialPopulationCount === 0;
  }

  get length(): number {
    return this.queue.length - this.head;
  }

  /** The deltas waiting for `key` (for step titles). */
  peek(key: string): Delta<T>[] | undefined {
    return this.items.get(key);
  }

  /** Keys in order (for `queues`). */
  keys(): string[] {
    return this.queue.slice(this.head);
  }

  pop(): { key: string; deltas: Delta<T>[] } | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    const deltas = this.items.get(key)!;
    this.items.delete(key);
    if (this.initialPopulationCount > 0) this.initialPopulationCount--;
    return { key, deltas };
  }
}

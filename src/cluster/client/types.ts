// The shapes of client-go's machinery that every controller is built from (tools/cache/shared_informer.go,
// tools/cache/index.go, util/workqueue/). Implemented in this folder.
import type { KubeObject } from '../apiserver/types';
import type { ResourceName, ListOptions } from '../apiserver/api';
import type { StepDetail } from '../sim/loop';

/** cache.ResourceEventHandler */
export interface ResourceEventHandler<T extends KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  /** After a relist the final state may be unknown; upstream passes a DeletedFinalStateUnknown then. */
  onDelete?(obj: T): void;
}

/** cache.IndexFunc: the index values an object files under. */
export type IndexFunc<T extends KubeObject> = (obj: T) => string[];

/** cache.Indexer: the informer's local store, keyed by `namespace/name` (or `name` when cluster-scoped). */
export interface Indexer<T extends KubeObject> {
  get(key: string): T | undefined;
  list(): T[];
  keys(): string[];
  /** Objects filed under `value` by the named index (`namespace`, `nodeName`, …). Cost O(matches). */
  byIndex(indexName: string, value: string): T[];
}

/** cache.SharedIndexInformer */
export interface SharedIndexInformer<T extends KubeObject> {
  readonly resource: ResourceName;
  addEventHandler(handler: ResourceEventHandler<T>): void;
  addIndexers(indexers: Record<string, IndexFunc<T>>): void;
  getIndexer(): Indexer<T>;
  hasSynced(): boolean;
}

/** informers.SharedInformerFactory: one watch per resource (and selector) for all of a process's controllers. */
export interface SharedInformerFactory {
  forResource<T extends KubeObject>(resource: ResourceName, opts?: { namespace?: string } & Pick<ListOptions, 'labelSelector' | 'fieldSelector'>): SharedIndexInformer<T>;
  /** Lists and starts watching every informer asked for so far. */
  start(): Promise<void>;
  stop(): void;
}

/** What a reconcile reports: its observe / compare / act (shown by `step`), and whether to retry. */
export interface ReconcileResult extends StepDetail {
  /** Retry with the queue's per-item exponential backoff (AddRateLimited). */
  requeue?: boolean;
  /** Retry after this many ms of virtual time (AddAfter). */
  requeueAfter?: number;
}

/** workqueue.TypedRateLimitingInterface, keys only. */
export interface WorkQueue {
  readonly name: string;
  add(key: string): void;
  /** Waits up to 10 s are short waits `run` passes through; longer ones wait for `time advance` (opts.short overrides). */
  addAfter(key: string, delayMs: number, opts?: { short?: boolean }): void;
  addRateLimited(key: string): void;
  forget(key: string): void;
  numRequeues(key: string): number;
  len(): number;
  /** Keys waiting, in order (for `queues`). */
  pending(): string[];
  shutDown(): void;
}

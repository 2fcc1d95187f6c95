// Models client-go tools/cache/shared_informer.go: a Reflector feeding a DeltaFIFO, and a processing loop that
// pops one key at a time, updates the indexed local store and calls every registered handler. Here each pop is
// one step of the loop (component = the client's identity, kind `informer`).
import type { Client, ResourceName } from '../apiserver/api';
import type { KubeObject } from '../apiserver/types';
import type { Loop } from '../sim/loop';
import { DeltaFIFO, type Delta } from './delta_fifo';
import { Reflector, type ReflectorOptions } from './reflector';
import { ThreadSafeIndexer } from './store';
import type { IndexFunc, Indexer, ResourceEventHandler, SharedIndexInformer } from './types';

export class SharedIndexInformerImpl<T extends KubeObject> implements SharedIndexInformer<T> {
  private readonly indexer = new ThreadSafeIndexer<T>();
  private readonly fifo: DeltaFIFO<T>;
  readonly reflector: Reflector<T>;
  private handlers: ResourceEventHandler<T>[] = [];
  private started = false;
  private stopped = false;
  /** Keys popped so far (for tests and `queues`). */
  processed = 0;

  constructor(
    private readonly client: Client,
    readonly resource: ResourceName,
    private readonly loop: Loop,
    readonly options: ReflectorOptions = {},
  ) {
    this.fifo = new DeltaFIFO<T>(
      () => this.indexer.keys(),
      (k) => this.indexer.get(k),
    );
    this.fifo.onQueued = (key) => this.scheduleProcess(key);
    this.reflector = new Reflector<T>(
      client,
      resource,
      options,
      {
        replace: (items) => this.fifo.replace(items),
        add: (o) => this.fifo.add('Added', o),
        update: (o) => this.fifo.add('Updated', o),
        delete: (o) => this.fifo.add('Deleted', o),
      },
      loop,
    );
  }

  get who(): string {
    return this.client.who;
  }

  addEventHandler(handler: ResourceEventHandler<T>): void {
    this.handlers.push(handler);
    // A handler added late still hears about everything already in the store, as upstream replays it.
    if (this.started && this.indexer.size > 0) {
      const snapshot = this.indexer.list();
      this.loop.enqueue({
        component: this.who,
        kind: 'informer',
        phase: 'informer',
        title: `informer ${this.resource}: replay ${snapshot.length} objects to a new handler`,
        run: () => {
          for (const obj of snapshot) handler.onAdd?.(obj);
        },
      });
    }
  }

  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers);
  }

  getIndexer(): Indexer<T> & ThreadSafeIndexer<T> {
    return this.indexer;
  }

  hasSynced(): boolean {
    return this.fifo.synced;
  }

  /** Keys waiting in the DeltaFIFO (for `queues`). */
  pending(): string[] {
    return this.fifo.keys();
  }

  /** Lists (the first list is awaited) and starts watching. */
  async run(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    await this.reflector.run();
  }

  stop(): void {
    this.stopped = true;
    this.reflector.stop();
  }

  private scheduleProcess(key: string): void {
    const fifo = this.fifo;
    const resource = this.resource;
    this.loop.enqueue({
      component: this.who,
      kind: 'informer',
      phase: 'informer',
      get title() {
        const deltas = fifo.peek(key);
        return `informer ${resource}: ${deltas ? deltas.map((d) => d.type).join(',') : 'handle'} ${key}`;
      },
      run: () => this.processOne(),
    });
  }

  /** HandleDeltas for one popped key: update the indexer, then tell every handler. */
  private processOne(): { lines: string[] } | undefined {
    if (this.stopped) return undefined;
    const item = this.fifo.pop();
    if (!item) return undefined;
    this.processed++;
    const lines: string[] = [];
    let firstError: unknown;
    const call = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        firstError ??= err;
      }
    };
    for (const d of item.deltas) {
      this.apply(item.key, d, call);
      lines.push(`${d.type} ${item.key} rv ${d.object.metadata.resourceVersion ?? ''}`);
      const rv = Number(d.object.metadata.resourceVersion);
      if (rv) this.client.observer?.informerHandled(this.resource, rv, item.key, this.loop.steps);
    }
    if (firstError) throw firstError;
    return { lines };
  }

  private apply(key: string, d: Delta<T>, call: (fn: () => void) => void): void {
    if (d.type === 'Deleted') {
      const old = this.indexer.delete(key);
      const obj = d.finalStateUnknown ? (old ?? d.object) : d.object;
      for (const h of this.handlers) if (h.onDelete) call(() => h.onDelete!(obj));
      return;
    }
    const old = this.indexer.set(key, d.object);
    if (old) {
      for (const h of this.handlers) if (h.onUpdate) call(() => h.onUpdate!(old, d.object));
    } else {
      for (const h of this.handlers) if (h.onAdd) call(() => h.onAdd!(d.object));
    }
  }
}

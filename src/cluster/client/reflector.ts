// Models client-go tools/cache/reflector.go: list, then watch from the list's resourceVersion, keeping a store in
// step with the server. When the watch ends with 410 Gone (the API server's watch cache no longer reaches back
// to our resourceVersion) it relists and watches again, and the store's Replace works out what changed
// meanwhile, so no object is lost.
import type { Client, ResourceName, WatchEvent, WatchHandle } from '../apiserver/api';
import type { KubeObject, Status } from '../apiserver/types';
import type { Loop } from '../sim/loop';

/** What a reflector feeds (the DeltaFIFO of an informer, or any store). */
export interface ReflectorStore<T extends KubeObject> {
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export interface ReflectorOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export class Reflector<T extends KubeObject> {
  /** The resourceVersion of the last list or event seen. */
  lastSyncResourceVersion = '';
  /** Lists done so far (1 after start; more after each 410). */
  lists = 0;
  /** Watches that ended with 410 Gone. */
  expired = 0;
  private watchHandle: WatchHandle | undefined;
  private stopped = false;
  /** A watch generation, so events from a watch we already dropped are ignored. */
  private generation = 0;

  constructor(
    private readonly client: Client,
    readonly resource: ResourceName,
    private readonly opts: ReflectorOptions,
    private readonly store: ReflectorStore<T>,
    private readonly loop: Loop,
  ) {}

  get who(): string {
    return this.client.who;
  }

  /** ListAndWatch: the first list is served from the watch cache (resourceVersion "0"), as client-go asks. */
  async run(): Promise<void> {
    this.stopped = false;
    await this.listAndWatch(this.lastSyncResourceVersion || '0');
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
  }

  /** The watch connection drops (a network blip, an API server restart); lastSyncResourceVersion is kept. */
  disconnect(): void {
    this.generation++;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
  }

  /**
   * Re-watch from lastSyncResourceVersion, as client-go does after a watch ends. If the API server's window no
   * longer reaches back that far, the watch ends at once with 410 Gone and the reflector relists.
   */
  async reconnect(): Promise<void> {
    if (this.stopped) return;
    this.disconnect();
    await this.watchFrom(this.lastSyncResourceVersion);
  }

  private async watchFrom(rv: string): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.opts;
    const gen = ++this.generation;
    this.watchHandle = await this.client.watch<T>(this.resource, namespace, { labelSelector, fieldSelector, resourceVersion: rv }, (ev) => {
      if (gen === this.generation) this.onEvent(ev);
    });
  }

  private async listAndWatch(listRV: string): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.opts;
    const list = await this.client.list<T>(this.resource, namespace, { labelSelector, fieldSelector, resourceVersion: listRV });
    if (this.stopped) return;
    this.lists++;
    this.lastSyncResourceVersion = list.metadata.resourceVersion;
    this.store.replace(list.items, list.metadata.resourceVersion);
    await this.watchFrom(this.lastSyncResourceVersion);
  }

  /**
   * Relist as a step of this client. A failed list is retried with client-go's backoff (800 ms doubling to
   * 30 s), on timers that wait for `time advance`, so an unreachable API server cannot spin the loop.
   */
  private scheduleRelist(why: string, failures: number): void {
    const rv = this.lastSyncResourceVersion;
    const work = {
      component: this.client.who,
      kind: 'list',
      phase: 'list',
      title: `reflector ${this.resource}: ${why}; relist from rv ${rv}`,
      run: async () => {
        if (this.stopped) return undefined;
        try {
          await this.listAndWatch(rv);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          const wait = Math.min(800 * 2 ** failures, 30_000);
          this.scheduleRelist(`list failed (${msg})`, failures + 1);
          return { lines: [`failed to list ${this.resource}: ${msg}`, `retrying in ${wait} ms`] };
        }
        return { lines: [`relisted ${this.resource} at rv ${this.lastSyncResourceVersion}; watching from there`] };
      },
    };
    if (failures === 0) this.loop.enqueue(work);
    else this.loop.after(Math.min(800 * 2 ** (failures - 1), 30_000), work);
  }

  private onEvent(ev: WatchEvent<T>): void {
    if (this.stopped) return;
    if (ev.type === 'ERROR') {
      const status = ev.object as Status;
      this.generation++;
      this.watchHandle?.stop();
      this.watchHandle = undefined;
      if (status.code === 410) this.expired++;
      this.scheduleRelist(`watch ended (${status.code} ${status.reason}: ${status.message})`, 0);
      return;
    }
    if (ev.type === 'BOOKMARK') {
      this.lastSyncResourceVersion = (ev.object as T).metadata.resourceVersion ?? this.lastSyncResourceVersion;
      return;
    }
    const obj = ev.object as T;
    if (ev.type === 'ADDED') this.store.add(obj);
    else if (ev.type === 'MODIFIED') this.store.update(obj);
    else if (ev.type === 'DELETED') this.store.delete(obj);
    this.lastSyncResourceVersion = obj.metadata.resourceVersion ?? this.lastSyncResourceVersion;
  }
}

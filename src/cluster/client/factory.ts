// Models client-go informers/factory.go: one informer per resource (and selector) for the whole process, so
// the controllers of one kube-controller-manager share one watch per resource and one local cache.
import type { Client, ListOptions, ResourceName } from '../apiserver/api';
import type { KubeObject } from '../apiserver/types';
import type { Loop } from '../sim/loop';
import { SharedIndexInformerImpl } from './shared_informer';
import type { SharedIndexInformer, SharedInformerFactory } from './types';

export class SharedInformerFactoryImpl implements SharedInformerFactory {
  private informers = new Map<string, SharedIndexInformerImpl<KubeObject>>();

  /** `defaults` apply to every informer unless forResource overrides them (e.g. a kubelet's spec.nodeName). */
  constructor(
    readonly client: Client,
    private readonly loop: Loop,
    private readonly defaults: { namespace?: string } = {},
  ) {}

  forResource<T extends KubeObject>(
    resource: ResourceName,
    opts: { namespace?: string } & Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {},
  ): SharedIndexInformer<T> & SharedIndexInformerImpl<T> {
    const namespace = opts.namespace ?? this.defaults.namespace;
    const id = `${resource}|${namespace ?? ''}|${opts.labelSelector ?? ''}|${opts.fieldSelector ?? ''}`;
    let inf = this.informers.get(id);
    if (!inf) {
      inf = new SharedIndexInformerImpl<KubeObject>(this.client, resource, this.loop, {
        namespace,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
      });
      this.informers.set(id, inf);
    }
    return inf as unknown as SharedIndexInformer<T> & SharedIndexInformerImpl<T>;
  }

  /** Lists and starts watching every informer asked for so far (each list awaited, in the order asked). */
  async start(): Promise<void> {
    for (const inf of this.informers.values()) await inf.run();
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }

  /** Whether every informer has delivered its first list to its handlers. */
  hasSynced(): boolean {
    return [...this.informers.values()].every((i) => i.hasSynced());
  }

  /** Keys waiting in each informer's DeltaFIFO (for `queues`). */
  pending(): string[] {
    const out: string[] = [];
    for (const inf of this.informers.values()) for (const k of inf.pending()) out.push(`${inf.resource} ${k}`);
    return out;
  }
}

/** A factory for one process (one client identity). */
export function newSharedInformerFactory(client: Client, loop: Loop, defaults: { namespace?: string } = {}): SharedInformerFactoryImpl {
  return new SharedInformerFactoryImpl(client, loop, defaults);
}

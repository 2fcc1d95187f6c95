// client-go tools/record/event.go + events_cache.go: an EventRecorder that writes core/v1 Events through the
// API server, named `<object>.<hex time>`, and folds a repeat of the same event into `count` (EventCorrelator).
import type { Client } from '../../apiserver/api';
import type { KubeEvent, KubeObject } from '../../apiserver/types';
import type { Loop } from '../../sim/loop';

/** One counter per cluster (per loop), so two recorders never name two events alike within a millisecond. */
const sequences = new WeakMap<Loop, { n: number }>();

export class EventRecorder {
  private seen = new Map<string, KubeEvent>();

  constructor(
    private readonly client: Client,
    private readonly loop: Loop,
    /** source.component: default-scheduler, kubelet, deployment-controller … */
    readonly component: string,
    readonly host?: string,
  ) {}

  /** Records the event; failures are dropped, as client-go's broadcaster drops them. */
  async event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const ns = obj.metadata.namespace ?? 'default';
    const key = [obj.metadata.uid, ns, obj.metadata.name, type, reason, message].join('\u0000');
    const ts = this.loop.clock.rfc3339();
    const old = this.seen.get(key);
    try {
      if (old) {
        const updated: KubeEvent = { ...old, count: (old.count ?? 1) + 1, lastTimestamp: ts };
        this.seen.set(key, await this.client.update<KubeEvent>('events', updated));
        return;
      }
      let seq = sequences.get(this.loop);
      if (!seq) sequences.set(this.loop, (seq = { n: 0 }));
      const nanos = BigInt(this.loop.now()) * 1_000_000n + BigInt(seq.n++ % 1_000_000);
      const ev: KubeEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${obj.metadata.name}.${nanos.toString(16)}`, namespace: ns },
        involvedObject: {
          kind: obj.kind,
          namespace: obj.metadata.namespace,
          name: obj.metadata.name,
          uid: obj.metadata.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: obj.metadata.resourceVersion,
        },
        reason,
        message,
        source: this.host ? { component: this.component, host: this.host } : { component: this.component },
        type,
        count: 1,
        firstTimestamp: ts,
        lastTimestamp: ts,
        reportingComponent: this.component,
      };
      this.seen.set(key, await this.client.create<KubeEvent>('events', ev, ns));
      if (this.seen.size > 4096) this.seen.delete(this.seen.keys().next().value!);
    } catch {
      this.seen.delete(key);
    }
  }
}

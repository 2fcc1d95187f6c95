// Models client-go tools/record/event.go + events_cache.go (EventRecorder and EventCorrelator): components
// report what they did as core/v1 Events, and a repeat of the same event (same object, type, reason and message
// from the same source) bumps count and lastTimestamp on the existing Event instead of creating another.
// Writing is asynchronous upstream (a broadcaster goroutine); here each write is its own step.
import type { Client } from '../apiserver/api';
import { ApiError } from '../apiserver/api';
import type { KubeEvent, KubeObject, ObjectReference } from '../apiserver/types';
import type { Loop } from '../sim/loop';

export interface EventSource {
  /** kube-scheduler, kubelet, replicaset-controller, deployment-controller … */
  component: string;
  /** The node, for kubelets. */
  host?: string;
}

/** reference.GetReference: what an Event points at. */
export function objectReference(obj: KubeObject): ObjectReference {
  const ref: ObjectReference = { kind: obj.kind, name: obj.metadata.name, apiVersion: obj.apiVersion };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata.uid) ref.uid = obj.metadata.uid;
  if (obj.metadata.resourceVersion) ref.resourceVersion = obj.metadata.resourceVersion;
  return ref;
}

const MAX_LRU_ENTRIES = 4096;

/**
 * One counter per cluster (per loop), shared by every recorder: virtual time stands still within a step, so
 * two components reporting on one object at the same instant must still get two names.
 */
const sequences = new WeakMap<Loop, { n: number }>();

export class EventRecorder {
  /** Aggregation key → the Event's name and namespace (events_cache.go's LRU of 4096 entries). */
  private seen = new Map<string, { name: string; namespace: string }>();
  /** Events written (created or bumped). */
  written = 0;

  constructor(
    private readonly client: Client,
    private readonly loop: Loop,
    readonly source: EventSource,
  ) {}

  /**
   * Records an event about `obj` (written in a step of its own, after the caller's); `fieldPath` names the part
   * of it the event is about, as the kubelet does for a container (`spec.containers{nginx}`: SUBOBJECT).
   */
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    const ref = objectReference(obj);
    if (fieldPath) ref.fieldPath = fieldPath;
    const component = this.source.host && this.source.component === 'kubelet' ? `kubelet/${this.source.host}` : this.source.component;
    this.loop.enqueue({
      component,
      kind: 'event',
      phase: 'event',
      title: `event ${type} ${reason} ${ref.kind.toLowerCase()}/${ref.name}: ${message}`,
      run: async () => {
        const line = await this.write(ref, type, reason, message);
        return { lines: [line] };
      },
    });
  }

  /** Writes now (awaitable), bypassing the step: for callers already inside their own step. */
  async write(ref: ObjectReference, type: 'Normal' | 'Warning', reason: string, message: string): Promise<string> {
    const namespace = ref.namespace || 'default';
    const aggKey = [this.source.component, this.source.host ?? '', ref.kind, ref.namespace ?? '', ref.name, ref.uid ?? '', ref.apiVersion ?? '', ref.fieldPath ?? '', type, reason, message].join('\u0000');
    const now = this.loop.clock.rfc3339();
    const known = this.seen.get(aggKey);
    if (known) {
      try {
        const ev = await this.client.get<KubeEvent>('events', known.name, known.namespace);
        const updated: KubeEvent = { ...ev, count: (ev.count ?? 1) + 1, lastTimestamp: now };
        await this.client.update('events', updated);
        // Most recently used goes last, so the LRU drops the coldest entry first.
        this.seen.delete(aggKey);
        this.seen.set(aggKey, known);
        this.written++;
        return `events/${known.name}: count ${updated.count}`;
      } catch (err) {
        if (!(err instanceof ApiError) || (err.code !== 404 && err.code !== 409)) throw err;
        this.seen.delete(aggKey);
      }
    }
    // Event names are the object's name and the time in nanoseconds, in hex (`web-1.18a2b3c4d5e6f708`).
    let seq = sequences.get(this.loop);
    if (!seq) sequences.set(this.loop, (seq = { n: 0 }));
    const nanos = BigInt(this.loop.now()) * 1_000_000n + BigInt(seq.n++ % 1_000_000);
    const name = `${ref.name}.${nanos.toString(16)}`;
    const ev: KubeEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: ref,
      reason,
      message,
      source: this.source.host ? { component: this.source.component, host: this.source.host } : { component: this.source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      reportingComponent: this.source.component,
    };
    await this.client.create('events', ev, namespace);
    this.seen.set(aggKey, { name, namespace });
    if (this.seen.size > MAX_LRU_ENTRIES) this.seen.delete(this.seen.keys().next().value as string);
    this.written++;
    return `events/${name} created`;
  }
}

// pkg/controller/controller_utils.go: what every controller shares — ControllerExpectations, the pod template
// → pod copy, active-pod filtering, the order in which surplus pods are deleted, and ownerReference helpers.
import type { KubeObject, OwnerReference, Pod, PodCondition, PodTemplateSpec } from '../../apiserver/types';

/** ExpectationsTimeout: stale expectations are ignored after 5 minutes. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  at: number;
}

/**
 * ControllerExpectations: after a reconcile asks for N creations it waits until the informer has seen N pods
 * appear before acting again, so a slow watch never makes it create twice.
 */
export class ControllerExpectations {
  private store = new Map<string, Expectation>();
  constructor(private readonly now: () => number) {}

  satisfiedExpectations(key: string): boolean {
    const e = this.store.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, n: number): void {
    this.store.set(key, { add: n, del: 0, at: this.now() });
  }
  expectDeletions(key: string, n: number): void {
    this.store.set(key, { add: 0, del: n, at: this.now() });
  }
  creationObserved(key: string): void {
    const e = this.store.get(key);
    if (e) e.add--;
  }
  deletionObserved(key: string): void {
    const e = this.store.get(key);
    if (e) e.del--;
  }
  deleteExpectations(key: string): void {
    this.store.delete(key);
  }
  /** `add 2, del 0` for observe lines. */
  describe(key: string): string | undefined {
    const e = this.store.get(key);
    return e && (e.add > 0 || e.del > 0) ? `waiting for ${e.add > 0 ? `${e.add} creation(s)` : `${e.del} deletion(s)`} to be observed` : undefined;
  }
}

export function metaKey(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller);
}

export function newControllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** GetPodFromTemplate: labels and annotations from the template, generateName `<owner>-`, a controller ref. */
export function podFromTemplate(template: PodTemplateSpec, owner: KubeObject): Pod {
  const t = structuredClone(template);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: t.metadata?.labels,
      annotations: t.metadata?.annotations,
      ownerReferences: [newControllerRef(owner)],
    },
    spec: t.spec,
  };
}

/** IsPodActive: not finished and not being deleted. */
export function isPodActive(p: Pod): boolean {
  return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

export function podCondition(p: Pod, type: PodCondition['type']): PodCondition | undefined {
  return p.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(p: Pod): boolean {
  return podCondition(p, 'Ready')?.status === 'True';
}

/** IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  const c = podCondition(p, 'Ready');
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : now;
  return since + minReadySeconds * 1000 <= now;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(p: Pod): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount));
}

/**
 * ActivePods' Less: which pods go first when scaling down — unscheduled before scheduled, Pending before
 * Unknown before Running, not ready before ready, more restarts first, newer before older.
 */
export function compareForDeletion(a: Pod, b: Pod): number {
  const sa = a.spec.nodeName ? 1 : 0;
  const sb = b.spec.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const pa = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  if (ca !== cb) return ca > cb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** slowStartBatch: 1, 2, 4, 8 … so a broken template costs one failed call, not five hundred. */
export function slowStartBatches(count: number, initial = 1): number[] {
  const out: number[] = [];
  let remaining = count;
  let size = Math.min(remaining, initial);
  while (size > 0) {
    out.push(size);
    remaining -= size;
    size = Math.min(2 * size, remaining);
  }
  return out;
}

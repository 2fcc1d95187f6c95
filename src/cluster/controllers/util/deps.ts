// What every component of the mini-cluster is built from (the role cmd/kube-controller-manager's
// ControllerContext plays upstream): a client for the API server with the component's identity, a shared
// informer factory, work queues whose items run as loop steps, the clock and the seeded random source.
import type { Client } from '../../apiserver/api';
import type { ReconcileResult, SharedInformerFactory, WorkQueue } from '../../client/types';
import type { Loop } from '../../sim/loop';
import type { Rand } from '../../sim/rand';

export interface QueueOptions {
  /** The loop component each item runs as: `replicaset-controller`, `kubelet/node-1`. */
  component: string;
  /** Work kind (default `reconcile`). */
  kind?: string;
  /** The phase a breakpoint can name. */
  phase?: string;
  /** The one-line title of the step that handles `key`. */
  title?: (key: string) => string;
  /** Cap of the per-item exponential backoff (default 1000 s; the namespace controller retries at least every 60 s). */
  maxBackoffMs?: number;
}

export interface ComponentDeps {
  loop: Loop;
  rand: Rand;
  /** A client whose requests carry `who` (the user agent) in traces. */
  client(who: string): Client;
  /** A new factory: one per process (the controller manager shares one; each kubelet has its own). */
  informerFactory(who: string): SharedInformerFactory;
  /** A rate-limited work queue whose keys are handed, one per step, to `reconcile`. */
  workQueue(name: string, opts: QueueOptions, reconcile: (key: string) => Promise<ReconcileResult | void>): WorkQueue;
}

export function now(deps: ComponentDeps): number {
  return deps.loop.now();
}

export function rfc3339(deps: ComponentDeps, ms = deps.loop.now()): string {
  return deps.loop.clock.rfc3339(ms);
}

/** metav1.MicroTime, as Leases carry it: 2026-01-01T00:00:10.000000Z */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

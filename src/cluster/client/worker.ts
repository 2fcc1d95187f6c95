// Models the worker loop every upstream controller writes (processNextWorkItem in e.g.
// pkg/controller/replicaset/replica_set.go): take a key, reconcile it, then Forget it on success or requeue it
// with backoff on failure, and mark it Done. Here each key taken is one step of the loop (component = the
// controller, kind `reconcile`) whose detail is the reconcile's observe / compare / act.
import type { Loop, StepDetail } from '../sim/loop';
import type { ReconcileResult } from './types';
import type { RateLimitingQueue } from './workqueue';

export type Reconciler = (key: string) => ReconcileResult | void | Promise<ReconcileResult | void>;

export interface WorkerOptions {
  /** Component name for the steps (default: the queue's name). */
  component?: string;
  /** Phase a breakpoint may name (default `reconcile`). */
  phase?: string;
  /** Work kind (default `reconcile`; a kubelet's pod workers say `sync`). */
  kind?: string;
  /** The step's title for a key (default `reconcile KEY`). */
  title?: (key: string) => string;
}

/**
 * Runs `reconcile` for each key of `queue`, one step per key taken. A thrown error requeues the key with
 * backoff (and shows on the step); `requeue` does the same quietly; `requeueAfter` waits that long.
 */
export function runWorker(queue: RateLimitingQueue, loop: Loop, reconcile: Reconciler, opts: WorkerOptions = {}): void {
  const component = opts.component ?? queue.name;
  queue.onQueued = (key) => {
    loop.enqueue({
      component,
      kind: opts.kind ?? 'reconcile',
      phase: opts.phase ?? 'reconcile',
      title: opts.title ? opts.title(key) : `reconcile ${key}`,
      run: () => processNextWorkItem(queue, reconcile),
    });
  };
  // Keys queued before the worker started.
  for (const key of queue.pending()) queue.onQueued(key);
}

async function processNextWorkItem(queue: RateLimitingQueue, reconcile: Reconciler): Promise<StepDetail | undefined> {
  if (queue.isShuttingDown) return undefined;
  const key = queue.get();
  if (key === undefined) return undefined;
  let result: ReconcileResult | void;
  try {
    result = await reconcile(key);
  } catch (err) {
    queue.addRateLimited(key);
    queue.done(key);
    throw err;
  }
  const detail: StepDetail = {};
  if (result) {
    if (result.lines) detail.lines = [...result.lines];
    if (result.observe) detail.observe = result.observe;
    if (result.compare) detail.compare = result.compare;
    if (result.act) detail.act = result.act;
    if (result.phases) detail.phases = result.phases;
  }
  if (result?.requeue) {
    queue.addRateLimited(key);
    (detail.lines ??= []).push(`requeue ${key} with backoff (retry ${queue.numRequeues(key)})`);
  } else if (result?.requeueAfter !== undefined) {
    queue.forget(key);
    queue.addAfter(key, result.requeueAfter);
    (detail.lines ??= []).push(`requeue ${key} after ${result.requeueAfter} ms`);
  } else {
    queue.forget(key);
  }
  queue.done(key);
  return detail;
}

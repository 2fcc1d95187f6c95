// pkg/controller/tainteviction/taint_eviction.go: when a node carries NoExecute taints, each of its pods is
// evicted once the shortest tolerationSeconds of the tolerations that let it stay runs out (the API server's
// DefaultTolerationSeconds gives every pod 300 s for not-ready and unreachable); a pod that does not tolerate
// a NoExecute taint at all goes at once, one that tolerates it without a limit stays.
import type { Client } from '../../apiserver/api';
import type { Node, Pod, Taint } from '../../apiserver/types';
import type { ReconcileResult, SharedIndexInformer, SharedInformerFactory, WorkQueue } from '../../client/types';
import type { Timer } from '../../sim/loop';
import { metaKey } from '../util/controller_utils';
import type { ComponentDeps } from '../util/deps';
import { EventRecorder } from '../util/events';
import { BY_NODE, indexPodsByNode } from '../util/indexes';
import { taintString, toleratesTaint } from '../util/taints';

export const COMPONENT = 'taint-eviction-controller';

interface Scheduled {
  at: number;
  createdAt: number;
  timer: Timer;
}

/** getMinTolerationTime over the NoExecute taints: 0 = now, Infinity = never, else ms. */
export function minTolerationMs(pod: Pod, taints: Taint[]): number {
  let min = Infinity;
  for (const t of taints) {
    const tols = (pod.spec.tolerations ?? []).filter((tol) => toleratesTaint(tol, t));
    if (tols.length === 0) return 0;
    // A taint tolerated forever by any toleration does not limit the stay.
    if (tols.some((tol) => tol.tolerationSeconds === undefined || tol.tolerationSeconds === null)) continue;
    const secs = Math.min(...tols.map((tol) => tol.tolerationSeconds!));
    min = Math.min(min, Math.max(0, secs) * 1000);
  }
  return min;
}

export class TaintEvictionController {
  private client: Client;
  private recorder: EventRecorder;
  private nodes: SharedIndexInformer<Node>;
  private pods: SharedIndexInformer<Pod>;
  private queue: WorkQueue;
  private scheduled = new Map<string, Scheduled>();

  constructor(private readonly deps: ComponentDeps, factory: SharedInformerFactory) {
    this.client = deps.client(COMPONENT);
    this.recorder = new EventRecorder(this.client, deps.loop, 'taint-eviction-controller');
    this.nodes = factory.forResource<Node>('nodes');
    this.pods = factory.forResource<Pod>('pods');
    indexPodsByNode(this.pods);
    this.queue = deps.workQueue(COMPONENT, { component: COMPONENT, title: (k) => `check NoExecute taints for ${k.replace(':', ' ')}` }, (key) => this.reconcile(key));
    // `queues`: the work queue's keys, and each eviction counting down (upstream's TimedWorkerQueue).
    deps.loop.registerQueue(COMPONENT, () => [
      ...this.queue.pending(),
      ...[...this.scheduled].map(([k, s]) => `evict ${k} in ${Math.max(0, Math.round((s.at - deps.loop.now()) / 1000))}s`),
    ]);
    const noExecute = (n: Node) => JSON.stringify((n.spec.taints ?? []).filter((t) => t.effect === 'NoExecute'));
    this.nodes.addEventHandler({
      onAdd: (n) => n.spec.taints?.some((t) => t.effect === 'NoExecute') && this.queue.add(`node:${n.metadata.name}`),
      onUpdate: (o, n) => noExecute(o) !== noExecute(n) && this.queue.add(`node:${n.metadata.name}`),
      onDelete: (n) => this.queue.add(`node:${n.metadata.name}`),
    });
    this.pods.addEventHandler({
      onAdd: (p) => p.spec.nodeName && this.queue.add(`pod:${metaKey(p)}`),
      onUpdate: (o, p) =>
        (o.spec.nodeName !== p.spec.nodeName || JSON.stringify(o.spec.tolerations) !== JSON.stringify(p.spec.tolerations)) &&
        this.queue.add(`pod:${metaKey(p)}`),
      onDelete: (p) => this.cancel(metaKey(p)),
    });
  }

  stop(): void {
    for (const s of this.scheduled.values()) s.timer.cancel();
    this.scheduled.clear();
  }

  private cancel(key: string): boolean {
    const s = this.scheduled.get(key);
    if (!s) return false;
    s.timer.cancel();
    this.scheduled.delete(key);
    return true;
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const observe: string[] = [];
    const compare: string[] = [];
    const act: string[] = [];
    if (key.startsWith('node:')) {
      const name = key.slice(5);
      const node = this.nodes.getIndexer().get(name);
      const taints = (node?.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');
      const pods = this.pods.getIndexer().byIndex(BY_NODE, name);
      observe.push(`node ${name}: NoExecute taints [${taints.map(taintString).join(', ') || 'none'}], ${pods.length} pod(s) (index ${BY_NODE})`);
      for (const p of pods) await this.processPod(p, taints, compare, act);
    } else {
      const pod = this.pods.getIndexer().get(key.slice(4));
      if (!pod?.spec.nodeName) return { observe: [`pod ${key.slice(4)} gone or not on a node`], compare: [], act: [] };
      const node = this.nodes.getIndexer().get(pod.spec.nodeName);
      const taints = (node?.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');
      observe.push(`pod ${key.slice(4)} on ${pod.spec.nodeName}: NoExecute taints [${taints.map(taintString).join(', ') || 'none'}]`);
      await this.processPod(pod, taints, compare, act);
    }
    return { observe, compare, act };
  }

  private async processPod(pod: Pod, taints: Taint[], compare: string[], act: string[]): Promise<void> {
    const key = metaKey(pod);
    if (taints.length === 0) {
      if (this.cancel(key)) compare.push(`${key}: taints gone → eviction cancelled`);
      return;
    }
    if (pod.metadata.deletionTimestamp) return;
    const min = minTolerationMs(pod, taints);
    const now = this.deps.loop.now();
    if (min === 0) {
      compare.push(`${key}: does not tolerate ${taints.map(taintString).join(', ')} → evict now`);
      this.cancel(key);
      await this.evict(key, act);
      return;
    }
    if (min === Infinity) {
      if (this.cancel(key)) compare.push(`${key}: tolerates the taints forever → eviction cancelled`);
      return;
    }
    const existing = this.scheduled.get(key);
    const start = existing?.createdAt ?? now;
    const at = start + min;
    if (existing && existing.at <= at) return;
    this.cancel(key);
    compare.push(`${key}: tolerates ${taints.map(taintString).join(', ')} for ${min / 1000}s → evict at +${Math.round((at - now) / 1000)}s`);
    const timer = this.deps.loop.after(at - now, {
      component: COMPONENT,
      kind: 'reconcile',
      phase: 'act',
      title: `evict ${key}: tolerationSeconds ran out`,
      run: async () => {
        this.scheduled.delete(key);
        const a: string[] = [];
        await this.evict(key, a);
        return { observe: [`pod ${key}: toleration of ${min / 1000}s ran out`], compare: ['still on a NoExecute-tainted node'], act: a };
      },
    });
    this.scheduled.set(key, { at, createdAt: start, timer });
    act.push(`eviction of ${key} scheduled in ${Math.round((at - now) / 1000)}s`);
  }

  private async evict(key: string, act: string[]): Promise<void> {
    const pod = this.pods.getIndexer().get(key);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const node = pod.spec.nodeName ? this.nodes.getIndexer().get(pod.spec.nodeName) : undefined;
    if (!node?.spec.taints?.some((t) => t.effect === 'NoExecute')) return;
    await this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    try {
      const conds = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
      conds.push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: this.deps.loop.clock.rfc3339(),
      });
      await this.client.updateStatus<Pod>('pods', { ...pod, status: { ...pod.status, conditions: conds } }).catch(() => undefined);
      await this.client.delete('pods', pod.metadata.name, pod.metadata.namespace);
      act.push(`PUT pods/${pod.metadata.name}/status DisruptionTarget=True; DELETE pods/${pod.metadata.name}`);
    } catch (err) {
      act.push(`DELETE pods/${pod.metadata.name}: ${(err as Error).message}`);
    }
  }
}

// pkg/controller/podgc/gc_controller.go (gcOrphaned): every 20 s, pods bound to a node that no longer exists
// (for at least the 40 s quarantine, and confirmed with a live GET) are force-deleted, so their ReplicaSets
// replace them — what happens to a deleted node's pods. (Upstream's other passes, terminated-pod thresholds
// and unscheduled terminating pods, are left out.)
import { ApiError, type Client } from '../../apiserver/api';
import type { Node, Pod } from '../../apiserver/types';
import type { SharedIndexInformer, SharedInformerFactory } from '../../client/types';
import type { StepDetail } from '../../sim/loop';
import { Periodic } from '../../sim/periodic';
import type { ComponentDeps } from '../util/deps';
import { BY_NODE, indexPodsByNode } from '../util/indexes';

export const COMPONENT = 'pod-garbage-collector';
export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;

export class PodGCController {
  private client: Client;
  private pods: SharedIndexInformer<Pod>;
  private nodes: SharedIndexInformer<Node>;
  /** Node name → when we first saw it missing while pods are bound to it. */
  private missingSince = new Map<string, number>();
  private readonly ticker: Periodic;

  constructor(private readonly deps: ComponentDeps, factory: SharedInformerFactory) {
    this.ticker = new Periodic(deps.loop, GC_CHECK_PERIOD_MS, {
      component: COMPONENT,
      kind: 'reconcile',
      phase: 'reconcile',
      title: 'gcOrphaned: pods bound to nodes that no longer exist',
      run: () => this.gcOrphaned(),
    });
    this.client = deps.client(COMPONENT);
    this.pods = factory.forResource<Pod>('pods');
    this.nodes = factory.forResource<Node>('nodes');
    indexPodsByNode(this.pods);
    this.nodes.addEventHandler({
      onAdd: (n) => this.missingSince.delete(n.metadata.name),
      onDelete: (n) => {
        if (this.pods.getIndexer().byIndex(BY_NODE, n.metadata.name).length) this.missingSince.set(n.metadata.name, deps.loop.now());
      },
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.notice(p),
      onUpdate: (_o, p) => this.notice(p),
    });
  }

  private notice(p: Pod): void {
    const node = p.spec.nodeName;
    if (node && !this.nodes.getIndexer().get(node) && !this.missingSince.has(node) && this.nodes.hasSynced())
      this.missingSince.set(node, this.deps.loop.now());
  }

  start(): void {
    this.ticker.start();
  }

  stop(): void {
    this.ticker.stop();
  }

  async gcOrphaned(): Promise<StepDetail> {
    const now = this.deps.loop.now();
    const observe: string[] = [];
    const compare: string[] = [];
    const act: string[] = [];
    for (const [node, since] of [...this.missingSince]) {
      const pods = this.pods.getIndexer().byIndex(BY_NODE, node);
      if (this.nodes.getIndexer().get(node) || pods.length === 0) {
        this.missingSince.delete(node);
        continue;
      }
      observe.push(`node ${node}: gone for ${Math.round((now - since) / 1000)}s, ${pods.length} pod(s) still bound to it`);
      if (now - since < QUARANTINE_MS) {
        compare.push(`${node}: within the ${QUARANTINE_MS / 1000}s quarantine, wait`);
        continue;
      }
      try {
        await this.client.get('nodes', node);
        compare.push(`${node}: the API server still has it; keep its pods`);
        this.missingSince.delete(node);
        continue;
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) continue;
      }
      compare.push(`${node}: confirmed gone → force-delete its ${pods.length} pod(s)`);
      for (const p of pods) {
        try {
          const conds = (p.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
          conds.push({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: this.deps.loop.clock.rfc3339() });
          await this.client.updateStatus<Pod>('pods', { ...p, status: { ...p.status, conditions: conds } }).catch(() => undefined);
          await this.client.delete('pods', p.metadata.name, p.metadata.namespace, { gracePeriodSeconds: 0 });
          act.push(`DELETE pods/${p.metadata.name} gracePeriodSeconds=0 (node ${node} no longer exists)`);
        } catch {
          // gone already
        }
      }
      this.missingSince.delete(node);
    }
    if (observe.length === 0) observe.push('every pod’s node exists');
    return { observe, compare, act };
  }
}

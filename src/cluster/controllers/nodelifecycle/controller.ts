// pkg/controller/nodelifecycle/node_lifecycle_controller.go: every nodeMonitorPeriod (5 s) it checks each node's
// last sign of life — its Lease in kube-node-lease or its Ready condition's heartbeat. Silent longer than
// nodeMonitorGracePeriod (40 s) and the node's conditions go Unknown ("Kubelet stopped posting node status."),
// its pods are marked not ready, and it is tainted node.kubernetes.io/unreachable with NoSchedule (no new pods)
// and NoExecute (the taint-eviction-controller evicts pods once their toleration runs out).
import type { Client } from '../../apiserver/api';
import type { Lease, Node, NodeCondition, Pod, Taint } from '../../apiserver/types';
import type { ReconcileResult, SharedIndexInformer, SharedInformerFactory, WorkQueue } from '../../client/types';
import type { StepDetail } from '../../sim/loop';
import { Periodic } from '../../sim/periodic';
import { isPodReady } from '../util/controller_utils';
import type { ComponentDeps } from '../util/deps';
import { EventRecorder } from '../util/events';
import { BY_NODE, indexPodsByNode } from '../util/indexes';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE } from '../util/taints';

export const COMPONENT = 'node-lifecycle-controller';
export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
/** nodeStartupGracePeriod: a node that never reported gets a minute. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;

interface Health {
  probeTimestamp: number;
  heartbeat?: string;
  renewTime?: string;
}

const MANAGED_KEYS = [TAINT_NODE_UNREACHABLE, TAINT_NODE_NOT_READY, TAINT_NODE_UNSCHEDULABLE];

export class NodeLifecycleController {
  private client: Client;
  private recorder: EventRecorder;
  private nodes: SharedIndexInformer<Node>;
  private leases: SharedIndexInformer<Lease>;
  private pods: SharedIndexInformer<Pod>;
  private health = new Map<string, Health>();
  private readonly ticker: Periodic;
  private taintQueue: WorkQueue;

  constructor(private readonly deps: ComponentDeps, factory: SharedInformerFactory) {
    this.ticker = new Periodic(deps.loop, NODE_MONITOR_PERIOD_MS, {
      component: COMPONENT,
      kind: 'reconcile',
      phase: 'reconcile',
      title: 'monitorNodeHealth: check every node’s lease and heartbeat',
      run: () => this.monitorNodeHealth(),
    });
    this.client = deps.client(COMPONENT);
    this.recorder = new EventRecorder(this.client, deps.loop, 'node-controller');
    this.nodes = factory.forResource<Node>('nodes');
    this.leases = factory.forResource<Lease>('leases', { namespace: 'kube-node-lease' });
    this.pods = factory.forResource<Pod>('pods');
    indexPodsByNode(this.pods);
    // doNoScheduleTaintingPass runs on every node change (a cordon, a condition), not only on the monitor tick.
    this.taintQueue = deps.workQueue(COMPONENT, { component: COMPONENT, title: (k) => `doNoScheduleTaintingPass node ${k}` }, (name) => this.doNoScheduleTaintingPass(name));
    this.nodes.addEventHandler({
      onAdd: (n) => this.taintQueue.add(n.metadata.name),
      onUpdate: (o, n) => {
        const readyOf = (x: Node) => x.status?.conditions?.find((c) => c.type === 'Ready')?.status;
        if (o.spec.unschedulable !== n.spec.unschedulable || readyOf(o) !== readyOf(n)) this.taintQueue.add(n.metadata.name);
      },
      onDelete: (n) => this.health.delete(n.metadata.name),
    });
  }

  private async doNoScheduleTaintingPass(name: string): Promise<ReconcileResult> {
    const node = this.nodes.getIndexer().get(name);
    if (!node) return { observe: [`node ${name} is gone`], compare: [], act: [] };
    const compare: string[] = [];
    const act: string[] = [];
    await this.reconcileTaints(node, compare, act);
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'none';
    return {
      observe: [`node ${name}: Ready=${ready}, unschedulable=${node.spec.unschedulable ?? false}, taints [${(node.spec.taints ?? []).map((t) => `${t.key}:${t.effect}`).join(', ')}]`],
      compare: compare.length ? compare : ['taints match the node’s conditions'],
      act,
    };
  }

  start(): void {
    this.ticker.start();
  }

  stop(): void {
    this.ticker.stop();
  }

  async monitorNodeHealth(): Promise<StepDetail> {
    const now = this.deps.loop.now();
    const observe: string[] = [];
    const compare: string[] = [];
    const act: string[] = [];
    for (const cached of this.nodes.getIndexer().list()) {
      const name = cached.metadata.name;
      const ready = cached.status?.conditions?.find((c) => c.type === 'Ready');
      const lease = this.leases.getIndexer().get(`kube-node-lease/${name}`);
      let h = this.health.get(name);
      if (!h) {
        h = { probeTimestamp: now, heartbeat: ready?.lastHeartbeatTime, renewTime: lease?.spec.renewTime };
        this.health.set(name, h);
      }
      if (ready?.lastHeartbeatTime !== h.heartbeat || lease?.spec.renewTime !== h.renewTime) {
        h.probeTimestamp = now;
        h.heartbeat = ready?.lastHeartbeatTime;
        h.renewTime = lease?.spec.renewTime;
      }
      const silent = now - h.probeTimestamp;
      const grace = ready ? NODE_MONITOR_GRACE_PERIOD_MS : NODE_STARTUP_GRACE_PERIOD_MS;
      // One line per node is plenty for a few nodes; with thousands, only the ones that are not plainly healthy.
      if (observe.length < 20 || ready?.status !== 'True' || silent > NODE_MONITOR_PERIOD_MS * 2)
        observe.push(`${name}: Ready=${ready?.status ?? 'none'}, last heard ${lease?.spec.renewTime || ready ? `${Math.round(silent / 1000)}s ago` : 'never'}`);
      let node = cached;
      if (silent > grace && ready && ready.status !== 'Unknown') {
        compare.push(`${name}: silent ${Math.round(silent / 1000)}s > grace ${grace / 1000}s → conditions Unknown`);
        node = (await this.markUnknown(cached, act)) ?? cached;
      }
      await this.reconcileTaints(node, compare, act);
    }
    const total = this.nodes.getIndexer().keys().length;
    if (observe.length < total) observe.push(`… and ${total - observe.length} more node(s) heard from recently`);
    if (compare.length === 0) compare.push(`every node was heard from within the ${NODE_MONITOR_GRACE_PERIOD_MS / 1000}s grace period`);
    return { observe, compare, act };
  }

  private async markUnknown(node: Node, act: string[]): Promise<Node | undefined> {
    const t = this.deps.loop.clock.rfc3339();
    const copy = structuredClone(node);
    copy.status!.conditions = (copy.status?.conditions ?? []).map(
      (c): NodeCondition => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: t }),
    );
    try {
      const updated = await this.client.updateStatus<Node>('nodes', copy);
      act.push(`PUT nodes/${node.metadata.name}/status Ready=Unknown (NodeStatusUnknown)`);
      await this.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
      // MarkPodsNotReady: Services stop sending traffic to them.
      for (const p of this.pods.getIndexer().byIndex(BY_NODE, node.metadata.name)) {
        if (!isPodReady(p)) continue;
        const conditions = (p.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'False' as const, lastTransitionTime: t } : c));
        try {
          await this.client.updateStatus<Pod>('pods', { ...p, status: { ...p.status, conditions } });
          act.push(`PUT pods/${p.metadata.name}/status Ready=False`);
        } catch {
          // retried by the next pass over a not-ready node
        }
      }
      return updated;
    } catch (err) {
      act.push(`PUT nodes/${node.metadata.name}/status failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** doNoScheduleTaintingPass + the taint-based eviction taints, from the Ready condition and spec.unschedulable. */
  private async reconcileTaints(node: Node, compare: string[], act: string[]): Promise<void> {
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    const want: Array<Pick<Taint, 'key' | 'effect'>> = [];
    if (ready?.status === 'Unknown') want.push({ key: TAINT_NODE_UNREACHABLE, effect: 'NoSchedule' }, { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' });
    else if (ready?.status === 'False') want.push({ key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' }, { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' });
    if (node.spec.unschedulable) want.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
    const current = node.spec.taints ?? [];
    const managed = current.filter((t) => MANAGED_KEYS.includes(t.key));
    const same = (a: Pick<Taint, 'key' | 'effect'>, b: Pick<Taint, 'key' | 'effect'>) => a.key === b.key && a.effect === b.effect;
    if (managed.length === want.length && want.every((w) => managed.some((m) => same(m, w)))) return;
    const t = this.deps.loop.clock.rfc3339();
    const taints: Taint[] = [
      ...current.filter((c) => !MANAGED_KEYS.includes(c.key)),
      ...want.map((w) => managed.find((m) => same(m, w)) ?? { ...w, ...(w.effect === 'NoExecute' ? { timeAdded: t } : {}) }),
    ];
    const added = want.filter((w) => !managed.some((m) => same(m, w))).map((w) => `${w.key}:${w.effect}`);
    const removed = managed.filter((m) => !want.some((w) => same(m, w))).map((m) => `${m.key}:${m.effect}`);
    compare.push(`${node.metadata.name}: taints ${added.length ? `+${added.join(' +')}` : ''}${removed.length ? ` -${removed.join(' -')}` : ''}`.trim());
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fresh = attempt === 0 ? node : await this.client.get<Node>('nodes', node.metadata.name);
        await this.client.update<Node>('nodes', { ...fresh, spec: { ...fresh.spec, taints: taints.length ? taints : undefined } });
        act.push(`PUT nodes/${node.metadata.name} taints [${taints.map((x) => `${x.key}:${x.effect}`).join(', ')}]`);
        return;
      } catch {
        // a conflict with the kubelet's status write: read again
      }
    }
  }
}

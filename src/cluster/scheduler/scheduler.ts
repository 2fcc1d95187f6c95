// pkg/scheduler/scheduler.go + eventhandlers.go + schedule_one.go (scheduleOne, bindingCycle): kube-scheduler.
// It watches pods without a node and every node; each pod taken from the queue is one scheduling-cycle step
// (filter, score) and, when a node fits, the bind is a step of its own. A pod that fits nowhere gets the
// FailedScheduling event with upstream's message and waits in unschedulablePods for a cluster event.
import { ApiError, type Client } from '../apiserver/api';
import type { Namespace, Node, Pod, ReplicaSet, Service } from '../apiserver/types';
import type { SharedIndexInformer, SharedInformerFactory } from '../client/types';
import type { ComponentDeps } from '../controllers/util/deps';
import { EventRecorder } from '../controllers/util/events';
import { NAMESPACE } from '../controllers/util/indexes';
import type { StepDetail, Timer } from '../sim/loop';
import { SchedulerCache } from './cache';
import { NodeInfo, podKey } from './framework/nodeinfo';
import { formatBytes, formatMilliCPU, podRequests } from './framework/resources';
import { Framework } from './framework/runtime';
import { CycleState, type Handle } from './framework/types';
import { isSchedulableAfterPodAdd } from './plugins/interpodaffinity';
import { defaultProfile } from './plugins/registry';
import { SchedulingQueue, type QueuedPodInfo } from './queue';
import { numFeasibleNodesToFind, schedulePod, verdictsHead, type ScheduleResult } from './schedule_one';

export const COMPONENT = 'kube-scheduler';
export const SCHEDULER_NAME = 'default-scheduler';
/** How often leftover unschedulable pods are looked at (flushUnschedulablePodsLeftover runs every 30 s). */
const FLUSH_UNSCHEDULABLE_PERIOD_MS = 30_000;
/** explain keeps the last cycle of this many pods (each holds a row per node looked at). */
const EXPLAIN_LIMIT = 256;

export interface ExplainRecord extends ScheduleResult {
  at: number;
  attempt: number;
  requests: string;
}

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  private client: Client;
  private recorder: EventRecorder;
  private pods: SharedIndexInformer<Pod>;
  private nodes: SharedIndexInformer<Node>;
  private services: SharedIndexInformer<Service>;
  private replicaSets: SharedIndexInformer<ReplicaSet>;
  /** The namespace lister: InterPodAffinity's namespaceSelector matches namespace labels. */
  private namespaces: SharedIndexInformer<Namespace>;
  private nextStartNodeIndex = 0;
  private explains = new Map<string, ExplainRecord>();
  private backoffTimers = new Map<string, Timer>();
  /** Preemptors waiting for their victims to go (status.nominatedNodeName upstream). */
  private nominated = new Map<string, { node: string; pod: Pod }>();
  private flushTimer?: Timer;

  constructor(
    private readonly deps: ComponentDeps,
    private readonly factory: SharedInformerFactory,
  ) {
    this.client = deps.client(COMPONENT);
    this.recorder = new EventRecorder(this.client, deps.loop, SCHEDULER_NAME);
    this.queue = new SchedulingQueue(
      () => deps.loop.now(),
      () => this.enqueueCycle(),
      (key, at) => this.armBackoff(key, at),
    );
    const handle: Handle = {
      allNodes: () => this.cache.list(),
      servicesInNamespace: (ns) => this.services.getIndexer().byIndex(NAMESPACE, ns),
      replicaSet: (ns, name) => this.replicaSets.getIndexer().get(`${ns}/${name}`),
      havePodsWithAffinityList: () => this.cache.havePodsWithAffinityList(),
      havePodsWithRequiredAntiAffinityList: () => this.cache.havePodsWithRequiredAntiAffinityList(),
      namespaceLabels: (ns) => this.namespaces.getIndexer().get(ns)?.metadata.labels,
      namespaces: () => this.namespaces.getIndexer().list().map((n) => ({ name: n.metadata.name, labels: n.metadata.labels ?? {} })),
    };
    this.framework = new Framework(defaultProfile(handle, (ns, name, node) => this.client.bind(ns, name, node)));
    this.pods = factory.forResource<Pod>('pods');
    this.nodes = factory.forResource<Node>('nodes');
    this.services = factory.forResource<Service>('services');
    this.replicaSets = factory.forResource<ReplicaSet>('replicasets');
    this.namespaces = factory.forResource<Namespace>('namespaces');
    this.pods.addEventHandler({
      onAdd: (p) => {
        this.onPod(p);
        if (p.spec.nodeName) this.queue.moveOnAssignedPodAdd(p, isSchedulableAfterPodAdd);
      },
      onUpdate: (old, p) => {
        if (old.spec.nodeName && !p.spec.nodeName) this.cache.removePod(old);
        this.onPod(p);
        if (!old.spec.nodeName && p.spec.nodeName) this.queue.moveOnAssignedPodAdd(p, isSchedulableAfterPodAdd);
      },
      onDelete: (p) => {
        const key = podKey(p);
        this.queue.delete(key);
        this.nominated.delete(key);
        if (p.spec.nodeName || this.cache.isAssumed(key)) {
          this.cache.removePod(p);
          // AssignedPodDelete: room was freed, the unschedulable pods get another try.
          this.queue.moveAllToActiveOrBackoff();
        }
      },
    });
    this.nodes.addEventHandler({
      onAdd: (n) => {
        this.cache.addOrUpdateNode(n);
        this.queue.moveAllToActiveOrBackoff();
      },
      onUpdate: (old, n) => {
        this.cache.addOrUpdateNode(n);
        if (nodeSchedulingPropertiesChanged(old, n)) this.queue.moveAllToActiveOrBackoff();
      },
      onDelete: (n) => this.cache.removeNode(n.metadata.name),
    });
    deps.loop.registerQueue(COMPONENT, () => this.queue.describe());
  }

  async start(): Promise<void> {
    await this.factory.start();
  }

  stop(): void {
    this.factory.stop();
    this.flushTimer?.cancel();
    for (const t of this.backoffTimers.values()) t.cancel();
    this.deps.loop.unregisterQueue(COMPONENT);
  }

  private onPod(p: Pod): void {
    const key = podKey(p);
    if (p.spec.nodeName) {
      this.queue.delete(key);
      if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') this.cache.removePod(p);
      else this.cache.addPod(p);
      return;
    }
    if ((p.spec.schedulerName ?? SCHEDULER_NAME) !== SCHEDULER_NAME || p.metadata.deletionTimestamp) return;
    if (this.cache.isAssumed(key)) return; // bound already in our view; the watch will catch up
    this.queue.add(key, p);
  }

  /**
   * addNominatedPods: when filtering for `pod`, a node counts the pods of equal or higher priority nominated to
   * it as if they were there, so the room a preemption made is not taken by someone else.
   */
  private withNominatedPods(nodes: NodeInfo[], pod: Pod, key: string): NodeInfo[] {
    if (this.nominated.size === 0) return nodes;
    const prio = pod.spec.priority ?? 0;
    const byNode = new Map<string, Pod[]>();
    for (const [k, n] of this.nominated) {
      if (k === key || (n.pod.spec.priority ?? 0) < prio) continue;
      const live = this.pods.getIndexer().get(k);
      if (!live || live.spec.nodeName || live.metadata.deletionTimestamp) {
        this.nominated.delete(k);
        continue;
      }
      byNode.set(n.node, [...(byNode.get(n.node) ?? []), { ...n.pod, spec: { ...n.pod.spec, nodeName: n.node } }]);
    }
    if (byNode.size === 0) return nodes;
    return nodes.map((n) => {
      const extra = byNode.get(n.name);
      if (!extra) return n;
      const copy = new NodeInfo(n.node);
      copy.imageStates = n.imageStates;
      for (const p of n.pods.values()) copy.addPod(p);
      for (const p of extra) copy.addPod(p);
      return copy;
    });
  }

  private enqueueCycle(): void {
    this.deps.loop.enqueue({
      component: COMPONENT,
      kind: 'schedule',
      phase: 'filter',
      title: 'scheduling cycle: pop the next pod from activeQ',
      run: () => this.scheduleOne(),
    });
  }

  private armBackoff(key: string, at: number): void {
    this.backoffTimers.get(key)?.cancel();
    const delay = Math.max(0, at - this.deps.loop.now());
    this.backoffTimers.set(
      key,
      this.deps.loop.after(
        delay,
        {
          component: COMPONENT,
          kind: 'timer',
          title: `backoffQ: ${key} may be retried`,
          run: () => {
            this.backoffTimers.delete(key);
            this.queue.flushBackoff(key);
          },
        },
        { short: true },
      ),
    );
  }

  private armFlush(): void {
    if (this.flushTimer || this.queue.unschedulableCount === 0) return;
    this.flushTimer = this.deps.loop.after(FLUSH_UNSCHEDULABLE_PERIOD_MS, {
      component: COMPONENT,
      kind: 'timer',
      title: 'flush unschedulable pods that waited 5 minutes',
      run: () => {
        this.flushTimer = undefined;
        const n = this.queue.flushUnschedulableLeftover();
        this.armFlush();
        return { lines: [`${n} pod(s) moved back for another try`] };
      },
    });
  }

  /** scheduleOne: one scheduling cycle (PreFilter … Score, Reserve), then a bind step. */
  async scheduleOne(): Promise<StepDetail | undefined> {
    const info = this.queue.pop();
    if (!info) return undefined;
    const cycle = this.queue.schedulingCycle;
    const pod = this.pods.getIndexer().get(info.key) ?? info.pod;
    if (pod.spec.nodeName || pod.metadata.deletionTimestamp) return { lines: [`${info.key} no longer needs scheduling`] };
    const nodes = this.withNominatedPods(this.cache.list(), pod, info.key);
    const start = this.nextStartNodeIndex;
    const result = schedulePod(this.framework, pod, nodes, start, this.deps.rand, info.key);
    this.nextStartNodeIndex = result.nextStartNodeIndex;
    const req = podRequests(pod);
    const nz = podRequests(pod, true);
    const requests = `cpu ${formatMilliCPU(req.milliCPU)}, memory ${formatBytes(req.memory)} (scored as ${formatMilliCPU(nz.milliCPU)} / ${formatBytes(nz.memory)})`;
    // Kept as it is (not spread: its rows are built only when explain reads them).
    this.remember(Object.assign(result, { at: this.deps.loop.now(), attempt: info.attempts, requests }));

    const observe = [
      `pod ${info.key} (attempt ${info.attempts}) requests ${requests}`,
      `${nodes.length} nodes in the cache; enough feasible: ${numFeasibleNodesToFind(nodes.length)}; start at ${nodes[start % Math.max(1, nodes.length)]?.name ?? '-'}`,
      ...(result.notes ?? []),
    ];
    const compare = verdictsHead(result, 20)
      .map((v) =>
        v.status
          ? `${v.node}: ${v.status.plugin} rejects — ${v.status.reasons.join(', ')}`
          : `${v.node}: passes every filter${v.scores ? `, score ${v.scores.total}` : ''}`,
      );
    if (result.numEvaluated > 20) compare.push(`… ${result.numEvaluated - 20} more (explain ${info.key.split('/')[1]})`);

    if (!result.suggestedHost) {
      const act: string[] = [];
      // podEligibleToPreemptOthers: a pod already nominated to a node where lower-priority pods are still
      // terminating waits for them instead of preempting again.
      const nominatedTo = this.nominated.get(info.key)?.node;
      const stillLeaving =
        nominatedTo !== undefined &&
        [...(this.cache.get(nominatedTo)?.pods.values() ?? [])].some((p) => p.metadata.deletionTimestamp && (p.spec.priority ?? 0) < (pod.spec.priority ?? 0));
      if (stillLeaving && result.postFilter?.victims?.length) {
        result.postFilter = { status: { code: 'Unschedulable', reasons: [] }, message: 'preemption: not eligible due to a terminating pod on the nominated node.' };
        const base = result.fitError ?? `0/${result.numAllNodes} nodes are available:`;
        result.fitError = `${base.replace(/ preemption: .*$/, '')} ${result.postFilter.message}.`;
      }
      if (result.postFilter?.victims?.length) {
        const node = result.postFilter.nominatedNodeName!;
        for (const v of result.postFilter.victims) {
          try {
            // prepareCandidate: the victim learns why it goes (DisruptionTarget), then is deleted.
            await this.markPreempted(v, pod);
            await this.client.delete('pods', v.metadata.name, v.metadata.namespace);
            await this.recorder.event(v, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata.uid} on node ${result.postFilter.nominatedNodeName}`);
            act.push(`preempt: DELETE pods/${v.metadata.name} on ${result.postFilter.nominatedNodeName}`);
          } catch {
            // already gone
          }
        }
        // The preemptor is nominated to that node: pods of lower priority may not take the room meanwhile. As
        // upstream's handleSchedulingFailure does, it still gets FailedScheduling (the fit error, with no
        // preemption clause since preemption worked) and status.nominatedNodeName (NOMINATED NODE in -o wide).
        this.nominated.set(info.key, { node, pod });
        const message = result.fitError ?? 'no nodes available to schedule pods';
        await this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
        await this.setUnschedulableCondition(pod, message, node);
        act.push(`Warning FailedScheduling: ${message}`, `PUT pods/${pod.metadata.name}/status nominatedNodeName=${node}`);
        this.queue.addBackoff(info);
        return { observe, compare, act, phases: ['filter', 'postfilter'] };
      }
      const message = result.fitError ?? 'no nodes available to schedule pods';
      await this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
      act.push(`Warning FailedScheduling: ${message}`);
      await this.setUnschedulableCondition(pod, message);
      const plugins = [...new Set(result.verdicts.map((v) => v.status?.plugin).filter((x): x is string => !!x))];
      const where = this.queue.addUnschedulable(info, cycle, plugins);
      this.armFlush();
      act.push(`pod waits in ${where}`);
      return { observe, compare, act, phases: ['filter', 'postfilter'] };
    }

    const host = result.suggestedHost;
    this.nominated.delete(info.key);
    this.cache.assumePod(pod, host);
    const state = new CycleState();
    const reserve = this.framework.runReserve(state, pod, host);
    if (reserve) {
      this.cache.forgetPod(pod);
      this.queue.addBackoff(info);
      return { observe, compare, act: [`Reserve failed: ${reserve.reasons.join(', ')}`] };
    }
    this.deps.loop.enqueue({
      component: COMPONENT,
      kind: 'bind',
      phase: 'bind',
      title: `bind ${info.key} to ${host}`,
      run: () => this.bindingCycle(info, pod, host, state),
    });
    return {
      observe,
      compare,
      act: [`selected ${host}${result.feasible.length > 1 ? ' (highest total score)' : ' (the only feasible node)'}; assumed in the cache; bind next`],
      phases: result.feasible.length > 1 ? ['filter', 'score'] : ['filter'],
    };
  }

  private async bindingCycle(info: QueuedPodInfo, pod: Pod, host: string, state: CycleState): Promise<StepDetail> {
    try {
      const st = await this.framework.runBind(state, pod, host);
      if (st && st.code !== 'Success') throw new Error(st.reasons.join(', '));
    } catch (err) {
      this.cache.forgetPod(pod);
      const still = this.pods.getIndexer().get(info.key);
      if (still && !still.spec.nodeName && !still.metadata.deletionTimestamp) this.queue.addBackoff(info);
      return { act: [`POST pods/${pod.metadata.name}/binding failed: ${(err as Error).message}`], phases: ['bind'] };
    }
    await this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${info.key} to ${host}`);
    return { act: [`POST pods/${pod.metadata.name}/binding → ${host}`, `Normal Scheduled: Successfully assigned ${info.key} to ${host}`], phases: ['bind'] };
  }

  private async setUnschedulableCondition(pod: Pod, message: string, nominatedNodeName?: string): Promise<void> {
    const conds = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    const prev = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const nominated = nominatedNodeName ?? pod.status?.nominatedNodeName;
    if (prev?.status === 'False' && prev.message === message && nominated === pod.status?.nominatedNodeName) return;
    const cond = { type: 'PodScheduled' as const, status: 'False' as const, reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: this.deps.loop.clock.rfc3339() };
    const status = { phase: 'Pending' as const, ...pod.status, conditions: [...conds, cond], ...(nominated ? { nominatedNodeName: nominated } : {}) };
    try {
      await this.client.updateStatus<Pod>('pods', { ...pod, status });
    } catch {
      // the pod changed meanwhile: the next attempt writes it
    }
  }

  /** The DisruptionTarget condition a preemption victim gets before it is deleted (PodDisruptionConditions). */
  private async markPreempted(victim: Pod, preemptor: Pod): Promise<void> {
    const condition = {
      type: 'DisruptionTarget' as const,
      status: 'True' as const,
      reason: 'PreemptionByScheduler',
      message: `${preemptor.spec.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
      lastTransitionTime: this.deps.loop.clock.rfc3339(),
    };
    // Upstream patches the status; a PUT from the cache's copy may meet a newer one (409): read it and try again.
    let pod = victim;
    for (let attempt = 0; attempt < 3; attempt++) {
      const conds = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), condition];
      try {
        await this.client.updateStatus<Pod>('pods', { ...pod, status: { ...pod.status, conditions: conds } });
        return;
      } catch (err) {
        if (!(err instanceof ApiError) || err.code !== 409) return; // gone meanwhile: nothing to mark
        pod = await this.client.get<Pod>('pods', victim.metadata.name, victim.metadata.namespace).catch(() => pod);
      }
    }
  }

  private remember(r: ExplainRecord): void {
    this.explains.delete(r.pod);
    this.explains.set(r.pod, r);
    if (this.explains.size > EXPLAIN_LIMIT) this.explains.delete(this.explains.keys().next().value!);
  }

  /** Pods with a remembered cycle, newest last (for completion). */
  explainedPods(): string[] {
    return [...this.explains.keys()];
  }

  /** The last scheduling cycle of a pod (`namespace/name`). */
  lastCycle(key: string): ExplainRecord | undefined {
    return this.explains.get(key);
  }
}

/** nodeSchedulingPropertiesChanged: what could make a pod fit that did not before. */
function nodeSchedulingPropertiesChanged(a: Node, b: Node): boolean {
  return (
    a.spec.unschedulable !== b.spec.unschedulable ||
    JSON.stringify(a.spec.taints ?? []) !== JSON.stringify(b.spec.taints ?? []) ||
    JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {}) ||
    JSON.stringify(a.status?.allocatable ?? {}) !== JSON.stringify(b.status?.allocatable ?? {}) ||
    JSON.stringify(a.status?.conditions?.map((c) => [c.type, c.status])) !== JSON.stringify(b.status?.conditions?.map((c) => [c.type, c.status]))
  );
}

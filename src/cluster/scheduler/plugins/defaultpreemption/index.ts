// pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go (PostFilter): when no node fits, would
// evicting lower-priority pods help? Each node is tried with the Filter plugins as upstream's selectVictimsOnNode
// does; it evicts only when the pod outranks pods whose removal would make it fit.
import type { Pod } from '../../../apiserver/types';
import { NodeInfo } from '../../framework/nodeinfo';
import { unschedulable, type CycleState, type FilterRunner, type Handle, type PostFilterPlugin, type PostFilterResult, type Status } from '../../framework/types';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

/** A NodeInfo as it would be with only `keep` of its pods. */
function withPods(node: NodeInfo, keep: Pod[]): NodeInfo {
  const probe = new NodeInfo(node.node);
  for (const p of keep) probe.addPod(p);
  return probe;
}

/**
 * selectVictimsOnNode as upstream runs it: take every lower-priority pod off a copy of the node (and out of the
 * PreFilter state: InterPodAffinity's counts), run the Filter plugins; if the pod then fits, put the pods back one
 * by one, highest priority first, keeping each whose return still lets the pod fit. The rest are the victims —
 * for resources, or because their labels trip the pod's anti-affinity. The PreFilter state is changed in place
 * (AddPod / RemovePod) and every pod still taken off is given back before the next node is tried.
 */
export function findVictims(pod: Pod, node: NodeInfo, fwk: FilterRunner, state: CycleState): Pod[] | undefined {
  const prio = pod.spec.priority ?? 0;
  const all = [...node.pods.values()];
  // Pods already terminating are on their way out: never victims twice (their room comes when they are gone).
  const lower = all.filter((p) => (p.spec.priority ?? 0) < prio && !p.metadata.deletionTimestamp);
  if (lower.length === 0) return undefined;
  const probe = withPods(node, all.filter((p) => !lower.includes(p)));
  probe.imageStates = node.imageStates;
  const off = new Set(lower);
  for (const p of lower) fwk.removePod(state, pod, p, probe);
  try {
    if (fwk.runFilter(state, pod, probe)) return undefined;
    const byPriority = [...lower].sort((a, b) => (b.spec.priority ?? 0) - (a.spec.priority ?? 0) || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
    for (const p of byPriority) {
      probe.addPod(p);
      fwk.addPod(state, pod, p, probe);
      off.delete(p);
      if (!fwk.runFilter(state, pod, probe)) continue;
      probe.removePod(p);
      fwk.removePod(state, pod, p, probe);
      off.add(p);
    }
    const victims = byPriority.filter((p) => off.has(p));
    return victims.length > 0 ? victims : undefined;
  } finally {
    for (const p of off) fwk.addPod(state, pod, p, probe);
  }
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = 'DefaultPreemption';
  constructor(private readonly handle: Handle) {}

  postFilter(state: CycleState, pod: Pod, statuses: Map<string, Status>, numAllNodes: number, fwk: FilterRunner): PostFilterResult {
    const histogram = new Map<string, number>();
    for (const n of this.handle.allNodes()) {
      const st = statuses.get(n.name);
      if (!st) continue;
      if (st.code !== 'UnschedulableAndUnresolvable') {
        const victims = findVictims(pod, n, fwk, state);
        if (victims) return { status: { code: 'Success', reasons: [] }, nominatedNodeName: n.name, victims };
      }
      const reason = st.code === 'UnschedulableAndUnresolvable' ? NOT_HELPFUL : NO_VICTIMS;
      histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
    }
    const parts = [...histogram].map(([r, n]) => `${n} ${r}`).sort();
    // The inner FitError ends in "." and the outer one adds another: upstream prints "pod.." today.
    const message = `preemption: 0/${numAllNodes} nodes are available: ${parts.join(', ')}.`;
    return { status: unschedulable(message), message };
  }
}

// pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go (PostFilter): when no node fits, would
// evicting lower-priority pods help? Here it answers for each node the way upstream's message does; it evicts
// only when the pod outranks pods whose removal would make it fit.
import type { Pod } from '../../../apiserver/types';
import type { NodeInfo } from '../../framework/nodeinfo';
import { podRequests } from '../../framework/resources';
import { insufficientResources } from '../noderesources/fit';
import { unschedulable, type CycleState, type Handle, type PostFilterPlugin, type PostFilterResult, type Status } from '../../framework/types';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

/** Would removing every lower-priority pod make room? Returns those pods (the victims) or undefined. */
export function findVictims(pod: Pod, node: NodeInfo): Pod[] | undefined {
  const prio = pod.spec.priority ?? 0;
  const lower = [...node.pods.values()].filter((p) => (p.spec.priority ?? 0) < prio);
  if (lower.length === 0) return undefined;
  const req = podRequests(pod);
  const freed = { milliCPU: 0, memory: 0 };
  for (const p of lower) {
    const r = podRequests(p);
    freed.milliCPU += r.milliCPU;
    freed.memory += r.memory;
  }
  const probe = Object.create(node) as NodeInfo;
  Object.defineProperty(probe, 'requested', { value: { milliCPU: node.requested.milliCPU - freed.milliCPU, memory: node.requested.memory - freed.memory } });
  Object.defineProperty(probe, 'pods', { value: new Map([...node.pods].filter(([, p]) => !lower.includes(p))) });
  return insufficientResources(req, probe).length === 0 ? lower : undefined;
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = 'DefaultPreemption';
  constructor(private readonly handle: Handle) {}

  postFilter(_s: CycleState, pod: Pod, statuses: Map<string, Status>, numAllNodes: number): PostFilterResult {
    const histogram = new Map<string, number>();
    for (const n of this.handle.allNodes()) {
      const st = statuses.get(n.name);
      if (!st) continue;
      if (st.code !== 'UnschedulableAndUnresolvable') {
        const victims = findVictims(pod, n);
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

// pkg/scheduler/framework/plugins/noderesources/fit.go (+ least_allocated.go): Filter checks that the pod's
// requests fit in what the node has left; Score with the default LeastAllocated strategy prefers emptier nodes,
// counting a container with no request as 100m CPU / 200Mi memory.
import type { Pod } from '../../../apiserver/types';
import type { NodeInfo } from '../../framework/nodeinfo';
import { podRequests, type Resource } from '../../framework/resources';
import {
  MAX_NODE_SCORE, StateSlot, unschedulable,
  type CycleState, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type Status,
} from '../../framework/types';

const KEY = 'PreFilterNodeResourcesFit';
const SCORE_KEY = 'PreScoreNodeResourcesFit';

/** What does not fit, in upstream's words ("Too many pods", "Insufficient cpu", "Insufficient memory"). */
export function insufficientResources(podRequest: Resource, node: NodeInfo): string[] {
  const out: string[] = [];
  if (node.pods.size + 1 > node.allocatable.pods) out.push('Too many pods');
  if (podRequest.milliCPU === 0 && podRequest.memory === 0) return out;
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > node.allocatable.milliCPU - node.requested.milliCPU) out.push('Insufficient cpu');
  if (podRequest.memory > 0 && podRequest.memory > node.allocatable.memory - node.requested.memory) out.push('Insufficient memory');
  return out;
}

/** leastRequestedScore: ((capacity - requested) * 100) / capacity, integer division. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** Whether the pod fits, without building the reasons (the filter runs once per node; most nodes fit). */
function fits(podRequest: Resource, node: NodeInfo): boolean {
  if (node.pods.size + 1 > node.allocatable.pods) return false;
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > node.allocatable.milliCPU - node.requested.milliCPU) return false;
  if (podRequest.memory > 0 && podRequest.memory > node.allocatable.memory - node.requested.memory) return false;
  return true;
}

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'NodeResourcesFit';
  private readonly filterSlot = new StateSlot<Resource>(KEY);
  private readonly scoreSlot = new StateSlot<Resource>(SCORE_KEY);

  preFilter(state: CycleState, pod: Pod): Status | null {
    state.write(KEY, podRequests(pod));
    return null;
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
    const req = this.filterSlot.read(state) ?? podRequests(pod);
    if (fits(req, node)) return null;
    const reasons = insufficientResources(req, node);
    return reasons.length ? unschedulable(...reasons) : null;
  }

  /** The pod's non-zero requests, once per cycle (as upstream's PreScore) instead of parsing them per node. */
  preScore(state: CycleState, pod: Pod): Status | null {
    state.write(SCORE_KEY, podRequests(pod, true));
    return null;
  }

  /** LeastAllocated over cpu and memory, weight 1 each. */
  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const req = this.scoreSlot.read(state) ?? podRequests(pod, true);
    const cpu = leastRequestedScore(node.nonZeroRequested.milliCPU + req.milliCPU, node.allocatable.milliCPU);
    const mem = leastRequestedScore(node.nonZeroRequested.memory + req.memory, node.allocatable.memory);
    let sum = 0;
    let weights = 0;
    if (node.allocatable.milliCPU > 0) (sum += cpu), (weights += 1);
    if (node.allocatable.memory > 0) (sum += mem), (weights += 1);
    return weights ? Math.trunc(sum / weights) : 0;
  }
}

// pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go: prefers nodes whose CPU and memory
// would be used in the same proportion: score = (1 - standard deviation of the fractions) * 100.
import type { Pod } from '../../../apiserver/types';
import type { NodeInfo } from '../../framework/nodeinfo';
import { podRequests, type Resource } from '../../framework/resources';
import { MAX_NODE_SCORE, StateSlot, type CycleState, type PreScorePlugin, type ScorePlugin, type Status } from '../../framework/types';

const KEY = 'PreScoreNodeResourcesBalancedAllocation';

export function balancedScore(requested: number[], allocatable: number[]): number {
  const fractions: number[] = [];
  for (let i = 0; i < requested.length; i++) {
    if (!allocatable[i]) continue;
    fractions.push(Math.min(1, requested[i]! / allocatable[i]!));
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** balancedScore for cpu and memory without building arrays: the same arithmetic, run once per scored node. */
function balancedScore2(reqCPU: number, allocCPU: number, reqMem: number, allocMem: number): number {
  if (!allocCPU || !allocMem) return MAX_NODE_SCORE; // one fraction or none: no deviation
  const std = Math.abs((Math.min(1, reqCPU / allocCPU) - Math.min(1, reqMem / allocMem)) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';
  private readonly slot = new StateSlot<Resource>(KEY);

  /** The pod's requests, once per cycle rather than once per node. */
  preScore(state: CycleState, pod: Pod): Status | null {
    state.write(KEY, podRequests(pod));
    return null;
  }

  /** Uses the pods' real requests (useRequested), not the non-zero defaults. */
  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const req = this.slot.read(state) ?? podRequests(pod);
    return balancedScore2(
      node.requested.milliCPU + req.milliCPU,
      node.allocatable.milliCPU,
      node.requested.memory + req.memory,
      node.allocatable.memory,
    );
  }
}

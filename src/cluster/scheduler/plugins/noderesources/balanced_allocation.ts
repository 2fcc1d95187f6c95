// pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go: prefers nodes whose CPU and memory
// would be used in the same proportion: score = (1 - standard deviation of the fractions) * 100.
import type { Pod } from '../../../apiserver/types';
import type { NodeInfo } from '../../framework/nodeinfo';
import { podRequests } from '../../framework/resources';
import { MAX_NODE_SCORE, type CycleState, type ScorePlugin } from '../../framework/types';

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

export class NodeResourcesBalancedAllocation implements ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';
  /** Uses the pods' real requests (useRequested), not the non-zero defaults. */
  score(_s: CycleState, pod: Pod, node: NodeInfo): number {
    const req = podRequests(pod);
    return balancedScore(
      [node.requested.milliCPU + req.milliCPU, node.requested.memory + req.memory],
      [node.allocatable.milliCPU, node.allocatable.memory],
    );
  }
}

// pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go: Filter applies nodeSelector and the required
// node affinity terms; Score adds up the weights of the preferred terms a node matches.
import type { Pod } from '../../../apiserver/types';
import { nodeTermMatches } from '../../../controllers/util/labels';
import type { NodeInfo } from '../../framework/nodeinfo';
import {
  defaultNormalizeScore, MAX_NODE_SCORE, unresolvable,
  type CycleState, type FilterPlugin, type NodeScore, type ScorePlugin, type Status,
} from '../../framework/types';

export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

export function podMatchesNodeSelectorAndAffinity(pod: Pod, node: NodeInfo): boolean {
  const sel = pod.spec.nodeSelector;
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!sel && !req) return true; // the common pod: nothing to check, nothing to allocate (runs once per node)
  const labels = node.node.metadata.labels ?? {};
  if (sel) for (const k in sel) if (labels[k] !== sel[k]) return false;
  if (req) return req.nodeSelectorTerms.some((t) => nodeTermMatches(t, labels, node.name));
  return true;
}

export class NodeAffinity implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeAffinity';

  filter(_s: CycleState, pod: Pod, node: NodeInfo): Status | null {
    return podMatchesNodeSelectorAndAffinity(pod, node) ? null : unresolvable(ErrReasonPod);
  }

  score(_s: CycleState, pod: Pod, node: NodeInfo): number {
    const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred) return 0;
    let sum = 0;
    for (const p of preferred)
      if (p.weight !== 0 && nodeTermMatches(p.preference, node.node.metadata.labels, node.name)) sum += p.weight;
    return sum;
  }

  normalizeScore(_s: CycleState, _p: Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  }
}

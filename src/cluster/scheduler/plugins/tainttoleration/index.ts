// pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go: Filter rejects a node with a NoSchedule
// or NoExecute taint the pod does not tolerate; Score prefers nodes with fewer untolerated PreferNoSchedule taints.
import type { Pod, Toleration } from '../../../apiserver/types';
import { findUntoleratedTaint, tolerationsTolerateTaint } from '../../../controllers/util/taints';
import type { NodeInfo } from '../../framework/nodeinfo';
import {
  defaultNormalizeScore, MAX_NODE_SCORE, unresolvable,
  type CycleState, type FilterPlugin, type NodeScore, type PreScorePlugin, type ScorePlugin, type Status,
} from '../../framework/types';

const KEY = 'PreScoreTaintToleration';
const FILTER_EFFECTS: Array<'NoSchedule' | 'NoExecute'> = ['NoSchedule', 'NoExecute'];

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'TaintToleration';

  filter(_s: CycleState, pod: Pod, node: NodeInfo): Status | null {
    const taints = node.node.spec?.taints;
    if (!taints?.length) return null;
    const t = findUntoleratedTaint(taints, pod.spec.tolerations, FILTER_EFFECTS);
    if (!t) return null;
    return unresolvable(`node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`);
  }

  preScore(state: CycleState, pod: Pod): Status | null {
    const tols = (pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(KEY, tols);
    return null;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const tols = state.read<Toleration[]>(KEY) ?? [];
    const taints = node.node.spec?.taints;
    if (!taints?.length) return 0;
    let n = 0;
    for (const t of taints) if (t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tols, t)) n++;
    return n;
  }

  normalizeScore(_s: CycleState, _p: Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  }
}

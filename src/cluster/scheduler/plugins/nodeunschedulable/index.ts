// pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go: a cordoned node takes no new pods
// unless they tolerate node.kubernetes.io/unschedulable:NoSchedule.
import type { Pod } from '../../../apiserver/types';
import { TAINT_NODE_UNSCHEDULABLE, tolerationsTolerateTaint } from '../../../controllers/util/taints';
import type { NodeInfo } from '../../framework/nodeinfo';
import { unresolvable, type CycleState, type FilterPlugin, type Status } from '../../framework/types';

export const ErrReasonUnschedulable = 'node(s) were unschedulable';

export class NodeUnschedulable implements FilterPlugin {
  readonly name = 'NodeUnschedulable';
  filter(_s: CycleState, pod: Pod, node: NodeInfo): Status | null {
    if (!node.node.spec?.unschedulable) return null;
    if (tolerationsTolerateTaint(pod.spec.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' })) return null;
    return unresolvable(ErrReasonUnschedulable);
  }
}

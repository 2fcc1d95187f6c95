// pkg/scheduler/framework/plugins/nodename/node_name.go: a pod that names its node fits only there.
import type { Pod } from '../../../apiserver/types';
import type { NodeInfo } from '../../framework/nodeinfo';
import { unresolvable, type CycleState, type FilterPlugin, type Status } from '../../framework/types';

export const ErrReason = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin {
  readonly name = 'NodeName';
  filter(_s: CycleState, pod: Pod, node: NodeInfo): Status | null {
    if (!pod.spec.nodeName || pod.spec.nodeName === node.name) return null;
    return unresolvable(ErrReason);
  }
}

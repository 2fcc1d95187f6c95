// pkg/scheduler/framework/plugins/nodeports/node_ports.go: a hostPort can be taken once per node.
import type { Pod } from '../../../apiserver/types';
import { hostPorts, type NodeInfo } from '../../framework/nodeinfo';
import { unschedulable, type CycleState, type FilterPlugin, type Status } from '../../framework/types';

export const ErrReason = "node(s) didn't have free ports for the requested pod ports";

export class NodePorts implements FilterPlugin {
  readonly name = 'NodePorts';
  filter(_s: CycleState, pod: Pod, node: NodeInfo): Status | null {
    for (const p of hostPorts(pod)) if (node.usedPorts.has(p)) return unschedulable(ErrReason);
    return null;
  }
}

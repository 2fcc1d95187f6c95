// pkg/scheduler/framework/plugins/nodeports/node_ports.go: a hostPort can be taken once per node.
import type { Pod } from '../../../apiserver/types';
import { hostPorts, type NodeInfo } from '../../framework/nodeinfo';
import { StateSlot, unschedulable, type CycleState, type FilterPlugin, type PreFilterPlugin, type Status } from '../../framework/types';

const KEY = 'PreFilterNodePorts';

export const ErrReason = "node(s) didn't have free ports for the requested pod ports";

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = 'NodePorts';
  private readonly slot = new StateSlot<string[]>(KEY);
  /** The pod's host ports, once per cycle (as upstream's PreFilter), not once per node. */
  preFilter(state: CycleState, pod: Pod): Status | null {
    state.write(KEY, hostPorts(pod));
    return null;
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
    const ports = this.slot.read(state) ?? hostPorts(pod);
    for (const p of ports) if (node.usedPorts.has(p)) return unschedulable(ErrReason);
    return null;
  }
}

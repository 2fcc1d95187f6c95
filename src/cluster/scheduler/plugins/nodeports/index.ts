// pkg/scheduler/framework/plugins/nodeports/node_ports.go: a hostPort can be taken once per node.
import type { Pod } from '../../../apiserver/types';
import { hostPorts, type NodeInfo } from '../../framework/nodeinfo';
import { skip, StateSlot, unschedulable, type CycleState, type FilterPlugin, type PreFilterPlugin, type Status } from '../../framework/types';

const KEY = 'PreFilterNodePorts';
const SKIP: Status = Object.freeze(skip()) as Status;

export const ErrReason = "node(s) didn't have free ports for the requested pod ports";

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = 'NodePorts';
  private readonly slot = new StateSlot<string[]>(KEY);
  /** The pod's host ports, once per cycle (as upstream's PreFilter), not once per node. */
  preFilter(state: CycleState, pod: Pod): Status | null {
    const ports = hostPorts(pod);
    if (ports.length === 0) return SKIP; // no host port: nothing to filter on any node
    state.write(KEY, ports);
    return null;
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
    const ports = this.slot.read(state) ?? hostPorts(pod);
    for (const p of ports) if (node.usedPorts.has(p)) return unschedulable(ErrReason);
    return null;
  }
}

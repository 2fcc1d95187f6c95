// pkg/scheduler/framework/plugins/imagelocality/image_locality.go: prefers nodes that already hold the pod's
// images, scaled by how widely each image is spread (so one node does not attract every pod). Names are
// compared fully qualified (nginx → docker.io/library/nginx:latest), as the runtime reports them.
import type { Pod } from '../../../apiserver/types';
import type { NodeInfo } from '../../framework/nodeinfo';
import { fullRef } from '../../../node/runtime';
import { MAX_NODE_SCORE, type CycleState, type Handle, type ScorePlugin } from '../../framework/types';

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export class ImageLocality implements ScorePlugin {
  readonly name = 'ImageLocality';
  constructor(private readonly handle: Handle) {}

  score(_s: CycleState, pod: Pod, node: NodeInfo): number {
    const total = this.handle.allNodes().length || 1;
    let sum = 0;
    const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
    for (const c of containers) {
      const st = node.imageStates.get(fullRef(c.image));
      if (st) sum += Math.trunc((st.size * st.numNodes) / total);
    }
    return calculatePriority(sum, containers.length);
  }
}

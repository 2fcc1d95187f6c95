// pkg/scheduler/framework/plugins/imagelocality/image_locality.go: prefers nodes that already hold the pod's
// images, scaled by how widely each image is spread (so one node does not attract every pod). Names are
// compared fully qualified (nginx → docker.io/library/nginx:latest), as the runtime reports them.
import type { Pod } from '../../../apiserver/types';
import type { NodeInfo } from '../../framework/nodeinfo';
import { fullRef } from '../../../node/runtime';
import { MAX_NODE_SCORE, StateSlot, type CycleState, type Handle, type PreScorePlugin, type ScorePlugin, type Status } from '../../framework/types';

const KEY = 'PreScoreImageLocality';

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export class ImageLocality implements PreScorePlugin, ScorePlugin {
  readonly name = 'ImageLocality';
  private readonly slot = new StateSlot<string[]>(KEY);
  constructor(private readonly handle: Handle) {}

  /** The pod's images, normalized once per cycle (not once per node). */
  preScore(state: CycleState, pod: Pod): Status | null {
    state.write(KEY, this.images(pod));
    return null;
  }

  private images(pod: Pod): string[] {
    return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => fullRef(c.image));
  }

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const total = this.handle.allNodes().length || 1;
    const images = this.slot.read(state) ?? this.images(pod);
    let sum = 0;
    for (const ref of images) {
      const st = node.imageStates.get(ref);
      if (st) sum += Math.trunc((st.size * st.numNodes) / total);
    }
    return calculatePriority(sum, images.length);
  }
}

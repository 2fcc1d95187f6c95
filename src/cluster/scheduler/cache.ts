// pkg/scheduler/backend/cache/cache.go: the scheduler's own view of every node — its NodeInfo with the pods
// bound or assumed there — kept from the informers. A pod is "assumed" on its node as soon as the scheduling
// cycle picks it, so the next cycle already counts its requests before the bind comes back through the watch.
import type { Node, Pod } from '../apiserver/types';
import { fullRef } from '../node/runtime';
import { NodeInfo, podKey } from './framework/nodeinfo';

export class SchedulerCache {
  private nodes = new Map<string, NodeInfo>();
  /** Insertion order: the rotating start index walks this list. */
  private order: NodeInfo[] = [];
  private podNode = new Map<string, string>();
  private assumed = new Set<string>();
  /** image → nodes holding it (ImageLocality spreads by it). */
  private imageNodes = new Map<string, Set<string>>();
  private imageSizes = new Map<string, number>();

  list(): NodeInfo[] {
    return this.order;
  }

  get(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  get size(): number {
    return this.order.length;
  }

  addOrUpdateNode(node: Node): void {
    let info = this.nodes.get(node.metadata.name);
    if (info) info.setNode(node);
    else {
      info = new NodeInfo(node);
      this.nodes.set(node.metadata.name, info);
      this.order.push(info);
    }
    this.updateImages(info);
  }

  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (!info) return;
    this.nodes.delete(name);
    this.order = this.order.filter((n) => n !== info);
    for (const [img, set] of this.imageNodes) {
      set.delete(name);
      if (set.size === 0) this.imageNodes.delete(img);
    }
    this.refreshImageStates();
  }

  private updateImages(info: NodeInfo): void {
    const mine = new Set<string>();
    for (const img of info.node.status?.images ?? [])
      for (const n of img.names) {
        const ref = fullRef(n);
        mine.add(ref);
        this.imageSizes.set(ref, img.sizeBytes);
      }
    let changed = false;
    for (const [img, set] of this.imageNodes)
      if (set.has(info.name) && !mine.has(img)) {
        set.delete(info.name);
        changed = true;
      }
    for (const img of mine) {
      let set = this.imageNodes.get(img);
      if (!set) this.imageNodes.set(img, (set = new Set()));
      if (!set.has(info.name)) {
        set.add(info.name);
        changed = true;
      }
    }
    if (changed) this.refreshImageStates();
  }

  private refreshImageStates(): void {
    for (const info of this.order) {
      const states = new Map<string, { size: number; numNodes: number }>();
      for (const [img, set] of this.imageNodes) if (set.has(info.name)) states.set(img, { size: this.imageSizes.get(img) ?? 0, numNodes: set.size });
      info.imageStates = states;
    }
  }

  /** A bound pod seen through the informer (confirms an assumed one). */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const node = pod.spec.nodeName;
    if (!node) return;
    const prev = this.podNode.get(key);
    if (prev && prev !== node) this.nodes.get(prev)?.removePod(pod);
    this.assumed.delete(key);
    this.podNode.set(key, node);
    this.nodes.get(node)?.addPod(pod);
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const node = this.podNode.get(key) ?? pod.spec.nodeName;
    if (node) this.nodes.get(node)?.removePod(pod);
    this.podNode.delete(key);
    this.assumed.delete(key);
  }

  assumePod(pod: Pod, nodeName: string): void {
    const p = { ...pod, spec: { ...pod.spec, nodeName } };
    this.assumed.add(podKey(pod));
    this.podNode.set(podKey(pod), nodeName);
    this.nodes.get(nodeName)?.addPod(p);
  }

  forgetPod(pod: Pod): void {
    if (this.assumed.has(podKey(pod))) this.removePod(pod);
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  /** Image states keyed the way ImageLocality looks them up. */
  static imageKey(image: string): string {
    return fullRef(image);
  }
}

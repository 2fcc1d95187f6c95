// pkg/scheduler/backend/cache/cache.go: the scheduler's own view of every node — its NodeInfo with the pods
// bound or assumed there — kept from the informers. A pod is "assumed" on its node as soon as the scheduling
// cycle picks it, so the next cycle already counts its requests before the bind comes back through the watch.
import type { Node, Pod } from '../apiserver/types';
import { fullRef } from '../node/runtime';
import { NodeInfo, podKey, type ImageState } from './framework/nodeinfo';

export class SchedulerCache {
  private nodes = new Map<string, NodeInfo>();
  /** Insertion order: the rotating start index walks this list. */
  private order: NodeInfo[] = [];
  private podNode = new Map<string, string>();
  private assumed = new Set<string>();
  /**
   * image → its size and how many nodes hold it (ImageLocality spreads by it). Speed: one state object per image,
   * shared by every NodeInfo that holds it, so a node pulling an image updates one counter instead of rebuilding
   * every node's image map (which made 5,000 nodes pulling nginx cost 25 million map entries).
   */
  private images = new Map<string, ImageState>();
  /**
   * HavePodsWithAffinityList / HavePodsWithRequiredAntiAffinityList: the nodes InterPodAffinity must look at for a
   * pod without affinity of its own. Speed: kept as pods come and go, so a cycle never walks 5,000 nodes to find them.
   */
  private withAffinity = new Set<NodeInfo>();
  private withRequiredAntiAffinity = new Set<NodeInfo>();

  havePodsWithAffinityList(): ReadonlySet<NodeInfo> {
    return this.withAffinity;
  }

  havePodsWithRequiredAntiAffinityList(): ReadonlySet<NodeInfo> {
    return this.withRequiredAntiAffinity;
  }

  /** After a pod with pod (anti-)affinity joined or left `info`. */
  private trackAffinity(info: NodeInfo | undefined, pod: Pod): void {
    if (!info) return;
    const a = pod.spec.affinity;
    if (!a || (!a.podAffinity && !a.podAntiAffinity)) return;
    if (info.podsWithAffinity.size > 0) this.withAffinity.add(info);
    else this.withAffinity.delete(info);
    if (info.podsWithRequiredAntiAffinity.size > 0) this.withRequiredAntiAffinity.add(info);
    else this.withRequiredAntiAffinity.delete(info);
  }

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
    this.withAffinity.delete(info);
    this.withRequiredAntiAffinity.delete(info);
    for (const ref of [...info.imageStates.keys()]) this.dropImage(info, ref);
  }

  private updateImages(info: NodeInfo): void {
    const mine = new Map<string, number>();
    for (const img of info.node.status?.images ?? []) for (const n of img.names) mine.set(fullRef(n), img.sizeBytes);
    for (const ref of [...info.imageStates.keys()]) if (!mine.has(ref)) this.dropImage(info, ref);
    for (const [ref, size] of mine) {
      let st = this.images.get(ref);
      if (!st) this.images.set(ref, (st = { size, numNodes: 0 }));
      st.size = size;
      if (!info.imageStates.has(ref)) {
        st.numNodes++;
        info.imageStates.set(ref, st);
      }
    }
  }

  private dropImage(info: NodeInfo, ref: string): void {
    const st = info.imageStates.get(ref);
    if (!st) return;
    info.imageStates.delete(ref);
    if (--st.numNodes <= 0) this.images.delete(ref);
  }

  /** A bound pod seen through the informer (confirms an assumed one). */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const node = pod.spec.nodeName;
    if (!node) return;
    const prev = this.podNode.get(key);
    if (prev && prev !== node) {
      this.nodes.get(prev)?.removePod(pod);
      this.trackAffinity(this.nodes.get(prev), pod);
    }
    this.assumed.delete(key);
    this.podNode.set(key, node);
    const info = this.nodes.get(node);
    if (!info) return;
    const old = info.pods.get(key);
    info.addPod(pod);
    this.trackAffinity(info, pod);
    if (old && old !== pod) this.trackAffinity(info, old);
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const node = this.podNode.get(key) ?? pod.spec.nodeName;
    const info = node ? this.nodes.get(node) : undefined;
    if (info) {
      const old = info.pods.get(key);
      info.removePod(pod);
      this.trackAffinity(info, pod);
      if (old && old !== pod) this.trackAffinity(info, old);
    }
    this.podNode.delete(key);
    this.assumed.delete(key);
  }

  assumePod(pod: Pod, nodeName: string): void {
    const p = { ...pod, spec: { ...pod.spec, nodeName } };
    this.assumed.add(podKey(pod));
    this.podNode.set(podKey(pod), nodeName);
    const info = this.nodes.get(nodeName);
    info?.addPod(p);
    this.trackAffinity(info, p);
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

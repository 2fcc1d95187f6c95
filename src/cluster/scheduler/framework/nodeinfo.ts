// pkg/scheduler/framework/types.go NodeInfo: a node plus what the scheduler's cache has added up about it —
// its pods, requested and non-zero requested resources, used host ports and the images it holds.
import type { Node, Pod } from '../../apiserver/types';
import { emptyResource, podRequests, resourceListToResource, type Resource } from './resources';

export interface ImageState {
  size: number;
  /** How many nodes hold this image (ImageLocality scales by it, to avoid piling onto one node). */
  numNodes: number;
}

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** `nginx` → `nginx:latest`, as normalizedImageName does (a digest or a tag is left alone). */
export function normalizedImageName(image: string): string {
  const slash = image.lastIndexOf('/');
  if (image.includes('@') || image.slice(slash + 1).includes(':')) return image;
  return `${image}:latest`;
}

export class NodeInfo {
  readonly pods = new Map<string, Pod>();
  readonly requested: Resource = emptyResource();
  readonly nonZeroRequested: Resource = emptyResource();
  /** `TCP/8080` for every hostPort in use. */
  readonly usedPorts = new Map<string, number>();
  imageStates = new Map<string, ImageState>();
  /** PodsWithAffinity: pods with podAffinity or podAntiAffinity (InterPodAffinity reads only these for most pods). */
  readonly podsWithAffinity = new Map<string, Pod>();
  /** PodsWithRequiredAntiAffinity: their terms may keep an incoming pod off this node's topology domains. */
  readonly podsWithRequiredAntiAffinity = new Map<string, Pod>();
  /** Bumped whenever the node's pods change, so what was counted over them can be reused until then. */
  generation = 0;
  /** PodTopologySpread's last count of matching pods here (selector key, generation, count). */
  spreadMemo: { key: string; generation: number; count: number } | undefined = undefined;
  allocatable: Resource & { pods: number } = { milliCPU: 0, memory: 0, pods: 0 };

  constructor(public node: Node) {
    this.setNode(node);
  }

  get name(): string {
    return this.node.metadata.name;
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = resourceListToResource(node.status?.allocatable ?? node.status?.capacity);
  }

  addPod(pod: Pod): void {
    const key = podKey(pod);
    if (this.pods.has(key)) this.removePod(this.pods.get(key)!);
    this.pods.set(key, pod);
    this.generation++;
    const r = podRequests(pod);
    const nz = podRequests(pod, true);
    this.requested.milliCPU += r.milliCPU;
    this.requested.memory += r.memory;
    this.nonZeroRequested.milliCPU += nz.milliCPU;
    this.nonZeroRequested.memory += nz.memory;
    for (const p of hostPorts(pod)) this.usedPorts.set(p, (this.usedPorts.get(p) ?? 0) + 1);
    const a = pod.spec.affinity;
    if (a && (a.podAffinity || a.podAntiAffinity)) {
      this.podsWithAffinity.set(key, pod);
      if (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) this.podsWithRequiredAntiAffinity.set(key, pod);
    }
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const old = this.pods.get(key);
    if (!old) return;
    this.pods.delete(key);
    if (this.podsWithAffinity.size > 0) {
      this.podsWithAffinity.delete(key);
      this.podsWithRequiredAntiAffinity.delete(key);
    }
    this.generation++;
    const r = podRequests(old);
    const nz = podRequests(old, true);
    this.requested.milliCPU -= r.milliCPU;
    this.requested.memory -= r.memory;
    this.nonZeroRequested.milliCPU -= nz.milliCPU;
    this.nonZeroRequested.memory -= nz.memory;
    for (const p of hostPorts(old)) {
      const n = (this.usedPorts.get(p) ?? 1) - 1;
      if (n <= 0) this.usedPorts.delete(p);
      else this.usedPorts.set(p, n);
    }
  }
}

export function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec.containers ?? [])
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(`${p.protocol ?? 'TCP'}/${p.hostPort}`);
  return out;
}

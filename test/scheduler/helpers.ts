import type { Node, Pod, ReplicaSet, Service } from '../../src/cluster/apiserver/types';
import { NodeInfo } from '../../src/cluster/scheduler/framework/nodeinfo';
import type { Handle } from '../../src/cluster/scheduler/framework/types';

export function node(name: string, opts: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: Node['spec']['taints']; unschedulable?: boolean } = {}): Node {
  const cap = { cpu: opts.cpu ?? '2', memory: opts.memory ?? '4Gi', pods: opts.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: { capacity: cap, allocatable: cap },
  };
}

export function pod(name: string, opts: { cpu?: string; memory?: string; labels?: Record<string, string>; owner?: string; nodeName?: string; image?: string; hostPort?: number; priority?: number } = {}): Pod {
  const requests: Record<string, string> = {};
  if (opts.cpu) requests.cpu = opts.cpu;
  if (opts.memory) requests.memory = opts.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: opts.labels,
      ownerReferences: opts.owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: opts.owner, uid: `uid-${opts.owner}`, controller: true }] : undefined,
    },
    spec: {
      nodeName: opts.nodeName,
      priority: opts.priority,
      containers: [{ name: 'c', image: opts.image ?? 'nginx', resources: { requests }, ports: opts.hostPort ? [{ containerPort: 80, hostPort: opts.hostPort }] : undefined }],
    },
  };
}

export function handleFor(nodes: NodeInfo[], rss: ReplicaSet[] = [], services: Service[] = []): Handle {
  return {
    allNodes: () => nodes,
    replicaSet: (ns, name) => rss.find((r) => r.metadata.name === name && (r.metadata.namespace ?? 'default') === ns),
    servicesInNamespace: (ns) => services.filter((s) => (s.metadata.namespace ?? 'default') === ns),
  };
}

export function infos(...nodes: Node[]): NodeInfo[] {
  return nodes.map((n) => new NodeInfo(n));
}

export function replicaSet(name: string, labels: Record<string, string>): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } },
  };
}

// Hand-built API objects for the printer and describe tests (as the API server would store them).
import { EPOCH_MS } from '../../src/cluster/sim/clock';
import type { Deployment, Endpoints, KubeEvent, Node, Pod, ReplicaSet, Service } from '../../src/cluster/apiserver/types';

export const NOW = EPOCH_MS + 600_000; // ten minutes after boot
export const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function pod(name: string, createdAgo: number, extra: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: ago(createdAgo), ...(extra.metadata ?? {}) },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }], ...(extra.spec ?? {}) },
    status: extra.status ?? { phase: 'Pending' },
  };
}

export const pods: Pod[] = [
  pod('pending', 10),
  pod('creating', 45, {
    spec: { nodeName: 'node-1', containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] },
    status: {
      phase: 'Pending',
      containerStatuses: [{ name: 'nginx', image: 'nginx:1.14.2', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
    },
  }),
  pod('crashy', 300, {
    spec: { nodeName: 'node-2', containers: [{ name: 'app', image: 'crasher' }] },
    status: {
      phase: 'Running',
      podIP: '10.244.2.7',
      podIPs: [{ ip: '10.244.2.7' }],
      containerStatuses: [
        {
          name: 'app',
          image: 'crasher',
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(31), finishedAt: ago(30) } },
        },
      ],
    },
  }),
  pod('running', 125, {
    spec: { nodeName: 'node-1', containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] },
    status: {
      phase: 'Running',
      podIP: '10.244.1.3',
      podIPs: [{ ip: '10.244.1.3' }],
      containerStatuses: [{ name: 'nginx', image: 'nginx:1.14.2', ready: true, restartCount: 0, state: { running: { startedAt: ago(120) } } }],
    },
  }),
  pod('going', 3 * 3600, {
    metadata: { name: 'going', namespace: 'default', deletionTimestamp: ago(-30), deletionGracePeriodSeconds: 30 },
    spec: { nodeName: 'node-3', containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] },
    status: {
      phase: 'Running',
      podIP: '10.244.3.9',
      containerStatuses: [{ name: 'nginx', image: 'nginx:1.14.2', ready: true, restartCount: 0, state: { running: { startedAt: ago(3000) } } }],
    },
  }),
  pod('done', 9 * 86400, {
    spec: { nodeName: 'node-1', containers: [{ name: 'job', image: 'busybox' }] },
    status: {
      phase: 'Succeeded',
      containerStatuses: [{ name: 'job', image: 'busybox', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    },
  }),
];

function node(name: string, extra: Partial<Node> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, creationTimestamp: ago(600), labels: { 'kubernetes.io/hostname': name }, ...(extra.metadata ?? {}) },
    spec: extra.spec ?? {},
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [{ type: 'InternalIP', address: `10.0.0.${name.slice(-1)}` }, { type: 'Hostname', address: name }],
      nodeInfo: {
        kubeletVersion: 'v1.31.0',
        containerRuntimeVersion: 'containerd://1.7.18',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-18-amd64',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      ...(extra.status ?? {}),
    },
  };
}

export const nodes: Node[] = [
  node('cp-0', { metadata: { name: 'cp-0', labels: { 'node-role.kubernetes.io/control-plane': '' } } }),
  node('node-1', { spec: { unschedulable: true } }),
  node('node-2', { status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }] } }),
  node('node-3', { status: { conditions: [] } }),
];

export const deployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web', creationTimestamp: ago(300), generation: 2, labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
  },
  status: {
    observedGeneration: 2,
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 2,
    availableReplicas: 2,
    unavailableReplicas: 1,
    conditions: [
      { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' },
      { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
    ],
  },
};

export function replicaSet(hash: string, revision: string, image: string, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`,
      namespace: 'default',
      uid: `uid-rs-${hash}`,
      creationTimestamp: ago(revision === '1' ? 300 : 120),
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': hash } },
        spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
      },
    },
    status: { replicas, readyReplicas: replicas === 0 ? 0 : 2, availableReplicas: replicas === 0 ? 0 : 2 },
  };
}

export const services: Service[] = [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', creationTimestamp: ago(600), labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(60) },
    spec: { type: 'NodePort', clusterIP: '10.96.45.12', clusterIPs: ['10.96.45.12'], selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }], sessionAffinity: 'None' },
  },
];

export const endpoints: Endpoints[] = [
  {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(60) },
    subsets: [
      {
        addresses: ['10.244.1.2', '10.244.2.2', '10.244.3.2', '10.244.1.5'].map((ip) => ({ ip })),
        ports: [{ port: 80, protocol: 'TCP' }],
      },
    ],
  },
  { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'empty', namespace: 'default', creationTimestamp: ago(60) } },
];

export const events: KubeEvent[] = [
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'running.1', namespace: 'default', creationTimestamp: ago(125) },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'running', uid: 'uid-running' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/running to node-1',
    source: { component: 'default-scheduler' },
    type: 'Normal',
    count: 1,
    firstTimestamp: ago(125),
    lastTimestamp: ago(125),
  },
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'running.2', namespace: 'default', creationTimestamp: ago(121) },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'running', uid: 'uid-running', fieldPath: 'spec.containers{nginx}' },
    reason: 'Pulled',
    message: 'Container image "nginx:1.14.2" already present on machine',
    source: { component: 'kubelet', host: 'node-1' },
    type: 'Normal',
    count: 1,
    firstTimestamp: ago(121),
    lastTimestamp: ago(121),
  },
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'big.1', namespace: 'default', creationTimestamp: ago(120) },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'big', uid: 'uid-big' },
    reason: 'FailedScheduling',
    message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    source: { component: 'default-scheduler' },
    type: 'Warning',
    count: 3,
    firstTimestamp: ago(120),
    lastTimestamp: ago(10),
  },
];

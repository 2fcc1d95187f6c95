// Models the resource table of kube-apiserver (pkg/registry/*/storage/storage.go + pkg/kubeapiserver's
// DefaultResourceEncodingConfig): per resource its kind, group, scope, etcd key prefix, selectable fields and
// the field the watch cache indexes watchers by (the "indexed trigger": spec.nodeName for pods).
import type { ResourceName } from './api';
import type { KubeObject, Pod, Node, KubeEvent, ReplicaSet, Namespace, Service } from './types';
import type { GroupResource } from './errors';

export interface ResourceInfo extends GroupResource {
  resource: ResourceName;
  kind: string;
  apiVersion: string;
  namespaced: boolean;
  /** Key prefix in etcd, with the trailing slash: `/registry/pods/`. */
  prefix: string;
  /** Has a status subresource: PUT ignores .status, PUT …/status changes only .status. */
  hasStatus: boolean;
  /** metadata.generation is bumped on every spec change. */
  tracksGeneration: boolean;
  /** The fields `--field-selector` accepts (beyond metadata.name / metadata.namespace). */
  fields: Record<string, (obj: any) => string>;
  /** The field by which the watch cache indexes its watchers (upstream's TriggerPublisherFunc / indexed triggers). */
  triggerField?: string;
}

const name = (o: KubeObject) => o.metadata.name;
const ns = (o: KubeObject) => o.metadata.namespace ?? '';

function table(): Record<ResourceName, ResourceInfo> {
  const base = { 'metadata.name': name, 'metadata.namespace': ns };
  return {
    namespaces: {
      resource: 'namespaces', group: '', kind: 'Namespace', apiVersion: 'v1', namespaced: false,
      prefix: '/registry/namespaces/', hasStatus: true, tracksGeneration: false,
      fields: { 'metadata.name': name, 'status.phase': (o: Namespace) => o.status?.phase ?? '' },
    },
    nodes: {
      // kube-apiserver still stores nodes under their old name, "minions".
      resource: 'nodes', group: '', kind: 'Node', apiVersion: 'v1', namespaced: false,
      prefix: '/registry/minions/', hasStatus: true, tracksGeneration: false,
      fields: { 'metadata.name': name, 'spec.unschedulable': (o: Node) => String(o.spec?.unschedulable ?? false) },
      triggerField: 'metadata.name',
    },
    pods: {
      resource: 'pods', group: '', kind: 'Pod', apiVersion: 'v1', namespaced: true,
      prefix: '/registry/pods/', hasStatus: true, tracksGeneration: false,
      fields: {
        ...base,
        'spec.nodeName': (o: Pod) => o.spec?.nodeName ?? '',
        'spec.restartPolicy': (o: Pod) => o.spec?.restartPolicy ?? '',
        'spec.schedulerName': (o: Pod) => o.spec?.schedulerName ?? '',
        'spec.serviceAccountName': (o: Pod) => o.spec?.serviceAccountName ?? '',
        'status.phase': (o: Pod) => o.status?.phase ?? '',
        'status.podIP': (o: Pod) => o.status?.podIP ?? '',
      },
      triggerField: 'spec.nodeName',
    },
    services: {
      resource: 'services', group: '', kind: 'Service', apiVersion: 'v1', namespaced: true,
      prefix: '/registry/services/specs/', hasStatus: true, tracksGeneration: false,
      fields: { ...base, 'spec.clusterIP': (o: Service) => o.spec?.clusterIP ?? '', 'spec.type': (o: Service) => o.spec?.type ?? '' },
    },
    endpoints: {
      resource: 'endpoints', group: '', kind: 'Endpoints', apiVersion: 'v1', namespaced: true,
      prefix: '/registry/services/endpoints/', hasStatus: false, tracksGeneration: false,
      fields: { ...base },
    },
    deployments: {
      resource: 'deployments', group: 'apps', kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true,
      prefix: '/registry/deployments/', hasStatus: true, tracksGeneration: true,
      fields: { ...base },
    },
    replicasets: {
      resource: 'replicasets', group: 'apps', kind: 'ReplicaSet', apiVersion: 'apps/v1', namespaced: true,
      prefix: '/registry/replicasets/', hasStatus: true, tracksGeneration: true,
      fields: { ...base, 'status.replicas': (o: ReplicaSet) => String(o.status?.replicas ?? 0) },
    },
    events: {
      resource: 'events', group: '', kind: 'Event', apiVersion: 'v1', namespaced: true,
      prefix: '/registry/events/', hasStatus: false, tracksGeneration: false,
      fields: {
        ...base,
        'involvedObject.kind': (o: KubeEvent) => o.involvedObject?.kind ?? '',
        'involvedObject.namespace': (o: KubeEvent) => o.involvedObject?.namespace ?? '',
        'involvedObject.name': (o: KubeEvent) => o.involvedObject?.name ?? '',
        'involvedObject.uid': (o: KubeEvent) => o.involvedObject?.uid ?? '',
        'involvedObject.apiVersion': (o: KubeEvent) => o.involvedObject?.apiVersion ?? '',
        'involvedObject.resourceVersion': (o: KubeEvent) => o.involvedObject?.resourceVersion ?? '',
        'involvedObject.fieldPath': (o: KubeEvent) => o.involvedObject?.fieldPath ?? '',
        reason: (o: KubeEvent) => o.reason ?? '',
        source: (o: KubeEvent) => o.source?.component ?? '',
        type: (o: KubeEvent) => o.type ?? '',
      },
    },
    leases: {
      resource: 'leases', group: 'coordination.k8s.io', kind: 'Lease', apiVersion: 'coordination.k8s.io/v1',
      namespaced: true, prefix: '/registry/leases/', hasStatus: false, tracksGeneration: false,
      fields: { ...base },
    },
  };
}

export const RESOURCES: Record<ResourceName, ResourceInfo> = table();
export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

export function resourceInfo(resource: ResourceName): ResourceInfo {
  const info = RESOURCES[resource];
  if (!info) throw new Error(`unknown resource "${resource}"`);
  return info;
}

/** The etcd key of an object: `/registry/pods/default/web-1`, `/registry/minions/node-1`. */
export function objectKey(info: ResourceInfo, name: string, namespace?: string): string {
  return info.namespaced ? `${info.prefix}${namespace}/${name}` : `${info.prefix}${name}`;
}

/** The key prefix to list: every object, or one namespace's. */
export function listPrefix(info: ResourceInfo, namespace?: string): string {
  return info.namespaced && namespace ? `${info.prefix}${namespace}/` : info.prefix;
}

/** The value of a selectable field of `obj`; undefined when the resource does not support that field. */
export function fieldGetter(info: ResourceInfo, field: string): ((obj: KubeObject) => string) | undefined {
  return info.fields[field];
}

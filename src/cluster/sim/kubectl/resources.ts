// The resource types kubectl knows in the mini-cluster, with the names, short names and groups discovery gives
// real kubectl (`kubectl api-resources`), and the `TYPE.GROUP/NAME` forms kubectl prints.
import type { ResourceName } from '../../apiserver/api';
import { LineError } from '../shell';

export interface ResourceType {
  resource: ResourceName;
  singular: string;
  shortNames: string[];
  kind: string;
  group: string; // '' for the core group
  version: string;
  namespaced: boolean;
}

export const RESOURCE_TYPES: ResourceType[] = [
  { resource: 'pods', singular: 'pod', shortNames: ['po'], kind: 'Pod', group: '', version: 'v1', namespaced: true },
  { resource: 'nodes', singular: 'node', shortNames: ['no'], kind: 'Node', group: '', version: 'v1', namespaced: false },
  { resource: 'deployments', singular: 'deployment', shortNames: ['deploy'], kind: 'Deployment', group: 'apps', version: 'v1', namespaced: true },
  { resource: 'replicasets', singular: 'replicaset', shortNames: ['rs'], kind: 'ReplicaSet', group: 'apps', version: 'v1', namespaced: true },
  { resource: 'services', singular: 'service', shortNames: ['svc'], kind: 'Service', group: '', version: 'v1', namespaced: true },
  { resource: 'endpoints', singular: 'endpoints', shortNames: ['ep'], kind: 'Endpoints', group: '', version: 'v1', namespaced: true },
  { resource: 'events', singular: 'event', shortNames: ['ev'], kind: 'Event', group: '', version: 'v1', namespaced: true },
  { resource: 'namespaces', singular: 'namespace', shortNames: ['ns'], kind: 'Namespace', group: '', version: 'v1', namespaced: false },
  { resource: 'leases', singular: 'lease', shortNames: [], kind: 'Lease', group: 'coordination.k8s.io', version: 'v1', namespaced: true },
];

/** What `kubectl get all` expands to (the "all" category), in kubectl's order. */
export const ALL_CATEGORY: ResourceName[] = ['pods', 'services', 'deployments', 'replicasets'];

/** `pods`, `pod`, `po`, `Pod`, `deployments.apps`, `deploy.apps`, `deployment.v1.apps` … */
export function lookupType(word: string): ResourceType | undefined {
  const lower = word.toLowerCase();
  const dot = lower.indexOf('.');
  const base = dot >= 0 ? lower.slice(0, dot) : lower;
  const group = dot >= 0 ? lower.slice(dot + 1) : undefined;
  for (const t of RESOURCE_TYPES) {
    const names = [t.resource, t.singular, ...t.shortNames, t.kind.toLowerCase()];
    if (!names.includes(base)) continue;
    if (group === undefined || group === t.group || group === `${t.version}.${t.group}` || (t.group === '' && group === t.version)) return t;
  }
  return undefined;
}

/**
 * Kinds every real cluster serves but the mini-cluster does not: saying "the server doesn't have a resource type
 * configmaps" (or "ensure CRDs are installed first") would teach something false, so these say so instead.
 */
const NOT_SERVED: Array<{ kind: string; group: string; names: string[] }> = [
  { kind: 'ConfigMap', group: '', names: ['configmaps', 'configmap', 'cm'] },
  { kind: 'Secret', group: '', names: ['secrets', 'secret'] },
  { kind: 'ServiceAccount', group: '', names: ['serviceaccounts', 'serviceaccount', 'sa'] },
  { kind: 'PersistentVolumeClaim', group: '', names: ['persistentvolumeclaims', 'persistentvolumeclaim', 'pvc'] },
  { kind: 'PersistentVolume', group: '', names: ['persistentvolumes', 'persistentvolume', 'pv'] },
  { kind: 'ResourceQuota', group: '', names: ['resourcequotas', 'resourcequota', 'quota'] },
  { kind: 'LimitRange', group: '', names: ['limitranges', 'limitrange', 'limits'] },
  { kind: 'ReplicationController', group: '', names: ['replicationcontrollers', 'replicationcontroller', 'rc'] },
  { kind: 'StatefulSet', group: 'apps', names: ['statefulsets', 'statefulset', 'sts'] },
  { kind: 'DaemonSet', group: 'apps', names: ['daemonsets', 'daemonset', 'ds'] },
  { kind: 'Job', group: 'batch', names: ['jobs', 'job'] },
  { kind: 'CronJob', group: 'batch', names: ['cronjobs', 'cronjob', 'cj'] },
  { kind: 'Ingress', group: 'networking.k8s.io', names: ['ingresses', 'ingress', 'ing'] },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', names: ['networkpolicies', 'networkpolicy', 'netpol'] },
  { kind: 'EndpointSlice', group: 'discovery.k8s.io', names: ['endpointslices', 'endpointslice'] },
  { kind: 'HorizontalPodAutoscaler', group: 'autoscaling', names: ['horizontalpodautoscalers', 'horizontalpodautoscaler', 'hpa'] },
  { kind: 'PodDisruptionBudget', group: 'policy', names: ['poddisruptionbudgets', 'poddisruptionbudget', 'pdb'] },
  { kind: 'PriorityClass', group: 'scheduling.k8s.io', names: ['priorityclasses', 'priorityclass', 'pc'] },
  { kind: 'StorageClass', group: 'storage.k8s.io', names: ['storageclasses', 'storageclass', 'sc'] },
  { kind: 'Role', group: 'rbac.authorization.k8s.io', names: ['roles', 'role'] },
  { kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', names: ['rolebindings', 'rolebinding'] },
  { kind: 'ClusterRole', group: 'rbac.authorization.k8s.io', names: ['clusterroles', 'clusterrole'] },
  { kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io', names: ['clusterrolebindings', 'clusterrolebinding'] },
  { kind: 'CustomResourceDefinition', group: 'apiextensions.k8s.io', names: ['customresourcedefinitions', 'customresourcedefinition', 'crd', 'crds'] },
];

function notServed(what: string): LineError {
  return new LineError(`error: ${what} is not available here: the mini-cluster serves ${RESOURCE_TYPES.map((t) => t.resource).join(', ')}`);
}

export function requireType(word: string): ResourceType {
  const t = lookupType(word);
  if (t) return t;
  const lower = word.toLowerCase();
  const base = lower.includes('.') ? lower.slice(0, lower.indexOf('.')) : lower;
  const known = NOT_SERVED.find((k) => k.names.includes(base));
  if (known) throw notServed(`"${word}" (${known.kind})`);
  throw new LineError(`error: the server doesn't have a resource type "${word}"`);
}

/** A manifest of a built-in kind the mini-cluster does not serve (a ConfigMap, a StatefulSet …), else undefined. */
export function notServedKind(apiVersion: string, kind: string, source: string): LineError | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const known = NOT_SERVED.find((k) => k.kind === kind && k.group === group);
  return known ? notServed(`kind ${kind} (${apiVersion}) in "${source}"`) : undefined;
}

export function typeByResource(resource: ResourceName): ResourceType {
  return RESOURCE_TYPES.find((t) => t.resource === resource)!;
}

export function typeByKind(apiVersion: string, kind: string): ResourceType | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return RESOURCE_TYPES.find((t) => t.kind === kind && t.group === group && t.version === version);
}

/** `deployment.apps` / `pod`: how kubectl names a type in `TYPE/NAME` output and messages. */
export function qualifiedSingular(t: ResourceType): string {
  return t.group ? `${t.singular === 'endpoints' ? 'endpoints' : t.kind.toLowerCase()}.${t.group}` : t.kind.toLowerCase();
}

/** `deployments.apps` / `pods`: the group-qualified resource, as in API error messages. */
export function qualifiedResource(t: ResourceType): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

/** Every name a type answers to, for completion. */
export function typeWords(): string[] {
  return RESOURCE_TYPES.flatMap((t) => [t.resource, t.singular, ...t.shortNames]).filter((w, i, a) => a.indexOf(w) === i);
}

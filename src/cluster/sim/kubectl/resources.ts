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

export function requireType(word: string): ResourceType {
  const t = lookupType(word);
  if (!t) throw new LineError(`error: the server doesn't have a resource type "${word}"`);
  return t;
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

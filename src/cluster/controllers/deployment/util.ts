// pkg/controller/deployment/util/deployment_util.go: revisions and their annotations, finding the new and old
// ReplicaSets, maxSurge / maxUnavailable resolved from percentages (surge rounds up, unavailable down), and
// the arithmetic of one rolling-update step.
import type { Deployment, DeploymentCondition, ReplicaSet, PodTemplateSpec } from '../../apiserver/types';
import { canonicalJSON } from '../util/hash';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const DEFAULT_POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Annotations the Deployment keeps for itself (never copied onto its ReplicaSets). */
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

export function revision(obj: { metadata: { annotations?: Record<string, string> } }): number {
  const v = Number(obj.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revision(rs)), 0);
}

/** The annotations a ReplicaSet inherits from its Deployment (change-cause among them). */
export function copiedAnnotations(d: Deployment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!SKIP_COPY.has(k)) out[k] = v;
  return out;
}

/** The template without the pod-template-hash label, for EqualIgnoreHash. */
function withoutHash(t: PodTemplateSpec): PodTemplateSpec {
  const c = structuredClone(t);
  if (c.metadata?.labels) {
    delete c.metadata.labels[DEFAULT_POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  }
  return c;
}

export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return canonicalJSON(withoutHash(a)) === canonicalJSON(withoutHash(b));
}

export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** FindNewReplicaSet: the (oldest) ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: Deployment, rss: ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

export function findOldReplicaSets(rss: ReplicaSet[], newRS?: ReplicaSet): ReplicaSet[] {
  return rss.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid).sort(byCreation);
}

/** intstr.GetScaledValueFromIntOrPercent */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, dflt = '25%'): number {
  const val = v ?? dflt;
  if (typeof val === 'number') return val;
  const m = /^(\d+)%$/.exec(val);
  if (!m) return Number(val) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** ResolveFenceposts: surge rounds up, unavailable rounds down, and both zero would deadlock so unavailable=1. */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const isRolling = (d: Deployment): boolean => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
export const replicasOf = (d: Deployment): number => d.spec.replicas ?? 1;

export function maxSurge(d: Deployment): number {
  if (!isRolling(d)) return 0;
  return resolveFenceposts(d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.strategy?.rollingUpdate?.maxUnavailable, replicasOf(d)).surge;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRolling(d) || replicasOf(d) === 0) return 0;
  const { unavailable } = resolveFenceposts(d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.strategy?.rollingUpdate?.maxUnavailable, replicasOf(d));
  return Math.min(unavailable, replicasOf(d));
}

export const specReplicas = (rs: ReplicaSet | undefined): number => rs?.spec.replicas ?? 0;
export const sumSpec = (rss: ReplicaSet[]): number => rss.reduce((a, rs) => a + specReplicas(rs), 0);
export const sumStatus = (rss: ReplicaSet[], f: 'replicas' | 'readyReplicas' | 'availableReplicas'): number =>
  rss.reduce((a, rs) => a + (rs.status?.[f] ?? 0), 0);

/**
 * NewRSNewReplicas: how far the new ReplicaSet may grow this step — up to replicas + maxSurge pods in all,
 * never past the Deployment's replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRolling(d)) return replicasOf(d);
  const maxTotal = replicasOf(d) + maxSurge(d);
  const current = sumSpec(allRSs);
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - specReplicas(newRS));
  return specReplicas(newRS) + Math.max(0, up);
}

/**
 * How many old pods reconcileOldReplicaSets may take away: all pods − (replicas − maxUnavailable) − the new
 * ReplicaSet's pods that are not available yet.
 */
export function maxScaledDown(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS?.status?.availableReplicas ?? 0);
  return sumSpec(allRSs) - minAvailable - newUnavailable;
}

export function deploymentComplete(d: Deployment): boolean {
  const s = d.status ?? {};
  return (
    (s.updatedReplicas ?? 0) === replicasOf(d) &&
    (s.replicas ?? 0) === replicasOf(d) &&
    (s.availableReplicas ?? 0) === replicasOf(d) &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

export function getCondition(d: Deployment, type: DeploymentCondition['type']): DeploymentCondition | undefined {
  return d.status?.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: keeps lastTransitionTime when the status did not change. */
export function setCondition(conds: DeploymentCondition[], c: DeploymentCondition): DeploymentCondition[] {
  const old = conds.find((x) => x.type === c.type);
  if (old && old.status === c.status && old.reason === c.reason && old.message === c.message) return conds;
  if (old && old.status === c.status) c.lastTransitionTime = old.lastTransitionTime;
  return [...conds.filter((x) => x.type !== c.type), c].sort((a, b) => (a.type < b.type ? -1 : 1));
}

// Models pkg/apis/core/v1/defaults.go and pkg/apis/apps/v1/defaults.go (SetDefaults_*), plus the admission
// plugin that fills fields on create: DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds);
// serviceAccountName "default" is set here too (the ServiceAccount plugin's token volume: serviceaccount_admission.ts).
import type { Container, Deployment, KubeObject, Pod, PodSpec, ReplicaSet, Service, Toleration, Namespace, Node, PodTemplateSpec } from './types';

/** SetDefaults_Container: imagePullPolicy from the tag, the termination message file. */
export function defaultContainer(c: Container): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = pullPolicyFor(c.image ?? '');
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
}

/** SetDefaults_Probe and SetDefaults_HTTPGetAction: the timings every probe shows in `-o yaml`. */
export function defaultProbe(p: NonNullable<Container['livenessProbe']>): void {
  if (typeof p !== 'object') return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  if (p.httpGet && typeof p.httpGet === 'object') {
    if (!p.httpGet.path) p.httpGet.path = '/';
    p.httpGet.scheme ??= 'HTTP';
  }
}

/** `:latest` or no tag → Always; anything else (a tag or a digest) → IfNotPresent. */
export function pullPolicyFor(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

/** SetDefaults_PodSpec. */
export function defaultPodSpec(spec: PodSpec): void {
  if (!spec) return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
}

function defaultTemplate(t: PodTemplateSpec | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
export const DEFAULT_TOLERATION_SECONDS = 300;

function tolerates(tols: Toleration[], key: string): boolean {
  return tols.some(
    (t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'),
  );
}

/**
 * The DefaultTolerationSeconds admission plugin: every pod tolerates the not-ready and unreachable NoExecute
 * taints for 300 s, so a node that goes silent has its pods evicted five minutes later, not at once.
 */
export function admitDefaultTolerationSeconds(pod: Pod): void {
  const tols = (pod.spec.tolerations ??= []);
  for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!tolerates(tols, key)) {
      tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
}

/** GetPodQOS (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort. */
export function podQOSClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q !== l) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Defaulting run on every write (as the decoder does upstream). */
export function applyDefaults(obj: KubeObject): void {
  switch (obj.kind) {
    case 'Pod': {
      const pod = obj as Pod;
      defaultPodSpec(pod.spec);
      if (pod.spec) {
        const extra = pod.spec as unknown as Record<string, unknown>;
        // v1 conversion: the deprecated serviceAccount fills an empty serviceAccountName and always mirrors it
        if (!pod.spec.serviceAccountName && typeof extra.serviceAccount === 'string' && extra.serviceAccount) pod.spec.serviceAccountName = extra.serviceAccount;
        pod.spec.serviceAccountName ??= 'default';
        extra.serviceAccount = pod.spec.serviceAccountName;
        pod.spec.priority ??= 0;
        // SetDefaults_Pod: a container's requests default to its limits — on Pods only (a Deployment's template
        // keeps what was written; its pods get the requests when they are created).
        for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
          const limits = c.resources?.limits;
          if (!limits) continue;
          const requests = (c.resources!.requests ??= {});
          for (const [k, v] of Object.entries(limits)) if (requests[k] === undefined) requests[k] = v;
        }
        extra.enableServiceLinks ??= true;
        extra.preemptionPolicy ??= 'PreemptLowerPriority';
      }
      break;
    }
    case 'Deployment': {
      const d = obj as Deployment;
      if (!d.spec) break;
      d.spec.replicas ??= 1;
      d.spec.strategy ??= { type: 'RollingUpdate' };
      if (d.spec.strategy.type === 'RollingUpdate') {
        d.spec.strategy.rollingUpdate ??= {};
        d.spec.strategy.rollingUpdate.maxSurge ??= '25%';
        d.spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      }
      d.spec.revisionHistoryLimit ??= 10;
      d.spec.progressDeadlineSeconds ??= 600;
      defaultTemplate(d.spec.template);
      break;
    }
    case 'ReplicaSet': {
      const rs = obj as ReplicaSet;
      if (!rs.spec) break;
      rs.spec.replicas ??= 1;
      defaultTemplate(rs.spec.template);
      break;
    }
    case 'Service': {
      const s = obj as Service;
      if (!s.spec) break;
      s.spec.type ??= 'ClusterIP';
      s.spec.sessionAffinity ??= 'None';
      // Fields the API types here leave out but `-o yaml` on a real cluster shows.
      const extra = s.spec as unknown as Record<string, unknown>;
      if (s.spec.type !== 'ExternalName') {
        extra.internalTrafficPolicy ??= 'Cluster';
        extra.ipFamilies ??= ['IPv4'];
        extra.ipFamilyPolicy ??= 'SingleStack';
      }
      if (s.spec.type === 'NodePort' || s.spec.type === 'LoadBalancer') extra.externalTrafficPolicy ??= 'Cluster';
      for (const p of s.spec.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      break;
    }
    case 'Namespace': {
      const n = obj as Namespace;
      n.spec ??= {};
      // NamespaceDefaultLabelName: every namespace carries its own name as a label.
      n.metadata.labels = { ...(n.metadata.labels ?? {}), 'kubernetes.io/metadata.name': n.metadata.name };
      break;
    }
    case 'Node': {
      const n = obj as Node;
      n.spec ??= {};
      break;
    }
  }
}

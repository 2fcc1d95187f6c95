// kubectl describe (k8s.io/kubectl/pkg/describe/describe.go): describePod, describeNode, describeDeployment,
// describeReplicaSet, describeService, DescribePodTemplate, DescribeEvents — the same lines, the same tab
// layout (tabbedString: padding 2, PrefixWriter levels of two spaces).
import type { Client } from '../../apiserver/api';
import type {
  Container,
  ContainerState,
  ContainerStatus,
  Deployment,
  Endpoints,
  KubeEvent,
  KubeObject,
  Lease,
  Namespace,
  Node,
  Pod,
  PodTemplateSpec,
  ReplicaSet,
  Service,
  Taint,
  Toleration,
  TopologySpreadConstraint,
  Volume,
} from '../../apiserver/types';
import { DESCRIBE_OPTIONS, tabbed } from './tabwriter';
import { age, eventInterval, nodeRoles } from './printers';
import { formatLabelSelector, formatLabels, selectorString } from './selector';
import { addQuantity, canonicalQuantity, formatQuantity, parseMilli, parseQuantity, type Quantity } from './quantity';
import type { ResourceType } from './resources';

/** PrefixWriter: LEVEL_n indents by 2n spaces. */
class PrefixWriter {
  text = '';
  write(level: number, s: string): void {
    this.text += '  '.repeat(level) + s;
  }
  line(s: string): void {
    this.text += `${s}\n`;
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in UTC: `Thu, 01 Jan 2026 00:00:05 +0000`. */
export function rfc1123z(ts: string | undefined): string {
  if (!ts) return 'Mon, 01 Jan 0001 00:00:00 +0000'; // Go's zero time
  const d = new Date(Date.parse(ts));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function labelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return w.line('<none>');
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, '\t');
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

function annotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => !SKIP_ANNOTATIONS.has(k)).sort();
  if (keys.length === 0) return w.line('<none>');
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = annotations![k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

function taintText(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

function taintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!taints || taints.length === 0) return w.line('<none>');
  const sorted = [...taints].sort((a, b) => cmp(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t');
    w.write(0, `${taintText(t)}\n`);
  });
}

function tolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!tolerations || tolerations.length === 0) return w.line('<none>');
  const sorted = [...tolerations].sort((a, b) => cmp(a.key ?? '', b.key ?? ''));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t');
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeState(w: PrefixWriter, name: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${name}:\tWaiting\n`);
  }
}

/** net.JoinHostPort: an IPv6 host goes in brackets. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** DescribeProbe: the probe's action, then its timing as the server defaulted it. */
function describeProbe(p: NonNullable<Container['readinessProbe']>): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${p.exec.command.join(' ')}] ${attrs}`;
  if (p.httpGet) {
    // a url.URL: scheme://host:port/path (the scheme defaults to HTTP, lower-cased)
    const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
    const port = String(p.httpGet.port ?? '');
    const host = port ? joinHostPort(p.httpGet.host ?? '', port) : (p.httpGet.host ?? '');
    const path = p.httpGet.path ?? '';
    return `http-get ${scheme}://${host}${path && !path.startsWith('/') ? `/${path}` : path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/** describeTopologySpreadConstraints: sorted by topology key, one per line; nothing when there are none. */
function describeTopologySpreadConstraints(w: PrefixWriter, tscs: TopologySpreadConstraint[] | undefined, space: string): void {
  if (!tscs || tscs.length === 0) return;
  const sorted = [...tscs].sort((a, b) => cmp(a.topologyKey, b.topologyKey));
  w.write(0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, `${space}\t`);
    let line = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector) line += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(0, `${line}\n`);
  });
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { apiVersion?: string; fieldPath: string };
    resourceFieldRef?: { containerName?: string; resource: string; divisor?: string };
    secretKeyRef?: { name?: string; key: string; optional?: boolean };
    configMapKeyRef?: { name?: string; key: string; optional?: boolean };
  };
}
interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

/**
 * EnvValueRetriever → fieldpath.ExtractFieldPathAsString, kubectl's copy: only metadata (name, namespace, uid,
 * labels and annotations, whole or by key). A field only the kubelet resolves (spec.nodeName, status.podIP …)
 * prints empty, as `MY_NODE:   (v1:spec.nodeName)`.
 */
function podField(pod: Pod, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]!] ?? '';
  // FormatMap: key="value" lines, keys sorted.
  const formatMap = (map: Record<string, string> | undefined) =>
    Object.keys(map ?? {})
      .sort()
      .map((k) => `${k}=${JSON.stringify(map![k])}`)
      .join('\n');
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
    default:
      return '';
  }
}

/** ExtractContainerResourceValue: limits/requests of the container over the divisor, rounded up. */
function resourceFieldValue(ctr: Container, resource: string, divisor: string | undefined): string {
  const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
  const q = ctr.resources?.[kind]?.[name];
  const milli = parseMilli(q);
  const div = parseMilli(divisor ?? '1') || 1000;
  return String(Math.ceil(milli / div));
}

/** describeContainerEnvFrom + describeContainerEnvVars: values, field references (resolved on a pod), key references. */
function describeEnv(w: PrefixWriter, ctr: Container, pod: Pod | undefined): void {
  const c = ctr as Container & { env?: EnvVar[]; envFrom?: EnvFromSource[] };
  if (c.envFrom?.length) {
    w.write(2, 'Environment Variables from:\n');
    for (const e of c.envFrom) {
      const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
      const ref = e.configMapRef ?? e.secretRef ?? {};
      const what = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
      w.write(3, `${ref.name ?? ''}\t${what}\tOptional: ${ref.optional === true}\n`);
    }
  }
  const env = c.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? '').split('\n').forEach((line, i) => w.write(3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
    } else if (from.fieldRef) {
      const value = pod ? podField(pod, from.fieldRef.fieldPath) : '';
      w.write(3, `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const r = from.resourceFieldRef.resource;
      let value = resourceFieldValue(ctr, r, from.resourceFieldRef.divisor);
      if (value === '0' && (r === 'limits.cpu' || r === 'limits.memory')) value = 'node allocatable';
      w.write(3, `${e.name}:\t${value} (${r})\n`);
    } else if (from.secretKeyRef) {
      w.write(3, `${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name ?? ''}'>\tOptional: ${from.secretKeyRef.optional === true}\n`);
    } else if (from.configMapKeyRef) {
      w.write(3, `${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name ?? ''}'>\tOptional: ${from.configMapKeyRef.optional === true}\n`);
    }
  }
}

/** describeContainerVolumes: each mount by path, `PATH from VOLUME (ro|rw[,path="SUB"])`. */
function describeMounts(w: PrefixWriter, ctr: Container): void {
  const mounts = [...(ctr.volumeMounts ?? [])].sort((a, b) => cmp(a.mountPath, b.mountPath));
  w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path="${m.subPath}"`] : [])];
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
}

/** describeVolumes: each volume's source in describe's words (the common sources; others read <unknown>). */
function describeVolumes(w: PrefixWriter, volumes: Volume[] | undefined, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.hostPath) {
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? ''}\n`);
    } else if (v.emptyDir) {
      const size = v.emptyDir.sizeLimit && parseMilli(v.emptyDir.sizeLimit) > 0 ? canonicalQuantity(v.emptyDir.sizeLimit) : '<unset>';
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${size}\n`);
    } else if (v.secret) {
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`);
    } else if (v.configMap) {
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(
        2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
      );
    } else if (v.downwardAPI) {
      w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const item of v.downwardAPI.items ?? []) {
        if (item.fieldRef) w.write(3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    } else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      // kubectl 1.31 prints the sources' `optional` with %v of a *bool: `<nil>` when unset (kubectl 1.33 changed
      // this to Optional: true|false); a set value is shown as true/false rather than a pointer address.
      const opt = (o: boolean | undefined) => (typeof o === 'boolean' ? String(o) : '<nil>');
      for (const src of v.projected.sources ?? []) {
        if (src.secret) w.write(2, `SecretName:\t${src.secret.name ?? ''}\n    SecretOptionalName:\t${opt(src.secret.optional)}\n`);
        else if (src.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (src.configMap) w.write(2, `ConfigMapName:\t${src.configMap.name ?? ''}\n    ConfigMapOptional:\t${opt(src.configMap.optional)}\n`);
        else if (src.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${src.serviceAccountToken.expirationSeconds ?? 3600}\n`);
      }
    } else {
      w.write(1, '<unknown>\n');
    }
  }
}

function describeContainers(
  w: PrefixWriter,
  label: string,
  containers: Container[],
  statuses: ContainerStatus[] | undefined,
  space: string,
  pod?: Pod,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const ctr of containers) {
    const st = byName.get(ctr.name);
    w.write(1, `${space ? ' ' : ''}${ctr.name}:\n`);
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(2, `Image:\t${ctr.image}\n`);
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports = (ctr.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    const hostPorts = (ctr.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    if (ctr.command?.length) {
      w.write(2, 'Command:\n');
      for (const c of ctr.command) for (const s of c.split('\n')) w.write(3, `${s}\n`);
    }
    if (ctr.args?.length) {
      w.write(2, 'Args:\n');
      for (const a of ctr.args) for (const s of a.split('\n')) w.write(3, `${s}\n`);
    }
    if (st) {
      describeState(w, 'State', st.state);
      if (st.lastState?.terminated) describeState(w, 'Last State', st.lastState);
      w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    for (const kind of ['limits', 'requests'] as const) {
      const list = ctr.resources?.[kind];
      const names = Object.keys(list ?? {}).sort();
      if (names.length === 0) continue;
      w.write(2, `${kind === 'limits' ? 'Limits' : 'Requests'}:\n`);
      for (const n of names) w.write(3, `${n}:\t${canonicalQuantity(list![n])}\n`);
    }
    if (ctr.livenessProbe) w.write(2, `Liveness:\t${describeProbe(ctr.livenessProbe)}\n`);
    if (ctr.readinessProbe) w.write(2, `Readiness:\t${describeProbe(ctr.readinessProbe)}\n`);
    if (ctr.startupProbe) w.write(2, `Startup:\t${describeProbe(ctr.startupProbe)}\n`);
    describeEnv(w, ctr, pod);
    describeMounts(w, ctr);
  }
}

/** kubectl's GetPodQOS, used when the server has not filled status.qosClass. */
function qosClass(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  let any = false;
  let guaranteed = true;
  for (const ctr of pod.spec?.containers ?? []) {
    const req = ctr.resources?.requests ?? {};
    const lim = ctr.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (!l || parseMilli(q) !== parseMilli(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function controlledBy(obj: KubeObject): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

function describeEvents(w: PrefixWriter, events: KubeEvent[] | undefined, now: number): void {
  if (!events) return;
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  const sorted = [...events].sort((a, b) => Date.parse(a.lastTimestamp ?? a.firstTimestamp ?? '') - Date.parse(b.lastTimestamp ?? b.firstTimestamp ?? ''));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const interval = eventInterval(e, now);
    const source = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type}\t${e.reason}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

export function describePodText(pod: Pod, events: KubeEvent[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const st = pod.status ?? {};
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  const specExtra = pod.spec as { priorityClassName?: string; runtimeClassName?: string; readinessGates?: Array<{ conditionType: string }> };
  if (pod.spec.priority !== undefined) w.write(0, `Priority:\t${pod.spec.priority}\n`);
  if (specExtra.priorityClassName) w.write(0, `Priority Class Name:\t${specExtra.priorityClassName}\n`);
  if (specExtra.runtimeClassName) w.write(0, `Runtime Class Name:\t${specExtra.runtimeClassName}\n`);
  if (pod.spec.serviceAccountName) w.write(0, `Service Account:\t${pod.spec.serviceAccountName}\n`);
  w.write(0, pod.spec.nodeName ? `Node:\t${pod.spec.nodeName}/${st.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  labelsMultiline(w, 'Labels', pod.metadata.labels);
  annotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${age(pod.metadata.deletionTimestamp, now)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${st.phase ?? ''}\n`);
  if (st.reason) w.write(0, `Reason:\t${st.reason}\n`);
  if (st.message) w.write(0, `Message:\t${st.message}\n`);
  w.write(0, `IP:\t${st.podIP ?? ''}\n`);
  const ips = st.podIPs ?? (st.podIP ? [{ ip: st.podIP }] : []);
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const ctl = controlledBy(pod);
  if (ctl) w.write(0, `Controlled By:\t${ctl}\n`);
  if (st.nominatedNodeName) w.write(0, `NominatedNodeName:\t${st.nominatedNodeName}\n`);
  if (pod.spec.initContainers?.length) describeContainers(w, 'Init Containers', pod.spec.initContainers, st.initContainerStatuses, '', pod);
  describeContainers(w, 'Containers', pod.spec.containers ?? [], st.containerStatuses, '', pod);
  if (specExtra.readinessGates?.length) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of specExtra.readinessGates) {
      const cond = st.conditions?.find((c) => c.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${cond ? cond.status : '<none>'} \n`);
    }
  }
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const cnd of st.conditions) w.write(1, `${cnd.type} \t${cnd.status} \n`);
  }
  describeVolumes(w, pod.spec.volumes, '');
  w.write(0, `QoS Class:\t${qosClass(pod)}\n`);
  labelsMultiline(w, 'Node-Selectors', pod.spec.nodeSelector);
  tolerationsMultiline(w, 'Tolerations', pod.spec.tolerations);
  describeTopologySpreadConstraints(w, pod.spec.topologySpreadConstraints, '');
  describeEvents(w, events, now);
  return tabbed(w.text, DESCRIBE_OPTIONS);
}

function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!template) {
    w.write(1, '<unset>');
    return;
  }
  labelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length) annotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  if (template.spec.serviceAccountName) w.write(1, `Service Account:\t${template.spec.serviceAccountName}\n`);
  if (template.spec.initContainers?.length) describeContainers(w, 'Init Containers', template.spec.initContainers, undefined, '  ');
  describeContainers(w, 'Containers', template.spec.containers ?? [], undefined, '  ');
  describeVolumes(w, template.spec?.volumes, '  ');
  describeTopologySpreadConstraints(w, template.spec.topologySpreadConstraints, '  ');
  const priorityClassName = (template.spec as { priorityClassName?: string }).priorityClassName;
  if (priorityClassName) w.write(1, `Priority Class Name:\t${priorityClassName}\n`);
  labelsMultiline(w, '  Node-Selectors', template.spec.nodeSelector);
  tolerationsMultiline(w, '  Tolerations', template.spec.tolerations);
}

/**
 * DescribePodTemplate written straight to a buffer, as rollout history's printTemplate does: no tabwriter, so
 * the tabs stay tabs (a terminal shows them at its own tab stops).
 */
export function podTemplateText(template: PodTemplateSpec | undefined): string {
  const w = new PrefixWriter();
  describePodTemplate(w, template);
  return w.text;
}

function intOrPercent(v: number | string | undefined, dflt: string): string {
  return v === undefined ? dflt : String(v);
}

export function describeDeploymentText(d: Deployment, oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined, events: KubeEvent[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const st = d.status ?? {};
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', d.metadata.labels);
  annotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${selectorString(d.spec.selector)}\n`);
  w.write(
    0,
    `Replicas:\t${d.spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`,
  );
  const strategy = d.spec.strategy ?? { type: 'RollingUpdate' as const };
  w.write(0, `StrategyType:\t${strategy.type}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
  if (strategy.rollingUpdate) {
    const ru = strategy.rollingUpdate;
    w.write(0, `RollingUpdateStrategy:\t${intOrPercent(ru.maxUnavailable, '25%')} max unavailable, ${intOrPercent(ru.maxSurge, '25%')} max surge\n`);
  }
  describePodTemplate(w, d.spec.template);
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const cnd of st.conditions) w.write(1, `${cnd.type} \t${cnd.status}\t${cnd.reason ?? ''}\n`);
  }
  if (oldRSs.length > 0 || newRS) {
    const list = (rss: ReplicaSet[]) => rss.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`).join(', ') || '<none>';
    w.write(0, `OldReplicaSets:\t${list(oldRSs)}\n`);
    w.write(0, `NewReplicaSet:\t${list(newRS ? [newRS] : [])}\n`);
  }
  describeEvents(w, events, now);
  return tabbed(w.text, DESCRIBE_OPTIONS);
}

export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

export function describeReplicaSetText(rs: ReplicaSet, counts: PodCounts, events: KubeEvent[] | undefined, now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rs.metadata.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
  labelsMultiline(w, 'Labels', rs.metadata.labels);
  annotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const ctl = controlledBy(rs);
  if (ctl) w.write(0, `Controlled By:\t${ctl}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 1} desired\n`);
  w.write(0, `Pods Status:\t${counts.running} Running / ${counts.waiting} Waiting / ${counts.succeeded} Succeeded / ${counts.failed} Failed\n`);
  describePodTemplate(w, rs.spec.template);
  describeEvents(w, events, now);
  return tabbed(w.text, DESCRIBE_OPTIONS);
}

export function describeServiceText(svc: Service, ep: Endpoints | undefined, events: KubeEvent[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const spec = svc.spec ?? {};
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', svc.metadata.labels);
  annotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? 'ClusterIP'}\n`);
  const ext = spec as { ipFamilyPolicy?: string; ipFamilies?: string[] };
  const hasIP = !!spec.clusterIP && spec.clusterIP !== 'None';
  const policy = ext.ipFamilyPolicy ?? (hasIP ? 'SingleStack' : undefined);
  if (policy) w.write(0, `IP Family Policy:\t${policy}\n`);
  const families = ext.ipFamilies ?? (hasIP ? ['IPv4'] : []);
  w.write(0, `IP Families:\t${families.length ? families.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  const ips = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  w.write(0, `IPs:\t${ips.length ? ips.join(',') : '<none>'}\n`);
  for (const sp of spec.ports ?? []) {
    const name = sp.name || '<unset>';
    const proto = sp.protocol ?? 'TCP';
    w.write(0, `Port:\t${name}\t${sp.port}/${proto}\n`);
    w.write(0, `TargetPort:\t${sp.targetPort ?? sp.port}/${proto}\n`);
    if (sp.nodePort) w.write(0, `NodePort:\t${name}\t${sp.nodePort}/${proto}\n`);
    w.write(0, `Endpoints:\t${serviceEndpoints(ep, sp.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') w.write(0, 'External Traffic Policy:\tCluster\n');
  w.write(0, 'Internal Traffic Policy:\tCluster\n');
  describeEvents(w, events, now);
  return tabbed(w.text, DESCRIBE_OPTIONS);
}

/**
 * formatEndpointSlices for one service port (kubectl 1.31+ reads the service's EndpointSlices): ready addresses
 * as `ip:port`, three at most. `<none>` only when there is no slice at all; a service whose selector matches
 * no ready pod still has its (empty) slice, so the line is blank.
 */
function serviceEndpoints(ep: Endpoints | undefined, portName: string): string {
  if (!ep) return '<none>';
  if (!ep.subsets || ep.subsets.length === 0) return '';
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const ss of ep.subsets) {
    for (const p of ss.ports ?? []) {
      if ((p.name ?? '') !== portName) continue;
      for (const a of ss.addresses ?? []) {
        if (list.length === 3) more = true;
        if (!more) list.push(`${a.ip}:${p.port}`);
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - 3} more...` : ret;
}

export function describeNodeText(node: Node, pods: Pod[], lease: Lease | undefined, events: KubeEvent[] | undefined, now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${node.metadata.name}\n`);
  const roles = nodeRoles(node);
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  labelsMultiline(w, 'Labels', node.metadata.labels);
  annotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  taintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable ? 'true' : 'false'}\n`);
  w.write(0, 'Lease:\n');
  w.write(1, `HolderIdentity:\t${lease?.spec?.holderIdentity ?? '<unset>'}\n`);
  w.write(1, `AcquireTime:\t${lease?.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
  w.write(1, `RenewTime:\t${lease?.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
  const conds = node.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const cnd of conds) {
      w.write(1, `${cnd.type} \t${cnd.status} \t${rfc1123z(cnd.lastHeartbeatTime)} \t${rfc1123z(cnd.lastTransitionTime)} \t${cnd.reason ?? ''} \t${cnd.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of node.status?.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  const printList = (list: Record<string, string>) => {
    for (const k of Object.keys(list).sort()) w.write(0, `  ${k}:\t${canonicalQuantity(list[k])}\n`);
  };
  if (Object.keys(node.status?.capacity ?? {}).length) {
    w.write(0, 'Capacity:\n');
    printList(node.status!.capacity!);
  }
  if (Object.keys(node.status?.allocatable ?? {}).length) {
    w.write(0, 'Allocatable:\n');
    printList(node.status!.allocatable!);
  }
  const info = node.status?.nodeInfo;
  const ext = (info ?? {}) as Record<string, string | undefined>;
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${ext.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${ext.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${ext.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  w.write(0, `  Kube-Proxy Version:\t${ext.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  describeNodeResource(w, node, pods, now);
  describeEvents(w, events, now);
  return tabbed(w.text, DESCRIBE_OPTIONS);
}

type ResourceTotals = Record<string, Quantity>;

/** resourcehelper.PodRequestsAndLimits: the containers' sums (requests were defaulted from limits by the API server). */
function podRequestsAndLimits(pod: Pod): { req: ResourceTotals; lim: ResourceTotals } {
  const req: ResourceTotals = {};
  const lim: ResourceTotals = {};
  for (const ctr of pod.spec.containers ?? []) {
    for (const [k, v] of Object.entries(ctr.resources?.requests ?? {})) req[k] = addQuantity(req[k], parseQuantity(v));
    for (const [k, v] of Object.entries(ctr.resources?.limits ?? {})) lim[k] = addQuantity(lim[k], parseQuantity(v));
  }
  return { req, lim };
}

function describeNodeResource(w: PrefixWriter, node: Node, pods: Pod[], now: number): void {
  const alloc = Object.keys(node.status?.allocatable ?? {}).length ? node.status!.allocatable! : (node.status?.capacity ?? {});
  const allocCpu = parseMilli(alloc.cpu);
  const allocMem = parseMilli(alloc.memory);
  const pct = (v: Quantity | undefined, total: number) => (total ? Math.trunc(((v?.milli ?? 0) / total) * 100) : 0);
  const text = (v: Quantity | undefined) => (v ? formatQuantity(v) : '0');
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const totals = { req: {} as ResourceTotals, lim: {} as ResourceTotals };
  for (const pod of pods) {
    const { req, lim } = podRequestsAndLimits(pod);
    for (const [k, v] of Object.entries(req)) totals.req[k] = addQuantity(totals.req[k], v);
    for (const [k, v] of Object.entries(lim)) totals.lim[k] = addQuantity(totals.lim[k], v);
    w.write(
      1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name}\t\t${text(req.cpu)} (${pct(req.cpu, allocCpu)}%)\t${text(lim.cpu)} (${pct(lim.cpu, allocCpu)}%)\t${text(req.memory)} (${pct(req.memory, allocMem)}%)\t${text(lim.memory)} (${pct(lim.memory, allocMem)}%)\t${age(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  const allocEph = parseMilli(alloc['ephemeral-storage']);
  for (const [r, total] of [['cpu', allocCpu], ['memory', allocMem], ['ephemeral-storage', allocEph]] as const) {
    const rq = totals.req[r];
    const lm = totals.lim[r];
    w.write(1, `${r}\t${text(rq)} (${pct(rq, total)}%)\t${text(lm)} (${pct(lm, total)}%)\n`);
  }
}


// ---- fetching what a describer needs ----

/**
 * Events about one object (searchEvents: a field selector on involvedObject name, namespace, kind and uid).
 * Node events carry either the node's uid or its name as the uid (kubelet vs controllers), as upstream notes.
 */
export async function eventsFor(client: Client, obj: KubeObject, namespaced = true): Promise<KubeEvent[]> {
  const ns = namespaced ? (obj.metadata.namespace ?? 'default') : undefined;
  const fields = [`involvedObject.name=${obj.metadata.name}`, `involvedObject.kind=${obj.kind}`];
  if (ns) fields.push(`involvedObject.namespace=${ns}`);
  let items: KubeEvent[];
  try {
    items = (await client.list<KubeEvent>('events', ns, { fieldSelector: fields.join(',') })).items;
  } catch {
    return [];
  }
  const uids = new Set([obj.metadata.uid, namespaced ? undefined : obj.metadata.name]);
  return items.filter(
    (e) =>
      e.involvedObject?.name === obj.metadata.name &&
      e.involvedObject?.kind === obj.kind &&
      (!e.involvedObject.uid || !obj.metadata.uid || uids.has(e.involvedObject.uid)),
  );
}

function stripHash(t: PodTemplateSpec | undefined): string {
  const copy = JSON.parse(JSON.stringify(t ?? {})) as PodTemplateSpec;
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return canonicalJSON(copy);
}

export function canonicalJSON(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** deploymentutil.GetAllReplicaSets: the ReplicaSets the Deployment controls, split into old and new. */
export async function replicaSetsOf(client: Client, d: Deployment): Promise<{ old: ReplicaSet[]; newRS?: ReplicaSet; all: ReplicaSet[] }> {
  const list = await client.list<ReplicaSet>('replicasets', d.metadata.namespace, { labelSelector: selectorString(d.spec.selector) });
  const owned = list.items
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && (r.uid === d.metadata.uid || (!r.uid && r.name === d.metadata.name))))
    .sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '') || cmp(a.metadata.name, b.metadata.name));
  const want = stripHash(d.spec.template);
  const newRS = owned.find((rs) => stripHash(rs.spec.template) === want);
  return { old: owned.filter((rs) => rs !== newRS), newRS, all: owned };
}

export async function describeObject(client: Client, type: ResourceType, name: string, namespace: string, now: number): Promise<string> {
  const ns = type.namespaced ? namespace : undefined;
  const obj = await client.get(type.resource, name, ns);
  switch (type.resource) {
    case 'pods':
      return describePodText(obj as Pod, await eventsFor(client, obj), now);
    case 'deployments': {
      const d = obj as Deployment;
      const { old, newRS } = await replicaSetsOf(client, d);
      return describeDeploymentText(d, old, newRS, await eventsFor(client, obj), now);
    }
    case 'replicasets': {
      const rs = obj as ReplicaSet;
      const pods = await client.list<Pod>('pods', ns, { labelSelector: selectorString(rs.spec.selector) });
      const counts: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
      for (const p of pods.items) {
        const ref = p.metadata.ownerReferences?.find((r) => r.controller);
        if (!ref || (ref.uid && rs.metadata.uid && ref.uid !== rs.metadata.uid)) continue;
        const phase = p.status?.phase ?? 'Pending';
        if (phase === 'Running') counts.running++;
        else if (phase === 'Pending') counts.waiting++;
        else if (phase === 'Succeeded') counts.succeeded++;
        else if (phase === 'Failed') counts.failed++;
      }
      return describeReplicaSetText(rs, counts, await eventsFor(client, obj), now);
    }
    case 'services': {
      let ep: Endpoints | undefined;
      try {
        ep = await client.get<Endpoints>('endpoints', name, ns);
      } catch {
        ep = undefined;
      }
      return describeServiceText(obj as Service, ep, await eventsFor(client, obj), now);
    }
    case 'nodes': {
      const node = obj as Node;
      const pods = (await client.list<Pod>('pods', undefined, { fieldSelector: `spec.nodeName=${name}` })).items.filter(
        (p) => p.spec.nodeName === name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
      );
      let lease: Lease | undefined;
      try {
        lease = await client.get<Lease>('leases', name, 'kube-node-lease');
      } catch {
        lease = undefined;
      }
      const events = await eventsFor(client, node, false);
      return describeNodeText(node, pods, lease, events, now);
    }
    default:
      return describeGeneric(obj, await eventsFor(client, obj), now);
  }
}

const GENERIC_SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

/** fatih/camelcase.Split: runs of lower case, upper case (an upper run gives its last letter to a following lower run), digits. */
function camelSplit(s: string): string[] {
  const runs: string[] = [];
  const kind = (c: string) => (/[a-z]/.test(c) ? 'l' : /[A-Z]/.test(c) ? 'u' : /[0-9]/.test(c) ? 'd' : 'o');
  for (const c of s) {
    const last = runs[runs.length - 1];
    if (last !== undefined && kind(last[last.length - 1]!) === kind(c)) runs[runs.length - 1] = last + c;
    else runs.push(c);
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const r = runs[i]!;
    if (kind(r[0]!) === 'u' && kind(runs[i + 1]![0]!) === 'l') {
      runs[i] = r.slice(0, -1);
      runs[i + 1] = r.slice(-1) + runs[i + 1];
    }
  }
  return runs.filter((r) => r !== '');
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** smartLabelFor: `leaseDurationSeconds` → `Lease Duration Seconds`, `apiVersion` → `API Version`, `uid` → `UID`. */
export function smartLabelFor(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1)))
    .join(' ');
}

/** Go's %v of a decoded JSON value. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

/** printUnstructuredContent: fields sorted; a map or list opens a section one level deeper; a scalar is `Label:\tvalue`. */
function printUnstructured(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string, skip: Set<string>): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (skip.has(path)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) printUnstructured(w, level + 1, child as Record<string, unknown>, path, skip);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else if (value && typeof value === 'object') {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructured(w, level + 1, value as Record<string, unknown>, path, skip);
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

/** For the types without a dedicated describer: name, namespace, labels, annotations, events. */
function describeGeneric(obj: KubeObject, events: KubeEvent[], now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  // the generic describer always prints Namespace (empty for a cluster-scoped object); Endpoints and Namespace
  // have describers of their own
  if (obj.metadata.namespace || (obj.kind !== 'Namespace' && obj.kind !== 'Endpoints')) w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', obj.metadata.labels);
  annotationsMultiline(w, 'Annotations', obj.metadata.annotations);
  if (obj.kind === 'Endpoints') {
    w.write(0, 'Subsets:\n');
    for (const ss of (obj as Endpoints).subsets ?? []) {
      w.write(1, `Addresses:\t${(ss.addresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
      w.write(1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
      if (ss.ports?.length) {
        w.write(1, 'Ports:\n');
        w.write(2, 'Name\tPort\tProtocol\n');
        w.write(2, '----\t----\t--------\n');
        for (const p of ss.ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
      }
      w.write(0, '\n');
    }
  } else if (obj.kind === 'Namespace') {
    const status = (obj as Namespace).status;
    w.write(0, `Status:\t${status?.phase ?? ''}\n`);
    // describeNamespace: the namespace controller's conditions, while it deletes the namespace.
    if (status?.conditions?.length) {
      w.write(0, 'Conditions:\n');
      w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t------------------\t------\t-------\n');
      for (const c of status.conditions) {
        w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
      }
    }
    w.write(0, '\nNo resource quota.\n\nNo LimitRange resource.\n');
    return tabbed(w.text, DESCRIBE_OPTIONS);
  } else {
    // genericDescriber (Lease, Event, anything without a describer of its own): the object's fields as kubectl
    // received them, sorted, with smart labels, metadata minus what the header already showed
    printUnstructured(w, 0, JSON.parse(JSON.stringify(obj)) as Record<string, unknown>, '', GENERIC_SKIP);
  }
  describeEvents(w, events, now);
  return tabbed(w.text, DESCRIBE_OPTIONS);
}

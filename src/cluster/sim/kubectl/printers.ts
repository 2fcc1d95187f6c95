// kubectl's table columns, as the API server's table convertor computes them
// (kubernetes/pkg/printers/internalversion/printers.go: printPod, printNode, printDeployment, printReplicaSet,
// printService, printEndpoints, printEvent, printNamespace, printLease) and as kubectl's table printer lays
// them out (k8s.io/cli-runtime/pkg/printers/tableprinter.go: upper-case headers, NAMESPACE first with -A,
// LABELS last with --show-labels, no header when there is no row).
import type { ResourceName } from '../../apiserver/api';
import type {
  Deployment,
  Endpoints,
  KubeEvent,
  KubeObject,
  Lease,
  Namespace,
  Node,
  Pod,
  ReplicaSet,
  Service,
} from '../../apiserver/types';
import { formatAge } from '../clock';
import { formatLabelSelector, formatLabels } from './selector';

export interface Column {
  name: string;
  /** 1: only with -o wide. */
  priority: 0 | 1;
}

export interface TableDef {
  columns: Column[];
  /** Every cell, wide ones included, in column order. */
  row(obj: KubeObject, now: number): string[];
}

export interface TableOptions {
  wide?: boolean;
  withNamespace?: boolean;
  showLabels?: boolean;
  /** `pod/`, `deployment.apps/`: prefixed to NAME when several types are printed. */
  kindPrefix?: string;
  noHeaders?: boolean;
  /** --output-watch-events: an EVENT column first (ADDED, MODIFIED, DELETED). */
  eventType?: string;
  /** -L KEY,…: one column per label key (headed by the key's last path segment), before LABELS. */
  columnLabels?: string[];
}

/** formattedEventType: the watch event types padded to one width, as kubectl prints them. */
const EVENT_TYPES: Record<string, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' };

/** formatLabelHeaders: `topology.kubernetes.io/zone` is headed ZONE. */
function labelHeader(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1).toUpperCase();
}

/** translateTimestampSince: the AGE column. */
/**
 * DescribeEvents' and `kubectl events`' interval: the first occurrence's age (eventTime first, as upstream), or
 * `LAST (xN over FIRST)` for a repeated event.
 */
export function eventInterval(e: KubeEvent, now: number): string {
  const first = age(e.eventTime ?? e.firstTimestamp, now);
  return (e.count ?? 0) > 1 ? `${age(e.lastTimestamp, now)} (x${e.count} over ${first})` : first;
}

export function age(ts: string | undefined, now: number): string {
  if (!ts) return '<unknown>';
  return formatAge(now - Date.parse(ts));
}

const c = (name: string, priority: 0 | 1 = 0): Column => ({ name, priority });

function podRow(obj: KubeObject, now: number): string[] {
  const pod = obj as Pod;
  const status = pod.status ?? {};
  let restarts = 0;
  let lastRestart = 0;
  const total = pod.spec?.containers?.length ?? 0;
  let ready = 0;
  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  for (const cond of status.conditions ?? []) {
    if (cond.type === 'PodScheduled' && cond.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  let hasRunning = false;
  // Init containers first, as kubectl's printPod: Init:N/M while they run, Init:REASON when one fails or waits.
  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const ic = inits[i]!;
    restarts += ic.restartCount ?? 0;
    const fin = ic.lastState?.terminated?.finishedAt;
    if (fin) lastRestart = Math.max(lastRestart, Date.parse(fin));
    if (ic.state?.terminated && ic.state.terminated.exitCode === 0) continue;
    initializing = true;
    if (ic.state?.terminated) reason = ic.state.terminated.reason ? `Init:${ic.state.terminated.reason}` : `Init:ExitCode:${ic.state.terminated.exitCode}`;
    else if (ic.state?.waiting?.reason && ic.state.waiting.reason !== 'PodInitializing') reason = `Init:${ic.state.waiting.reason}`;
    else reason = `Init:${i}/${pod.spec?.initContainers?.length ?? inits.length}`;
    break;
  }
  // once initialized, only the app containers count: an init container's restarts drop out of RESTARTS
  // (upstream keeps restartable sidecar init containers, which this cluster has none of)
  const initialized = (status.conditions ?? []).some((x) => x.type === 'Initialized' && x.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    lastRestart = 0;
  }
  const statuses = initializing && !initialized ? [] : (status.containerStatuses ?? []);
  for (let i = statuses.length - 1; i >= 0; i--) {
    const cs = statuses[i]!;
    restarts += cs.restartCount ?? 0;
    const fin = cs.lastState?.terminated?.finishedAt;
    if (fin) lastRestart = Math.max(lastRestart, Date.parse(fin));
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
    else if (cs.state?.terminated) reason = `ExitCode:${cs.state.terminated.exitCode}`;
    else if (cs.ready && cs.state?.running) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) {
    reason = (status.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True') ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  const restartsText = restarts !== 0 && lastRestart > 0 ? `${restarts} (${formatAge(now - lastRestart)} ago)` : String(restarts);
  const podIP = status.podIPs?.[0]?.ip ?? status.podIP;
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    reason,
    restartsText,
    age(pod.metadata.creationTimestamp, now),
    podIP || '<none>',
    pod.spec?.nodeName || '<none>',
    (status as { nominatedNodeName?: string }).nominatedNodeName || '<none>',
    readinessGates(pod),
  ];
}

/** READINESS GATES: `true/total` of the gates' conditions, `<none>` without gates. */
function readinessGates(pod: Pod): string {
  const gates = (pod.spec as { readinessGates?: Array<{ conditionType: string }> } | undefined)?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conds = pod.status?.conditions ?? [];
  const ok = gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${ok}/${gates.length}`;
}

/** findNodeRoles: `node-role.kubernetes.io/ROLE` labels and a non-empty `kubernetes.io/role`, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

/** printNode's STATUS: Ready / NotReady / Unknown, then SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = node.status?.conditions?.find((x) => x.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeRow(obj: KubeObject, now: number): string[] {
  const node = obj as Node;
  const info = node.status?.nodeInfo;
  const addr = (t: string) => node.status?.addresses?.find((a) => a.type === t)?.address ?? '<none>';
  return [
    node.metadata.name,
    nodeStatus(node),
    nodeRoles(node).join(',') || '<none>',
    age(node.metadata.creationTimestamp, now),
    info?.kubeletVersion ?? '',
    addr('InternalIP'),
    addr('ExternalIP'),
    info?.osImage || '<unknown>',
    info?.kernelVersion || '<unknown>',
    info?.containerRuntimeVersion || '<unknown>',
  ];
}

function containerCells(containers: Array<{ name: string; image: string }> | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((x) => x.name).join(','), list.map((x) => x.image).join(',')];
}

function deploymentRow(obj: KubeObject, now: number): string[] {
  const d = obj as Deployment;
  const s = d.status ?? {};
  const [names, images] = containerCells(d.spec?.template?.spec?.containers);
  return [
    d.metadata.name,
    `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
    String(s.updatedReplicas ?? 0),
    String(s.availableReplicas ?? 0),
    age(d.metadata.creationTimestamp, now),
    names,
    images,
    formatLabelSelector(d.spec?.selector),
  ];
}

function replicaSetRow(obj: KubeObject, now: number): string[] {
  const rs = obj as ReplicaSet;
  const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
  return [
    rs.metadata.name,
    String(rs.spec?.replicas ?? 1),
    String(rs.status?.replicas ?? 0),
    String(rs.status?.readyReplicas ?? 0),
    age(rs.metadata.creationTimestamp, now),
    names,
    images,
    formatLabelSelector(rs.spec?.selector),
  ];
}

/** makePortString: `80/TCP`, `80:30080/TCP`, comma-joined. */
export function servicePorts(svc: Service): string {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

function serviceRow(obj: KubeObject, now: number): string[] {
  const svc = obj as Service;
  const type = svc.spec?.type ?? 'ClusterIP';
  // getServiceExternalIP: spec.externalIPs when set; an ExternalName service shows its DNS name
  const spec = (svc.spec ?? {}) as Service['spec'] & { externalIPs?: string[]; externalName?: string };
  const externalIPs = spec.externalIPs ?? [];
  const external =
    type === 'ExternalName' ? (spec.externalName ?? '')
    : externalIPs.length > 0 ? externalIPs.join(',')
    : type === 'LoadBalancer' ? '<pending>'
    : '<none>';
  return [
    svc.metadata.name,
    type,
    spec.clusterIPs?.[0] ?? (spec.clusterIP || '<none>'),
    external,
    servicePorts(svc),
    age(svc.metadata.creationTimestamp, now),
    formatLabels(svc.spec?.selector),
  ];
}

/** formatEndpoints: up to three `ip:port`, then ` + N more...`; `<none>` without subsets. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports || ss.ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(`${a.ip}:${port.port}`);
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function endpointsRow(obj: KubeObject, now: number): string[] {
  const ep = obj as Endpoints;
  return [ep.metadata.name, formatEndpoints(ep), age(ep.metadata.creationTimestamp, now)];
}

function eventRow(obj: KubeObject, now: number): string[] {
  const e = obj as KubeEvent;
  const first = age(e.firstTimestamp ?? e.eventTime, now); // printEvent prefers firstTimestamp
  // printEvent: LAST SEEN is the age of the last occurrence alone (the `(x3 over 2m)` form is describe's and
  // `kubectl events`'); COUNT is 1 for a singleton event without one
  const last = e.lastTimestamp ? age(e.lastTimestamp, now) : first;
  const count = e.count || 1;
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
  const source = e.source?.component ? (e.source.host ? `${e.source.component}, ${e.source.host}` : e.source.component) : (e.reportingComponent ?? '');
  return [last, e.type, e.reason, target, e.involvedObject?.fieldPath ?? '', source, (e.message ?? '').trim(), first, String(count), e.metadata.name];
}

function namespaceRow(obj: KubeObject, now: number): string[] {
  const ns = obj as Namespace;
  return [ns.metadata.name, ns.status?.phase ?? '', age(ns.metadata.creationTimestamp, now)];
}

function leaseRow(obj: KubeObject, now: number): string[] {
  const l = obj as Lease;
  return [l.metadata.name, l.spec?.holderIdentity ?? '', age(l.metadata.creationTimestamp, now)];
}

export const TABLES: Record<ResourceName, TableDef> = {
  pods: {
    columns: [c('Name'), c('Ready'), c('Status'), c('Restarts'), c('Age'), c('IP', 1), c('Node', 1), c('Nominated Node', 1), c('Readiness Gates', 1)],
    row: podRow,
  },
  nodes: {
    columns: [c('Name'), c('Status'), c('Roles'), c('Age'), c('Version'), c('Internal-IP', 1), c('External-IP', 1), c('OS-Image', 1), c('Kernel-Version', 1), c('Container-Runtime', 1)],
    row: nodeRow,
  },
  deployments: {
    columns: [c('Name'), c('Ready'), c('Up-to-date'), c('Available'), c('Age'), c('Containers', 1), c('Images', 1), c('Selector', 1)],
    row: deploymentRow,
  },
  replicasets: {
    columns: [c('Name'), c('Desired'), c('Current'), c('Ready'), c('Age'), c('Containers', 1), c('Images', 1), c('Selector', 1)],
    row: replicaSetRow,
  },
  services: {
    columns: [c('Name'), c('Type'), c('Cluster-IP'), c('External-IP'), c('Port(s)'), c('Age'), c('Selector', 1)],
    row: serviceRow,
  },
  endpoints: { columns: [c('Name'), c('Endpoints'), c('Age')], row: endpointsRow },
  events: {
    columns: [c('Last Seen'), c('Type'), c('Reason'), c('Object'), c('Subobject', 1), c('Source', 1), c('Message'), c('First Seen', 1), c('Count', 1), c('Name', 1)],
    row: eventRow,
  },
  namespaces: { columns: [c('Name'), c('Status'), c('Age')], row: namespaceRow },
  leases: { columns: [c('Name'), c('Holder'), c('Age')], row: leaseRow },
};

/** The index of the column that holds the object's name (events print it last, and only with -o wide). */
function nameColumn(def: TableDef): number {
  return def.columns.findIndex((col) => col.name === 'Name');
}

/**
 * The table as tab-separated lines, ready for the TabWriter. Empty when there are no rows (kubectl prints no
 * header for an empty table).
 */
export function renderTable(resource: ResourceName, objs: KubeObject[], now: number, opts: TableOptions = {}): string {
  if (objs.length === 0) return '';
  const def = TABLES[resource];
  const keep = def.columns.map((col) => col.priority === 0 || !!opts.wide);
  const nameIdx = nameColumn(def);
  let out = '';
  if (!opts.noHeaders) {
    const headers = def.columns.filter((_, i) => keep[i]).map((col) => col.name.toUpperCase());
    if (opts.withNamespace) headers.unshift('NAMESPACE');
    if (opts.eventType) headers.unshift('EVENT');
    for (const key of opts.columnLabels ?? []) headers.push(labelHeader(key));
    if (opts.showLabels) headers.push('LABELS');
    out += headers.join('\t') + '\n';
  }
  for (const obj of objs) {
    const cells = def.row(obj, now);
    if (opts.kindPrefix && nameIdx >= 0) cells[nameIdx] = `${opts.kindPrefix}${cells[nameIdx]}`;
    const row = cells.filter((_, i) => keep[i]).map(cleanCell);
    if (opts.withNamespace) row.unshift(obj.metadata.namespace ?? '');
    if (opts.eventType) row.unshift(EVENT_TYPES[opts.eventType] ?? opts.eventType);
    for (const key of opts.columnLabels ?? []) row.push(obj.metadata.labels?.[key] ?? '');
    if (opts.showLabels) row.push(formatLabels(obj.metadata.labels));
    out += row.join('\t') + '\n';
  }
  return out;
}

/** printTable truncates a cell at its first line break and marks it with `...`. */
function cleanCell(s: string): string {
  const i = s.search(/[\f\n\r]/);
  const t = i >= 0 ? `${s.slice(0, i)}...` : s;
  return t.replace(/\t/g, ' ');
}

// What the TUI shows, taken from the running cluster as plain data, so that the views are pure functions of it
// (and testable with ink-testing-library without a cluster). No Ink or React here.
import type { Cluster } from '../cluster/sim/cluster';
import type { StepRecord } from '../cluster/sim/loop';
import { prefixEnd } from '../cluster/store/types';
import { breakpointName, debuggerFor, formatDetail, naturalCompare } from '../cluster/sim/debugger';
import { queueSummary } from '../cluster/sim/lines/debugger';

export interface PodView {
  name: string;
  namespace: string;
  phase: string;
}

export interface NodeView {
  name: string;
  /** Ready, NotReady, Unknown (from the Ready condition). */
  ready: string;
  unschedulable: boolean;
  pods: PodView[];
}

export interface Snapshot {
  step: number;
  revision: number | string;
  /** `00:01:30` since boot, and the RFC 3339 virtual time. */
  elapsed: string;
  time: string;
  mode: string;
  store: string;
  bare: boolean;
  nodes: NodeView[];
  /** Pods no node has been chosen for yet. */
  pending: PodView[];
  /** One line per recent step, oldest first. */
  events: string[];
  queues: string[];
  /** The step a reconcile (or a scheduling cycle) last ran: its title and observe / compare / act lines. */
  reconcile?: { title: string; lines: string[] };
  next: string;
  breakpoints: string[];
  /** `Breakpoint 1, replicaset-controller` while a run is stopped there. */
  stopped?: string;
}

/** `#12 etcd  watch-event  PUT /registry/pods/default/web-1` */
export function eventLine(r: StepRecord): string {
  // Indented by hop, so the fan-out reads down the pane: etcd, then the watch cache's dispatches, then watchers.
  // etcd's and the watch cache's titles say what they are; their kind would only push the key off a narrow pane.
  const hop = r.component === 'etcd' ? 0 : r.component === 'kube-apiserver' ? 1 : 2;
  const what = hop < 2 ? r.title : `${r.kind}  ${r.title}`;
  return `#${r.n} ${' '.repeat(hop)}${r.component}  ${what}${r.error ? `  (error: ${r.error})` : ''}`;
}

/** Whether a step is worth showing in the reconcile pane: it carries observe / compare / act or phases. */
export function isReconcile(r: StepRecord): boolean {
  const d = r.detail;
  return Boolean(d && (d.observe?.length || d.compare?.length || d.act?.length || d.phases?.length));
}

/** Collects what the panes need; `events` is kept by the caller from loop.onStep. */
export async function snapshot(cluster: Cluster, events: string[], reconcile?: StepRecord): Promise<Snapshot> {
  const loop = cluster.loop;
  let revision: number | string = '?';
  try {
    revision = (await cluster.kv.status()).header.revision;
  } catch {
    /* the store is unreachable: shown as ? */
  }
  const { nodes, pending } = cluster.options.bare ? { nodes: [], pending: [] } : await nodesAndPods(cluster);
  const dbg = debuggerFor(cluster);
  const stopped = dbg.stoppedAt();
  const s = Math.floor(cluster.clock.elapsed() / 1000);
  const elapsed = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return {
    step: loop.steps,
    revision,
    elapsed,
    time: cluster.clock.rfc3339(),
    mode: cluster.mode,
    store: cluster.options.store,
    bare: cluster.options.bare,
    nodes,
    pending,
    events: events.slice(-200),
    queues: queueSummary(cluster),
    reconcile: reconcile && { title: `#${reconcile.n} ${reconcile.component}  ${reconcile.title}`, lines: formatDetail(reconcile.detail, reconcile.error) },
    next: dbg.nextLine(),
    breakpoints: dbg.breakpoints().map((b) => `${b.id} ${breakpointName(b)} (hits ${b.hits})`),
    stopped: stopped && `Breakpoint ${stopped.id}, ${breakpointName(stopped)}`,
  };
}

interface NodeRow {
  name: string;
  ready: string;
  unschedulable: boolean;
}

interface PodRow extends PodView {
  nodeName?: string;
}

/**
 * What each key said when last read, by mod revision: a refresh parses only the objects that changed since
 * the last (at 5,000 nodes, parsing every Node on each key press would be felt).
 */
const parsed = new WeakMap<Cluster, Map<string, { rev: number; row: NodeRow | PodRow }>>();

/** Nodes with their pods, read from the store's /registry keys (the TUI looks in, as etcdctl would). */
async function nodesAndPods(cluster: Cluster): Promise<{ nodes: NodeView[]; pending: PodView[] }> {
  let cache = parsed.get(cluster);
  if (!cache) parsed.set(cluster, (cache = new Map()));
  const seen = new Set<string>();
  const row = <T extends NodeRow | PodRow>(key: string, rev: number, value: string, read: (text: string) => T): T => {
    seen.add(key);
    const hit = cache!.get(key);
    if (hit && hit.rev === rev) return hit.row as T;
    const r = read(value);
    cache!.set(key, { rev, row: r });
    return r;
  };
  const byName = new Map<string, NodeView>();
  const pending: PodView[] = [];
  try {
    const nodes = await cluster.kv.range({ key: '/registry/minions/', rangeEnd: prefixEnd('/registry/minions/') });
    for (const kv of nodes.kvs) {
      const r = row(kv.key, kv.modRevision, kv.value, (text): NodeRow => {
        const n = parse<{ metadata?: { name?: string }; spec?: { unschedulable?: boolean }; status?: { conditions?: Array<{ type: string; status: string }> } }>(text);
        const cond = n?.status?.conditions?.find((c) => c.type === 'Ready');
        return {
          name: n?.metadata?.name ?? kv.key.slice('/registry/minions/'.length),
          ready: !cond ? 'Unknown' : cond.status === 'True' ? 'Ready' : cond.status === 'False' ? 'NotReady' : 'Unknown',
          unschedulable: Boolean(n?.spec?.unschedulable),
        };
      });
      byName.set(r.name, { ...r, pods: [] });
    }
    const pods = await cluster.kv.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') });
    for (const kv of pods.kvs) {
      const r = row(kv.key, kv.modRevision, kv.value, (text): PodRow => {
        const p = parse<{ metadata?: { name?: string; namespace?: string; deletionTimestamp?: string }; spec?: { nodeName?: string }; status?: { phase?: string } }>(text);
        const [, , , ns = '', name = ''] = kv.key.split('/');
        return {
          name: p?.metadata?.name ?? name,
          namespace: p?.metadata?.namespace ?? ns,
          phase: p?.metadata?.deletionTimestamp ? 'Terminating' : (p?.status?.phase ?? 'Pending'),
          nodeName: p?.spec?.nodeName,
        };
      });
      const view: PodView = { name: r.name, namespace: r.namespace, phase: r.phase };
      const node = r.nodeName ? byName.get(r.nodeName) : undefined;
      if (node) node.pods.push(view);
      else pending.push(view);
    }
  } catch {
    /* unreachable store: show what we have */
  }
  for (const k of cache.keys()) if (!seen.has(k)) cache.delete(k);
  const nodes = [...byName.values()].sort((a, b) => naturalCompare(a.name, b.name));
  return { nodes, pending };
}

function parse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}


// `trace`: recent changes followed from the etcd revision that made them, through the API server's watch
// cache (Cacher), to each watcher and what it did. No upstream file: upstream spreads this over etcd's
// watchableStore, the apiserver's cacher.go and client-go's reflector; the API server's hop log
// (apiserver/trace.ts) joins them, and the loop's step history says what each watcher did next.
import type { Cluster } from './cluster';
import type { StepRecord } from './loop';
import { lineFail } from './shell';
import { componentMatches } from './debugger';

/** The parts of the API server's hop log (apiserver/trace.ts) that `trace` reads. */
interface Hop {
  who: string;
  type: string;
  dispatchStep?: number;
  informerStep?: number;
}

interface Change {
  revision: number;
  resource: string;
  key: string;
  namespace?: string;
  name: string;
  etcdType: 'PUT' | 'DELETE';
  type: string;
  writer?: string;
  verb?: string;
  writeStep?: number;
  cacheStep?: number;
  cacheSize?: number;
  cacheCapacity?: number;
  watchers: Hop[];
  moreWatchers: number;
}

interface HopLog {
  recent(n?: number): Change[];
}

/** How far back (in changes) writes are looked up to say what a watcher's reaction wrote. */
const WRITES_WINDOW = 500;

function hopLog(cluster: Cluster): HopLog | undefined {
  return (cluster as unknown as { api?: { traces?: HopLog } }).api?.traces;
}

export async function traceLines(cluster: Cluster, n: number, resource?: string, name?: string): Promise<string[]> {
  const log = hopLog(cluster);
  if (!log) {
    lineFail(
      cluster.options.bare
        ? 'trace follows changes through the API server\'s watch cache, and this cluster is bare (an etcd alone); `etcdctl watch --prefix /` shows etcd\'s own events'
        : 'trace needs the API server, which has not started',
    );
  }
  const all = log.recent(WRITES_WINDOW);
  // Without a resource, Events and node Leases (written every few seconds) would bury the changes a learner
  // follows; `trace leases` or `trace events` shows them.
  const noisy = (r: string) => r === 'events' || r === 'leases';
  const picked = all.filter((c) => (resource ? c.resource === resource : !noisy(c.resource)) && (!name || c.name === name)).slice(-n);
  if (!picked.length) return [resource ? `no recent changes to ${resource}${name ? `/${name}` : ''}` : 'no changes yet: nothing to trace'];

  // Steps by number (the loop keeps the recent ones), and each step's writes, to say what a watcher did.
  const history = cluster.loop.recent(1_000_000);
  const index = new Map<number, number>();
  history.forEach((r, i) => index.set(r.n, i));
  const writesBy = new Map<number, Change[]>();
  for (const c of all) {
    if (c.writeStep === undefined) continue;
    const list = writesBy.get(c.writeStep) ?? [];
    list.push(c);
    writesBy.set(c.writeStep, list);
  }

  const out: string[] = [];
  for (const c of picked) {
    if (out.length) out.push('');
    const obj = `${c.resource} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;
    // A write from a line (kubectl) happens between steps: name the step only when the writer ran it.
    const ws = c.writeStep !== undefined ? history[index.get(c.writeStep) ?? -1] : undefined;
    const inStep = ws && ws.component === c.writer ? ` at step ${ws.n}` : '';
    const by = c.writer ? `${c.writer} ${c.verb ?? 'write'}${inStep}` : 'written outside the API server';
    out.push(`rev ${c.revision}  ${c.etcdType} ${c.key}  (${by})`);
    out.push(`  etcd            delivered rev ${c.revision} on the ${c.resource} watch stream${at(c.cacheStep)}`);
    const cache = c.cacheSize !== undefined ? `, cache holds ${c.cacheSize}/${c.cacheCapacity} events` : '';
    const count = c.watchers.length + c.moreWatchers;
    out.push(`  kube-apiserver  watch cache: ${c.type} ${obj}${cache}; dispatched to ${count} watcher${count === 1 ? '' : 's'}`);
    const width = Math.max(0, ...c.watchers.map((h) => h.who.length));
    const owners = c.watchers.some((h) => h.who === 'kube-controller-manager') ? await ownerNames(cluster, c) : [];
    for (const h of c.watchers) out.push(`    ${h.who.padEnd(width)}  ${h.type.padEnd(8)} ${reaction(cluster, c, h, owners, history, index, writesBy)}`);
    if (c.moreWatchers) out.push(`    … and ${c.moreWatchers} more watchers`);
  }
  return out;
}

function at(step: number | undefined): string {
  return step ? ` at step ${step}` : '';
}

/** What a watcher did with the event: received, handled by its informer, then the step that acted on it and its writes. */
function reaction(
  cluster: Cluster,
  c: Change,
  h: Hop,
  owners: string[],
  history: StepRecord[],
  index: Map<number, number>,
  writesBy: Map<number, Change[]>,
): string {
  if (h.dispatchStep === undefined) return 'queued for dispatch (not delivered yet)';
  const parts = [`received at step ${h.dispatchStep}`];
  if (h.informerStep !== undefined) parts.push(`informer at step ${h.informerStep}`);
  const from = h.informerStep ?? h.dispatchStep;
  const i = index.get(from);
  // The watcher's own next step about this object (a reconcile, a scheduling cycle, a pod sync).
  let acted: StepRecord | undefined;
  if (i !== undefined) {
    // The informer's handler may have queued another key (a pod's owner ReplicaSet): follow that too.
    // kube-controller-manager's shared informers feed every controller; a controller works on the owner
    // (a pod's ReplicaSet), so its reconcile names the owner, not the pod.
    const names = h.who === 'kube-controller-manager' ? [c.name, ...owners] : [c.name];
    for (let j = i + 1; j < history.length; j++) {
      const r = history[j]!;
      const mine = r.component === h.who || componentMatches(h.who, r.component);
      // A bind names its node as the pod's destination and a lease renewal names its node: neither reacts to the
      // Node's change, so a node heartbeat is not "answered" by the next pod bound there.
      const namesNodeOnly = c.resource === 'nodes' && (r.kind === 'bind' || r.kind === 'lease');
      if (mine && r.kind !== 'informer' && !namesNodeOnly && names.some((nm) => mentionsName(r.title, nm))) {
        acted = r;
        break;
      }
    }
  }
  if (acted) {
    const writes = (writesBy.get(acted.n) ?? []).filter((w) => w.writer === acted!.component).map((w) => `${w.verb ?? 'write'} ${w.resource} ${w.name} → rev ${w.revision}`);
    const who = acted.component === h.who ? '' : `${acted.component} `;
    parts.push(`${who}${acted.kind} at step ${acted.n}${writes.length ? `: ${writes.join(', ')}` : ': no change needed'}`);
    return parts.join(' → ');
  }
  const queued = cluster.loop.pending().some((w) => w.component === h.who && w.title.includes(c.name));
  const inQueue = cluster.loop.queues().some((q) => q.component === h.who && q.items.some((it) => it.includes(c.name)));
  if (queued || inQueue) parts.push('waiting in its queue');
  else if (h.informerStep !== undefined) parts.push('cache updated, nothing more to do');
  return parts.join(' → ');
}

/** Whether a step's title names the object: `default/web-1` or `web-1` as a whole word (not `web-12`). */
function mentionsName(title: string, name: string): boolean {
  let at = title.indexOf(name);
  while (at >= 0) {
    const before = title[at - 1];
    const after = title[at + name.length];
    if ((before === undefined || !/[a-z0-9-]/.test(before)) && (after === undefined || !/[a-z0-9-]/.test(after))) return true;
    at = title.indexOf(name, at + 1);
  }
  return false;
}

/** The owners (ownerReferences) of the object as written at that revision, read from the store as etcdctl would. */
async function ownerNames(cluster: Cluster, c: Change): Promise<string[]> {
  if (c.etcdType !== 'PUT') return [];
  try {
    const r = await cluster.kv.range({ key: c.key, revision: c.revision });
    const obj = JSON.parse(r.kvs[0]?.value ?? '{}') as { metadata?: { ownerReferences?: Array<{ name: string }> } };
    return (obj.metadata?.ownerReferences ?? []).map((o) => o.name);
  } catch {
    return []; // compacted away, or not JSON
  }
}

// The debugger's lines: step, run, break, breaks, unbreak, queues, trace, status, mode. No upstream file: they
// drive the loop (sim/loop.ts) the way gdb drives a program, so each unit of work can be stopped before and
// explained.
import type { Cluster } from '../cluster';
import type { RunResult } from '../loop';
import { LineError, lineFail, suggest, type ShellIO } from '../shell';
import { prefixEnd } from '../../store/types';
import {
  COMPONENTS,
  breakpointName,
  componentMatches,
  debuggerFor,
  isMappedPhase,
  naturalCompare,
  phaseMatches,
  formatStep,
  human,
  sortComponents,
} from '../debugger';
import { traceLines } from '../trace';

/** How many items of one queue `queues` shows before "… and N more". */
const QUEUE_ITEMS = 10;
/** How many timers `queues` shows. */
const TIMERS_SHOWN = 10;

export function registerDebuggerLines(cluster: Cluster): void {
  const shell = cluster.shell;
  const dbg = debuggerFor(cluster);

  shell.register({
    name: 'step',
    summary: 'run the next N steps (default 1) and show what each did',
    help: [
      'step [N]',
      '  Runs the next N units of work (default 1) and shows each: its number, component, kind and title, and',
      '  what it did — a reconcile\'s observe / compare / act, a scheduling cycle\'s phases. A short wait (an',
      '  image pull) is passed as `run` passes it. Breakpoints do not stop `step`.',
      'Examples:',
      '  step',
      '  step 5',
    ].join('\n'),
    async run({ args, io }) {
      const n = args.length ? positiveInt(args[0]!, 'step') : 1;
      if (args.length > 1) lineFail('usage: step [N]');
      const done = await dbg.step(n, (r) => {
        for (const l of formatStep(r)) io.out(l);
      });
      if (done.length === 0) io.out(`nothing to do at ${timeOf(cluster)}`);
      io.out(dbg.nextLine());
    },
  });

  shell.register({
    name: 'run',
    summary: 'run until nothing is left to do at this virtual time, or a breakpoint',
    help: [
      'run',
      '  Runs step after step until nothing is left to do at the current virtual time (short waits such as an',
      '  image pull are passed; periodic timers wait for `time advance`), or until a breakpoint. After a stop,',
      '  `run` again goes on past the breakpoint, as gdb\'s `continue` does.',
    ].join('\n'),
    async run({ args, io }) {
      if (args.length) lineFail('usage: run (it takes no arguments)');
      const first = cluster.loop.steps + 1;
      await reportRun(cluster, io, await cluster.run(), first);
    },
  });

  shell.register({
    name: 'break',
    summary: 'stop runs before a component\'s work: break COMPONENT[:PHASE]',
    help: [
      'break COMPONENT[:PHASE]',
      '  Sets a breakpoint, numbered from 1 as gdb numbers them: a run stops before the next step of',
      '  COMPONENT (and of that PHASE or kind, when given). `kubelet` alone means every kubelet, `kube-proxy`',
      '  every kube-proxy, `kube-controller-manager` every controller.',
      '  Components: etcd, kube-apiserver, kube-scheduler, deployment-controller, replicaset-controller,',
      '  node-lifecycle-controller, taint-eviction-controller, endpoints-controller, garbage-collector,',
      '  namespace-controller, kubelet/NODE, kube-proxy/NODE.',
      '  Phases: observe, compare, act (a reconcile); prefilter, filter, postfilter, score, reserve (a scheduling',
      '  cycle), bind; watch (etcd delivering a watch event), dispatch (the watch cache to one watcher),',
      '  informer, sync, lease, or any step kind.',
      'Examples:',
      '  break replicaset-controller',
      '  break kube-scheduler:bind',
      '  break kubelet/node-2',
    ].join('\n'),
    async run({ args, io }) {
      if (args.length !== 1) lineFail('usage: break COMPONENT[:PHASE] (for example `break replicaset-controller`)');
      const [component, phase, extra] = args[0]!.split(':');
      if (extra !== undefined || phase === '') lineFail(`bad breakpoint "${args[0]}": use COMPONENT or COMPONENT:PHASE`);
      await checkComponent(cluster, component!);
      if (phase !== undefined && !/^[a-z][a-z-]*$/.test(phase)) lineFail(`bad phase "${phase}": phases are words such as observe, compare, act, filter, score, bind, watch, txn`);
      const { bp, note } = dbg.add(component!, phase);
      if (note) io.out(note);
      io.out(`Breakpoint ${bp.id} at ${breakpointName(bp)}`);
      if (phase) {
        // Say so when nothing so far would have stopped there: a phase that is not a step boundary (a txn runs
        // inside the writer's step) or a word the cluster does not use.
        const seen = cluster.loop.recent(1_000_000).filter((r) => componentMatches(component!, r.component));
        if (phase === 'txn') {
          io.out('Note: a txn is not a step of its own: the API server writes to etcd inside the step that makes the request (a controller\'s act, a kubelet\'s status update); it stops before steps of kind or phase "txn".');
        } else if (seen.length && !isMappedPhase(phase) && !seen.some((r) => phaseMatches(phase, r))) {
          const kinds = [...new Set(seen.flatMap((r) => [r.kind, r.phase ?? r.kind]))].sort();
          io.out(`Note: no ${component} step so far had phase or kind "${phase}" (seen: ${kinds.join(', ')}); it stops before the first that does.`);
        }
      }
    },
    complete: async (words, partial) => (words.length ? [] : (await componentNames(cluster)).filter((c) => c.startsWith(partial))),
  });

  shell.register({
    name: 'breaks',
    summary: 'list the breakpoints',
    help: 'breaks\n  Lists the breakpoints: number, where, and how many times each has stopped a run.',
    run({ io }) {
      const list = dbg.breakpoints();
      if (!list.length) {
        io.out('No breakpoints.');
        return;
      }
      const w = Math.max(4, ...list.map((b) => breakpointName(b).length));
      io.out(`${'Num'.padEnd(5)}${'What'.padEnd(w + 2)}Hits`);
      for (const b of list) io.out(`${String(b.id).padEnd(5)}${breakpointName(b).padEnd(w + 2)}${b.hits}`);
    },
  });

  shell.register({
    name: 'unbreak',
    summary: 'delete a breakpoint: unbreak ID (or `unbreak all`)',
    help: 'unbreak ID… | unbreak all\n  Deletes breakpoints by number (see `breaks`), or all of them.',
    run({ args, io }) {
      if (!args.length) lineFail('usage: unbreak ID (see `breaks` for the numbers)');
      if (args.length === 1 && args[0] === 'all') {
        const n = dbg.breakpoints().length;
        for (const b of [...dbg.breakpoints()]) dbg.remove(b.id);
        io.out(n === 0 ? 'No breakpoints.' : `Deleted ${n === 1 ? '1 breakpoint' : `${n} breakpoints`}.`);
        return;
      }
      const ids = args.map((a) => {
        if (!/^\d+$/.test(a)) lineFail(`bad breakpoint number "${a}": see \`breaks\` for the numbers`);
        return Number(a);
      });
      const missing = ids.filter((id) => !dbg.breakpoints().some((b) => b.id === id));
      if (missing.length) lineFail(`no breakpoint number ${missing[0]} (see \`breaks\`)`);
      for (const id of ids) {
        const bp = dbg.remove(id)!;
        io.out(`Deleted breakpoint ${id} (${breakpointName(bp)})`);
      }
    },
    complete: () => dbg.breakpoints().map((b) => String(b.id)),
  });

  shell.register({
    name: 'queues',
    summary: 'every component\'s pending work',
    help: [
      'queues [COMPONENT]',
      '  Shows the work waiting in the loop for each component, the timers, and each component\'s own queues:',
      '  etcd\'s watch streams, the watch cache\'s buffer and watchers, informer queues, work queues, the',
      '  scheduler\'s queues, the kubelets\' pod workers. COMPONENT (or `kubelet`) limits it to one component.',
    ].join('\n'),
    async run({ args, io }) {
      if (args.length > 1) lineFail('usage: queues [COMPONENT]');
      if (args[0]) await checkComponent(cluster, args[0]);
      for (const l of queueLines(cluster, args[0])) io.out(l);
    },
    complete: async (words, partial) => (words.length ? [] : (await componentNames(cluster)).filter((c) => c.startsWith(partial))),
  });

  shell.register({
    name: 'trace',
    summary: 'recent changes followed from etcd through the watch cache to each watcher',
    help: [
      'trace [N] [RESOURCE[/NAME]]',
      '  Follows the last N changes (default 3) from the etcd revision that made them, through the API server\'s',
      '  watch cache, to each watcher it was dispatched to (scheduler, kubelets, controllers) and what each did.',
      '  RESOURCE (pods, nodes, replicasets, leases …) keeps to changes of that resource; RESOURCE/NAME to one',
      '  object, from its creation on (its last 20 changes unless N is given). Without RESOURCE, Events and node',
      '  Leases are left out (`trace leases` shows the heartbeats).',
      'Examples:',
      '  trace',
      '  trace 5 pods',
      '  trace 10 pod/web-7957885594-8wjt6',
    ].join('\n'),
    async run({ args, io }) {
      const num = args.filter((a) => /^\d+$/.test(a));
      const words = args.filter((a) => !/^\d+$/.test(a));
      if (num.length > 1 || words.length > 1) lineFail('usage: trace [N] [RESOURCE[/NAME]]');
      const [kind, name, extra] = (words[0] ?? '').split('/');
      // One object: its whole recent history (from its creation), unless N says otherwise.
      const n = num.length ? positiveInt(num[0]!, 'trace') : name ? 20 : 3;
      const resource = kind ? (RESOURCE_ALIASES[kind] ?? kind) : undefined;
      if (resource && !Object.values(RESOURCE_ALIASES).includes(resource)) lineFail(`unknown resource "${kind}"; resources are ${[...new Set(Object.values(RESOURCE_ALIASES))].join(', ')}`);
      if (extra !== undefined || name === '') lineFail(`bad object "${words[0]}": use RESOURCE or RESOURCE/NAME (for example pods/web-1)`);
      for (const l of await traceLines(cluster, n, resource, name)) io.out(l);
    },
    complete: (_w, partial) => [...new Set(Object.values(RESOURCE_ALIASES))].filter((r) => r.startsWith(partial)),
  });

  shell.register({
    name: 'status',
    summary: 'step count, revision, virtual time, mode, store, nodes and pods',
    help: 'status\n  Where the cluster is: steps run, etcd revision, virtual time, mode, store, breakpoints, nodes and pods.',
    async run({ io }) {
      for (const l of await statusLines(cluster)) io.out(l);
    },
  });

  shell.register({
    name: 'mode',
    summary: 'mode auto (kubectl lines run the cluster) or mode step (nothing moves until step/run)',
    help: [
      'mode [auto|step]',
      '  auto (the default): each kubectl or etcdctl line is followed by `run`.',
      '  step: nothing moves until `step` or `run`, so you can watch each unit of work.',
      '  Without an argument, prints the mode.',
    ].join('\n'),
    run({ args, io }) {
      if (args.length === 0) {
        io.out(`mode ${cluster.mode}`);
        return;
      }
      if (args.length > 1 || (args[0] !== 'auto' && args[0] !== 'step')) lineFail(`usage: mode auto|step (got "${args.join(' ')}")`);
      cluster.mode = args[0];
      io.out(args[0] === 'step' ? 'mode step: nothing moves until `step` or `run`' : 'mode auto: each kubectl or etcdctl line is followed by `run`');
    },
    complete: (words, partial) => (words.length ? [] : ['auto', 'step'].filter((m) => m.startsWith(partial))),
  });
}

/** kubectl's short names for the resources the API server serves. */
const RESOURCE_ALIASES: Record<string, string> = {
  pods: 'pods', pod: 'pods', po: 'pods',
  nodes: 'nodes', node: 'nodes', no: 'nodes',
  deployments: 'deployments', deployment: 'deployments', deploy: 'deployments',
  replicasets: 'replicasets', replicaset: 'replicasets', rs: 'replicasets',
  services: 'services', service: 'services', svc: 'services',
  endpoints: 'endpoints', ep: 'endpoints',
  events: 'events', event: 'events', ev: 'events',
  leases: 'leases', lease: 'leases',
  namespaces: 'namespaces', namespace: 'namespaces', ns: 'namespaces',
};

/** What `run` says when it ends: how many steps, where it is idle, the next timer (a breakpoint has spoken already). */
export async function reportRun(cluster: Cluster, io: ShellIO, r: RunResult & { interrupted?: boolean }, first: number): Promise<void> {
  if (r.reason === 'break') return; // the cluster has said where it stopped
  const last = cluster.loop.steps;
  const ran = r.steps === 0 ? 'nothing to do' : r.steps === 1 ? `ran 1 step (${first})` : `ran ${r.steps} steps (${first}–${last})`;
  if (r.interrupted) {
    io.out(`${ran}; interrupted at step ${last}, rev ${await revision(cluster)}`);
    return;
  }
  io.out(`${ran}; idle at step ${last}, rev ${await revision(cluster)}, ${timeOf(cluster)}`);
  const t = cluster.loop.nextTimer();
  if (t) io.out(`next timer in ${human(Math.max(0, t.at - cluster.loop.now()))}: ${t.work.component} ${t.work.title} (\`time advance\` moves the clock)`);
}

function positiveInt(text: string, line: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) lineFail(`${line}: N must be a whole number of 1 or more, got "${text}"`);
  return Number(text);
}

/** The nodes: those the cluster was started with, and every Node registered in the store (as etcdctl sees them). */
async function nodeNames(cluster: Cluster): Promise<string[]> {
  const names = new Set<string>();
  if (!cluster.options.bare) for (let i = 1; i <= cluster.options.nodes; i++) names.add(`node-${i}`);
  try {
    const prefix = '/registry/minions/';
    const r = await cluster.kv.range({ key: prefix, rangeEnd: prefixEnd(prefix), keysOnly: true });
    for (const kv of r.kvs) names.add(kv.key.slice(prefix.length));
  } catch {
    /* the store is unreachable: the names we started with */
  }
  return [...names].sort(naturalCompare);
}

async function componentNames(cluster: Cluster): Promise<string[]> {
  const nodes = (await nodeNames(cluster)).slice(0, 50);
  return [
    ...COMPONENTS,
    'kube-controller-manager',
    ...nodes.map((n) => `kubelet/${n}`),
    ...nodes.map((n) => `kube-proxy/${n}`),
  ];
}

/** A component name as `break` and `queues` take it; anything else is a clear error with a suggestion. */
async function checkComponent(cluster: Cluster, name: string): Promise<void> {
  if ((COMPONENTS as readonly string[]).includes(name) || name === 'kube-controller-manager') return;
  const m = /^(kubelet|kube-proxy)\/(.+)$/.exec(name);
  if (m) {
    const nodes = await nodeNames(cluster);
    if (nodes.includes(m[2]!)) return;
    lineFail(`unknown node "${m[2]}" in "${name}"${nodes.length ? ` (nodes: ${listShort(nodes)})` : ''}`);
  }
  throw new LineError(
    `Error: unknown component "${name}"${suggest(name, await componentNames(cluster))}; components are ${COMPONENTS.join(', ')}, kubelet/NODE, kube-proxy/NODE`,
  );
}

function listShort(items: string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} … and ${items.length - max} more`;
}

function timeOf(cluster: Cluster): string {
  return `${cluster.clock.rfc3339()} (+${human(cluster.clock.elapsed())})`;
}

async function revision(cluster: Cluster): Promise<number | string> {
  try {
    return (await cluster.kv.status()).header.revision;
  } catch {
    return '?';
  }
}

/** Every component's pending work: ready steps, its own queues; then the timers; then who is idle. */
interface QueueView {
  components: Array<{ name: string; ready: string[]; own: string[] }>;
  idle: string[];
  timers: Array<{ at: number; work: { component: string; kind: string; title: string }; short: boolean }>;
}

/** Pending work by component: ready steps and the component's own queues; the timers; who is idle. */
function collectQueues(cluster: Cluster, only?: string): QueueView {
  const loop = cluster.loop;
  const ready = new Map<string, string[]>();
  for (const w of loop.pending()) {
    const list = ready.get(w.component) ?? [];
    list.push(`${w.kind}: ${w.title}`);
    ready.set(w.component, list);
  }
  const timersAll = loop.pendingTimers();
  const own = foldQueues(loop.queues(), new Set([...ready.keys(), ...timersAll.map((t) => t.work.component)]));
  const wanted = (c: string) => !only || c === only || c.startsWith(`${only}/`);
  const view: QueueView = { components: [], idle: [], timers: timersAll.filter((t) => wanted(t.work.component)) };
  for (const name of sortComponents([...new Set([...ready.keys(), ...own.keys()])].filter(wanted))) {
    const r = ready.get(name) ?? [];
    const q = own.get(name) ?? [];
    if (!r.length && !q.length) view.idle.push(name);
    else view.components.push({ name, ready: r, own: q });
  }
  return view;
}

/** Every component's pending work: ready steps, its own queues; then the timers; then who is idle. */
export function queueLines(cluster: Cluster, only?: string): string[] {
  const loop = cluster.loop;
  const v = collectQueues(cluster, only);
  const out: string[] = [];
  for (const { name, ready: r, own: q } of v.components) {
    out.push(name);
    r.slice(0, QUEUE_ITEMS).forEach((t, i) => out.push(`  ${i === 0 ? 'ready' : '     '}  ${t}`));
    if (r.length > QUEUE_ITEMS) out.push(`         … and ${r.length - QUEUE_ITEMS} more ready`);
    for (const item of q.slice(0, QUEUE_ITEMS)) out.push(`  ${item}`);
    if (q.length > QUEUE_ITEMS) out.push(`  … and ${q.length - QUEUE_ITEMS} more`);
  }
  if (v.timers.length) {
    out.push(`timers (virtual time now ${cluster.clock.rfc3339()})`);
    for (const t of v.timers.slice(0, TIMERS_SHOWN)) {
      const wait = `in ${human(Math.max(0, t.at - loop.now()))}`;
      out.push(`  ${wait.padEnd(10)} ${t.work.component}  ${t.work.kind}: ${t.work.title}${t.short ? ' (short wait: run passes it)' : ''}`);
    }
    if (v.timers.length > TIMERS_SHOWN) out.push(`  … and ${v.timers.length - TIMERS_SHOWN} more timers`);
  }
  if (v.idle.length) out.push(`idle: ${listShort(v.idle, 8)}`);
  if (!out.length) out.push(only ? `${only}: nothing pending` : 'nothing pending: no work queued, no timers');
  return out;
}

/**
 * The TUI's short form: components with ready work first (a line each, then its next item), then each other
 * component's first queue line, then the next timer.
 */
export function queueSummary(cluster: Cluster): string[] {
  const v = collectQueues(cluster);
  const busy = v.components.filter((c) => c.ready.length);
  const rest = v.components.filter((c) => !c.ready.length);
  const out: string[] = [];
  for (const c of busy) {
    out.push(`${c.name}  ${c.ready.length} ready`);
    out.push(`  ${c.ready[0]}`);
  }
  for (const c of rest) out.push(`${c.name}  ${c.own[0]}${c.own.length > 1 ? ` (+${c.own.length - 1})` : ''}`);
  const t = v.timers[0];
  if (t) out.push(`timers  ${v.timers.length}, next in ${human(Math.max(0, t.at - cluster.loop.now()))}: ${t.work.component} ${t.work.title}`);
  if (!out.length) out.push('nothing pending');
  return out;
}

/**
 * Each component's own queues. A queue registered under a name that extends a component's
 * (`kubelet/node-1-pod-workers`) is shown under that component, labelled `pod-workers:`.
 */
function foldQueues(queues: Array<{ component: string; items: string[] }>, seen: Set<string>): Map<string, string[]> {
  const known = new Set<string>([...COMPONENTS, ...seen, ...queues.map((q) => q.component)]);
  const out = new Map<string, string[]>();
  for (const q of queues) {
    // The longest known component the name extends at a dash: kubelet/node-1-pod-workers → kubelet/node-1.
    let owner: string | undefined;
    for (let i = q.component.lastIndexOf('-'); i > 0 && !owner; i = q.component.lastIndexOf('-', i - 1)) {
      const k = q.component.slice(0, i);
      if (known.has(k)) owner = k;
    }
    const into = owner ?? q.component;
    const label = owner ? `${q.component.slice(owner.length + 1)}: ` : '';
    out.set(into, [...(out.get(into) ?? []), ...q.items.map((i) => label + i)]);
  }
  return out;
}

/** Node and pod counts straight from the store's /registry keys (as etcdctl would count them). */
export async function clusterCounts(cluster: Cluster): Promise<{ nodes: number; pods: number; phases: Map<string, number> } | undefined> {
  if (cluster.options.bare) return undefined;
  try {
    const nodes = await cluster.kv.range({ key: '/registry/minions/', rangeEnd: prefixEnd('/registry/minions/'), countOnly: true });
    const pods = await cluster.kv.range({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') });
    const phases = new Map<string, number>();
    for (const kv of pods.kvs) {
      let phase = 'Unknown';
      try {
        const p = JSON.parse(kv.value) as { status?: { phase?: string }; metadata?: { deletionTimestamp?: string } };
        phase = p.metadata?.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Pending');
      } catch {
        /* not JSON: counted as Unknown */
      }
      phases.set(phase, (phases.get(phase) ?? 0) + 1);
    }
    return { nodes: nodes.count, pods: pods.count, phases };
  } catch {
    return undefined;
  }
}

export async function statusLines(cluster: Cluster): Promise<string[]> {
  const loop = cluster.loop;
  const dbg = debuggerFor(cluster);
  const rows: Array<[string, string]> = [
    ['step', String(loop.steps)],
    ['revision', String(await revision(cluster))],
    ['time', timeOf(cluster)],
    ['mode', cluster.mode],
    ['store', cluster.options.store === 'memory' ? 'memory (embedded etcd)' : cluster.options.store],
  ];
  const counts = await clusterCounts(cluster);
  if (counts) {
    rows.push(['nodes', String(counts.nodes)]);
    const phases = [...counts.phases].sort(([a], [b]) => a.localeCompare(b)).map(([p, n]) => `${n} ${p}`);
    rows.push(['pods', counts.pods ? `${counts.pods} (${phases.join(', ')})` : '0']);
  } else if (cluster.options.bare) {
    rows.push(['cluster', 'bare: an etcd alone, no API server']);
  }
  const timers = loop.pendingTimers().length;
  rows.push(['pending', `${loop.pendingCount} ready, ${timers} ${timers === 1 ? 'timer' : 'timers'}`]);
  const bps = dbg.breakpoints();
  rows.push(['breakpoints', bps.length ? bps.map((b) => `${b.id} ${breakpointName(b)}`).join(', ') : 'none']);
  const stop = dbg.stoppedAt();
  if (stop) rows.push(['stopped', `at Breakpoint ${stop.id}, ${breakpointName(stop)}, before step ${loop.steps + 1}`]);
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`);
}


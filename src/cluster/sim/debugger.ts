// The debugger over the loop: breakpoints, stepping and how a step is shown. No upstream file (Kubernetes has
// no debugger); it follows gdb's habits — numbered breakpoints, `run` stops before the matching work, a second
// `run` goes on past it — so that every unit of work in the mini-cluster can be stopped before and explained.
import type { Cluster } from './cluster';
import type { RunResult, StepDetail, StepRecord, Work } from './loop';
import { formatDuration } from './clock';

/** The contract's component names, in the order `queues` and the TUI list them. */
export const COMPONENTS = [
  'etcd',
  'kube-apiserver',
  'kube-scheduler',
  'deployment-controller',
  'replicaset-controller',
  'node-lifecycle-controller',
  'taint-eviction-controller',
  'endpoints-controller',
  'garbage-collector',
  'namespace-controller',
  'kubelet',
  'kube-proxy',
] as const;

/** Components that run once per node: `kubelet` alone means every kubelet. */
const PER_NODE = ['kubelet', 'kube-proxy'];
/** The controllers kube-controller-manager runs: `break kube-controller-manager` stops before any of them. */
const CONTROLLER_MANAGER = COMPONENTS.filter((c) => c.endsWith('-controller') || c === 'garbage-collector');

export interface Breakpoint {
  id: number;
  /** As typed: `replicaset-controller`, `kubelet`, `kubelet/node-2`, `kube-controller-manager`. */
  component: string;
  phase?: string;
  hits: number;
}

/** `replicaset-controller`, `kube-scheduler:bind`. */
export function breakpointName(bp: Pick<Breakpoint, 'component' | 'phase'>): string {
  return bp.phase ? `${bp.component}:${bp.phase}` : bp.component;
}

/** Whether a component name (as `break` takes it) matches a step's component. */
export function componentMatches(spec: string, component: string): boolean {
  if (spec === component) return true;
  if (PER_NODE.includes(spec)) return component.startsWith(`${spec}/`);
  if (spec === 'kube-controller-manager') return (CONTROLLER_MANAGER as readonly string[]).includes(component);
  return false;
}

/** A reconcile goes through observe, compare and act within one step; a breakpoint on any of them stops before it. */
const RECONCILE_PHASES = ['observe', 'compare', 'act'];
/**
 * The scheduling framework's extension points that run inside one scheduling cycle (one step); the binding
 * cycle's (prebind, bind, postbind) are the bind step.
 */
const SCHEDULING_CYCLE = ['queuesort', 'prefilter', 'filter', 'postfilter', 'prescore', 'score', 'normalizescore', 'reserve', 'permit'];
const BINDING_CYCLE = ['prebind', 'bind', 'postbind'];

/** Phases the debugger maps onto steps itself (observe → a reconcile, score → a scheduling cycle …). */
export function isMappedPhase(phase: string): boolean {
  return RECONCILE_PHASES.includes(phase) || SCHEDULING_CYCLE.includes(phase) || BINDING_CYCLE.includes(phase);
}

export function phaseMatches(phase: string, work: Pick<Work, 'kind' | 'phase'>): boolean {
  if (work.phase === phase || work.kind === phase) return true;
  if (RECONCILE_PHASES.includes(phase)) return work.kind === 'reconcile' || work.phase === 'reconcile';
  if (SCHEDULING_CYCLE.includes(phase)) return work.kind === 'schedule';
  if (BINDING_CYCLE.includes(phase)) return work.kind === 'bind' || work.phase === 'bind';
  return false;
}

/**
 * node-2 before node-10: runs of digits compare as numbers, everything else by code unit. Written out because
 * a numeric Intl.Collator costs microseconds a call, too slow for sorting 5,000 nodes on each TUI refresh.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      let ej = j;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      // Skip leading zeros, then the longer run is the larger number; same length: the first digit that differs.
      let si = i;
      let sj = j;
      while (si < ei - 1 && a.charCodeAt(si) === 48) si++;
      while (sj < ej - 1 && b.charCodeAt(sj) === 48) sj++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (; si < ei; si++, sj++) {
        const d = a.charCodeAt(si) - b.charCodeAt(sj);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  const rest = a.length - i - (b.length - j);
  return rest !== 0 ? rest : a === b ? 0 : a < b ? -1 : 1; // node-01 and node-1: still a strict order
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Sorts component names as the contract lists them, per-node components by node number (node-2 before
 * node-10), ranking each name once (there may be thousands of kubelets).
 */
export function sortComponents(names: string[]): string[] {
  return names
    .map((n) => ({ n, r: componentRank(n) }))
    .sort((a, b) => a.r - b.r || naturalCompare(a.n, b.n))
    .map((x) => x.n);
}

function componentRank(c: string): number {
  const slash = c.indexOf('/');
  const i = (COMPONENTS as readonly string[]).indexOf(slash < 0 ? c : c.slice(0, slash));
  return i < 0 ? COMPONENTS.length : i;
}

export class Debugger {
  private list: Breakpoint[] = [];
  private nextId = 1;
  /** The work a run last stopped before: the next run goes past it (gdb's `continue`). */
  private stoppedBefore?: Work;
  /** The breakpoint that stopped the last run. */
  lastHit?: { bp: Breakpoint; work: Work };

  constructor(readonly cluster: Cluster) {}

  breakpoints(): readonly Breakpoint[] {
    return this.list;
  }

  /** Adds a breakpoint; `note` says when one is already set at the same place (as gdb does). */
  add(component: string, phase?: string): { bp: Breakpoint; note?: string } {
    const same = this.list.filter((b) => b.component === component && b.phase === phase);
    const bp: Breakpoint = { id: this.nextId++, component, phase, hits: 0 };
    this.list.push(bp);
    this.install();
    const note = same.length ? `Note: breakpoint ${same.map((b) => b.id).join(', ')} also set at ${breakpointName(bp)}.` : undefined;
    return { bp, note };
  }

  remove(id: number): Breakpoint | undefined {
    const i = this.list.findIndex((b) => b.id === id);
    if (i < 0) return undefined;
    const [bp] = this.list.splice(i, 1);
    this.install();
    return bp;
  }

  /** The breakpoint (lowest number first) that `work` would stop at. */
  match(work: Work): Breakpoint | undefined {
    return this.list.find((b) => componentMatches(b.component, work.component) && (!b.phase || phaseMatches(b.phase, work)));
  }

  /** The cluster's runs ask this before each step. */
  breakBefore(work: Work): boolean {
    if (work === this.stoppedBefore) {
      this.stoppedBefore = undefined;
      return false;
    }
    const bp = this.match(work);
    if (!bp) return false;
    bp.hits++;
    this.stoppedBefore = work;
    this.lastHit = { bp, work };
    return true;
  }

  /** The breakpoint the cluster is stopped at now (the work it stopped before is still next), if any. */
  stoppedAt(): Breakpoint | undefined {
    const hit = this.lastHit;
    if (!hit || this.stoppedBefore !== hit.work || this.cluster.loop.peek() !== hit.work) return undefined;
    return this.list.includes(hit.bp) ? hit.bp : undefined;
  }

  /** The cluster consults breakpoints only while there are some, so a run without them costs nothing extra. */
  private install(): void {
    if (this.list.length === 0) {
      if (this.cluster.breakpoints === this.hooks) this.cluster.breakpoints = undefined;
      return;
    }
    this.cluster.breakpoints = this.hooks;
  }

  private readonly hooks = {
    breakBefore: (w: Work) => this.breakBefore(w),
    stopped: (r: RunResult) => {
      for (const line of this.describeStop(r)) this.cluster.shell.io.out(line);
    },
  };

  /** `Breakpoint 1, replicaset-controller: stopped before step 18` and the step that comes next. */
  describeStop(r: RunResult): string[] {
    const hit = this.lastHit;
    const next = r.next;
    if (!hit || !next) return [];
    const n = this.cluster.loop.steps + 1;
    const ran = r.steps === 1 ? '1 step' : `${r.steps} steps`;
    return [
      `Breakpoint ${hit.bp.id}, ${breakpointName(hit.bp)}: stopped before step ${n} (ran ${ran})`,
      `next: ${formatWork(n, next)}`,
    ];
  }

  /**
   * Runs up to `n` steps, passing short waits as `run` does. Stepping goes through breakpoints (gdb's `step`
   * does too); the step a run stopped before is the first one taken.
   */
  async step(n: number, onStep?: (r: StepRecord) => void): Promise<StepRecord[]> {
    const done: StepRecord[] = [];
    for (let i = 0; i < n; i++) {
      const next = this.cluster.loop.peek();
      if (next && next === this.stoppedBefore) this.stoppedBefore = undefined;
      const r = await this.cluster.loop.step({ passShortWaits: true });
      if (!r) break;
      done.push(r);
      onStep?.(r);
    }
    return done;
  }

  /**
   * `run` in slices of `slice` steps, yielding to the event loop between them so that a full-screen view can
   * redraw and take keys (Ctrl-C) during a long run. Stops where Cluster.run stops; `cancelled` ends it early.
   */
  async runInSlices(
    slice: number,
    opts: { cancelled?: () => boolean; progress?: (steps: number) => void } = {},
  ): Promise<RunResult & { interrupted?: boolean }> {
    const loop = this.cluster.loop;
    let total = 0;
    for (;;) {
      const bp = this.cluster.breakpoints;
      const r = await loop.run({ breakBefore: bp && ((w) => bp.breakBefore(w)), checkFirst: true, maxSteps: slice });
      total += r.steps;
      if (r.reason === 'break') {
        const result = { ...r, steps: total };
        await bp?.stopped(result);
        return result;
      }
      if (r.reason === 'idle') return { reason: 'idle', steps: total };
      opts.progress?.(total);
      await new Promise((resolve) => setImmediate(resolve));
      if (opts.cancelled?.()) return { reason: 'limit', steps: total, interrupted: true };
    }
  }

  /** What comes next: the ready work, or else the next timer and how far off it is. */
  nextLine(): string {
    const loop = this.cluster.loop;
    const next = loop.peek();
    if (next) return `next: ${formatWork(loop.steps + 1, next)}`;
    const t = loop.nextTimer();
    if (!t) return 'next: nothing (no work queued, no timers)';
    const wait = human(Math.max(0, t.at - loop.now()));
    const how = t.short ? '`step` or `run` passes it' : '`time advance` moves the clock';
    return `next: in ${wait}, ${t.work.component} ${t.work.kind}: ${t.work.title} (${how})`;
  }
}

const debuggers = new WeakMap<Cluster, Debugger>();

/** The one debugger of a cluster (the lines and the TUI share it). */
export function debuggerFor(cluster: Cluster): Debugger {
  let d = debuggers.get(cluster);
  if (!d) {
    d = new Debugger(cluster);
    debuggers.set(cluster, d);
  }
  return d;
}

/** `step 18  replicaset-controller  reconcile  sync ReplicaSet default/web-…` */
export function formatWork(n: number, w: Pick<Work, 'component' | 'kind' | 'title'>): string {
  return `step ${n}  ${w.component}  ${w.kind}  ${w.title}`;
}

/** A step and what it did: the reconcile's observe / compare / act, a scheduling cycle's phases, other lines. */
export function formatStep(r: StepRecord): string[] {
  return [formatWork(r.n, r), ...formatDetail(r.detail, r.error)];
}

export function formatDetail(d: StepDetail | undefined, error?: string): string[] {
  const out: string[] = [];
  const section = (label: string, lines: string[] | undefined) => {
    if (!lines?.length) return;
    lines.forEach((l, i) => out.push(`  ${(i === 0 ? label : '').padEnd(8)} ${l}`));
  };
  if (d?.phases?.length) out.push(`  ${'phases'.padEnd(8)} ${d.phases.join(' → ')}`);
  section('observe', d?.observe);
  section('compare', d?.compare);
  section('act', d?.act);
  for (const l of d?.lines ?? []) out.push(`  ${l}`);
  if (error) out.push(`  ${'error'.padEnd(8)} ${error}`);
  return out;
}

/** A wait or an age as a learner reads it: 0s, 250ms, 1.5s, 10s, 2m30s. */
export function human(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  return formatDuration(ms);
}

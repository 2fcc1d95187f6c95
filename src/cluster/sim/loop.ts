// The single-threaded work loop every component of the mini-cluster runs on. Upstream has no one file for
// this: it stands in for goroutines, channels and wall time, so that every unit of work (a watch event
// delivered, a reconcile, a scheduling cycle, a kubelet sync, a timer) is one step the debugger can stop
// before and explain.
import { VirtualClock } from './clock';
import { Heap } from './heap';

/** What a step did, for `step`, `trace` and the TUI. A reconcile fills observe / compare / act. */
export interface StepDetail {
  lines?: string[];
  observe?: string[];
  compare?: string[];
  act?: string[];
  /** Phases the step went through, in order (filter, score, bind, observe, compare, act, watch, txn…). */
  phases?: string[];
}

/** One unit of work. `component` uses the contract's names: etcd, kube-apiserver, kubelet/node-1 … */
export interface Work {
  component: string;
  /** What sort of work: watch-event, dispatch, informer, reconcile, schedule, bind, sync, timer, lease… */
  kind: string;
  /** The phase a breakpoint can name (`break kube-scheduler:bind`); a step may go through more (detail.phases). */
  phase?: string;
  /** One line: what this step is about to do. Shown before it runs. */
  title: string;
  run(): void | StepDetail | Promise<void | StepDetail>;
}

export interface StepRecord {
  n: number;
  /** Virtual time the step ran at (ms since the Unix epoch). */
  at: number;
  component: string;
  kind: string;
  phase?: string;
  title: string;
  detail?: StepDetail;
  error?: string;
}

export interface TimerOptions {
  /**
   * A short wait (an image pull, a scheduler backoff) that `run` passes through on its own; periodic timers
   * (lease renewals, resyncs, eviction deadlines) wait for `time advance`.
   */
  short?: boolean;
}

export interface Timer {
  readonly at: number;
  cancel(): void;
}

interface TimerEntry {
  at: number;
  seq: number;
  work: Work;
  short: boolean;
  cancelled: boolean;
}

export type StopReason = 'idle' | 'break' | 'limit';

export interface RunResult {
  reason: StopReason;
  steps: number;
  /** With reason 'break': the work the loop stopped before. */
  next?: Work;
}

export interface RunOptions {
  /** Stop before a step for which this returns true (never before the very first step of this run). */
  breakBefore?: (work: Work) => boolean;
  /** Give up after this many steps (a guard against a livelock). */
  maxSteps?: number;
  /** Pass through short waits (default true). */
  passShortWaits?: boolean;
  /**
   * Ask `breakBefore` about the first step too (default false). The debugger sets it so that a breakpoint
   * also stops a run that starts right before it (after a kubectl line in mode auto); it skips the work it is
   * stopped at itself, as gdb's `continue` does.
   */
  checkFirst?: boolean;
}

/** A FIFO of work ready now, plus timers ordered by (time, sequence). */
export class Loop {
  readonly clock: VirtualClock;
  private ready: Work[] = [];
  private head = 0;
  private timers = new Heap<TimerEntry>((a, b) => compareTimers(a, b) < 0);
  private seq = 0;
  private stepCount = 0;
  private readonly historyLimit: number;
  private history: StepRecord[] = [];
  private stepListeners: Array<(r: StepRecord) => void> = [];
  private quiescers: Array<() => Promise<void> | undefined> = [];
  private queueInspectors = new Map<string, () => string[]>();
  /** Live (not cancelled, not fired) short timers: while any is pending, `run` lets time reach it. */
  private liveShort = 0;

  constructor(clock: VirtualClock = new VirtualClock(), opts: { historyLimit?: number } = {}) {
    this.clock = clock;
    this.historyLimit = opts.historyLimit ?? 2000;
  }

  now(): number {
    return this.clock.now();
  }

  /** Steps run so far. */
  get steps(): number {
    return this.stepCount;
  }

  /** Work ready to run now, in order. */
  pending(): readonly Work[] {
    return this.ready.slice(this.head);
  }

  get pendingCount(): number {
    return this.ready.length - this.head;
  }

  peek(): Work | undefined {
    return this.ready[this.head];
  }

  enqueue(work: Work): void {
    this.ready.push(work);
  }

  /** Runs `work` once `delayMs` of virtual time has passed. */
  after(delayMs: number, work: Work, opts: TimerOptions = {}): Timer {
    const entry: TimerEntry = {
      at: this.clock.now() + Math.max(0, delayMs),
      seq: this.seq++,
      work,
      short: opts.short ?? false,
      cancelled: false,
    };
    this.timers.push(entry);
    if (entry.short) this.liveShort++;
    return {
      at: entry.at,
      cancel: () => {
        if (!entry.cancelled && entry.short) this.liveShort--;
        entry.cancelled = true;
      },
    };
  }

  /** Timers not yet fired, soonest first (for `queues`). */
  pendingTimers(): Array<{ at: number; work: Work; short: boolean }> {
    return this.timers
      .values()
      .filter((t) => !t.cancelled)
      .sort(compareTimers)
      .map((t) => ({ at: t.at, work: t.work, short: t.short }));
  }

  /** The next live timer (for `step` and `run` to say what comes next). */
  nextTimer(): { at: number; work: Work; short: boolean } | undefined {
    this.dropCancelled();
    const t = this.timers.peek();
    return t && { at: t.at, work: t.work, short: t.short };
  }

  /** The time of the next live timer, if any. */
  nextTimerAt(): number | undefined {
    this.dropCancelled();
    return this.timers.peek()?.at;
  }

  /**
   * Runs the next ready step. Returns undefined when nothing is ready at the current time. With
   * `passShortWaits` (the debugger's `step`), when nothing is ready it first fires the next timer that is due
   * or short, as `run` would.
   */
  async step(opts: { passShortWaits?: boolean } = {}): Promise<StepRecord | undefined> {
    // A write made outside any step (a kubectl line) may still owe watch events: let them arrive first.
    if (this.head >= this.ready.length) await this.settle();
    if (this.head >= this.ready.length && opts.passShortWaits) {
      this.dropCancelled();
      const t = this.timers.peek();
      if (t && (t.at <= this.clock.now() || t.short || this.liveShort > 0)) this.fireUntil(t.at);
    }
    if (this.head >= this.ready.length) return undefined;
    const work = this.ready[this.head]!;
    this.ready[this.head++] = undefined as unknown as Work;
    if (this.head > 1024 && this.head * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
    const record: StepRecord = {
      n: ++this.stepCount,
      at: this.clock.now(),
      component: work.component,
      kind: work.kind,
      phase: work.phase,
      title: work.title,
    };
    try {
      const detail = await work.run();
      if (detail) record.detail = detail;
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    await this.settle();
    this.history.push(record);
    if (this.history.length > this.historyLimit * 2) this.history = this.history.slice(-this.historyLimit);
    for (const l of this.stepListeners) l(record);
    return record;
  }

  /** Runs until nothing is left to do at the current virtual time (passing short waits), or a breakpoint. */
  async run(opts: RunOptions = {}): Promise<RunResult> {
    const passShort = opts.passShortWaits ?? true;
    let steps = 0;
    for (;;) {
      if (this.head < this.ready.length) {
        const next = this.ready[this.head]!;
        if ((steps > 0 || opts.checkFirst) && opts.breakBefore?.(next)) return { reason: 'break', steps, next };
        if (opts.maxSteps !== undefined && steps >= opts.maxSteps) return { reason: 'limit', steps, next };
        await this.step();
        steps++;
        continue;
      }
      // Nothing ready: before time moves or the run ends, let what the store still owes arrive.
      if (await this.settle()) continue;
      this.dropCancelled();
      const t = this.timers.peek();
      // A short wait further off than a periodic timer still passes: time moves to it, firing that timer on the way.
      if (t && (t.at <= this.clock.now() || (passShort && (t.short || this.liveShort > 0)))) {
        this.fireUntil(t.at);
        continue;
      }
      return { reason: 'idle', steps };
    }
  }

  /**
   * Moves virtual time forward by `ms`, firing each timer at its own time and running the work it causes
   * before time moves on (so a lease renewed every 10 s is renewed at 10 s, 20 s …).
   */
  async advance(ms: number, opts: RunOptions = {}): Promise<RunResult> {
    const target = this.clock.now() + ms;
    let steps = 0;
    for (;;) {
      const r = await this.run({ ...opts, maxSteps: opts.maxSteps === undefined ? undefined : opts.maxSteps - steps });
      steps += r.steps;
      if (r.reason !== 'idle') return { ...r, steps };
      const at = this.nextTimerAt();
      if (at === undefined || at > target) break;
      this.fireUntil(at);
    }
    this.clock.set(target);
    return { reason: 'idle', steps };
  }

  /**
   * Waits for every quiescer that has something outstanding (the real-etcd backend: watch events for
   * revisions it wrote). True when it waited and new work may be ready.
   */
  private async settle(): Promise<boolean> {
    let waited = false;
    for (const q of this.quiescers) {
      const p = q();
      if (p) {
        await p;
        waited = true;
      }
    }
    return waited && this.head < this.ready.length;
  }

  /** Moves the clock to `at` and makes every timer due by then ready, in (time, sequence) order. */
  private fireUntil(at: number): void {
    this.clock.set(at);
    for (;;) {
      this.dropCancelled();
      const t = this.timers.peek();
      if (!t || t.at > this.clock.now()) return;
      this.timers.pop();
      if (t.short) this.liveShort--;
      this.ready.push(t.work);
    }
  }

  private dropCancelled(): void {
    while (this.timers.size && this.timers.peek()!.cancelled) this.timers.pop();
  }

  /** The last `n` steps, oldest first. */
  recent(n = 20): StepRecord[] {
    return this.history.slice(-n);
  }

  onStep(listener: (r: StepRecord) => void): () => void {
    this.stepListeners.push(listener);
    return () => {
      this.stepListeners = this.stepListeners.filter((l) => l !== listener);
    };
  }

  /**
   * A hook run after every step; when it returns a promise the next step waits for it. The real-etcd backend
   * uses it so that a step that wrote waits until the watch has delivered that revision.
   */
  addQuiescer(fn: () => Promise<void> | undefined): void {
    this.quiescers.push(fn);
  }

  /** A component's own pending work (work queue keys, scheduler queues…), for `queues`. */
  registerQueue(component: string, describe: () => string[]): void {
    this.queueInspectors.set(component, describe);
  }

  unregisterQueue(component: string): void {
    this.queueInspectors.delete(component);
  }

  queues(): Array<{ component: string; items: string[] }> {
    return [...this.queueInspectors].map(([component, describe]) => ({ component, items: describe() }));
  }
}

function compareTimers(a: TimerEntry, b: TimerEntry): number {
  return a.at - b.at || a.seq - b.seq;
}

// Boots the mini-cluster: one loop (virtual clock), one seeded random source, the store, and — unless bare —
// the API server and every component. Stands in for what kubeadm/kind set up; components talk only
// through the API server, as in Kubernetes.
import { VirtualClock } from './clock';
import { Loop, type RunOptions, type RunResult, type Work } from './loop';
import { Rand } from './rand';
import { Shell, type ShellIO } from './shell';
import type { KV } from '../store/types';
import { openStore } from '../store/open';
import type { ApiServer } from '../apiserver/server';

export interface ClusterOptions {
  /** Worker nodes, named node-1 … node-N (default 3). */
  nodes?: number;
  /** An etcd alone: no API server, no objects, revision 1 as a fresh etcd. */
  bare?: boolean;
  /** Seeds every random choice (names, tie-breaks, IPs). */
  seed?: string;
  /** `memory` (default) or `etcd://HOST:PORT[,HOST:PORT…]`. */
  store?: string;
}

export type Mode = 'auto' | 'step';

export class Cluster {
  readonly clock: VirtualClock;
  readonly loop: Loop;
  readonly rand: Rand;
  readonly shell: Shell<Cluster>;
  mode: Mode = 'auto';
  /** Set by start(). */
  kv!: KV;
  /** kube-apiserver (src/cluster/apiserver/server.ts), set by bootControlPlane; unset with --bare. */
  api?: ApiServer;
  /**
   * The debugger's breakpoints (sim/debugger.ts sets this): every run of the cluster — the `run` line, and the
   * run that follows a mutating line in mode auto — stops before matching work and says where.
   */
  breakpoints?: {
    breakBefore(work: Work): boolean;
    /** Called when a run stopped at a breakpoint: prints where, and what the next step is. */
    stopped(result: RunResult): void | Promise<void>;
  };
  /** Everything started by start() that must be stopped, in reverse order. */
  private stoppers: Array<() => Promise<void> | void> = [];

  private constructor(
    readonly options: Required<Pick<ClusterOptions, 'nodes' | 'bare' | 'seed' | 'store'>>,
    io: ShellIO,
  ) {
    this.clock = new VirtualClock();
    this.loop = new Loop(this.clock);
    this.rand = new Rand(this.options.seed);
    this.shell = new Shell<Cluster>(this, io);
    this.shell.afterMutation = async () => {
      if (this.mode === 'auto') await this.run();
    };
  }

  static async start(opts: ClusterOptions, io: ShellIO): Promise<Cluster> {
    const c = new Cluster(
      { nodes: opts.nodes ?? 3, bare: opts.bare ?? false, seed: opts.seed ?? '1', store: opts.store ?? 'memory' },
      io,
    );
    c.kv = await openStore(c.options.store, c.loop);
    c.onStop(() => c.kv.close());
    try {
      const { registerLines } = await import('./lines');
      await registerLines(c);
      if (!c.options.bare) {
        const { bootControlPlane } = await import('./boot');
        await bootControlPlane(c);
      }
      await c.run();
    } catch (err) {
      // A boot that fails half-way must not leave a store connection holding the process open.
      await c.stop().catch(() => undefined);
      throw err;
    }
    return c;
  }

  /** Registers a clean-up for stop(). */
  onStop(fn: () => Promise<void> | void): void {
    this.stoppers.push(fn);
  }

  /** Runs until idle at the current virtual time, or until a debugger breakpoint. */
  async run(): Promise<RunResult> {
    return this.guarded((opts) => this.loop.run(opts));
  }

  /**
   * Moves virtual time forward by `ms` (`time advance`), firing each timer at its own time; stops early at a
   * debugger breakpoint (the clock then stays where the stop happened) and says where.
   */
  async advance(ms: number): Promise<RunResult> {
    return this.guarded((opts) => this.loop.advance(ms, opts));
  }

  /**
   * A run that has not gone idle after this many steps has a component retrying forever (the 10,000-pod run
   * on 5,000 nodes takes about 500,000): it stops, says so, and `run` goes on from there.
   */
  runStepLimit = 2_000_000;

  private async guarded(go: (opts: RunOptions) => Promise<RunResult>): Promise<RunResult> {
    const bp = this.breakpoints;
    const r = await go({ maxSteps: this.runStepLimit, ...(bp ? { breakBefore: (w) => bp.breakBefore(w), checkFirst: true } : {}) });
    if (r.reason === 'break') await bp?.stopped(r);
    if (r.reason === 'limit') {
      this.shell.io.err(
        `Warning: stopped after ${r.steps} steps without going idle; ${r.next?.component ?? 'a component'} may be retrying forever (see "queues"; "run" goes on)`,
      );
    }
    return r;
  }

  async stop(): Promise<void> {
    for (const fn of this.stoppers.reverse()) await fn();
    this.stoppers = [];
  }
}

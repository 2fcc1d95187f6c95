// A cluster with a fake store, for the debugger's lines: the loop, clock and shell are the real ones, and the
// work in the loop is fake work whose steps we control.
import { Cluster } from '../../src/cluster/sim/cluster';
import { VirtualClock } from '../../src/cluster/sim/clock';
import { Loop, type StepDetail, type Work } from '../../src/cluster/sim/loop';
import { Rand } from '../../src/cluster/sim/rand';
import { Shell } from '../../src/cluster/sim/shell';
import { registerLines } from '../../src/cluster/sim/lines';
import type { KV } from '../../src/cluster/store/types';

export interface Harness {
  cluster: Cluster;
  out: string[];
  err: string[];
  /** Runs one line, returns what it printed on stdout. */
  exec(line: string): Promise<string>;
  /** Keys the fake store holds (for status). */
  keys: Map<string, string>;
  revision: { value: number };
}

export async function harness(opts: { bare?: boolean; nodes?: number } = {}): Promise<Harness> {
  const out: string[] = [];
  const err: string[] = [];
  const keys = new Map<string, string>();
  const revision = { value: 1 };
  const c = Object.create(Cluster.prototype) as Cluster;
  const clock = new VirtualClock();
  Object.assign(c, {
    clock,
    loop: new Loop(clock),
    rand: new Rand('1'),
    mode: 'auto',
    options: { nodes: opts.nodes ?? 3, bare: opts.bare ?? false, seed: '1', store: 'memory' },
    stoppers: [],
  });
  (c as { shell: Shell<Cluster> }).shell = new Shell<Cluster>(c, { out: (t) => out.push(t), err: (t) => err.push(t) });
  c.shell.afterMutation = async () => {
    if (c.mode === 'auto') await c.run();
  };
  c.kv = fakeKv(keys, revision);
  await registerLines(c);
  return {
    cluster: c,
    out,
    err,
    keys,
    revision,
    async exec(line) {
      const before = out.length;
      const ok = await c.shell.exec(line);
      if (!ok) throw new Error(`line failed: ${line}: ${err.join('\n')}`);
      return out.slice(before).join('\n');
    },
  };
}

function fakeKv(keys: Map<string, string>, revision: { value: number }): KV {
  const header = () => ({ revision: revision.value, clusterId: '0', memberId: '0', raftTerm: 2 });
  return {
    kind: 'memory',
    async status() {
      return { header: header() } as Awaited<ReturnType<KV['status']>>;
    },
    async range(req) {
      const kvs = [...keys]
        .filter(([k]) => k >= req.key && (req.rangeEnd ? k < req.rangeEnd : k === req.key))
        .map(([key, value]) => ({ key, value, createRevision: 1, modRevision: 1, version: 1, lease: 0 }));
      return { header: header(), kvs: req.countOnly ? [] : kvs, more: false, count: kvs.length } as Awaited<ReturnType<KV['range']>>;
    },
  } as KV;
}

/** Fake work: records its name in `log` when it runs and returns `detail`. */
export function work(component: string, kind: string, title: string, opts: { log?: string[]; detail?: StepDetail; phase?: string; then?: () => void } = {}): Work {
  return {
    component,
    kind,
    phase: opts.phase,
    title,
    run() {
      opts.log?.push(`${component} ${title}`);
      opts.then?.();
      return opts.detail;
    },
  };
}

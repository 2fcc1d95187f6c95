import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeEvent, Pod } from '../../src/cluster/apiserver/types';
import { Cluster } from '../../src/cluster/sim/cluster';

export interface TestCluster {
  cluster: Cluster;
  out: string[];
  err: string[];
  /** Runs a line; returns its stdout (and fails the test on stderr unless allowed). */
  sh(line: string): Promise<string>;
  /** Runs a line and returns stdout + stderr. */
  run(line: string): Promise<{ ok: boolean; out: string; err: string }>;
}

export async function startCluster(opts: { nodes?: number; seed?: string } = {}): Promise<TestCluster> {
  const out: string[] = [];
  const err: string[] = [];
  const cluster = await Cluster.start({ nodes: opts.nodes ?? 3, seed: opts.seed ?? '1' }, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  const run = async (line: string) => {
    const o = out.length;
    const e = err.length;
    const ok = await cluster.shell.exec(line);
    return { ok, out: out.slice(o).join('\n'), err: err.slice(e).join('\n') };
  };
  return {
    cluster,
    out,
    err,
    run,
    async sh(line: string) {
      const r = await run(line);
      if (!r.ok) throw new Error(`"${line}" failed: ${r.err}`);
      return r.out;
    },
  };
}

/** Writes manifests into one temporary folder: `manifest('web', yaml)` gives the file for `kubectl apply -f`. */
export function manifestDir(prefix: string): (name: string, body: string) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return (name, body) => {
    const f = join(dir, `${name}.yaml`);
    writeFileSync(f, body);
    return f;
  };
}

export async function getPod(tc: TestCluster, name: string): Promise<Pod> {
  return tc.cluster.api!.client('test').get<Pod>('pods', name, 'default');
}

/** The Events about one object in the default namespace. */
export async function eventsFor(tc: TestCluster, name: string): Promise<KubeEvent[]> {
  const all = (await tc.cluster.api!.client('test').list<KubeEvent>('events', 'default')).items;
  return all.filter((e) => e.involvedObject.name === name);
}

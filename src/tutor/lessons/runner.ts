// Runs a lesson's demos on a live mini-cluster: starts the cluster a demo declares, writes its files into a
// working folder, runs lines through the cluster's shell (the same parser as the REPL), and evaluates checks
// against the cluster's state. Used by `learn` (both modes) and by the linter.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '../../cluster/apiserver/api';
import type { Cluster } from '../../cluster/sim/cluster';
import type { ShellIO } from '../../cluster/sim/shell';
import { captureBaseline, evaluateCheck, type Baseline, type Check, type CheckResult, type CheckTarget } from './checks';
import type { Demo, DemoStep } from './types';

/** The identity the tutor's checks use on the API server (what `trace` would show as the reader). */
export const TUTOR_WHO = 'kubetutor';

/** The API client the tutor reads with: kube-apiserver's, as any component gets one; none on a bare etcd. */
export function tutorClient(cluster: Cluster): Client | undefined {
  return cluster.api?.client(TUTOR_WHO);
}

export interface DemoSessionOptions {
  /** Where lines' output goes (stdout/stderr of the learner, or a buffer for the linter). */
  io: ShellIO;
  /** Parent of the demo's working folder (a fresh temporary folder by default). */
  workRoot?: string;
}

/** One demo's live cluster and working folder. */
export class DemoSession {
  private constructor(
    readonly demo: Demo,
    readonly cluster: Cluster,
    readonly workdir: string,
    private readonly ownsWorkdir: boolean,
  ) {}

  static async start(demo: Demo, opts: DemoSessionOptions): Promise<DemoSession> {
    const { Cluster } = await import('../../cluster/sim/cluster');
    let workdir: string;
    let owns = false;
    if (opts.workRoot) {
      workdir = path.join(opts.workRoot, demo.id);
      mkdirSync(workdir, { recursive: true });
    } else {
      workdir = mkdtempSync(path.join(os.tmpdir(), `kubetutor-${demo.id}-`));
      owns = true;
    }
    for (const f of demo.files) writeFileSync(path.join(workdir, f.name), f.content);
    const start = (store: string | undefined) =>
      withCwd(workdir, () =>
        Cluster.start({ bare: demo.cluster.bare, nodes: demo.cluster.bare ? undefined : demo.cluster.nodes, seed: demo.cluster.seed, store }, opts.io),
      );
    let cluster: Cluster;
    try {
      cluster = await start(demo.cluster.store);
    } catch (err) {
      const fallback = demo.cluster.fallback;
      if (!fallback) throw err;
      // Say plainly what runs instead, and what the learner does not get to see here.
      opts.io.err(
        `Note: --store ${demo.cluster.store} cannot start here (${err instanceof Error ? err.message : String(err)}); ` +
          `this demo runs on --store ${fallback} instead: the same rules, without real etcd processes.`,
      );
      cluster = await start(fallback);
    }
    return new DemoSession(demo, cluster, workdir, owns);
  }

  private client?: Client;

  get target(): CheckTarget {
    if (!this.demo.cluster.bare) this.client ??= tutorClient(this.cluster);
    return { kv: this.cluster.kv, api: this.client, workdir: this.workdir };
  }

  /** Runs one line in the demo's working folder. True when it succeeded (a failure is already on stderr). */
  exec(line: string): Promise<boolean> {
    return withCwd(this.workdir, () => this.cluster.shell.exec(line));
  }

  async baseline(check: Check | undefined): Promise<Baseline> {
    return captureBaseline(check, this.target);
  }

  async evaluate(check: Check, base: Baseline): Promise<CheckResult> {
    try {
      return await evaluateCheck(check, this.target, base);
    } catch (err) {
      return { ok: false, found: `the check could not read the cluster: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  async stop(): Promise<void> {
    await this.cluster.stop();
    if (this.ownsWorkdir) rmSync(this.workdir, { recursive: true, force: true });
  }
}

/** Lines resolve relative paths (`-f web.yaml`, `snapshot save backup.db`) in the demo's working folder. */
async function withCwd<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const prev = process.cwd();
  if (prev === dir) return fn();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(prev);
  }
}

/** The lines a step runs in --no-input mode and in the linter: what it shows, or its solution. */
export function stepLines(step: DemoStep): string[] {
  return step.show ?? step.solution ?? [];
}

/** Every line a lesson's demo may run (setup, shown lines and solutions), with where it sits. */
export function demoLines(demo: Demo): Array<{ where: string; line: string }> {
  const out: Array<{ where: string; line: string }> = [];
  demo.setup.forEach((line, i) => out.push({ where: `setup[${i}]`, line }));
  for (const s of demo.steps) {
    s.show?.forEach((line, i) => out.push({ where: `${s.where}.show[${i}]`, line }));
    s.solution?.forEach((line, i) => out.push({ where: `${s.where}.solution[${i}]`, line }));
  }
  return out;
}

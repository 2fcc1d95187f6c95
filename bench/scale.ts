// Scale (issue 9): the real CLI, as a learner would run it — `kubetutor cluster --nodes 5000` with
// `kubectl create deployment big --image=nginx --replicas=10000` — in a child process, until 10,000 pods are
// Running. Wall time as the learner waits it, peak resident memory (VmHWM, read by /usr/bin/time or by polling
// /proc), and the CPU time the process used (on a shared machine the wall time also measures the neighbours).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { figure, quick, section } from './harness';
import { BIN, ROOT } from './startup';

export interface ScaleRun {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  stdout: string;
}

/** Runs the script through `kubetutor cluster --nodes N --script FILE` in a child process. */
export async function runClusterScript(nodes: number, script: string, extra: string[] = []): Promise<ScaleRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubetutor-bench-'));
  const file = path.join(dir, 'scale.txt');
  const timeOut = path.join(dir, 'time.txt');
  writeFileSync(file, script);
  const useTime = existsSync('/usr/bin/time');
  const nodeArgs = [BIN, 'cluster', '--nodes', String(nodes), '--script', file, ...extra];
  const [cmd, args] = useTime
    ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', timeOut, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  try {
    return await new Promise<ScaleRun>((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(cmd, args as string[], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      let out = '';
      let err = '';
      let hwm = 0;
      // Without /usr/bin/time: poll the child's high-water mark of resident memory.
      const poll = useTime
        ? undefined
        : setInterval(() => {
            try {
              const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (m) hwm = Math.max(hwm, Number(m[1]) * 1024);
            } catch {
              // gone
            }
          }, 100);
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('exit', (code) => {
        const wallMs = performance.now() - t0;
        if (poll) clearInterval(poll);
        if (code !== 0) return reject(new Error(`kubetutor cluster exited ${code}: ${err.trim().split('\n').slice(-1)[0] ?? ''}`));
        let cpuMs = 0;
        if (useTime) {
          const [kb, user, sys] = readFileSync(timeOut, 'utf8').trim().split('\n').slice(-1)[0]!.split(/\s+/).map(Number);
          hwm = kb! * 1024;
          cpuMs = (user! + sys!) * 1000;
        }
        resolve({ wallMs, cpuMs, peakRssBytes: hwm, stdout: out });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

section('scale', async () => {
  const nodes = quick ? 500 : 5000;
  const replicas = quick ? 1000 : 10_000;
  const script = [`kubectl create deployment big --image=nginx --replicas=${replicas}`, 'kubectl get deployment big --no-headers', 'status', ''].join('\n');
  const run = await runClusterScript(nodes, script);
  const running = /pods\s+(\d+) \((\d+) Running\)/.exec(run.stdout);
  if (!running || Number(running[2]) !== replicas) {
    throw new Error(`expected ${replicas} Running pods; status said: ${running?.[0] ?? run.stdout.trim().split('\n').slice(-8).join(' | ')}`);
  }
  const ready = /big\s+(\d+)\/(\d+)/.exec(run.stdout);
  const steps = Number(/step\s+(\d+)/.exec(run.stdout)?.[1] ?? 0);
  const label = `${nodes.toLocaleString('en-US')} nodes, ${replicas.toLocaleString('en-US')} Running pods`;
  const full = !quick;
  const s = run.wallMs / 1000;
  const gib = run.peakRssBytes / 1024 ** 3;
  figure({ name: `${label}: wall time (boot + deployment, real CLI)`, value: Math.round(s * 10) / 10, unit: 's', ...(full ? { goal: '≤ 60 s', ok: s <= 60 } : {}) });
  figure({ name: `${label}: peak resident memory`, value: Math.round(gib * 100) / 100, unit: 'GiB', ...(full ? { goal: '≤ 1.5 GiB', ok: gib <= 1.5 } : {}) });
  if (run.cpuMs) figure({ name: `${label}: CPU time (user + sys)`, value: Math.round(run.cpuMs / 100) / 10, unit: 's' });
  if (steps) figure({ name: `${label}: loop steps`, value: steps, unit: 'steps' });
  if (steps && run.cpuMs) figure({ name: `${label}: CPU per step`, value: Math.round((run.cpuMs * 1000) / steps * 10) / 10, unit: 'µs' });
  if (ready && ready[1] !== ready[2]) throw new Error(`deployment big is ${ready[0]}`);
});

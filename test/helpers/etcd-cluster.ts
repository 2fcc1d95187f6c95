// Starts a real etcd of 1 or more members on free loopback ports with temporary data dirs, for tests that
// check the mini-cluster against the real thing. `etcdMissing()` says why such tests skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Undefined when etcd and etcdctl are on PATH, else the reason tests that need them skip. */
export function etcdMissing(): string | undefined {
  for (const [bin, arg] of [['etcd', '--version'], ['etcdctl', 'version']] as const) {
    const r = spawnSync(bin, [arg], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
    if (r.error || r.status !== 0) return `${bin} is not installed (apt-get install etcd-server etcd-client); skipping the real-etcd tests`;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

interface MemberSpec {
  name: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
}

export class EtcdCluster {
  private procs = new Map<string, ChildProcess>();

  private constructor(
    readonly members: MemberSpec[],
    private readonly root: string,
  ) {}

  /** `etcd://127.0.0.1:P1,127.0.0.1:P2,…` for `--store`. */
  get url(): string {
    return `etcd://${this.endpoints.join(',')}`;
  }

  /** `127.0.0.1:P` for each member, for etcdctl's `--endpoints`. */
  get endpoints(): string[] {
    return this.members.map((m) => `127.0.0.1:${m.clientPort}`);
  }

  static async start(size = 1): Promise<EtcdCluster> {
    const root = mkdtempSync(path.join(tmpdir(), 'kubetutor-etcd-'));
    const members: MemberSpec[] = [];
    for (let i = 1; i <= size; i++) {
      members.push({ name: `m${i}`, clientPort: await freePort(), peerPort: await freePort(), dataDir: path.join(root, `m${i}`) });
    }
    const c = new EtcdCluster(members, root);
    for (const m of members) c.spawnMember(m);
    await c.waitHealthy(members.map((m) => m.name), 20_000);
    return c;
  }

  private spawnMember(m: MemberSpec): void {
    const initialCluster = this.members.map((x) => `${x.name}=http://127.0.0.1:${x.peerPort}`).join(',');
    const proc = spawn(
      'etcd',
      [
        '--name', m.name,
        '--data-dir', m.dataDir,
        '--listen-client-urls', `http://127.0.0.1:${m.clientPort}`,
        '--advertise-client-urls', `http://127.0.0.1:${m.clientPort}`,
        '--listen-peer-urls', `http://127.0.0.1:${m.peerPort}`,
        '--initial-advertise-peer-urls', `http://127.0.0.1:${m.peerPort}`,
        '--initial-cluster', initialCluster,
        '--initial-cluster-state', 'new',
        '--initial-cluster-token', path.basename(this.root),
        // Fast elections keep the quorum tests short; the ratio is etcd's default (1:10).
        '--heartbeat-interval', '50',
        '--election-timeout', '500',
        '--logger', 'zap',
        '--log-level', 'error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr?.resume();
    this.procs.set(m.name, proc);
  }

  /** Stops one member (SIGTERM) and waits for it to exit. */
  async stopMember(name: string): Promise<void> {
    const proc = this.procs.get(name);
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await exited;
    this.procs.delete(name);
  }

  /** Starts a stopped member again on its data dir. */
  async startMember(name: string): Promise<void> {
    const m = this.members.find((x) => x.name === name);
    if (!m) throw new Error(`no member ${name}`);
    this.spawnMember(m);
    await this.waitHealthy([name], 20_000);
  }

  /**
   * The operator's restore: stop every member, `etcdctl snapshot restore FILE` into a new data dir for each
   * (same names, peer URLs and token), and start them all on the new dirs.
   */
  async restoreSnapshot(file: string): Promise<void> {
    for (const m of this.members) await this.stopMember(m.name);
    const initialCluster = this.members.map((x) => `${x.name}=http://127.0.0.1:${x.peerPort}`).join(',');
    for (const m of this.members) {
      const dataDir = `${m.dataDir}-restored-${Date.now()}`;
      const r = spawnSync(
        'etcdctl',
        ['snapshot', 'restore', file, '--name', m.name, '--data-dir', dataDir, '--initial-cluster', initialCluster,
          '--initial-cluster-token', path.basename(this.root), '--initial-advertise-peer-urls', `http://127.0.0.1:${m.peerPort}`],
        { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } },
      );
      if (r.status !== 0) throw new Error(`etcdctl snapshot restore failed: ${r.stderr}`);
      m.dataDir = dataDir;
    }
    for (const m of this.members) this.spawnMember(m);
    await this.waitHealthy(this.members.map((m) => m.name), 20_000);
  }

  /** Runs the real etcdctl against the members given (default: all running ones). */
  etcdctl(args: string[], opts: { endpoints?: string[]; input?: string } = {}) {
    const endpoints = opts.endpoints ?? this.members.filter((m) => this.procs.has(m.name)).map((m) => `127.0.0.1:${m.clientPort}`);
    const r = spawnSync('etcdctl', ['--endpoints', endpoints.join(','), '--dial-timeout', '2s', '--command-timeout', '4s', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ETCDCTL_API: '3' },
      input: opts.input,
    });
    return { stdout: r.stdout, stderr: r.stderr, code: r.status };
  }

  private async waitHealthy(names: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const name of names) {
      const m = this.members.find((x) => x.name === name)!;
      for (;;) {
        const r = this.etcdctl(['endpoint', 'health'], { endpoints: [`127.0.0.1:${m.clientPort}`] });
        if (r.code === 0) break;
        if (Date.now() > deadline) throw new Error(`etcd member ${name} did not become healthy: ${r.stderr.trim()}`);
        await new Promise((res) => setTimeout(res, 100));
      }
    }
  }

  async stop(): Promise<void> {
    for (const name of [...this.procs.keys()]) await this.stopMember(name);
    rmSync(this.root, { recursive: true, force: true });
  }
}

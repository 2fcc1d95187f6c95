// Real etcd members that kubetutor runs itself on loopback (`--store local-etcd:N`), the way a stacked
// kubeadm control plane runs one etcd per control-plane node: each member a process with its own data dir,
// client and peer URLs, joined into one Raft cluster by --initial-cluster.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StoreError, type EtcdMemberState, type EtcdMembers } from './types';

export interface LocalMember {
  name: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
}

/** Undefined when the etcd server binary is on PATH, else why local members cannot run here. */
export function etcdServerMissing(): string | undefined {
  const r = spawnSync('etcd', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? 'etcd is not installed (Debian: apt-get install etcd-server)' : undefined;
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

export class LocalEtcd implements EtcdMembers {
  readonly real = true;
  private procs = new Map<string, ChildProcess>();

  constructor(
    readonly members: LocalMember[],
    readonly root: string,
  ) {}

  /** Starts `size` members named PREFIX1…PREFIXn, waits until each answers /health. */
  static async start(size = 3, prefix = 'etcd-'): Promise<LocalEtcd> {
    const { members, root } = await LocalEtcd.plan(size, prefix);
    const c = new LocalEtcd(members, root);
    await c.launch();
    return c;
  }

  /** Names, free ports and data dirs for `size` members (nothing started yet). */
  static async plan(size: number, prefix: string): Promise<{ members: LocalMember[]; root: string }> {
    const missing = etcdServerMissing();
    if (missing) throw new StoreError('unavailable', missing);
    const root = mkdtempSync(path.join(tmpdir(), 'kubetutor-etcd-'));
    const members: LocalMember[] = [];
    for (let i = 1; i <= size; i++) {
      members.push({ name: `${prefix}${i}`, clientPort: await freePort(), peerPort: await freePort(), dataDir: path.join(root, `${prefix}${i}`) });
    }
    return { members, root };
  }

  /** Starts every member of the plan and waits for each, and for a leader. */
  async launch(): Promise<void> {
    for (const m of this.members) this.spawnMember(m);
    await this.waitHealthy(this.members.map((m) => m.name), 20_000);
    await this.settleLeader();
  }

  /** `etcd://127.0.0.1:P1,127.0.0.1:P2,…` for `--store`. */
  get url(): string {
    return `etcd://${this.endpoints.join(',')}`;
  }

  /** `127.0.0.1:P` for each member. */
  get endpoints(): string[] {
    return this.members.map((m) => `127.0.0.1:${m.clientPort}`);
  }

  list(): EtcdMemberState[] {
    return this.members.map((m) => ({ name: m.name, up: this.isUp(m.name), endpoint: `127.0.0.1:${m.clientPort}` }));
  }

  isUp(name: string): boolean {
    const p = this.procs.get(name);
    return Boolean(p && p.exitCode === null);
  }

  protected spawnMember(m: LocalMember): void {
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
        // etcd's default heartbeat (100 ms) and election timeout (1 s): shorter ones make elections flap when
        // the machine is busy. They also set the minimum lease TTL (2 s, as the embedded store has it).
        '--logger', 'zap',
        '--log-level', 'error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr?.resume();
    proc.unref();
    this.procs.set(m.name, proc);
  }

  private member(name: string): LocalMember {
    const m = this.members.find((x) => x.name === name);
    if (!m) throw new StoreError('invalid', `no etcd member "${name}" (members: ${this.members.map((x) => x.name).join(', ')})`);
    return m;
  }

  /** Stops one member (SIGTERM, as systemd would) and waits for it to exit. */
  async stop(name: string): Promise<void> {
    this.member(name);
    const proc = this.procs.get(name);
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    // The member is unref'd while it runs; hold the loop open until it has exited, or a process whose last
    // work is this stop (kubetutor learn --no-input) ends before 'exit' fires, with its work unfinished.
    proc.ref();
    proc.kill('SIGTERM');
    await exited;
    this.procs.delete(name);
    await this.settleLeader();
  }

  /**
   * After a member stops or starts: while a majority is up, wait until the survivors have (re-)elected a
   * leader, so the next write meets a working cluster rather than an election in progress.
   */
  private async settleLeader(timeoutMs = 15_000): Promise<void> {
    const up = this.members.filter((m) => this.isUp(m.name));
    if (up.length <= this.members.length / 2) return;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const m of up) if ((await health(m.clientPort))?.leader) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Starts a stopped member again on its data dir; it catches up from the others. */
  async start(name: string): Promise<void> {
    const m = this.member(name);
    if (this.isUp(name)) return;
    this.spawnMember(m);
    await this.waitHealthy([name], 20_000);
    await this.settleLeader();
  }

  protected async waitHealthy(names: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const name of names) {
      const m = this.member(name);
      while (!(await health(m.clientPort))) {
        if (Date.now() > deadline) throw new StoreError('unavailable', `etcd member ${name} did not start on 127.0.0.1:${m.clientPort}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Stops every member and removes their data dirs. */
  async shutdown(): Promise<void> {
    for (const name of [...this.procs.keys()]) await this.stop(name);
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * etcd's /health on the client port: undefined when nothing answers; else whether the member knows a leader
 * (etcd 3.4 says `"health":"true"` only then).
 */
function health(port: number): Promise<{ leader: boolean } | undefined> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/health', timeout: 1_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ leader: /"health"\s*:\s*"true"/.test(body) }));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => {
      req.destroy();
      resolve(undefined);
    });
  });
}

// A real etcd of 1 or more members for tests (LocalEtcd, the same code `--store local-etcd:N` runs), plus the
// real etcdctl against it and the operator's snapshot restore. `etcdMissing()` says why such tests skip.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { LocalEtcd } from '../../src/cluster/store/local_etcd';

export { freePort } from '../../src/cluster/store/local_etcd';

/** Undefined when etcd and etcdctl are on PATH, else the reason tests that need them skip. */
export function etcdMissing(): string | undefined {
  for (const [bin, arg] of [['etcd', '--version'], ['etcdctl', 'version']] as const) {
    const r = spawnSync(bin, [arg], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
    if (r.error || r.status !== 0) return `${bin} is not installed (apt-get install etcd-server etcd-client); skipping the real-etcd tests`;
  }
  return undefined;
}

export class EtcdCluster extends LocalEtcd {
  /** Members m1…mN on free loopback ports. */
  static override async start(size = 1): Promise<EtcdCluster> {
    const { members, root } = await LocalEtcd.plan(size, 'm');
    const c = new EtcdCluster(members, root);
    await c.launch();
    return c;
  }

  stopMember(name: string): Promise<void> {
    return super.stop(name);
  }

  startMember(name: string): Promise<void> {
    return super.start(name);
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
    const endpoints = opts.endpoints ?? this.list().filter((m) => m.up).map((m) => m.endpoint);
    const r = spawnSync('etcdctl', ['--endpoints', endpoints.join(','), '--dial-timeout', '2s', '--command-timeout', '4s', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ETCDCTL_API: '3' },
      input: opts.input,
    });
    return { stdout: r.stdout, stderr: r.stderr, code: r.status };
  }

  /** Stops every member and removes the data dirs. */
  override async shutdown(): Promise<void> {
    await super.shutdown();
  }
}

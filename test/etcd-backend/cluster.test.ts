// Issue 8: the whole mini-cluster on a real etcd. Objects sit under /registry/… where the real etcdctl sees
// them, a second kubetutor process picks up what the first left, quorum holds or fails as etcd's does and the
// API server reports it in etcd's words, and a snapshot from the real `etcdctl snapshot save` brings a wiped
// cluster back after the operator's restore.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/sim/cluster';
import { kubetutor } from '../helpers/cli';
import { EtcdCluster, etcdMissing } from '../helpers/etcd-cluster';

const missing = etcdMissing();
if (missing) console.warn(missing);

/** A cluster in this process whose lines' output we keep. */
async function startCluster(store: string) {
  let out = '';
  let err = '';
  const cluster = await Cluster.start({ store, seed: '8', nodes: 2 }, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) });
  return {
    cluster,
    async exec(line: string) {
      out = '';
      err = '';
      const ok = await cluster.shell.exec(line);
      return { ok, out, err };
    },
  };
}

describe.runIf(!missing)('the mini-cluster on one real etcd', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await EtcdCluster.start(1);
  });
  afterAll(async () => etcd?.shutdown());

  it('runs a Deployment to 2 Running pods that the real etcdctl lists, and a second process sees it ready', () => {
    const first = kubetutor(['cluster', '--store', etcd.url, '--script', '-'], {
      input: 'kubectl create deployment web --image=nginx --replicas=2\nkubectl get pods --no-headers\n',
    });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.match(/ Running /g)).toHaveLength(2);

    const keys = etcd.etcdctl(['get', '/registry/pods/default/', '--prefix', '--keys-only']).stdout.split('\n').filter(Boolean);
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => /^\/registry\/pods\/default\/web-[a-z0-9]+-[a-z0-9]{5}$/.test(k))).toBe(true);

    // A new process: nodes re-register, informers list what is there, nothing starts from empty.
    const second = kubetutor(['cluster', '--store', etcd.url, '--script', '-'], {
      input: 'kubectl get deployment web -o jsonpath={.status.readyReplicas}\nkubectl get pods --no-headers\n',
    });
    expect(second.stderr).toBe('');
    expect(second.stdout.startsWith('2')).toBe(true);
    // The same two pods, not two new ones.
    const podNames = (s: string) => s.split('\n').map((l) => l.split(/\s+/)[0]).filter((n) => n?.startsWith('web-')).sort();
    expect(podNames(second.stdout)).toEqual(keys.map((k) => k.split('/').pop()).sort());
  }, 60_000);
});

describe.runIf(!missing)('a real etcd that is not there', () => {
  it('kubetutor cluster --store etcd://127.0.0.1:1 fails in a few seconds with one line', () => {
    const started = Date.now();
    const r = kubetutor(['cluster', '--store', 'etcd://127.0.0.1:1', '--script', '-'], { input: 'kubectl get pods\n' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kubetutor: cannot reach etcd at 127.0.0.1:1: connection refused\n');
  });
});

describe.runIf(!missing)('the mini-cluster on a real three-member etcd', () => {
  let etcd: EtcdCluster;
  let dir: string;
  beforeAll(async () => {
    etcd = await EtcdCluster.start(3);
    dir = mkdtempSync(path.join(tmpdir(), 'kt-ha-'));
  }, 60_000);
  afterAll(async () => {
    await etcd?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps working with one member down, refuses writes in etcd\'s words without quorum, and recovers', async () => {
    const c = await startCluster(etcd.url);
    try {
      expect((await c.exec('kubectl create deployment web --image=nginx --replicas=2')).ok).toBe(true);
      await etcd.stopMember('m1');
      // Two of three members are a majority.
      const withTwo = await retry(() => c.exec('kubectl scale deployment web --replicas=3'));
      expect(withTwo.err).toBe('');
      await etcd.stopMember('m2');
      const withOne = await c.exec('kubectl create deployment api --image=nginx');
      expect(withOne.ok).toBe(false);
      expect(withOne.err.trim()).toMatch(/^Error from server: (etcdserver: request timed out|etcdserver: no leader)$/);
      await etcd.startMember('m2');
      // A proposal that timed out may still commit once quorum is back (etcd says "timed out", not
      // "failed"), so the learner checks rather than assumes; a new write goes through either way.
      const back = await retry(() => c.exec('kubectl create deployment api2 --image=nginx'));
      expect(back.out.trim()).toBe('deployment.apps/api2 created');
      await etcd.startMember('m1');
    } finally {
      await c.cluster.stop();
    }
  }, 120_000);

  it('a snapshot from the real etcdctl brings a wiped cluster back after the operator restores it', async () => {
    const snap = path.join(dir, 'snap.db');
    const c = await startCluster(etcd.url);
    try {
      await retry(() => c.exec('kubectl get deployment web'));
      const saved = etcd.etcdctl(['snapshot', 'save', snap], { endpoints: [etcd.endpoints[2]!] });
      expect(saved.code, saved.stderr).toBe(0);
      expect((await c.exec('fault etcd-wipe')).ok).toBe(true);
      expect((await c.exec('kubectl get deployment web')).err.trim()).toBe('Error from server (NotFound): deployments.apps "web" not found');
    } finally {
      await c.cluster.stop();
    }
    // As on a real cluster: restore every member from the file, start them, then start the API server anew.
    await etcd.restoreSnapshot(snap);
    const again = await startCluster(etcd.url);
    try {
      const r = await retry(() => again.exec('kubectl get deployment web -o jsonpath={.spec.replicas}'));
      expect(r.out.trim()).toBe('3');
    } finally {
      await again.cluster.stop();
    }
  }, 120_000);
});

/** Client-side retries while etcd elects a leader or a member's circuit breaker closes again. */
async function retry<T extends { ok: boolean }>(fn: () => Promise<T>, tries = 20): Promise<T> {
  let last!: T;
  for (let i = 0; i < tries; i++) {
    last = await fn();
    if (last.ok) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  return last;
}

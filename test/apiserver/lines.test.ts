// The API server in the whole cluster: the `watch-cache` line, the hop log `trace` reads, and a 410 a learner
// can provoke by shrinking a window.
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../cluster/helpers';

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});

describe('kube-apiserver in the cluster', () => {
  it('lives at cluster.api, with the system namespaces and the kubernetes Service', async () => {
    t = await startCluster();
    const api = t.cluster.api!;
    expect(api).toBeDefined();
    expect(await t.sh('kubectl get ns')).toMatch(/default\s+Active[\s\S]*kube-node-lease[\s\S]*kube-public[\s\S]*kube-system/);
    expect(await t.sh('kubectl get svc kubernetes')).toContain('10.96.0.1');
    const key = await t.sh('etcdctl get /registry/services/specs/default/kubernetes --keys-only');
    expect(key.trim()).toBe('/registry/services/specs/default/kubernetes');
  });

  it('watch-cache shows every window and its watchers, and resizes one', async () => {
    t = await startCluster();
    const table = await t.sh('watch-cache');
    expect(table.split('\n')[0]).toMatch(/^RESOURCE\s+WINDOW\s+RV\s+OLDEST-RESUMABLE\s+OBJECTS\s+WATCHERS$/);
    expect(table).toMatch(/\npods\s+\d+\/1024\s/);
    await t.sh('watch-cache pods 2');
    await t.sh('kubectl create deployment web --image=nginx --replicas=2');
    const pods = await t.sh('watch-cache pods');
    expect(pods).toMatch(/^watch cache pods: 2\/2 events, rv \d+, 2 objects/);
    expect(pods).toContain('kubelet/node-1  --field-selector spec.nodeName=node-1');
    expect(pods).toMatch(/indexed by spec\.nodeName/);
    const bad = await t.run('watch-cache pods zero');
    expect(bad.err).toBe('Error: invalid size "zero": a whole number of events, at least 1');
    const unknown = await t.run('watch-cache widgets');
    expect(unknown.err).toBe('Error: the server doesn\'t have a resource type "widgets"');
  });

  it('fills the hop log for trace: writer, cache step, each watcher and its informer step', async () => {
    t = await startCluster();
    await t.sh('kubectl create deployment web --image=nginx --replicas=1');
    const api = t.cluster.api!;
    const created = api.traces.recent(500).find((c) => c.resource === 'pods' && c.type === 'ADDED')!;
    expect(created.writer).toBe('replicaset-controller');
    expect(created.verb).toBe('create');
    const whos = created.watchers.map((w) => w.who);
    expect(whos).toContain('kube-scheduler');
    const sched = created.watchers.find((w) => w.who === 'kube-scheduler')!;
    expect(sched.dispatchStep).toBeGreaterThan(created.cacheStep!);
    expect(sched.informerStep).toBeGreaterThan(sched.dispatchStep!);
    const bound = api.traces.recent(500).find((c) => c.resource === 'pods' && c.verb === 'bind')!;
    expect(bound.writer).toBe('kube-scheduler');
    // Binding moves the pod into its kubelet's selection: an ADDED for that kubelet alone.
    const kubelets = bound.watchers.filter((w) => w.who.startsWith('kubelet/'));
    expect(kubelets).toHaveLength(1);
    expect(kubelets[0]!.type).toBe('ADDED');
  });
});

describe('watch-cache restart', () => {
  it('relists every cache and makes every informer relist, and the cluster carries on', async () => {
    t = await startCluster();
    await t.sh('kubectl create deployment web --image=nginx --replicas=2');
    const before = t.cluster.loop.steps;
    const out = await t.sh('watch-cache restart');
    expect(out).toMatch(/^kube-apiserver restarted: every watch cache relisted from etcd; \d+ watches end with 410 Gone and their informers relist$/);
    const relists = t.cluster.loop.recent(5000).filter((r) => r.n > before && r.kind === 'list');
    expect(relists.length).toBeGreaterThan(5);
    expect(relists.some((r) => r.component === 'kube-scheduler')).toBe(true);
    await t.sh('kubectl scale deployment web --replicas=3');
    const pods = await t.sh('kubectl get pods --no-headers');
    expect(pods.trim().split('\n').filter((l) => /Running/.test(l))).toHaveLength(3);
  });
});

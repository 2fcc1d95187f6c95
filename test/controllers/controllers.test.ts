import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment, Endpoints, Pod, ReplicaSet, Service } from '../../src/cluster/apiserver/types';
import { computeSubsets, findPort } from '../../src/cluster/controllers/endpoint/controller';
import { minTolerationMs } from '../../src/cluster/controllers/tainteviction/controller';
import { startCluster, type TestCluster } from '../cluster/helpers';
import { pod } from '../scheduler/helpers';

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});

const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const };

describe('taint-eviction-controller: how long a pod may stay', () => {
  it('the shortest tolerationSeconds; at once without a toleration; forever without seconds', () => {
    const p = pod('x');
    expect(minTolerationMs(p, [unreachable])).toBe(0);
    p.spec.tolerations = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
    expect(minTolerationMs(p, [unreachable])).toBe(300_000);
    p.spec.tolerations.push({ operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 });
    expect(minTolerationMs(p, [unreachable])).toBe(60_000);
    p.spec.tolerations = [{ operator: 'Exists' }];
    expect(minTolerationMs(p, [unreachable])).toBe(Infinity);
  });
});

describe('endpoints-controller: subsets', () => {
  it('resolves named target ports, splits ready from not ready, skips pods without an IP or being deleted', () => {
    const svc: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] },
    };
    const mk = (name: string, ip: string | undefined, isReady: boolean, deleting = false): Pod => {
      const p = pod(name, { labels: { app: 'web' }, nodeName: 'node-1' });
      p.spec.containers[0]!.ports = [{ name: 'web', containerPort: 8080 }];
      p.status = { podIP: ip, conditions: [{ type: 'Ready', status: isReady ? 'True' : 'False' }] };
      if (deleting) p.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
      return p;
    };
    expect(findPort(mk('a', '1', true), 'web', 80)).toBe(8080);
    const subsets = computeSubsets(svc, [mk('b', '10.244.1.10', true), mk('a', '10.244.1.9', true), mk('c', '10.244.1.3', false), mk('d', undefined, true), mk('e', '10.244.1.4', true, true)]);
    expect(subsets).toHaveLength(1);
    expect(subsets[0]!.addresses!.map((a) => a.ip)).toEqual(['10.244.1.9', '10.244.1.10']);
    expect(subsets[0]!.notReadyAddresses!.map((a) => a.ip)).toEqual(['10.244.1.3']);
    expect(subsets[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(subsets[0]!.addresses![0]!.targetRef).toMatchObject({ kind: 'Pod', name: 'a' });
  });
});

describe('controllers in the cluster', () => {
  const list = async <T>(tc: TestCluster, r: 'pods' | 'replicasets' | 'deployments' | 'endpoints') =>
    (await tc.cluster.api!.client('test').list(r, 'default')).items as T[];

  it('replicaset-controller: observe / compare / act in one reconcile step, pods from generateName <rs>-', async () => {
    t = await startCluster({ nodes: 2 });
    await t.sh('break replicaset-controller');
    await t.sh('kubectl create deployment web --image=nginx --replicas=2');
    const rs = (await list<ReplicaSet>(t, 'replicasets'))[0]!;
    expect(await list<Pod>(t, 'pods')).toEqual([]);
    await t.sh('unbreak 1');
    await t.sh('run');
    const step = t.cluster.loop.recent(3000).find((s) => s.component === 'replicaset-controller' && s.detail?.act?.length)!;
    expect(step.kind).toBe('reconcile');
    expect(step.detail!.observe![0]).toBe(`ReplicaSet default/${rs.metadata.name}: spec.replicas=2`);
    expect(step.detail!.compare).toEqual(['desired 2, actual 0 → create 2 pods']);
    expect(step.detail!.act!.filter((a) => a.startsWith('POST pods'))).toHaveLength(2);
    expect(step.detail!.act).toContain('slow start: batches of 1, 1');
    const pods = await list<Pod>(t, 'pods');
    expect(pods.every((p) => p.metadata.generateName === `${rs.metadata.name}-`)).toBe(true);
  });

  it('replicaset-controller adopts a matching orphan instead of creating another pod', async () => {
    t = await startCluster({ nodes: 2 });
    await t.sh('kubectl create deployment web --image=nginx --replicas=2');
    const rs = (await list<ReplicaSet>(t, 'replicasets'))[0]!;
    const [p] = await list<Pod>(t, 'pods');
    // Orphan one pod: the ReplicaSet adopts it back (its labels still match).
    await t.cluster.api!.client('test').update('pods', { ...p!, metadata: { ...p!.metadata, ownerReferences: undefined } });
    await t.sh('run');
    const pods = await list<Pod>(t, 'pods');
    expect(pods).toHaveLength(2);
    expect(pods.find((x) => x.metadata.name === p!.metadata.name)!.metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
  });

  it('garbage-collector: foreground waits for the dependents; orphan leaves them ownerless', async () => {
    t = await startCluster({ nodes: 2 });
    await t.sh('kubectl create deployment fg --image=nginx --replicas=2');
    await t.sh('kubectl delete deployment fg --cascade=foreground');
    await t.sh('time advance 31s');
    expect(await list<Deployment>(t, 'deployments')).toEqual([]);
    expect(await list<ReplicaSet>(t, 'replicasets')).toEqual([]);
    expect(await list<Pod>(t, 'pods')).toEqual([]);

    await t.sh('kubectl create deployment keep --image=nginx --replicas=2');
    await t.sh('kubectl delete deployment keep --cascade=orphan');
    await t.sh('run');
    expect(await list<Deployment>(t, 'deployments')).toEqual([]);
    const rss = await list<ReplicaSet>(t, 'replicasets');
    expect(rss).toHaveLength(1);
    expect(rss[0]!.metadata.ownerReferences ?? []).toEqual([]);
    expect((await list<Pod>(t, 'pods')).filter((p) => p.status?.phase === 'Running')).toHaveLength(2);
  });

  it('endpoints-controller: an Endpoints per Service with a selector, updated as pods come and go', async () => {
    t = await startCluster({ nodes: 2 });
    await t.sh('kubectl create deployment web --image=nginx --replicas=2');
    await t.sh('kubectl expose deployment web --port=8080 --target-port=80');
    let ep = (await list<Endpoints>(t, 'endpoints')).find((e) => e.metadata.name === 'web')!;
    expect(ep.subsets?.[0]?.addresses).toHaveLength(2);
    expect(ep.subsets?.[0]?.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    await t.sh('kubectl delete service web');
    ep = (await list<Endpoints>(t, 'endpoints')).find((e) => e.metadata.name === 'web')!;
    expect(ep).toBeUndefined();
  });

  it('pod-garbage-collector: the pods of a deleted node are force-deleted after the 40 s quarantine and replaced', async () => {
    t = await startCluster({ nodes: 3 });
    await t.sh('kubectl create deployment web --image=nginx --replicas=3');
    const onNode1 = (await list<Pod>(t, 'pods')).filter((p) => p.spec.nodeName === 'node-1').map((p) => p.metadata.name);
    expect(onNode1.length).toBeGreaterThan(0);
    await t.sh('fault node-down node-1');
    await t.sh('kubectl delete node node-1');
    await t.sh('time advance 30s');
    expect((await list<Pod>(t, 'pods')).map((p) => p.metadata.name)).toEqual(expect.arrayContaining(onNode1));
    await t.sh('time advance 40s');
    const pods = await list<Pod>(t, 'pods');
    expect(pods.map((p) => p.metadata.name)).not.toEqual(expect.arrayContaining(onNode1));
    expect(pods.filter((p) => p.status?.phase === 'Running' && p.spec.nodeName !== 'node-1')).toHaveLength(3);
  });
});

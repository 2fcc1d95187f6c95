import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '../../src/cluster/apiserver/types';
import { startCluster, type TestCluster } from '../cluster/helpers';

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});

const list = async <T>(tc: TestCluster, r: 'pods' | 'replicasets' | 'deployments') => (await tc.cluster.api!.client('test').list(r, 'default')).items as T[];

describe('deployment-controller', () => {
  it('Recreate: every old pod is gone before the new ReplicaSet gets any', async () => {
    t = await startCluster({ nodes: 2 });
    const f = join(mkdtempSync(join(tmpdir(), 'recreate-')), 'd.yaml');
    writeFileSync(
      f,
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  replicas: 2
  strategy:
    type: Recreate
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      containers:
      - name: app
        image: nginx:1.14.2
`,
    );
    await t.sh(`kubectl apply -f ${f}`);
    await t.sh('mode step');
    await t.sh('kubectl set image deployment/app app=nginx:1.16.1');
    for (;;) {
      const r = await t.cluster.loop.step({ passShortWaits: true });
      if (!r) break;
      const pods = await list<Pod>(t, 'pods');
      const images = new Set(pods.map((p) => p.spec.containers[0]!.image));
      expect(images.size).toBeLessThanOrEqual(1);
    }
    await t.sh('mode auto');
    const pods = await list<Pod>(t, 'pods');
    expect(pods.map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.16.1', 'nginx:1.16.1']);
  });

  it('a rollout that cannot progress: ProgressDeadlineExceeded after progressDeadlineSeconds (600 s); the old pods keep serving', async () => {
    t = await startCluster({ nodes: 2 });
    await t.sh('kubectl create deployment web --image=nginx:1.14.2 --replicas=4');
    // nginx:<any tag> exists in the demo registry; a repository typo does not.
    await t.sh('kubectl set image deployment/web nginx=ngnix:1.16.1');
    await t.sh('time advance 11m');
    const d = (await list<Deployment>(t, 'deployments'))[0]!;
    const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(progressing?.message).toMatch(/^ReplicaSet "web-[a-z0-9]+" has timed out progressing\.$/);
    expect(d.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
    // maxUnavailable 1 of 4: at least 3 pods of a working template stay available.
    const ready = (await list<Pod>(t, 'pods')).filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    expect(ready.length).toBeGreaterThanOrEqual(3);
    const r = await t.run('kubectl rollout status deployment/web');
    expect(r.err).toContain('exceeded its progress deadline');
  });

  it('scaling in the middle of a rollout spreads the change over the ReplicaSets (proportional scaling)', async () => {
    t = await startCluster({ nodes: 3 });
    await t.sh('kubectl create deployment web --image=nginx:1.14.2 --replicas=10');
    await t.sh('kubectl set image deployment/web nginx=ngnix:broken');
    let rss = await list<ReplicaSet>(t, 'replicasets');
    const before = Object.fromEntries(rss.map((r) => [r.metadata.name, r.spec.replicas]));
    expect(Object.values(before).reduce((a, b) => a! + b!, 0)).toBe(13); // 10 + maxSurge 3
    await t.sh('kubectl scale deployment web --replicas=20');
    rss = await list<ReplicaSet>(t, 'replicasets');
    const total = rss.reduce((a, r) => a + (r.spec.replicas ?? 0), 0);
    expect(total).toBe(25); // 20 + maxSurge 5
    for (const r of rss) expect(r.spec.replicas!).toBeGreaterThan(before[r.metadata.name]!);
    expect(rss.every((r) => r.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] === '20')).toBe(true);
  });

  it('keeps revisionHistoryLimit old ReplicaSets and deletes the oldest empty ones', async () => {
    t = await startCluster({ nodes: 2 });
    const f = join(mkdtempSync(join(tmpdir(), 'history-')), 'd.yaml');
    writeFileSync(
      f,
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  revisionHistoryLimit: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
`,
    );
    await t.sh(`kubectl apply -f ${f}`);
    for (const tag of ['1.15', '1.16', '1.17']) await t.sh(`kubectl set image deployment/web nginx=nginx:${tag}`);
    const rss = await list<ReplicaSet>(t, 'replicasets');
    const revs = rss.map((r) => Number(r.metadata.annotations?.['deployment.kubernetes.io/revision'])).sort();
    expect(revs).toEqual([3, 4]);
  });

  for (const [replicas, surge, unavailable] of [
    [10, 2, 3],
    [4, '50%', 0],
    [5, 0, '40%'],
  ] as const) {
    it(`rolls ${replicas} replicas within maxSurge ${surge} / maxUnavailable ${unavailable}, step by step`, async () => {
      t = await startCluster({ nodes: 3, seed: `roll-${replicas}` });
      const f = join(mkdtempSync(join(tmpdir(), 'roll-')), 'd.yaml');
      const q = (v: number | string) => (typeof v === 'string' ? `"${v}"` : String(v));
      writeFileSync(
        f,
        `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: ${q(surge)}
      maxUnavailable: ${q(unavailable)}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
`,
      );
      await t.sh(`kubectl apply -f ${f}`);
      const scale = (v: number | string, up: boolean) => (typeof v === 'number' ? v : (up ? Math.ceil : Math.floor)((Number(v.slice(0, -1)) * replicas) / 100));
      const maxPods = replicas + scale(surge, true);
      const minReady = replicas - scale(unavailable, false);
      await t.sh('mode step');
      await t.sh('kubectl set image deployment/web nginx=nginx:1.16.1');
      let peak = 0;
      for (;;) {
        const r = await t.cluster.loop.step({ passShortWaits: true });
        if (!r) break;
        const rss = await list<ReplicaSet>(t, 'replicasets');
        const asked = rss.reduce((a, x) => a + (x.spec.replicas ?? 0), 0);
        peak = Math.max(peak, asked);
        expect(asked).toBeLessThanOrEqual(maxPods);
        const pods = await list<Pod>(t, 'pods');
        const ready = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        expect(ready.length).toBeGreaterThanOrEqual(minReady);
      }
      await t.sh('mode auto');
      expect(peak).toBe(maxPods > replicas ? maxPods : replicas);
      const pods = (await list<Pod>(t, 'pods')).filter((p) => !p.metadata.deletionTimestamp);
      expect(pods.map((p) => p.spec.containers[0]!.image)).toEqual(Array(replicas).fill('nginx:1.16.1'));
    });
  }
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeEvent, Pod } from '../../src/cluster/apiserver/types';
import { SchedulingQueue } from '../../src/cluster/scheduler/queue';
import { componentsOf } from '../../src/cluster/sim/components';
import { startCluster, type TestCluster } from '../cluster/helpers';
import { pod } from './helpers';

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});

describe('the scheduling queue', () => {
  it('backs off 1 s doubling to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => SchedulingQueue.backoffDuration(n))).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('pops by priority, then age; unschedulable pods move back on a cluster event, to backoffQ while backing off', () => {
    let now = 0;
    let actives = 0;
    const backoffs: string[] = [];
    const q = new SchedulingQueue(() => now, () => actives++, (k) => backoffs.push(k));
    q.add('default/a', pod('a'));
    now = 1;
    const hi = pod('b', { priority: 100 });
    q.add('default/b', hi);
    expect(q.pop()!.key).toBe('default/b');
    const a = q.pop()!;
    expect(a.key).toBe('default/a');
    expect(q.addUnschedulable(a, q.schedulingCycle, ['NodeResourcesFit'])).toBe('unschedulablePods');
    expect(q.describe()).toEqual(['unschedulablePods default/a (NodeResourcesFit)']);
    q.moveAllToActiveOrBackoff();
    expect(q.where('default/a')).toBe('backoffQ');
    now = 1 + 1000;
    expect(q.flushBackoff('default/a')).toBe(true);
    expect(q.where('default/a')).toBe('activeQ');
  });
});

describe('kube-scheduler in the cluster', () => {
  it('cordoned nodes: "node(s) were unschedulable"; uncordoning one moves the pod back and it binds there', async () => {
    t = await startCluster({ nodes: 3 });
    for (const n of ['node-1', 'node-2', 'node-3']) await t.sh(`kubectl cordon ${n}`);
    await t.sh('kubectl create deployment web --image=nginx');
    const api = t.cluster.api!.client('test');
    let [p] = (await api.list<Pod>('pods', 'default')).items;
    expect(p!.spec.nodeName).toBeUndefined();
    const ev = (await api.list<KubeEvent>('events', 'default')).items.find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.message).toBe(
      '0/3 nodes are available: 3 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
    );
    await t.sh('kubectl uncordon node-2');
    [p] = (await api.list<Pod>('pods', 'default')).items;
    expect(p!.spec.nodeName).toBe('node-2');
    expect(p!.status?.phase).toBe('Running');
    const explain = await t.sh(`explain ${p!.metadata.name}`);
    expect(explain).toContain('scheduled to node-2');
    expect(explain).toMatch(/node-1\s+NodeUnschedulable: node\(s\) were unschedulable/);
    expect(explain).toContain('(only fit)');
  });

  it('a scheduling cycle is a step (filter, score) and the bind another (bind)', async () => {
    t = await startCluster({ nodes: 3 });
    await t.sh('kubectl create deployment web --image=nginx --replicas=1');
    const steps = t.cluster.loop.recent(2000).filter((s) => s.component === 'kube-scheduler' && (s.kind === 'schedule' || s.kind === 'bind'));
    const cycle = steps.find((s) => s.kind === 'schedule')!;
    expect(cycle.detail?.phases).toEqual(['filter', 'score']);
    expect(cycle.detail?.compare?.filter((l) => l.includes('passes every filter'))).toHaveLength(3);
    const bind = steps.find((s) => s.kind === 'bind')!;
    expect(bind.phase).toBe('bind');
    expect(bind.detail?.act?.[1]).toMatch(/^Normal Scheduled: Successfully assigned default\/web-[a-z0-9]+-[a-z0-9]{5} to node-\d$/);
    const q = componentsOf(t.cluster)!.scheduler!.queue;
    expect(q.describe()).toEqual([]);
  });

  it('nodeSelector and taints filter; the reasons add up per node', async () => {
    t = await startCluster({ nodes: 3 });
    const dir = mkdtempSync(join(tmpdir(), 'sched-'));
    const f = join(dir, 'p.yaml');
    writeFileSync(
      f,
      `apiVersion: v1
kind: Pod
metadata:
  name: picky
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: c
    image: nginx
`,
    );
    await t.sh(`kubectl apply -f ${f}`);
    const ev = (await t.cluster.api!.client('test').list<KubeEvent>('events', 'default')).items.find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
    );
    await t.sh('kubectl label node node-3 disktype=ssd');
    const p = await t.cluster.api!.client('test').get<Pod>('pods', 'picky', 'default');
    expect(p.spec.nodeName).toBe('node-3');
  });

  it('a higher-priority pod preempts just enough lower-priority pods, and keeps the room it made (nominated node)', async () => {
    t = await startCluster({ nodes: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'preempt-'));
    writeFileSync(
      join(dir, 'low.yaml'),
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: low}
spec:
  replicas: 3
  selector: {matchLabels: {app: low}}
  template:
    metadata: {labels: {app: low}}
    spec:
      containers:
      - name: c
        image: nginx
        resources: {requests: {cpu: 600m}}
`,
    );
    writeFileSync(
      join(dir, 'high.yaml'),
      `apiVersion: v1
kind: Pod
metadata: {name: high}
spec:
  priority: 1000
  containers:
  - name: c
    image: nginx
    resources: {requests: {cpu: "1"}}
`,
    );
    await t.sh(`kubectl apply -f ${join(dir, 'low.yaml')}`);
    const originals = (await t.cluster.api!.client('test').list<Pod>('pods', 'default')).items.map((p) => p.metadata.name);
    await t.sh(`kubectl apply -f ${join(dir, 'high.yaml')}`);
    const pods = (await t.cluster.api!.client('test').list<Pod>('pods', 'default')).items;
    expect(pods.find((p) => p.metadata.name === 'high')!.status?.phase).toBe('Running');
    const running = pods.filter((p) => p.status?.phase === 'Running' && p.metadata.name !== 'high').map((p) => p.metadata.name);
    expect(running).toHaveLength(1);
    expect(originals).toContain(running[0]);
    const preempted = (await t.cluster.api!.client('test').list<KubeEvent>('events', 'default')).items.filter((e) => e.reason === 'Preempted');
    expect(preempted).toHaveLength(2);
    expect(pods.filter((p) => p.status?.phase === 'Pending')).toHaveLength(2);
  });

  it('victims that cannot finish terminating (their kubelet is down) are not preempted again: the run settles', async () => {
    t = await startCluster({ nodes: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'preempt-down-'));
    writeFileSync(
      join(dir, 'low.yaml'),
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: low}
spec:
  replicas: 2
  selector: {matchLabels: {app: low}}
  template:
    metadata: {labels: {app: low}}
    spec:
      containers:
      - name: c
        image: nginx
        resources: {requests: {cpu: "1"}}
`,
    );
    writeFileSync(
      join(dir, 'high.yaml'),
      `apiVersion: v1
kind: Pod
metadata: {name: high}
spec:
  priority: 1000
  containers:
  - name: c
    image: nginx
    resources: {requests: {cpu: "1"}}
`,
    );
    await t.sh(`kubectl apply -f ${join(dir, 'low.yaml')}`);
    await t.sh('fault node-down node-1');
    await t.sh(`kubectl apply -f ${join(dir, 'high.yaml')}`);
    await t.sh('time advance 1m');
    const pods = (await t.cluster.api!.client('test').list<Pod>('pods', 'default')).items;
    expect(pods.find((p) => p.metadata.name === 'high')!.spec.nodeName).toBeUndefined();
    expect(pods.filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    const preempted = (await t.cluster.api!.client('test').list<KubeEvent>('events', 'default')).items.filter((e) => e.reason === 'Preempted');
    expect(preempted).toHaveLength(1);
    const failed = (await t.cluster.api!.client('test').list<KubeEvent>('events', 'default')).items.filter((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === 'high');
    // The cycle that preempted says why the pod did not fit (preemption worked: no clause about it); the next
    // ones say it waits for its victim (and, once the node is tainted unreachable, that it cannot go there).
    expect(failed.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        '0/1 nodes are available: 1 Insufficient cpu.',
        '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node..',
      ]),
    );
    // Nominated meanwhile: status.nominatedNodeName, which kubectl shows as NOMINATED NODE.
    expect((await t.cluster.api!.client('test').get<Pod>('pods', 'high', 'default')).status?.nominatedNodeName).toBe('node-1');
    expect(await t.sh('kubectl get pod high -o wide')).toMatch(/^high\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+<none>\s+node-1\s+<none>$/m);
    expect(await t.sh('kubectl describe pod high')).toMatch(/^IPs:\s+<none>\nNominatedNodeName:\s+node-1\nContainers:$/m);
    // The victim was told why it goes before it was deleted.
    const victim = pods.find((p) => p.metadata.deletionTimestamp)!;
    expect(victim.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: 'default-scheduler: preempting to accommodate a higher priority pod',
    });
    // The node comes back: the victim finishes terminating and the preemptor takes its place; the binding
    // clears the nomination.
    await t.sh('fault node-up node-1');
    await t.sh('time advance 10s');
    const high = await t.cluster.api!.client('test').get<Pod>('pods', 'high', 'default');
    expect(high.spec.nodeName).toBe('node-1');
    expect(high.status?.nominatedNodeName).toBeUndefined();
  });
});

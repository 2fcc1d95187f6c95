// Issue 4's acceptance list, end to end through the shell, as a user of a real cluster would see it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment, Endpoints, KubeEvent, Node, Pod, ReplicaSet, Service } from '../../src/cluster/apiserver/types';
import { computeHash } from '../../src/cluster/controllers/util/hash';
import { componentsOf } from '../../src/cluster/sim/components';
import { startCluster, type TestCluster } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'kubetutor-heal-'));
// The Deployment example of the Kubernetes documentation (concepts/workloads/controllers/deployment).
const NGINX_DEPLOYMENT = join(dir, 'nginx-deployment.yaml');
writeFileSync(
  NGINX_DEPLOYMENT,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`,
);
const BIG_POD = join(dir, 'big.yaml');
writeFileSync(
  BIG_POD,
  `apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: "16"
`,
);

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});

const NAME_CHARS = '[bcdfghjklmnpqrstvwxz2456789]';

async function list<T>(tc: TestCluster, resource: 'pods' | 'replicasets' | 'deployments' | 'nodes' | 'events' | 'services' | 'endpoints'): Promise<T[]> {
  const api = tc.cluster.api!.client('test');
  return (await api.list(resource, resource === 'nodes' ? undefined : 'default')).items as T[];
}

const running = (pods: Pod[]) => pods.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
const ready = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

async function nginxDeployment(): Promise<TestCluster> {
  const tc = await startCluster({ nodes: 3, seed: 'heal' });
  await tc.sh(`kubectl apply -f ${NGINX_DEPLOYMENT}`);
  return tc;
}

describe('issue 4: the self-healing cluster', () => {
  it('1. the docs’ nginx Deployment: one ReplicaSet nginx-deployment-<hash>, 3 Running pods named from it, spread, with pod IPs', async () => {
    t = await nginxDeployment();
    const [rs, ...more] = await list<ReplicaSet>(t, 'replicasets');
    expect(more).toEqual([]);
    const d = (await list<Deployment>(t, 'deployments'))[0]!;
    const hash = computeHash(d.spec.template);
    expect(rs!.metadata.name).toBe(`nginx-deployment-${hash}`);
    expect(rs!.metadata.name).toMatch(new RegExp(`^nginx-deployment-${NAME_CHARS}{6,10}$`));
    expect(rs!.metadata.labels?.['pod-template-hash']).toBe(hash);
    expect(rs!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(rs!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'nginx-deployment', controller: true });

    const pods = await list<Pod>(t, 'pods');
    expect(pods).toHaveLength(3);
    expect(running(pods)).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rs!.metadata.name}-${NAME_CHARS}{5}$`));
      const node = Number(p.spec.nodeName!.slice('node-'.length));
      expect(p.status?.podIP).toMatch(new RegExp(`^10\\.244\\.${node}\\.\\d+$`));
      expect(ready(p)).toBe(true);
    }
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(3);

    const table = await t.sh('kubectl get deployment nginx-deployment');
    expect(table).toMatch(/nginx-deployment\s+3\/3\s+3\s+3\s/);
    const status = (await list<Deployment>(t, 'deployments'))[0]!.status!;
    expect(status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(status.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(status.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rs!.metadata.name}" has successfully progressed.`,
    });
    const events = await list<KubeEvent>(t, 'events');
    expect(events.map((e) => e.message)).toContain(`Scaled up replica set ${rs!.metadata.name} from 0 to 3`);
    expect(events.filter((e) => e.reason === 'Scheduled')).toHaveLength(3);
    expect(events.filter((e) => e.reason === 'Started').map((e) => e.message)).toEqual(['Started container nginx', 'Started container nginx', 'Started container nginx']);
  });

  it('2a. a deleted pod is replaced; scale up and down', async () => {
    t = await nginxDeployment();
    const victim = (await list<Pod>(t, 'pods'))[0]!.metadata.name;
    await t.sh(`kubectl delete pod ${victim}`);
    let pods = running(await list<Pod>(t, 'pods'));
    expect(pods).toHaveLength(3);
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim);

    await t.sh('kubectl scale deployment nginx-deployment --replicas=5');
    pods = running(await list<Pod>(t, 'pods'));
    expect(pods).toHaveLength(5);
    expect(pods.every(ready)).toBe(true);
    await t.sh('kubectl scale deployment nginx-deployment --replicas=2');
    expect(running(await list<Pod>(t, 'pods'))).toHaveLength(2);
    expect((await list<ReplicaSet>(t, 'replicasets'))[0]!.status?.replicas).toBe(2);
  });

  it('2b. set image rolls out a new ReplicaSet within 25% / 25%, and rollout undo goes back', async () => {
    t = await nginxDeployment();
    const original = (await list<ReplicaSet>(t, 'replicasets'))[0]!.metadata.name;
    await t.sh('mode step');
    await t.sh('kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1');
    // Step through the rollout: never more than replicas + maxSurge (3 + 1) pods asked for, never fewer than
    // replicas − maxUnavailable (3 − 0) ready pods.
    let steps = 0;
    for (;;) {
      const r = await t.cluster.loop.step({ passShortWaits: true });
      if (!r) break;
      steps++;
      const rss = await list<ReplicaSet>(t, 'replicasets');
      expect(rss.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0)).toBeLessThanOrEqual(4);
      const pods = await list<Pod>(t, 'pods');
      expect(pods.filter((p) => ready(p) && !p.metadata.deletionTimestamp).length).toBeGreaterThanOrEqual(3);
    }
    expect(steps).toBeGreaterThan(20);
    await t.sh('mode auto');
    const rss = await list<ReplicaSet>(t, 'replicasets');
    expect(rss).toHaveLength(2);
    const fresh = rss.find((r) => r.metadata.name !== original)!;
    expect(fresh.spec.replicas).toBe(3);
    expect(fresh.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(rss.find((r) => r.metadata.name === original)!.spec.replicas).toBe(0);
    const pods = running(await list<Pod>(t, 'pods'));
    expect(pods.map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1']);
    expect(pods.every((p) => p.metadata.name.startsWith(fresh.metadata.name))).toBe(true);

    await t.sh('kubectl rollout undo deployment/nginx-deployment');
    const after = await list<ReplicaSet>(t, 'replicasets');
    const back = after.find((r) => r.metadata.name === original)!;
    expect(back.spec.replicas).toBe(3);
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(after.find((r) => r.metadata.name !== original)!.spec.replicas).toBe(0);
    const images = running(await list<Pod>(t, 'pods')).map((p) => p.spec.containers[0]!.image);
    expect(images).toEqual(['nginx:1.14.2', 'nginx:1.14.2', 'nginx:1.14.2']);
    expect(await t.sh('kubectl rollout status deployment/nginx-deployment')).toContain('successfully rolled out');
  });

  it('3. a pod asking for more CPU than any node has stays Pending with the real FailedScheduling text; explain shows why', async () => {
    t = await startCluster({ nodes: 3 });
    await t.sh(`kubectl apply -f ${BIG_POD}`);
    await t.sh('time advance 30s');
    const pod = (await list<Pod>(t, 'pods'))[0]!;
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.spec.nodeName).toBeUndefined();
    const message =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..';
    expect(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    const ev = (await list<KubeEvent>(t, 'events')).filter((e) => e.reason === 'FailedScheduling');
    expect(ev[0]).toMatchObject({ type: 'Warning', message, source: { component: 'default-scheduler' } });
    expect(await t.sh('kubectl describe pod big')).toContain(`FailedScheduling  `);
    const explain = await t.sh('explain big');
    expect(explain).toContain('no node fits');
    for (const n of ['node-1', 'node-2', 'node-3']) expect(explain).toMatch(new RegExp(`${n}\\s+NodeResourcesFit: Insufficient cpu`));
    // The queue keeps it among the unschedulable pods until something changes.
    expect(componentsOf(t.cluster)!.scheduler!.queue.where('default/big')).toBe('unschedulablePods');
  });

  it('4. node-down: 40–50 s later Ready=Unknown and tainted; 300 s later its pods are evicted and replaced, fully ready again', async () => {
    t = await nginxDeployment();
    const before = await list<Pod>(t, 'pods');
    const victim = before.find((p) => p.spec.nodeName === 'node-2')!;
    await t.sh('fault node-down node-2');
    const readyOf = async () => (await list<Node>(t!, 'nodes')).find((n) => n.metadata.name === 'node-2')!.status!.conditions!.find((c) => c.type === 'Ready')!;
    await t.sh('time advance 39s');
    expect((await readyOf()).status).toBe('True');
    await t.sh('time advance 11s');
    const cond = await readyOf();
    expect(cond).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const node = (await list<Node>(t, 'nodes')).find((n) => n.metadata.name === 'node-2')!;
    expect(node.spec.taints?.map((x) => `${x.key}:${x.effect}`).sort()).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    expect(await t.sh('kubectl get nodes')).toMatch(/node-2\s+NotReady/);
    // The node's pods were marked not ready: a Service stops sending them traffic long before the eviction.
    await t.sh('kubectl expose deployment nginx-deployment --port=80');
    const ep = (await list<Endpoints>(t, 'endpoints')).find((e) => e.metadata.name === 'nginx-deployment')!;
    expect(ep.subsets?.[0]?.addresses).toHaveLength(2);
    expect(ep.subsets?.[0]?.notReadyAddresses?.map((a) => a.ip)).toEqual([victim.status!.podIP]);
    // Within the 300 s toleration the pod stays.
    await t.sh('time advance 290s');
    expect((await list<Pod>(t, 'pods')).find((p) => p.metadata.name === victim.metadata.name)!.metadata.deletionTimestamp).toBeUndefined();
    await t.sh('time advance 15s');
    const pods = await list<Pod>(t, 'pods');
    const evicted = pods.find((p) => p.metadata.name === victim.metadata.name)!;
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
    const alive = running(pods);
    expect(alive).toHaveLength(3);
    expect(alive.every((p) => p.spec.nodeName !== 'node-2' && ready(p))).toBe(true);
    const d = (await list<Deployment>(t, 'deployments'))[0]!;
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    expect((await list<KubeEvent>(t, 'events')).map((e) => e.message)).toContain(`Marking for deletion Pod default/${victim.metadata.name}`);

    // The node comes back: Ready again, untainted, and its kubelet finishes the eviction.
    await t.sh('fault node-up node-2');
    await t.sh('time advance 10s');
    expect((await readyOf()).status).toBe('True');
    expect((await list<Node>(t, 'nodes')).find((n) => n.metadata.name === 'node-2')!.spec.taints ?? []).toEqual([]);
    expect((await list<Pod>(t, 'pods')).map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
  });

  it('5. a Service gets a ClusterIP, its Endpoints list the ready pods, kube-proxy maps the ClusterIP to them', async () => {
    t = await nginxDeployment();
    await t.sh('kubectl expose deployment nginx-deployment --port=80');
    const svc = (await list<Service>(t, 'services')).find((s) => s.metadata.name === 'nginx-deployment')!;
    const ip = svc.spec.clusterIP!;
    const [a, b] = ip.split('.').map(Number);
    expect(a).toBe(10);
    expect(b! >= 96 && b! <= 111).toBe(true);
    const pods = await list<Pod>(t, 'pods');
    const podIPs = pods.map((p) => p.status!.podIP!).sort();
    const ep = (await list<Endpoints>(t, 'endpoints')).find((e) => e.metadata.name === 'nginx-deployment')!;
    expect(ep.subsets?.[0]?.addresses?.map((x) => x.ip).sort()).toEqual(podIPs);
    expect(ep.subsets?.[0]?.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    for (const proxy of componentsOf(t.cluster)!.proxies.values()) {
      const rule = proxy.lookup(ip, 80)!;
      expect(rule.chain).toMatch(/^KUBE-SVC-[A-Z2-7]{16}$/);
      expect(rule.endpoints.map((e) => e.ip).sort()).toEqual(podIPs);
    }
    const r = await t.run(`curl ${ip}:80`);
    expect(r.ok).toBe(true);
    expect(r.out).toContain('<title>Welcome to nginx!</title>');
    expect(r.err).toMatch(/DNAT to 10\.244\.\d\.\d+:80 — pod default\/nginx-deployment-/);
    // Over many requests every endpoint gets some.
    const hit = new Set<string>();
    for (let i = 0; i < 30; i++) hit.add(/DNAT to (\S+):80/.exec((await t.run(`curl ${ip}`)).err)![1]!);
    expect([...hit].sort()).toEqual(podIPs);
    // NodePort: any node's address on the nodePort reaches the same endpoints (KUBE-NODEPORTS).
    await t.sh('kubectl expose deployment nginx-deployment --port=80 --type=NodePort --name=web-np');
    const np = (await list<Service>(t, 'services')).find((s) => s.metadata.name === 'web-np')!;
    const nodePort = np.spec.ports![0]!.nodePort!;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    const viaNode = await t.run(`curl --node node-1 172.18.0.4:${nodePort}`);
    expect(viaNode.ok).toBe(true);
    expect(viaNode.err).toContain(`via KUBE-NODEPORTS (nodePort ${nodePort})`);
    expect(viaNode.out).toContain('Welcome to nginx!');
    // A pod that stops being ready leaves the Endpoints (and the rules).
    await t.sh('kubectl scale deployment nginx-deployment --replicas=1');
    const ep1 = (await list<Endpoints>(t, 'endpoints')).find((e) => e.metadata.name === 'nginx-deployment')!;
    expect(ep1.subsets?.[0]?.addresses).toHaveLength(1);
    expect(componentsOf(t.cluster)!.proxies.get('node-3')!.lookup(ip, 80)!.endpoints).toHaveLength(1);
  });

  it('6. deleting a Deployment removes its ReplicaSets and pods (garbage collector, background)', async () => {
    t = await nginxDeployment();
    await t.sh('kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1');
    expect(await list<ReplicaSet>(t, 'replicasets')).toHaveLength(2);
    await t.sh('kubectl delete deployment nginx-deployment');
    await t.sh('time advance 31s');
    expect(await list<ReplicaSet>(t, 'replicasets')).toEqual([]);
    expect(await list<Pod>(t, 'pods')).toEqual([]);
    for (const k of componentsOf(t.cluster)!.kubelets.values()) expect(k.workerCount).toBe(0);
  });

  it('7. etcd-wipe empties the cluster and every component notices; a snapshot restore brings it back', async () => {
    t = await nginxDeployment();
    const snap = join(dir, `snap-${Date.now()}.db`);
    await t.sh(`etcdctl snapshot save ${snap}`);
    const names = (await list<Pod>(t, 'pods')).map((p) => p.metadata.name).sort();
    await t.sh('fault etcd-wipe');
    await t.sh('time advance 5s');
    expect(await list<Pod>(t, 'pods')).toEqual([]);
    expect(await list<Node>(t, 'nodes')).toEqual([]);
    // The kubelets saw their pods disappear and stopped them.
    for (const k of componentsOf(t.cluster)!.kubelets.values()) expect(k.workerCount).toBe(0);
    const r = await t.run('kubectl get deployments');
    expect(r.err).toContain('No resources found');

    await t.run(`etcdctl snapshot restore ${snap}`);
    await t.sh('time advance 10s');
    const pods = await list<Pod>(t, 'pods');
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(names);
    expect(running(pods)).toHaveLength(3);
    expect(await list<Node>(t, 'nodes')).toHaveLength(3);
    let workers = 0;
    for (const k of componentsOf(t.cluster)!.kubelets.values()) workers += k.workerCount;
    expect(workers).toBe(3);
    // And the controllers work again: scaling still heals.
    await t.sh('kubectl scale deployment nginx-deployment --replicas=4');
    expect(running(await list<Pod>(t, 'pods'))).toHaveLength(4);
  });

  it('8. same seed, same script, twice: byte-identical output', async () => {
    const script = [
      `kubectl apply -f ${NGINX_DEPLOYMENT}`,
      'kubectl get pods -o wide',
      'kubectl expose deployment nginx-deployment --port=80',
      'kubectl get svc,ep',
      'curl 10.96.0.1:443',
      'kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1',
      'kubectl get rs',
      'fault node-down node-1',
      'time advance 6m',
      'kubectl get nodes',
      'kubectl get pods -o wide',
      'kubectl get events',
      `explain big`,
      'time',
    ];
    const runOnce = async () => {
      const tc = await startCluster({ seed: 'same' });
      const out: string[] = [];
      for (const line of script) {
        const r = await tc.run(line);
        out.push(`$ ${line}`, r.out, r.err);
      }
      const svc = JSON.parse(await tc.sh('kubectl get svc nginx-deployment -o json')) as Service;
      for (let i = 0; i < 5; i++) out.push((await tc.run(`curl ${svc.spec.clusterIP}`)).err);
      await tc.cluster.stop();
      return out.join('\n');
    };
    const a = await runOnce();
    const b = await runOnce();
    expect(a.length).toBeGreaterThan(2000);
    expect(a).toBe(b);
  });

  it('9. no reconcile lists every object: controllers find their own through indexes', async () => {
    t = await startCluster({ nodes: 3 });
    const cm = componentsOf(t.cluster)!.controllerManager!;
    // Make a full list of pods, ReplicaSets or Deployments from the controller manager's caches an error.
    for (const r of ['pods', 'replicasets', 'deployments', 'services', 'endpoints'] as const) {
      const idx = cm.factory.forResource(r).getIndexer();
      idx.list = () => {
        throw new Error(`full list of ${r} from a reconcile`);
      };
    }
    await t.sh(`kubectl apply -f ${NGINX_DEPLOYMENT}`);
    await t.sh('kubectl expose deployment nginx-deployment --port=80');
    await t.sh('kubectl scale deployment nginx-deployment --replicas=4');
    await t.sh('kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1');
    // The controllers did their work with the full lists forbidden (not merely: nothing ran, nothing failed).
    expect((await t.sh('kubectl get deployment nginx-deployment -o jsonpath={.status.readyReplicas}/{.status.updatedReplicas}')).trim()).toBe('4/4');
    expect((await t.sh('kubectl get endpoints nginx-deployment -o jsonpath={.subsets[0].addresses[*].ip}')).trim().split(' ')).toHaveLength(4);
    await t.sh('kubectl delete deployment nginx-deployment');
    expect((await t.sh('kubectl get pods --no-headers')).trim()).toBe('');
    const errors = t.cluster.loop.recent(5000).filter((s) => s.error);
    expect(errors.map((e) => `${e.component}: ${e.error}`)).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Lease, Node, Pod } from '../../src/cluster/apiserver/types';
import { eventsFor, getPod, manifestDir, startCluster, type TestCluster } from '../cluster/helpers';

const manifest = manifestDir('kubetutor-kubelet-');

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});


describe('kubelet', () => {
  it('registers its node (110 pods, cpu, memory, pod CIDR) and renews its Lease every 10 s of virtual time', async () => {
    t = await startCluster({ nodes: 2 });
    const api = t.cluster.api!.client('test');
    const node = await api.get<Node>('nodes', 'node-2');
    expect(node.status?.capacity).toMatchObject({ cpu: '2', pods: '110' });
    expect(node.spec.podCIDR).toBe('10.244.2.0/24');
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(node.metadata.labels?.['kubernetes.io/hostname']).toBe('node-2');
    await t.sh('time advance 25s');
    const lease = await api.get<Lease>('leases', 'node-2', 'kube-node-lease');
    expect(lease.spec).toMatchObject({ holderIdentity: 'node-2', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:20.000000Z' });
  });

  it('pulls the image (virtual time), creates and starts the container, reports Running with a pod IP and the image on the node', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create deployment web --image=nginx:1.14.2');
    const [p] = (await t.cluster.api!.client('test').list<Pod>('pods', 'default')).items;
    expect(p!.status).toMatchObject({ phase: 'Running', podIP: '10.244.1.2', hostIP: '172.18.0.3' });
    expect(p!.status?.containerStatuses?.[0]).toMatchObject({ ready: true, restartCount: 0, started: true });
    expect(p!.status?.containerStatuses?.[0]?.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    const reasons = (await eventsFor(t, p!.metadata.name)).map((e) => `${e.reason}: ${e.message}`);
    expect(reasons).toContain('Pulling: Pulling image "nginx:1.14.2"');
    expect(reasons).toContain('Pulled: Successfully pulled image "nginx:1.14.2" in 2.233s (2.233s including waiting). Image size: 67000000 bytes.');
    expect(reasons).toContain('Created: Created container nginx');
    expect(reasons).toContain('Started: Started container nginx');
    // Container events name the container they are about: SUBOBJECT in `kubectl get events -o wide`.
    const containerEvents = (await eventsFor(t, p!.metadata.name)).filter((e) => ['Pulling', 'Pulled', 'Created', 'Started'].includes(e.reason ?? ''));
    expect(containerEvents.map((e) => e.involvedObject.fieldPath)).toEqual(Array(4).fill('spec.containers{nginx}'));
    expect(await t.sh('kubectl get events -o wide')).toMatch(/Normal\s+Started\s+pod\/web-\S+\s+spec\.containers\{nginx\}\s+kubelet, node-1\s+Started container nginx/);
    expect(t.cluster.clock.elapsed()).toBeGreaterThanOrEqual(2233);
    await t.sh('time advance 10s');
    const node = await t.cluster.api!.client('test').get<Node>('nodes', 'node-1');
    expect(node.status?.images?.[0]?.names).toEqual(['docker.io/library/nginx:1.14.2']);
  });

  it('pulls again under imagePullPolicy Always; the cached pull takes 400ms, printed as Go prints a Duration', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl run first --image=nginx');
    await t.sh('time advance 10s');
    await t.sh('kubectl run second --image=nginx');
    const reasons = (await eventsFor(t, 'second')).map((e) => `${e.reason}: ${e.message}`);
    expect(reasons).toContain('Pulling: Pulling image "nginx"');
    expect(reasons).toContain('Pulled: Successfully pulled image "nginx" in 400ms (400ms including waiting). Image size: 67000000 bytes.');
  });

  it('pulls one at a time, one pull per container start: pods that start together each get Pulling and Pulled, the later ones after waiting', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create deployment web --image=nginx --replicas=3');
    const pods = (await t.cluster.api!.client('test').list<Pod>('pods', 'default')).items;
    expect(pods.map((p) => p.status?.phase)).toEqual(['Running', 'Running', 'Running']);
    const pulled: string[] = [];
    for (const p of pods) {
      const reasons = (await eventsFor(t, p.metadata.name)).map((e) => `${e.reason}: ${e.message}`);
      expect(reasons).toContain('Pulling: Pulling image "nginx"');
      pulled.push(...reasons.filter((r) => r.startsWith('Pulled: ')));
    }
    // The first pull fetches the layers; the next two, serialized behind it, only check the manifest.
    expect(pulled.sort()).toEqual([
      'Pulled: Successfully pulled image "nginx" in 2.233s (2.233s including waiting). Image size: 67000000 bytes.',
      'Pulled: Successfully pulled image "nginx" in 400ms (2.633s including waiting). Image size: 67000000 bytes.',
      'Pulled: Successfully pulled image "nginx" in 400ms (3.033s including waiting). Image size: 67000000 bytes.',
    ]);
  });

  it('restarts a crashing container with CrashLoopBackOff: 10 s, 20 s, 40 s …', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create deployment crash --image=kubetutor/crash');
    let [p] = (await t.cluster.api!.client('test').list<Pod>('pods', 'default')).items;
    const name = p!.metadata.name;
    p = await getPod(t, name);
    let cs = p.status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(cs.state.waiting?.message).toBe(`back-off 10s restarting failed container=crash pod=${name}_default(${p.metadata.uid})`);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(await t.sh('kubectl get pods')).toMatch(/0\/1\s+CrashLoopBackOff\s+1 \(/);
    await t.sh('time advance 11s');
    cs = (await getPod(t, name)).status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(2);
    expect(cs.state.waiting?.message).toContain('back-off 20s');
    await t.sh('time advance 20s');
    expect((await getPod(t, name)).status!.containerStatuses![0]!.restartCount).toBe(3);
    await t.sh('time advance 39s');
    expect((await getPod(t, name)).status!.containerStatuses![0]!.restartCount).toBe(3);
    await t.sh('time advance 1s');
    expect((await getPod(t, name)).status!.containerStatuses![0]!.restartCount).toBe(4);
    const backoffs = (await eventsFor(t, name)).filter((e) => e.reason === 'BackOff');
    expect(backoffs[0]).toMatchObject({ type: 'Warning', message: `Back-off restarting failed container crash in pod ${name}_default(${p.metadata.uid})` });
    expect(backoffs[0]!.count).toBeGreaterThan(1);
    // The image has no tag, so imagePullPolicy is Always: every start, restarts included, pulls first.
    const count = async (reason: string) => (await eventsFor(t!, name)).filter((e) => e.reason === reason).reduce((n, e) => n + (e.count ?? 1), 0);
    expect(await count('Created')).toBe(5);
    expect(await count('Pulling')).toBe(5);
  });

  it('an image that does not exist: ErrImagePull, then ImagePullBackOff', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create deployment typo --image=ngnix:1.14.2');
    const [p] = (await t.cluster.api!.client('test').list<Pod>('pods', 'default')).items;
    const cs = p!.status!.containerStatuses![0]!;
    expect(cs.state.waiting).toMatchObject({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "ngnix:1.14.2"' });
    expect(p!.status?.phase).toBe('Pending');
    const msgs = (await eventsFor(t, p!.metadata.name)).map((e) => e.message);
    expect(msgs.some((m) => m.startsWith('Failed to pull image "ngnix:1.14.2": rpc error: code = NotFound'))).toBe(true);
    expect(msgs).toContain('Error: ErrImagePull');
  });

  it('restartPolicy Never: a container that exits 0 makes the pod Succeeded, a failing one Failed', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(
      `kubectl apply -f ${manifest(
        'jobs',
        `apiVersion: v1
kind: Pod
metadata:
  name: ok
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", "echo done"]
---
apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", "exit 3"]
`,
      )}`,
    );
    expect((await getPod(t, 'ok')).status?.phase).toBe('Succeeded');
    const bad = await getPod(t, 'bad');
    expect(bad.status?.phase).toBe('Failed');
    expect(bad.status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('a readiness probe with an initial delay keeps the pod not ready until the first probe run after it', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(
      `kubectl apply -f ${manifest(
        'probe',
        `apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  containers:
  - name: web
    image: nginx
    readinessProbe:
      httpGet:
        path: /
        port: 80
      initialDelaySeconds: 15
`,
      )}`,
    );
    // Started at 2.233s (after the pull); the probe worker ticks every 10s from 0s: at 10s it has run 7s (< 15s:
    // not probed), at 20s it has run 17s: the first probe passes and the pod is Ready.
    expect(await t.sh('kubectl get pod slow')).toMatch(/slow\s+0\/1\s+Running/);
    await t.sh('time advance 16s');
    expect(await t.sh('kubectl get pod slow')).toMatch(/slow\s+0\/1\s+Running/);
    await t.sh('time advance 2s');
    expect(await t.sh('kubectl get pod slow')).toMatch(/slow\s+1\/1\s+Running/);
  });

  it('deleting a pod: the kubelet stops its containers and finishes the delete', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create deployment web --image=nginx');
    const [p] = (await t.cluster.api!.client('test').list<Pod>('pods', 'default')).items;
    await t.sh(`kubectl delete pod ${p!.metadata.name}`);
    const msgs = (await eventsFor(t, p!.metadata.name)).map((e) => `${e.reason}: ${e.message}`);
    expect(msgs).toContain('Killing: Stopping container nginx');
    await expect(getPod(t, p!.metadata.name)).rejects.toThrow(/not found/);
  });

  it('a container that ignores SIGTERM (busybox sleep as PID 1) keeps its pod Terminating for the grace period, then SIGKILL', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(
      `kubectl apply -f ${manifest(
        'sleeper',
        `apiVersion: v1
kind: Pod
metadata:
  name: sleeper
spec:
  containers:
  - name: main
    image: busybox
    command: ["sleep", "3600"]
`,
      )}`,
    );
    expect((await getPod(t, 'sleeper')).status?.phase).toBe('Running');
    await t.sh('kubectl delete pod sleeper');
    await t.sh('time advance 29s');
    expect(await t.sh('kubectl get pod sleeper')).toMatch(/sleeper\s+1\/1\s+Terminating/);
    await t.sh('time advance 2s');
    await expect(getPod(t, 'sleeper')).rejects.toThrow(/not found/);
  });

  it('init containers run to completion, one after another, before the app containers start', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(
      `kubectl apply -f ${manifest(
        'init',
        `apiVersion: v1
kind: Pod
metadata:
  name: with-init
spec:
  initContainers:
  - name: setup
    image: busybox
    command: ["sh", "-c", "echo ready > /work/flag"]
  containers:
  - name: web
    image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: waiting
spec:
  initContainers:
  - name: wait-for-db
    image: busybox
    command: ["sh", "-c", "until nslookup db; do sleep 2; done"]
  containers:
  - name: web
    image: nginx
`,
      )}`,
    );
    const ok = await getPod(t, 'with-init');
    expect(ok.status?.phase).toBe('Running');
    expect(ok.status?.initContainerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(ok.status?.conditions?.find((c) => c.type === 'Initialized')?.status).toBe('True');
    const started = (await eventsFor(t, 'with-init')).filter((e) => e.reason === 'Started').map((e) => e.message);
    expect(started).toEqual(['Started container setup', 'Started container web']);

    const stuck = await getPod(t, 'waiting');
    expect(stuck.status?.phase).toBe('Pending');
    expect(stuck.status?.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [wait-for-db]',
    });
    expect(stuck.status?.initContainerStatuses?.[0]?.state.running).toBeDefined();
    expect(stuck.status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('PodInitializing');
    expect(await t.sh('kubectl get pod waiting')).toMatch(/waiting\s+0\/1\s+Init:0\/1/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/cluster/apiserver/types';
import { componentsOf } from '../../src/cluster/sim/components';
import { eventsFor, getPod, manifestDir, startCluster, type TestCluster } from '../cluster/helpers';

const manifest = manifestDir('kubetutor-probes-');

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});

/** Seconds since boot on the virtual clock. */
function now(tc: TestCluster): number {
  return tc.cluster.clock.elapsed() / 1000;
}

const LIVE = `apiVersion: v1
kind: Pod
metadata:
  name: live
spec:
  containers:
  - name: web
    image: nginx:1.14.2
    livenessProbe:
      httpGet:
        path: /
        port: 80
      periodSeconds: 5
`;

describe('probes: defaults', () => {
  it('the API server fills the probe defaults, as kubectl get -o yaml shows them; describe prints each probe', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(
      `kubectl apply -f ${manifest(
        'defaults',
        `apiVersion: v1
kind: Pod
metadata:
  name: d
spec:
  containers:
  - name: web
    image: nginx:1.14.2
    livenessProbe:
      httpGet:
        port: 80
    readinessProbe:
      tcpSocket:
        port: 80
      initialDelaySeconds: 5
    startupProbe:
      exec:
        command: ["cat", "/tmp/started"]
      failureThreshold: 30
`,
      )}`,
    );
    const yaml = await t.sh('kubectl get pod d -o yaml');
    expect(yaml).toContain(
      ['    livenessProbe:', '      failureThreshold: 3', '      httpGet:', '        path: /', '        port: 80', '        scheme: HTTP', '      periodSeconds: 10', '      successThreshold: 1', '      timeoutSeconds: 1'].join('\n'),
    );
    expect(yaml).toContain(['    readinessProbe:', '      failureThreshold: 3', '      initialDelaySeconds: 5', '      periodSeconds: 10', '      successThreshold: 1', '      tcpSocket:', '        port: 80', '      timeoutSeconds: 1'].join('\n'));
    expect(yaml).toContain(['    startupProbe:', '      exec:', '        command:', '        - cat', '        - /tmp/started', '      failureThreshold: 30', '      periodSeconds: 10'].join('\n'));
    const d = await t.sh('kubectl describe pod d');
    expect(d).toMatch(/Liveness:\s+http-get http:\/\/:80\/ delay=0s timeout=1s period=10s #success=1 #failure=3\n/);
    expect(d).toMatch(/Readiness:\s+tcp-socket :80 delay=5s timeout=1s period=10s #success=1 #failure=3\n/);
    expect(d).toMatch(/Startup:\s+exec \[cat \/tmp\/started\] delay=0s timeout=1s period=10s #success=1 #failure=30\n/);
  });

  it('rejects a liveness probe with successThreshold other than 1, and a probe without a handler', async () => {
    t = await startCluster({ nodes: 1 });
    const r = await t.run(
      `kubectl apply -f ${manifest(
        'bad',
        `apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  containers:
  - name: web
    image: nginx
    livenessProbe:
      httpGet:
        port: 80
      successThreshold: 2
    readinessProbe:
      periodSeconds: 5
`,
      )}`,
    );
    expect(r.ok).toBe(false);
    expect(r.err).toContain('spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1');
    expect(r.err).toContain('spec.containers[0].readinessProbe: Required value: must specify a handler type');
    expect((await t.run('kubectl get pod bad')).err).toBe('Error from server (NotFound): pods "bad" not found');
  });
});

describe('probes: liveness', () => {
  it('restarts the container after exactly failureThreshold failures, at the probe period on the virtual clock', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(`kubectl apply -f ${manifest('live', LIVE)}`);
    expect(await t.sh('fault app-unhealthy live')).toContain('pod/live: the app in container web is unhealthy');
    // The worker started with the pod at 0s and ticks every 5s: failures at 5s, 10s, 15s.
    await t.sh(`time advance ${14 - now(t)}s`);
    let p = await getPod(t, 'live');
    expect(p.status!.containerStatuses![0]!.restartCount).toBe(0);
    let unhealthy = (await eventsFor(t, 'live')).filter((e) => e.reason === 'Unhealthy');
    expect(unhealthy).toHaveLength(1);
    expect(unhealthy[0]).toMatchObject({ type: 'Warning', count: 2, message: 'Liveness probe failed: HTTP probe failed with statuscode: 500' });
    expect((await eventsFor(t, 'live')).some((e) => e.reason === 'Killing')).toBe(false);

    await t.sh('time advance 1s');
    p = await getPod(t, 'live');
    const cs = p.status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.state.running?.startedAt).toBe('2026-01-01T00:00:15Z');
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T00:00:02Z', finishedAt: '2026-01-01T00:00:15Z' });
    unhealthy = (await eventsFor(t, 'live')).filter((e) => e.reason === 'Unhealthy');
    expect(unhealthy[0]!.count).toBe(3);
    expect((await eventsFor(t, 'live')).find((e) => e.reason === 'Killing')).toMatchObject({ type: 'Normal', message: 'Container web failed liveness probe, will be restarted' });

    expect(await t.sh('kubectl get pods')).toMatch(/live\s+1\/1\s+Running\s+1 \(0s ago\)\s+15s/);
    const d = await t.sh('kubectl describe pod live');
    expect(d).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Completed\n\s+Exit Code:\s+0\n/);
    expect(d).toMatch(/Restart Count:\s+1\n/);
    expect(d).toMatch(/Warning\s+Unhealthy\s+0s \(x3 over 10s\)\s+kubelet\s+Liveness probe failed: HTTP probe failed with statuscode: 500/);
    expect(d).toMatch(/Normal\s+Killing\s+0s\s+kubelet\s+Container web failed liveness probe, will be restarted/);

    // The fault lived in the old process: the new container passes, and no more restarts happen.
    await t.sh('time advance 60s');
    expect((await getPod(t, 'live')).status!.containerStatuses![0]!.restartCount).toBe(1);
  });

  it('each probe run is a kubelet step with observe / compare / act', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(`kubectl apply -f ${manifest('live', LIVE)}`);
    await t.sh('fault app-unhealthy live');
    await t.sh('time advance 15s');
    const probes = t.cluster.loop.recent(200).filter((s) => s.kind === 'probe');
    expect(probes.map((s) => [s.component, s.title, s.at % 60_000])).toEqual([
      ['kubelet/node-1', 'liveness probe default/live/web', 5000],
      ['kubelet/node-1', 'liveness probe default/live/web', 10000],
      ['kubelet/node-1', 'liveness probe default/live/web', 15000],
    ]);
    expect(probes[2]!.detail).toEqual({
      observe: ['GET http://10.244.1.2:80/ → 500 Internal Server Error'],
      compare: ['failure 3 of failureThreshold 3 in a row', 'liveness result Success → Failure'],
      act: ['event Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500', 'container web will be killed and restarted: sync the pod'],
    });
    expect(probes[0]!.detail?.compare).toEqual(['failure 1 of failureThreshold 3 in a row', 'liveness result stays Success']);
    // The restart is the next sync of the pod.
    const sync = t.cluster.loop.recent(200).find((s) => s.kind === 'sync' && (s.detail?.act ?? []).some((a) => a.startsWith('StopContainer web')));
    expect(sync?.detail?.act).toEqual(expect.arrayContaining(['StopContainer web (failed liveness probe; exit 0)']));
    // `break kubelet/node-1:probe` stops before a probe run.
    expect(probes.every((s) => s.phase === 'probe')).toBe(true);
  });

  it('a fault that survives restarts (--persistent): the restarts back off, as for a crashing container', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(`kubectl apply -f ${manifest('live', LIVE)}`);
    expect(await t.sh('fault app-unhealthy live --persistent')).toContain('even after a restart');
    await t.sh(`time advance ${15 - now(t)}s`); // first kill at 15s: restarted at once
    expect((await getPod(t, 'live')).status!.containerStatuses![0]!.restartCount).toBe(1);
    // The worker waits for the new container, then fails it three more times: 20s, 25s, 30s → killed at 30s.
    await t.sh('time advance 15s');
    let cs = (await getPod(t, 'live')).status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.state.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
    expect(cs.state.waiting?.message).toMatch(/^back-off 10s restarting failed container=web pod=live_default\(/);
    expect(cs.lastState?.terminated).toMatchObject({ reason: 'Completed', startedAt: '2026-01-01T00:00:15Z', finishedAt: '2026-01-01T00:00:30Z' });
    expect(await t.sh('kubectl get pod live')).toMatch(/live\s+0\/1\s+CrashLoopBackOff\s+1 \(0s ago\)/);
    await t.sh('time advance 10s');
    cs = (await getPod(t, 'live')).status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(2);
    expect(cs.state.running?.startedAt).toBe('2026-01-01T00:00:40Z');
    const backoff = (await eventsFor(t, 'live')).find((e) => e.reason === 'BackOff');
    expect(backoff?.message).toMatch(/^Back-off restarting failed container web in pod live_default\(/);
  });

  it('exec and tcpSocket probes fail with their real messages; a process that ignores SIGTERM is killed after the grace period (exit 137)', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(
      `kubectl apply -f ${manifest(
        'exec',
        `apiVersion: v1
kind: Pod
metadata:
  name: sleeper
spec:
  terminationGracePeriodSeconds: 20
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "touch /tmp/healthy; sleep 3600"]
    livenessProbe:
      exec:
        command: ["cat", "/tmp/healthy"]
      failureThreshold: 1
---
apiVersion: v1
kind: Pod
metadata:
  name: tcp
spec:
  containers:
  - name: web
    image: nginx:1.14.2
    readinessProbe:
      tcpSocket:
        port: 80
      periodSeconds: 5
      failureThreshold: 1
`,
      )}`,
    );
    await t.sh('fault app-unhealthy sleeper');
    await t.sh('fault app-unhealthy tcp');
    await t.sh(`time advance ${10 - now(t)}s`);
    const msgs = [...(await eventsFor(t, 'sleeper')), ...(await eventsFor(t, 'tcp'))].filter((e) => e.type === 'Warning').map((e) => e.message);
    expect(msgs).toContain("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(msgs).toContain('Readiness probe failed: dial tcp 10.244.1.3:80: connect: connection refused');
    // SIGTERM sent at 10s; sleep as PID 1 ignores it: still running until the 20s grace period ends.
    expect(await t.sh('queues')).toContain('default/sleeper: main failed its liveness probe, SIGKILL in 20s');
    // Meanwhile it still runs (started) but is no longer ready.
    expect((await getPod(t, 'sleeper')).status!.containerStatuses![0]).toMatchObject({ started: true, ready: false, restartCount: 0, state: { running: {} } });
    expect(await t.sh('kubectl get pod sleeper')).toMatch(/sleeper\s+0\/1\s+Running\s+0\s/);
    await t.sh('time advance 19s');
    expect((await getPod(t, 'sleeper')).status!.containerStatuses![0]!.restartCount).toBe(0);
    await t.sh('time advance 1s');
    const cs = (await getPod(t, 'sleeper')).status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: '2026-01-01T00:00:30Z' });
  });

  it('app-hang: probes time out with the HTTP client’s timeout message', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(`kubectl apply -f ${manifest('live', LIVE)}`);
    expect(await t.sh('fault app-hang live')).toContain('hangs: probes time out');
    await t.sh(`time advance ${5 - now(t)}s`);
    const e = (await eventsFor(t, 'live')).find((x) => x.reason === 'Unhealthy');
    expect(e?.message).toBe('Liveness probe failed: Get "http://10.244.1.2:80/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
  });
});

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        readinessProbe:
          httpGet:
            port: 80
`;

describe('probes: readiness', () => {
  it('a failing readiness probe takes the pod out of its Service (notReadyAddresses, curl avoids it) without a restart; recovery brings it back', async () => {
    t = await startCluster({ nodes: 2 });
    await t.sh(`kubectl apply -f ${manifest('web', WEB)}`);
    await t.sh('kubectl expose deployment web --port=80');
    // The first readiness run comes as soon as the container starts (not a period later).
    expect(await t.sh('kubectl get pods')).toMatch(/1\/1\s+Running[\s\S]*1\/1\s+Running/);
    const pods = (await t.cluster.api!.client('test').list<Pod>('pods', 'default')).items;
    const [sick, well] = pods;
    const sickName = sick!.metadata.name;
    const ip = (await t.sh('kubectl get svc web -o jsonpath={.spec.clusterIP}')).trim();

    await t.sh(`fault app-unhealthy ${sickName}`);
    await t.sh('time advance 30s');
    expect(await t.sh('kubectl get pods')).toMatch(new RegExp(`${sickName}\\s+0/1\\s+Running\\s+0\\s`));
    const p = await getPod(t, sickName);
    expect(p.status!.containerStatuses![0]).toMatchObject({ ready: false, started: true, restartCount: 0 });
    expect(p.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' });
    expect(p.status!.conditions!.find((c) => c.type === 'ContainersReady')).toMatchObject({ status: 'False' });
    const ep = await t.sh('kubectl get endpoints web -o yaml');
    expect(ep).toMatch(new RegExp(`addresses:\\n  - ip: ${well!.status!.podIP!.replace(/\./g, '\\.')}`));
    expect(ep).toMatch(new RegExp(`notReadyAddresses:\\n  - ip: ${sick!.status!.podIP!.replace(/\./g, '\\.')}`));
    for (let i = 0; i < 6; i++) {
      const r = await t.run(`curl ${ip}:80`);
      expect(r.err).toContain(`(service default/web, 1 endpoint)`);
      expect(r.err).toContain(`pod default/${well!.metadata.name}`);
    }
    const d = await t.sh(`kubectl describe pod ${sickName}`);
    expect(d).toMatch(/Warning\s+Unhealthy\s+2s \(x3 over 22s\)\s+kubelet\s+Readiness probe failed: HTTP probe failed with statuscode: 500/);
    expect(d).not.toContain('Killing');

    await t.sh(`fault app-healthy ${sickName}`);
    await t.sh('time advance 10s');
    expect(await t.sh('kubectl get pods')).not.toContain('0/1');
    expect(await t.sh('kubectl get endpoints web')).toMatch(/web\s+10\.244\.\d\.2:80,10\.244\.\d\.2:80\s/);
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) seen.add(/pod default\/(\S+)/.exec((await t.run(`curl ${ip}:80`)).err)![1]!);
    expect(seen.size).toBe(2);
  });
});

describe('the app behind the probes', () => {
  it('answers curl as it answers its probes: 500 when unhealthy, a timeout when hung, the welcome page when healthy', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(`kubectl apply -f ${manifest('live', LIVE)}`);
    const ip = (await getPod(t, 'live')).status!.podIP!;
    expect(await t.sh(`curl ${ip}:80`)).toContain('<title>Welcome to nginx!</title>');
    await t.sh('fault app-unhealthy live');
    expect(await t.sh(`curl ${ip}:80`)).toContain('<center><h1>500 Internal Server Error</h1></center>');
    await t.sh('fault app-hang live');
    expect((await t.run(`curl ${ip}:80`)).err).toContain('curl: (28) Operation timed out after 130000 milliseconds with 0 bytes received');
    await t.sh('fault app-healthy live');
    expect(await t.sh(`curl ${ip}:80`)).toContain('<title>Welcome to nginx!</title>');
  });
});

describe('probe workers come and go with the pod and the kubelet', () => {
  it('stop when the pod is deleted, pause while the node is down and resume when it is back', async () => {
    t = await startCluster({ nodes: 1 });
    const kubelet = componentsOf(t.cluster)!.kubelets.get('node-1')!;
    await t.sh(`kubectl apply -f ${manifest('live', LIVE)}`);
    expect(kubelet.prober.workerCount).toBe(1);
    await t.sh('fault node-down node-1');
    await t.sh('fault app-unhealthy live');
    await t.sh('time advance 30s');
    // A dead kubelet probes nothing: no failures were counted, no restart.
    expect((await eventsFor(t, 'live')).some((e) => e.reason === 'Unhealthy')).toBe(false);
    expect(t.cluster.loop.pendingTimers().some((x) => x.work.kind === 'probe')).toBe(false);
    await t.sh('fault node-up node-1');
    await t.sh('time advance 15s');
    expect((await eventsFor(t, 'live')).find((e) => e.reason === 'Unhealthy')?.count).toBe(3);
    expect((await getPod(t, 'live')).status!.containerStatuses![0]!.restartCount).toBe(1);
    await t.sh('kubectl delete pod live');
    expect(kubelet.prober.workerCount).toBe(0);
    expect(t.cluster.loop.pendingTimers().some((x) => x.work.kind === 'probe')).toBe(false);
  });
});

describe('probes: startup', () => {
  it('a slow starter: liveness alone kills it before it is up, again and again; a startup probe gives it time', async () => {
    t = await startCluster({ nodes: 1 });
    const pod = (name: string, startup: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: nginx:1.14.2
${startup}    livenessProbe:
      httpGet:
        port: 80
      periodSeconds: 5
`;
    await t.sh(`kubectl apply -f ${manifest('eager', pod('eager', ''))}`);
    await t.sh(`kubectl apply -f ${manifest('patient', pod('patient', '    startupProbe:\n      httpGet:\n        port: 80\n      periodSeconds: 5\n      failureThreshold: 12\n'))}`);
    expect(await t.sh('fault app-slow-start eager 30s')).toContain('pod/eager: the app in container app now takes 30s to start');
    await t.sh('fault app-slow-start patient 30s');
    const ip = (await getPod(t, 'eager')).status!.podIP!;
    expect((await t.run(`curl ${ip}:80`)).err).toContain(`curl: (7) Failed to connect to ${ip} port 80 after 0 ms: Couldn't connect to server`);
    await t.sh('time advance 60s');
    const eager = (await getPod(t, 'eager')).status!.containerStatuses![0]!;
    expect(eager.restartCount).toBeGreaterThanOrEqual(2);
    const eagerEvents = (await eventsFor(t, 'eager')).map((e) => `${e.reason}: ${e.message}`);
    expect(eagerEvents).toContain(`Unhealthy: Liveness probe failed: Get "http://${ip}:80/": dial tcp ${ip}:80: connect: connection refused`);
    expect(eagerEvents.some((e) => e.startsWith('BackOff: Back-off restarting failed container app'))).toBe(true);
    const patient = (await getPod(t, 'patient')).status!.containerStatuses![0]!;
    expect(patient).toMatchObject({ restartCount: 0, started: true, ready: true });
    const patientEvents = (await eventsFor(t, 'patient')).filter((e) => e.reason === 'Unhealthy');
    expect(patientEvents.map((e) => e.message)).toEqual([expect.stringMatching(/^Startup probe failed: Get "http:\/\/10\.244\.1\.\d+:80\/": dial tcp .*: connect: connection refused$/)]);
    expect(await t.sh('kubectl get pod patient')).toMatch(/patient\s+1\/1\s+Running\s+0\s/);
  });

  it('a startup probe holds back liveness and readiness until it passes, and restarts the container when it fails failureThreshold times', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(
      `kubectl apply -f ${manifest(
        'slow',
        `apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  containers:
  - name: app
    image: nginx:1.14.2
    startupProbe:
      httpGet:
        path: /
        port: 80
      failureThreshold: 3
    livenessProbe:
      httpGet:
        port: 80
      failureThreshold: 1
    readinessProbe:
      httpGet:
        port: 80
`,
      )}`,
    );
    await t.sh('fault app-unhealthy slow');
    // Running but not started: not ready, and neither liveness nor readiness probes run.
    let cs = (await getPod(t, 'slow')).status!.containerStatuses![0]!;
    expect(cs).toMatchObject({ started: false, ready: false });
    expect(await t.sh('kubectl get pod slow')).toMatch(/slow\s+0\/1\s+Running\s+0\s/);
    await t.sh(`time advance ${29 - now(t)}s`);
    let msgs = (await eventsFor(t, 'slow')).map((e) => e.message);
    expect(msgs).toContain('Startup probe failed: HTTP probe failed with statuscode: 500');
    expect(msgs.some((m) => m.startsWith('Liveness') || m.startsWith('Readiness'))).toBe(false);
    expect((await getPod(t, 'slow')).status!.containerStatuses![0]!.restartCount).toBe(0);
    // The third failure (30s) restarts it; the new process is healthy: started at the next run (40s).
    await t.sh('time advance 1s');
    msgs = (await eventsFor(t, 'slow')).map((e) => e.message);
    expect(msgs).toContain('Container app failed startup probe, will be restarted');
    cs = (await getPod(t, 'slow')).status!.containerStatuses![0]!;
    expect(cs).toMatchObject({ restartCount: 1, started: false, ready: false });
    await t.sh('time advance 10s');
    cs = (await getPod(t, 'slow')).status!.containerStatuses![0]!;
    expect(cs).toMatchObject({ restartCount: 1, started: true, ready: true });
    // Now liveness runs: the app breaking again is a liveness failure (failureThreshold 1), not a startup one.
    await t.sh('fault app-unhealthy slow');
    await t.sh('time advance 10s');
    msgs = (await eventsFor(t, 'slow')).map((e) => e.message);
    expect(msgs).toContain('Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(msgs).toContain('Container app failed liveness probe, will be restarted');
  });
});

describe('fault app-* lines', () => {
  it('say what is wrong in one line, in kubectl’s words, and change nothing', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh(`kubectl apply -f ${manifest('live', LIVE)}`);
    expect((await t.run('fault app-unhealthy nope')).err).toBe('Error from server (NotFound): pods "nope" not found');
    expect((await t.run('fault app-unhealthy live -n other')).err).toBe('Error from server (NotFound): pods "live" not found');
    expect((await t.run('fault app-unhealthy live sidecar')).err).toBe('error: container sidecar is not valid for pod live');
    expect((await t.run('fault app-unhealthy')).err).toBe('Error: fault app-unhealthy needs a pod name, e.g. "fault app-unhealthy web-7d4b9c8f6d-x2x9k"');
    expect((await t.run('fault app-healthy live --persistent')).err).toBe('Error: --persistent goes with app-unhealthy or app-hang');
    expect((await t.run('fault app-sick live')).err).toMatch(/^Error: unknown fault "app-sick"; use .*app-unhealthy POD, app-hang POD, app-slow-start POD DURATION or app-healthy POD$/);
    await t.sh('time advance 30s');
    expect((await getPod(t, 'live')).status!.containerStatuses![0]!.restartCount).toBe(0);
    expect(await t.cluster.shell.complete('fault app-')).toEqual(['app-unhealthy', 'app-hang', 'app-slow-start', 'app-healthy']);
    expect((await t.run('fault app-slow-start live')).err).toBe('Error: fault app-slow-start needs a pod name and how long each start takes, e.g. "fault app-slow-start web-7d4b9c8f6d-x2x9k 60s"');
    expect((await t.run('fault app-slow-start live web soon')).err).toBe(
      'Error: fault app-slow-start needs a pod name and how long each start takes, e.g. "fault app-slow-start web-7d4b9c8f6d-x2x9k 60s" (not a duration: "soon")',
    );
    expect((await t.run('fault app-unhealthy live web extra')).err).toBe('Error: fault app-unhealthy takes one pod and at most one container; "extra" is one word too many');
    expect(await t.cluster.shell.complete('fault app-hang li')).toEqual(['live']);
    expect(await t.sh('help fault')).toContain('fault app-unhealthy POD [CONTAINER] [-n NAMESPACE] [--persistent]');
  });

  it('pods without probes cost the prober nothing; the same seed and script give the same output', async () => {
    const script = [`kubectl apply -f ${manifest('live', LIVE)}`, 'kubectl create deployment plain --image=nginx:1.14.2 --replicas=3', 'fault app-unhealthy live', 'time advance 40s', 'kubectl get pods', 'kubectl describe pod live', 'queues'];
    const outs: string[] = [];
    for (let i = 0; i < 2; i++) {
      t = await startCluster({ nodes: 2, seed: '7' });
      let out = '';
      for (const line of script) out += (await t.sh(line)) + '\n';
      outs.push(out);
      const kubelets = [...componentsOf(t.cluster)!.kubelets.values()];
      // Only the kubelet running `live` built a prober, with the one worker of its one probe.
      expect(kubelets.filter((k) => k.hasProber).map((k) => k.prober.workerCount)).toEqual([1]);
      await t.cluster.stop();
      t = undefined;
    }
    expect(outs[0]).toBe(outs[1]);
    expect(outs[0]).toContain('Liveness probe failed');
  });
});

// kubectl output checked line by line against the real kubectl's sources (describe.go, printers, apiresources.go,
// apimachinery's duration.HumanDuration and resource.Quantity): what a learner sees here is what a real cluster shows.
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Cluster } from '../../src/cluster/sim/cluster';
import { formatAge } from '../../src/cluster/sim/clock';
import { describePodText, describeServiceText, smartLabelFor } from '../../src/cluster/sim/kubectl/describe';
import { canonicalQuantity } from '../../src/cluster/sim/kubectl/quantity';
import { renderTable } from '../../src/cluster/sim/kubectl/printers';
import { TABLE_OPTIONS, tabbed } from '../../src/cluster/sim/kubectl/tabwriter';
import type { KubeEvent, Pod, Service } from '../../src/cluster/apiserver/types';
import { NOW, ago, endpoints, pod, services } from './fixtures';

const open: Cluster[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.stop();
});

async function start() {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (t: string) => out.push(t.endsWith('\n') ? t : `${t}\n`),
    err: (t: string) => err.push(t.endsWith('\n') ? t : `${t}\n`),
  };
  const cluster = await Cluster.start({ nodes: 3, seed: '7' }, io);
  open.push(cluster);
  return {
    async run(line: string) {
      const o = out.length;
      const e = err.length;
      const ok = await cluster.shell.exec(line);
      return { ok, out: out.slice(o).join(''), err: err.slice(e).join('') };
    },
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-fidelity-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('AGE (duration.HumanDuration)', () => {
  test('up to a second in the future is 0s (clock skew); further ahead is <invalid>', () => {
    expect(formatAge(-500)).toBe('0s');
    expect(formatAge(-1999)).toBe('0s');
    expect(formatAge(-2000)).toBe('<invalid>');
    expect(formatAge(-30_000)).toBe('<invalid>');
    expect(formatAge(0)).toBe('0s');
  });
});

describe('resource quantities print as Quantity.String()', () => {
  test('the format the value was written in is kept: 128M stays decimal, 1024Mi becomes 1Gi', () => {
    expect(canonicalQuantity('128M')).toBe('128M');
    expect(canonicalQuantity('1G')).toBe('1G');
    expect(canonicalQuantity('64Mi')).toBe('64Mi');
    expect(canonicalQuantity('1024Mi')).toBe('1Gi');
    expect(canonicalQuantity('1536Mi')).toBe('1536Mi');
    expect(canonicalQuantity('0.5')).toBe('500m');
    expect(canonicalQuantity('1.5')).toBe('1500m');
    expect(canonicalQuantity('2000m')).toBe('2');
    expect(canonicalQuantity('2000')).toBe('2k');
    expect(canonicalQuantity('1500')).toBe('1500');
    expect(canonicalQuantity('100m')).toBe('100m');
    expect(canonicalQuantity('1e3')).toBe('1e3');
    expect(canonicalQuantity('512Ki')).toBe('512Ki');
    expect(canonicalQuantity(2)).toBe('2');
  });
});

describe('kubectl get tables (printPod, printService)', () => {
  const initPod = (initialized: boolean): Pod =>
    pod('init', 120, {
      spec: { nodeName: 'node-1', initContainers: [{ name: 'setup', image: 'busybox' }], containers: [{ name: 'app', image: 'nginx' }] },
      status: {
        phase: initialized ? 'Running' : 'Pending',
        conditions: [{ type: 'Initialized', status: initialized ? 'True' : 'False' }],
        initContainerStatuses: [
          {
            name: 'setup',
            image: 'busybox',
            ready: initialized,
            restartCount: 2,
            state: initialized ? { terminated: { exitCode: 0, reason: 'Completed' } } : { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(60) } },
          },
        ],
        containerStatuses: [
          initialized
            ? { name: 'app', image: 'nginx', ready: true, restartCount: 0, state: { running: { startedAt: ago(30) } } }
            : { name: 'app', image: 'nginx', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    });

  test("an init container's restarts count while it runs, and drop out of RESTARTS once the pod is initialized", () => {
    const t = (p: Pod) => tabbed(renderTable('pods', [p], NOW), TABLE_OPTIONS).split('\n')[1];
    expect(t(initPod(false))).toBe('init   0/1     Init:CrashLoopBackOff   2 (60s ago)   2m');
    expect(t(initPod(true))).toBe('init   1/1     Running   0          2m');
    // Initialized=True is what counts, not how the init container's status reads now: its restarts stay out.
    const odd = initPod(true);
    odd.status!.initContainerStatuses![0]!.state = { waiting: { reason: 'CrashLoopBackOff' } };
    expect(t(odd)).toMatch(/^init +1\/1 +\S+ +0 +2m$/);
  });

  test('services: EXTERNAL-IP shows spec.externalIPs, or the DNS name of an ExternalName service', () => {
    const withIPs = { ...services[1]!, spec: { ...services[1]!.spec, type: 'ClusterIP', externalIPs: ['203.0.113.7'] } } as unknown as Service;
    const external = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'default', creationTimestamp: ago(5) },
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
    } as unknown as Service;
    expect(tabbed(renderTable('services', [withIPs, external], NOW), TABLE_OPTIONS)).toBe(
      [
        'NAME   TYPE           CLUSTER-IP    EXTERNAL-IP      PORT(S)        AGE',
        'web    ClusterIP      10.96.45.12   203.0.113.7      80:30080/TCP   60s',
        'db     ExternalName   <none>        db.example.com   <none>         5s',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe pod with init containers', () => {
  test('the init containers show their own status: container ID, state, last state, ready, restarts', () => {
    const p = pod('init', 120, {
      spec: { nodeName: 'node-1', initContainers: [{ name: 'setup', image: 'busybox' }], containers: [{ name: 'app', image: 'nginx' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'setup',
            image: 'busybox',
            containerID: 'containerd://abc',
            imageID: 'docker.io/library/busybox@sha256:1',
            ready: false,
            restartCount: 2,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(61), finishedAt: ago(60) } },
          },
        ],
      },
    });
    expect(describePodText(p, [], NOW)).toContain(
      [
        'Init Containers:',
        '  setup:',
        '    Container ID:   containerd://abc',
        '    Image:          busybox',
        '    Image ID:       docker.io/library/busybox@sha256:1',
        '    Port:           <none>',
        '    Host Port:      <none>',
        '    State:          Waiting',
        '      Reason:       CrashLoopBackOff',
        '    Last State:     Terminated',
        '      Reason:       Error',
        '      Exit Code:    1',
        '      Started:      Thu, 01 Jan 2026 00:08:59 +0000',
        '      Finished:     Thu, 01 Jan 2026 00:09:00 +0000',
        '    Ready:          False',
        '    Restart Count:  2',
        '    Environment:    <none>',
        '    Mounts:         <none>',
        'Containers:',
        '  app:',
        '    Image:        nginx',
      ].join('\n'),
    );
  });
});

describe('kubectl describe service', () => {
  test('event ages count from now, not from the epoch', () => {
    const ev: KubeEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Service', name: 'web', namespace: 'default' },
      reason: 'Type',
      message: 'ClusterIP -> NodePort',
      type: 'Normal',
      source: { component: 'service-controller' },
      firstTimestamp: ago(5),
      lastTimestamp: ago(5),
      count: 1,
    } as KubeEvent;
    const text = describeServiceText(services[1]!, endpoints[0], [ev], NOW);
    expect(text).toContain('  Normal  Type    5s    service-controller  ClusterIP -> NodePort\n');
  });
});

describe('kubectl through the cluster shell', () => {
  test('api-resources: the core group first, then by group and name; --namespaced=false; -o name', async () => {
    const k = await start();
    const all = await k.run('kubectl api-resources');
    expect(all.out.split('\n').map((l) => l.split(/\s+/)[0])).toEqual([
      'NAME',
      'endpoints',
      'events',
      'namespaces',
      'nodes',
      'pods',
      'services',
      'deployments',
      'replicasets',
      'leases',
      '',
    ]);
    const cluster = await k.run('kubectl api-resources --namespaced=false');
    expect(cluster.out).toBe(
      ['NAME         SHORTNAMES   APIVERSION   NAMESPACED   KIND', 'namespaces   ns           v1           false        Namespace', 'nodes        no           v1           false        Node', ''].join('\n'),
    );
    const names = await k.run('kubectl api-resources -o name');
    expect(names.out).toBe(['endpoints', 'events', 'namespaces', 'nodes', 'pods', 'services', 'deployments.apps', 'replicasets.apps', 'leases.coordination.k8s.io', ''].join('\n'));
  });

  test('describe pod: quantities as written, probe URLs with scheme and host, topology spread constraints; describe node sums them', async () => {
    const k = await start();
    const pod = file(
      'spread.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: spread
  labels:
    app: spread
spec:
  containers:
  - name: app
    image: nginx:1.25
    resources:
      requests:
        cpu: "0.25"
        memory: 128M
      limits:
        memory: 1024Mi
    livenessProbe:
      httpGet:
        scheme: HTTPS
        host: 10.0.0.9
        path: healthz
        port: 8443
    readinessProbe:
      tcpSocket:
        host: 10.0.0.9
        port: 80
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        app: spread
`,
    );
    expect((await k.run(`kubectl apply -f ${pod}`)).ok).toBe(true);
    const d = await k.run('kubectl describe pod spread');
    expect(d.out).toContain(
      [
        '    Limits:',
        '      memory:  1Gi',
        '    Requests:',
        '      cpu:        250m',
        '      memory:     128M',
        '    Liveness:     http-get https://10.0.0.9:8443/healthz delay=0s timeout=1s period=10s #success=1 #failure=3',
        '    Readiness:    tcp-socket 10.0.0.9:80 delay=0s timeout=1s period=10s #success=1 #failure=3',
      ].join('\n'),
    );
    expect(d.out).toMatch(/\nTolerations: +node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s\n +node\.kubernetes\.io\/unreachable:NoExecute op=Exists for 300s\nTopology Spread Constraints: +kubernetes\.io\/hostname:ScheduleAnyway when max skew 1 is exceeded for selector app=spread\nEvents:\n/);
    const node = /Node: +(node-\d)\//.exec(d.out)![1]!;
    const n = await k.run(`kubectl describe node ${node}`);
    expect(n.out).toMatch(/\n  default +spread +250m \(12%\) +0 \(0%\) +128M \(3%\) +1Gi \(26%\) +\d+s\n/);
    expect(n.out).toMatch(/\n  cpu +250m \(12%\) +0 \(0%\)\n  memory +128M \(3%\) +1Gi \(26%\)\n/);
  });

  test('a manifest without apiVersion and kind: validation names both, in a list', async () => {
    const k = await start();
    const neither = file('neither.yaml', 'metadata:\n  name: w\n');
    const r = await k.run(`kubectl apply -f ${neither}`);
    expect(r.ok).toBe(false);
    expect(r.err).toBe(
      `error: error validating "${neither}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n`,
    );
    const noKind = file('nokind.yaml', 'apiVersion: v1\nmetadata:\n  name: w\n');
    expect((await k.run(`kubectl apply -f ${noKind}`)).err).toContain('error validating data: kind not set; if you choose');
  });

  test('a pipe is one line too many: kubectl says so and nothing runs', async () => {
    const k = await start();
    const r = await k.run('kubectl get events -A | head -3');
    expect(r.ok).toBe(false);
    expect(r.out).toBe('');
    expect(r.err).toBe('error: the cluster shell runs one command per line, with no "|": run "kubectl get events -A" on its own\n');
    // Every line, not only kubectl's; redirections and && too; quoted, the characters are only text.
    const before = (await k.run('etcdctl endpoint status -w json')).out.match(/"revision":(\d+)/)![1];
    expect((await k.run('etcdctl get /registry --prefix --keys-only|head')).err).toBe(
      'error: the cluster shell runs one command per line, with no "|": run "etcdctl get /registry --prefix --keys-only" on its own\n',
    );
    expect((await k.run('etcdctl put /a 1 && etcdctl get /a')).err).toContain('with no "&&": run "etcdctl put /a 1" on its own');
    expect((await k.run('kubectl get pods -o yaml > pods.yaml')).err).toContain('with no ">": run "kubectl get pods -o yaml" on its own');
    expect((await k.run('etcdctl endpoint status -w json')).out.match(/"revision":(\d+)/)![1]).toBe(before); // nothing ran
    expect((await k.run(`etcdctl put /quoted 'a|b > c; d && e'`)).ok).toBe(true);
    expect((await k.run('etcdctl get /quoted --print-value-only')).out).toBe('a|b > c; d && e\n');
  });

  test('get -L KEY: one column per label key, headed by its last segment, before LABELS; blank where unset', async () => {
    const k = await start();
    await k.run('kubectl label node node-1 topology.kubernetes.io/zone=a');
    const r = await k.run('kubectl get nodes -L topology.kubernetes.io/zone,kubernetes.io/os');
    expect(r.out).toBe(
      [
        'NAME     STATUS   ROLES    AGE   VERSION   ZONE   OS',
        'node-1   Ready    <none>   0s    v1.31.0   a      linux',
        'node-2   Ready    <none>   0s    v1.31.0          linux',
        'node-3   Ready    <none>   0s    v1.31.0          linux',
        '',
      ].join('\n'),
    );
  });

  test('get -w --output-watch-events: event types padded to one width (ADDED, then MODIFIED lines up)', async () => {
    const k = await start();
    await k.run('kubectl get pods -w --output-watch-events');
    const r = await k.run('kubectl run x --image=nginx');
    const lines = r.out.split('\n');
    expect(lines[1]).toBe('EVENT      NAME   READY   STATUS    RESTARTS   AGE');
    expect(lines[2]).toBe('ADDED      x      0/1     Pending   0          0s');
    expect(lines[3]).toBe('MODIFIED   x      0/1     Pending   0          0s');
  });

  test('get pod -o yaml: the deprecated spec.serviceAccount mirrors serviceAccountName, as the v1 conversion writes it', async () => {
    const k = await start();
    await k.run('kubectl run p --image=nginx');
    const y = (await k.run('kubectl get pod p -o yaml')).out;
    expect(y).toContain('\n  serviceAccount: default\n  serviceAccountName: default\n');
  });

  test('describe lease: the generic describer prints the fields with smart labels, sorted, metadata minus the header', async () => {
    const k = await start();
    await k.run('time advance 12s');
    const d = (await k.run('kubectl describe lease node-1 -n kube-node-lease')).out;
    expect(d).toMatch(
      new RegExp(
        [
          '^Name:         node-1',
          'Namespace:    kube-node-lease',
          'Labels:       <none>',
          'Annotations:  <none>',
          'API Version:  coordination\\.k8s\\.io/v1',
          'Kind:         Lease',
          'Metadata:',
          '  Creation Timestamp:  2026-01-01T00:00:00Z',
          '  Owner References:',
          '    API Version:     v1',
          '    Kind:            Node',
          '    Name:            node-1',
          '    UID:             [0-9a-f-]+',
          '  Resource Version:  \\d+',
          '  UID:               [0-9a-f-]+',
          'Spec:',
          '  Acquire Time:            2026-01-01T00:00:00\\.000000Z',
          '  Holder Identity:         node-1',
          '  Lease Duration Seconds:  40',
          '  Renew Time:              2026-01-01T00:00:10\\.000000Z',
          'Events:                    <none>\\n$',
        ].join('\\n'),
      ),
    );
  });
});

describe('smartLabelFor (camelcase.Split, acronyms upper-cased)', () => {
  test('field names become describe labels', () => {
    expect(smartLabelFor('apiVersion')).toBe('API Version');
    expect(smartLabelFor('uid')).toBe('UID');
    expect(smartLabelFor('leaseDurationSeconds')).toBe('Lease Duration Seconds');
    expect(smartLabelFor('podCIDR')).toBe('Pod CIDR');
    expect(smartLabelFor('HTTPServer')).toBe('HTTP Server');
    expect(smartLabelFor('kubernetes.io/role')).toBe('kubernetes.io/role');
  });
});

describe('YAML mistakes in go-yaml words', () => {
  test('a tab in the indentation and a mapping where a value was expected read as kubectl reports them', async () => {
    const k = await start();
    const tab = file('tab.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\nspec:\n  containers:\n  - name: c\n\timage: nginx\n');
    expect((await k.run(`kubectl apply -f ${tab}`)).err).toBe(
      `error: error parsing ${tab}: error converting YAML to JSON: yaml: line 8: found character that cannot start any token\n`,
    );
    const nested = file('nested.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\nspec:\n  containers:\n  - name: a\n    image: nginx\n     ports: 1\n');
    const r = await k.run(`kubectl apply -f ${nested}`);
    expect(r.ok).toBe(false);
    expect(r.err).toBe(`error: error parsing ${nested}: error converting YAML to JSON: yaml: line 9: mapping values are not allowed in this context\n`);
  });
});

describe('kubectl api-versions', () => {
  test('every group/version the server serves, sorted', async () => {
    const k = await start();
    expect((await k.run('kubectl api-versions')).out).toBe('apps/v1\ncoordination.k8s.io/v1\nv1\n');
  });
});

describe('kubectl set image', () => {
  test('setting the image a container already has sends no patch and prints nothing, as set_image.go skips an empty patch', async () => {
    const k = await start();
    await k.run('kubectl create deployment web --image=nginx:1.25');
    const before = (await k.run('kubectl get deploy web -o jsonpath={.metadata.resourceVersion}')).out;
    const same = await k.run('kubectl set image deploy/web nginx=nginx:1.25');
    expect(same).toEqual({ ok: true, out: '', err: '' });
    expect((await k.run('kubectl get deploy web -o jsonpath={.metadata.resourceVersion}')).out).toBe(before);
    expect((await k.run('kubectl set image deploy/web nginx=nginx:1.26')).out).toBe('deployment.apps/web image updated\n');
  });
});

describe('several objects failing in one -f', () => {
  test('one Invalid error alone reads "The Pod ... is invalid"; among several, each is StandardErrorMessage with its source', async () => {
    const k = await start();
    const pods = file(
      'multi.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Pod\nspec:\n  containers:\n  - name: c\n    image: nginx\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: good\nspec:\n  containers:\n  - name: c\n    image: nginx\n',
    );
    const rfc = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
    const first = await k.run(`kubectl apply -f ${pods}`);
    expect(first.out).toBe('pod/good created\n');
    expect(first.err).toBe(`The Pod "Bad_Pod" is invalid: metadata.name: Invalid value: "Bad_Pod": ${rfc}\n`);
    const again = await k.run(`kubectl create -f ${pods}`);
    expect(again.err).toBe(
      [
        `Error from server (Invalid): error when creating "${pods}": Pod "Bad_Pod" is invalid: metadata.name: Invalid value: "Bad_Pod": ${rfc}`,
        `Error from server (AlreadyExists): error when creating "${pods}": pods "good" already exists`,
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl run -it', () => {
  test('the attach flags are understood and refused in one clear line; nothing is created', async () => {
    const k = await start();
    const r = await k.run('kubectl run tmp --rm -it --image=busybox -- sh');
    expect(r.ok).toBe(false);
    expect(r.err).toBe(
      'error: "kubectl run -i/-t/--rm" is not available here: the mini-cluster runs no real processes, so there is no terminal to attach to; without those flags the pod is created and runs\n',
    );
    expect((await k.run('kubectl get pod tmp')).err).toBe('Error from server (NotFound): pods "tmp" not found\n');
  });
});

describe('describe service: Endpoints from the EndpointSlices (kubectl 1.31+)', () => {
  test('a selector that matches no pod leaves the line blank (its slice exists, empty); no endpoints object at all is <none>', async () => {
    const k = await start();
    const svc = file('lonely.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  selector:\n    app: nothing\n  ports:\n  - port: 80\n');
    await k.run(`kubectl apply -f ${svc}`);
    const d = (await k.run('kubectl describe svc lonely')).out;
    expect(d).toContain('\nTargetPort:               80/TCP\nEndpoints:                \nSession Affinity:         None\n');
    expect(describeServiceText(services[1]!, undefined, [], NOW)).toContain('\nEndpoints:                <none>\n');
  });
});

describe('kubectl version -o', () => {
  test('yaml and json carry version.Info fields (yaml sorted, json in field order); other formats are refused as kubectl refuses them', async () => {
    const k = await start();
    const y = (await k.run('kubectl version -o yaml')).out;
    expect(y.startsWith('clientVersion:\n  compiler: gc\n  gitTreeState: clean\n  gitVersion: v1.31.0\n  major: "1"\n  minor: "31"\n  platform: linux/amd64\nkustomizeVersion: v5.4.2\nserverVersion:\n')).toBe(true);
    const j = JSON.parse((await k.run('kubectl version -o json --client')).out);
    expect(Object.keys(j)).toEqual(['clientVersion', 'kustomizeVersion']);
    expect(Object.keys(j.clientVersion).slice(0, 3)).toEqual(['major', 'minor', 'gitVersion']);
    expect((await k.run('kubectl version -o wide')).err).toBe("error: --output must be 'yaml' or 'json'\n");
  });
});

describe('priority class, runtime class and readiness gates', () => {
  test('describe pod names them; get -o wide counts the gates that hold', () => {
    const p = pod('gated', 60, {
      spec: {
        nodeName: 'node-1',
        containers: [{ name: 'app', image: 'nginx' }],
        priority: 1000,
        priorityClassName: 'high',
        readinessGates: [{ conditionType: 'example.com/lb-ready' }, { conditionType: 'example.com/warm' }],
      } as unknown as Pod['spec'],
      // a readiness gate's condition type is whatever the gate names
      status: { phase: 'Running', conditions: [{ type: 'example.com/lb-ready', status: 'True' }, { type: 'Ready', status: 'False' }] } as unknown as Pod['status'],
    });
    const d = describePodText(p, [], NOW);
    expect(d).toContain('Priority:             1000\nPriority Class Name:  high\n');
    expect(d).toContain('Readiness Gates:\n  Type                   Status\n  example.com/lb-ready   True \n  example.com/warm       <none> \nConditions:\n');
    const row = tabbed(renderTable('pods', [p], NOW, { wide: true }), TABLE_OPTIONS).split('\n')[1]!;
    expect(row.trimEnd().endsWith('<none>           1/2')).toBe(true);
  });
});

describe('describe: environment', () => {
  test('values, field references resolved on the pod, resource references and key references read as describeContainerEnvVars writes them', () => {
    const ctr = {
      name: 'app',
      image: 'nginx',
      resources: { limits: { memory: '128Mi' } },
      envFrom: [{ configMapRef: { name: 'settings' } }, { prefix: 'DB_', secretRef: { name: 'db', optional: true } }],
      env: [
        { name: 'MODE', value: 'prod' },
        { name: 'MY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'MY_POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'MEM_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color', optional: true } } },
      ],
    };
    const p = pod('envy', 30, { spec: { nodeName: 'node-2', containers: [ctr] } as unknown as Pod['spec'] });
    expect(describePodText(p, [], NOW)).toContain(
      [
        '    Environment Variables from:',
        '      settings  ConfigMap                 Optional: false',
        '      db        Secret with prefix \'DB_\'  Optional: true',
        '    Environment:',
        '      MODE:       prod',
        '      MY_NODE:     (v1:spec.nodeName)', // kubectl resolves metadata only; the kubelet fills the rest
        '      MY_POD:     envy (v1:metadata.name)',
        '      CPU_LIMIT:  node allocatable (limits.cpu)',
        '      MEM_LIMIT:  134217728 (limits.memory)',
        "      PASSWORD:   <set to the key 'password' in secret 'db'>         Optional: false",
        "      COLOR:      <set to the key 'color' of config map 'settings'>  Optional: true",
        '    Mounts:       <none>',
      ].join('\n'),
    );
  });
});

describe('describe: volumes and mounts', () => {
  test('mounts by path with ro/rw, volumes with their source in describe\'s words', () => {
    const p = pod('vols', 30, {
      spec: {
        nodeName: 'node-1',
        containers: [
          {
            name: 'app',
            image: 'nginx',
            volumeMounts: [
              { name: 'config', mountPath: '/etc/app', readOnly: true },
              { name: 'cache', mountPath: '/cache' },
              { name: 'data', mountPath: '/data', subPath: 'app' },
            ],
          },
        ],
        volumes: [
          { name: 'cache', emptyDir: {} },
          { name: 'config', configMap: { name: 'app-config' } },
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
          { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
        ],
      } as unknown as Pod['spec'],
    });
    const d = describePodText(p, [], NOW);
    expect(d).toContain(['    Mounts:', '      /cache from cache (rw)', '      /data from data (rw,path="app")', '      /etc/app from config (ro)', ''].join('\n'));
    expect(d).toContain(
      [
        'Volumes:',
        '  cache:',
        '    Type:       EmptyDir (a temporary directory that shares a pod\'s lifetime)',
        '    Medium:     ',
        '    SizeLimit:  <unset>',
        '  config:',
        '    Type:      ConfigMap (a volume populated by a ConfigMap)',
        '    Name:      app-config',
        '    Optional:  false',
        '  data:',
        '    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
        '    ClaimName:  data',
        '    ReadOnly:   false',
        '  host:',
        '    Type:          HostPath (bare host directory volume)',
        '    Path:          /var/log',
        '    HostPathType:  Directory',
        'QoS Class:',
      ].join('\n'),
    );
  });
});

describe('kubectl events', () => {
  test('sorted by last occurrence, "(xN over …)" for repeats, OBJECT as Kind/name; --for, --types, -A; kubectl\'s words when empty or misused', async () => {
    const k = await start();
    expect((await k.run('kubectl events')).err).toBe('No events found in default namespace.\n');
    expect((await k.run('kubectl events -A')).err).toBe('No events found.\n');
    await k.run('kubectl run tmp --image=busybox');
    await k.run('time advance 31s'); // busybox exits at once: it crash-loops, each restart pulling first
    const all = (await k.run('kubectl events')).out.split('\n');
    expect(all[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(all[1]).toMatch(/^31s +Normal +Scheduled +Pod\/tmp +Successfully assigned default\/tmp to node-\d$/);
    // Sorted by the last occurrence, oldest first: the first pull's Pulled (31s ago) before Pulling, whose first
    // occurrence is as old but whose last is now.
    expect(all.slice(1).filter(Boolean).map((l) => l.replace(/^\S+( \(x\d+ over \S+\))? +\S+ +(\S+).*$/, '$2'))).toEqual([
      'Scheduled', 'Pulled', 'Pulling', 'Created', 'Started', 'Pulled', 'BackOff',
    ]);
    expect(all.some((l) => /^0s \(x\d+ over 31s\) +Warning +BackOff +Pod\/tmp +Back-off restarting failed container tmp in pod tmp_default/.test(l))).toBe(true);
    const warnings = (await k.run('kubectl events --for pod/tmp --types=Warning')).out.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/Warning +BackOff/);
    expect((await k.run('kubectl events -A --for=pod/tmp')).out).toMatch(/^NAMESPACE +LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\ndefault +31s /);
    expect((await k.run('kubectl events --for tmp')).err).toBe('error: --for must be in resource/name form\n');
    expect((await k.run('kubectl events --types=Error')).err).toBe('error: valid --types are Normal or Warning\n');
  });
});


// The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount/admission.go): every pod created gets the
// kube-api-access-XXXXX projected token volume and a read-only mount of it in each container, as on a real cluster.
import { afterEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { Pod } from '../../src/cluster/apiserver/types';
import { admitServiceAccount, DEFAULT_API_TOKEN_MOUNT_PATH } from '../../src/cluster/apiserver/serviceaccount_admission';
import { Rand } from '../../src/cluster/sim/rand';
import { applyMerge } from '../../src/cluster/sim/kubectl/mutate';
import { describePodText } from '../../src/cluster/sim/kubectl/describe';
import { manifestDir, startCluster, type TestCluster } from '../cluster/helpers';

const open: TestCluster[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.cluster.stop();
});
async function start(seed = '1'): Promise<TestCluster> {
  const t = await startCluster({ seed });
  open.push(t);
  return t;
}
const manifest = manifestDir('sa-admission-');

/** SimpleNameGenerator's alphabet after the plugin's prefix. */
const VOLUME_NAME = /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

interface Mount { name: string; mountPath: string; readOnly?: boolean }
interface Spec {
  containers: Array<{ name: string; volumeMounts?: Mount[] }>;
  initContainers?: Array<{ name: string; volumeMounts?: Mount[] }>;
  volumes?: Array<{ name: string; projected?: unknown; emptyDir?: unknown }>;
  serviceAccountName?: string;
}
async function specOf(t: TestCluster, what: string): Promise<Spec> {
  return (parse(await t.sh(`kubectl get ${what} -o yaml`)) as { spec: Spec }).spec;
}

describe('ServiceAccount admission: the token volume on pod create', () => {
  test('a created pod gets the projected kube-api-access volume and a read-only mount in every container and init container', async () => {
    const t = await start();
    const f = manifest(
      'two',
      `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ["true"]
  containers:
  - name: app
    image: nginx:1.25
  - name: sidecar
    image: busybox:1.36
`,
    );
    await t.sh(`kubectl apply -f ${f}`);
    const spec = await specOf(t, 'pod two');
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.volumes).toHaveLength(1);
    const vol = spec.volumes![0]!;
    expect(vol.name).toMatch(VOLUME_NAME);
    expect(vol).toEqual({
      name: vol.name,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
        ],
      },
    });
    for (const c of [...spec.initContainers!, ...spec.containers]) {
      expect(c.volumeMounts, c.name).toEqual([{ mountPath: MOUNT_PATH, name: vol.name, readOnly: true }]);
    }
  });

  test('-o yaml shows the mount after the container fields and the volume last in spec, keys in the order kubectl prints them', async () => {
    const t = await start();
    await t.sh('kubectl run web --image=nginx');
    const yaml = await t.sh('kubectl get pod web -o yaml');
    const name = /name: (kube-api-access-\w{5})/.exec(yaml)![1]!;
    expect(yaml).toContain(
      [
        '    terminationMessagePolicy: File',
        '    volumeMounts:',
        '    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount',
        `      name: ${name}`,
        '      readOnly: true',
        '  dnsPolicy: ClusterFirst',
      ].join('\n'),
    );
    expect(yaml).toContain(
      [
        '    tolerationSeconds: 300',
        '  volumes:',
        `  - name: ${name}`,
        '    projected:',
        '      defaultMode: 420',
        '      sources:',
        '      - serviceAccountToken:',
        '          expirationSeconds: 3607',
        '          path: token',
        '      - configMap:',
        '          items:',
        '          - key: ca.crt',
        '            path: ca.crt',
        '          name: kube-root-ca.crt',
        '      - downwardAPI:',
        '          items:',
        '          - fieldRef:',
        '              apiVersion: v1',
        '              fieldPath: metadata.namespace',
        '            path: namespace',
        'status:',
      ].join('\n'),
    );
  });

  test('kubectl describe pod prints the Mounts line and the projected volume as kubectl 1.31 does', async () => {
    const t = await start();
    await t.sh('kubectl run web --image=nginx');
    await t.sh('run');
    const d = await t.sh('kubectl describe pod web');
    const name = /(kube-api-access-\w{5})/.exec(d)![1]!;
    expect(d).toContain(['    Mounts:', `      /var/run/secrets/kubernetes.io/serviceaccount from ${name} (ro)`, 'Conditions:'].join('\n'));
    expect(d).toContain(
      [
        'Volumes:',
        `  ${name}:`,
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    ConfigMapOptional:       <nil>',
        '    DownwardAPI:             true',
        'QoS Class:                   BestEffort',
      ].join('\n'),
    );
  });

  test("describe's projected sources in kubectl 1.31's words: SecretOptionalName / ConfigMapOptional print the *bool (<nil> when unset)", () => {
    const p = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: {
        containers: [{ name: 'c', image: 'nginx' }],
        volumes: [
          {
            name: 'mixed',
            projected: {
              sources: [{ secret: { name: 's1', optional: true } }, { secret: { name: 's2' } }, { configMap: { name: 'c1', optional: false } }, { downwardAPI: { items: [] } }],
            },
          },
        ],
      },
      status: { phase: 'Pending' },
    } as unknown as Pod;
    expect(describePodText(p, [], Date.parse('2026-01-01T00:00:10Z'))).toContain(
      [
        '  mixed:',
        '    Type:                Projected (a volume that contains injected data from multiple sources)',
        '    SecretName:          s1',
        '    SecretOptionalName:  true',
        '    SecretName:          s2',
        '    SecretOptionalName:  <nil>',
        '    ConfigMapName:       c1',
        '    ConfigMapOptional:   false',
        '    DownwardAPI:         true',
      ].join('\n'),
    );
  });

  test('automountServiceAccountToken: false on the pod: no volume, no mount — and a later update does not add one', async () => {
    const t = await start();
    const f = manifest(
      'quiet',
      `apiVersion: v1
kind: Pod
metadata:
  name: quiet
spec:
  automountServiceAccountToken: false
  containers:
  - name: app
    image: nginx:1.25
`,
    );
    await t.sh(`kubectl apply -f ${f}`);
    await t.sh('kubectl label pod quiet tier=web');
    const spec = await specOf(t, 'pod quiet');
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0]!.volumeMounts).toBeUndefined();
    const d = await t.sh('kubectl describe pod quiet');
    expect(d).toMatch(/\n {4}Mounts: +<none>\n/);
    expect(d).toMatch(/\nVolumes: +<none>\n/);
  });

  test('a container that already mounts the path is left alone; the others get the mount once; an existing kube-api-access-* volume is reused', async () => {
    const t = await start();
    const own = manifest(
      'own',
      `apiVersion: v1
kind: Pod
metadata:
  name: own
spec:
  containers:
  - name: mine
    image: nginx:1.25
    volumeMounts:
    - name: my-token
      mountPath: ${MOUNT_PATH}
  - name: other
    image: busybox:1.36
  volumes:
  - name: my-token
    emptyDir: {}
`,
    );
    await t.sh(`kubectl apply -f ${own}`);
    const spec = await specOf(t, 'pod own');
    expect(spec.containers[0]!.volumeMounts).toEqual([{ mountPath: MOUNT_PATH, name: 'my-token' }]);
    expect(spec.containers[1]!.volumeMounts).toHaveLength(1);
    const added = spec.containers[1]!.volumeMounts![0]!.name;
    expect(added).toMatch(VOLUME_NAME);
    expect(spec.volumes!.map((v) => v.name)).toEqual(['my-token', added]);

    // Every container already mounts the path: nothing is added at all.
    const all = manifest(
      'all',
      `apiVersion: v1
kind: Pod
metadata:
  name: all
spec:
  containers:
  - name: mine
    image: nginx:1.25
    volumeMounts:
    - name: my-token
      mountPath: ${MOUNT_PATH}
  volumes:
  - name: my-token
    emptyDir: {}
`,
    );
    await t.sh(`kubectl apply -f ${all}`);
    const quiet = await specOf(t, 'pod all');
    expect(quiet.volumes!.map((v) => v.name)).toEqual(['my-token']);
    expect(quiet.containers[0]!.volumeMounts).toHaveLength(1);

    // A pod re-created from a `get -o yaml`, with one more container that mounts nothing: the plugin mounts the
    // kube-api-access-* volume the pod already has into it, instead of adding a second one.
    const copy = parse(await t.sh('kubectl get pod own -o yaml')) as Pod & { spec: Spec };
    const containers = [...copy.spec.containers, { name: 'extra', image: 'busybox:1.36' }];
    const again = manifest(
      'again',
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'own-copy' }, spec: { containers, volumes: copy.spec.volumes } }),
    );
    await t.sh(`kubectl create -f ${again}`);
    const copied = await specOf(t, 'pod own-copy');
    expect(copied.volumes!.map((v) => v.name)).toEqual(['my-token', added]);
    expect(copied.containers[1]!.volumeMounts).toEqual([{ mountPath: MOUNT_PATH, name: added, readOnly: true }]);
    expect(copied.containers[2]!.volumeMounts).toEqual([{ mountPath: MOUNT_PATH, name: added, readOnly: true }]);
  });

  test("a Deployment's pods get the volume; the Deployment's and the ReplicaSet's pod templates do not", async () => {
    const t = await start();
    await t.sh('kubectl create deployment web --image=nginx:1.25 --replicas=2');
    await t.sh('run');
    const pods = (parse(await t.sh('kubectl get pods -l app=web -o yaml')) as { items: Array<{ metadata: { name: string }; spec: Spec }> }).items;
    expect(pods).toHaveLength(2);
    const names = new Set<string>();
    for (const p of pods) {
      expect(p.spec.volumes).toHaveLength(1);
      expect(p.spec.volumes![0]!.name).toMatch(VOLUME_NAME);
      expect(p.spec.containers[0]!.volumeMounts).toEqual([{ mountPath: MOUNT_PATH, name: p.spec.volumes![0]!.name, readOnly: true }]);
      names.add(p.spec.volumes![0]!.name);
    }
    expect(names.size).toBe(2); // each pod draws its own suffix
    const deploy = (parse(await t.sh('kubectl get deployment web -o yaml')) as { spec: { template: { spec: Spec } } }).spec.template.spec;
    expect(deploy.volumes).toBeUndefined();
    expect(deploy.containers[0]!.volumeMounts).toBeUndefined();
    const rs = (parse(await t.sh('kubectl get rs -o yaml')) as { items: Array<{ spec: { template: { spec: Spec } } }> }).items[0]!.spec.template.spec;
    expect(rs.volumes).toBeUndefined();
    expect(rs.containers[0]!.volumeMounts).toBeUndefined();
    expect(await t.sh('kubectl describe deployment web')).toMatch(/\n {2}Volumes: +<none>\n/);
  });
});

describe('kubectl apply keeps what the plugin added, as strategic merge patch does', () => {
  test('re-applying a pod with its own volumes and only a new image succeeds and keeps the token volume and mount', async () => {
    const t = await start();
    const body = (image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: vp
spec:
  containers:
  - name: app
    image: ${image}
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    emptyDir: {}
`;
    await t.sh(`kubectl apply -f ${manifest('vp1', body('nginx:1.25'))}`);
    const before = await specOf(t, 'pod vp');
    expect(await t.sh(`kubectl apply -f ${manifest('vp2', body('nginx:1.26'))}`)).toBe('pod/vp configured');
    const after = await specOf(t, 'pod vp');
    expect(after.volumes).toEqual(before.volumes);
    expect(after.containers[0]!.volumeMounts).toEqual(before.containers[0]!.volumeMounts);
    expect(after.volumes!.map((v) => v.name)).toEqual(['data', expect.stringMatching(VOLUME_NAME)]);
  });

  test('applyMerge: server-only list items stay in place; items dropped from the file since the last apply go', () => {
    const sa = { name: 'kube-api-access-abcde', mountPath: MOUNT_PATH, readOnly: true };
    const live = { volumeMounts: [{ name: 'data', mountPath: '/data' }, sa, { name: 'old', mountPath: '/old' }] };
    const last = { volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'old', mountPath: '/old' }] };
    const desired = { volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }] };
    expect(applyMerge(live, desired, last)).toEqual({ volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }, sa] });
  });
});

describe('ServiceAccount admission: determinism', () => {
  const script = ['kubectl create deployment web --image=nginx:1.25 --replicas=3', 'run', 'kubectl run solo --image=busybox'];
  async function volumeNames(seed: string): Promise<string> {
    const t = await start(seed);
    for (const line of script) await t.sh(line);
    return t.sh("kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}={.spec.volumes[0].name}{\"\\n\"}{end}'");
  }

  test('same seed, same script: the same kube-api-access suffixes; another seed draws others', async () => {
    const a = await volumeNames('sa-1');
    const b = await volumeNames('sa-1');
    expect(a).toBe(b);
    expect(a.trim().split('\n')).toHaveLength(4);
    for (const line of a.trim().split('\n')) expect(line.split('=')[1]).toMatch(VOLUME_NAME);
    const c = await volumeNames('sa-2');
    expect(c.replace(/=.*/g, '')).not.toBe(''); // pod names are seeded too …
    expect(c.match(/kube-api-access-\w{5}/g)).not.toEqual(a.match(/kube-api-access-\w{5}/g)); // … and so are the suffixes
  });

  test('the feature draws from its own stream: pod, ReplicaSet names, UIDs, IPs and nodes are exactly what they were before it', async () => {
    // Recorded with the same script and the plugin's call switched off (the busybox pod crash-loops, and each
    // restart pulls: the names follow the kubelet's timing, not the plugin).
    const t = await start('sa-names');
    const m = manifestDir('sa-base-');
    await t.sh('kubectl create deployment web --image=nginx:1.25 --replicas=3');
    await t.sh(`kubectl apply -f ${m('solo', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  containers:\n  - name: c\n    image: busybox\n')}`);
    await t.sh('run');
    await t.sh('kubectl set image deployment/web nginx=nginx:1.26');
    await t.sh('run');
    await t.sh('kubectl scale deployment web --replicas=5');
    await t.sh('run');
    const pods = await t.sh(
      "kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.uid} {.status.podIP} {.spec.nodeName}{\"\\n\"}{end}'",
    );
    expect(pods.trim().split('\n')).toEqual([
      'solo 1d1a15de-50f0-4132-baa7-4bc5cdbbf16d 10.244.1.3 node-1',
      'web-865f4cf4d9-2bg5p 97ecf83d-d1b1-4cb8-94e7-d40c8532d11b 10.244.2.4 node-2',
      'web-865f4cf4d9-d5vpk e9315752-cb24-453c-85fc-00a258c86712 10.244.2.3 node-2',
      'web-865f4cf4d9-lgk8t 488eb2b6-0090-4042-8033-be98db74aa9e 10.244.3.3 node-3',
      'web-865f4cf4d9-wn9d8 a69783a3-681f-455c-9345-717fbd0a6746 10.244.3.4 node-3',
      'web-865f4cf4d9-xmjbn 0f87b8ba-b841-47bb-aa6e-71accd269dd6 10.244.1.4 node-1',
    ]);
    expect((await t.sh("kubectl get rs -o jsonpath='{.items[*].metadata.name}'")).trim()).toBe('web-68bf9f694d web-865f4cf4d9');
    expect(pods).not.toContain('kube-api-access');
    expect((await t.sh("kubectl get pod solo -o jsonpath='{.spec.volumes[0].name}'")).trim()).toMatch(/^kube-api-access-\w{5}$/);
  });

  test('Rand.derive: a stream of its own that takes nothing from the parent', () => {
    const plain = new Rand('s');
    const parent = new Rand('s');
    const child = parent.derive('serviceaccount-admission');
    child.string(50, 'ab');
    expect(parent.string(20, 'abcdef')).toBe(plain.string(20, 'abcdef'));
    expect(parent.derive('x').string(10, 'abcdef')).toBe(new Rand('s/x').string(10, 'abcdef'));
  });
});

describe('admitServiceAccount (unit)', () => {
  const base = (): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });

  test('defaults serviceAccountName and mounts the token; a mirror pod is left as it came', () => {
    const p = base();
    admitServiceAccount(p, new Rand('u'));
    expect(p.spec.serviceAccountName).toBe('default');
    expect((p.spec.containers[0] as { volumeMounts?: unknown[] }).volumeMounts).toHaveLength(1);
    const mirror = base();
    mirror.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc' };
    admitServiceAccount(mirror, new Rand('u'));
    expect(mirror.spec).toEqual(base().spec);
  });

  test('automountServiceAccountToken: true keeps the mount; the mount path constant is the real one', () => {
    const p = base();
    (p.spec as { automountServiceAccountToken?: boolean }).automountServiceAccountToken = true;
    admitServiceAccount(p, new Rand('u'));
    expect(DEFAULT_API_TOKEN_MOUNT_PATH).toBe(MOUNT_PATH);
    expect((p.spec as { volumes?: unknown[] }).volumes).toHaveLength(1);
  });
});

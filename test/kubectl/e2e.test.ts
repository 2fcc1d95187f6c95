// kubectl end to end through the cluster shell: the real API server behind it, lines as a learner types them.
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Cluster } from '../../src/cluster/sim/cluster';
import { prefixEnd } from '../../src/cluster/store/types';
import { runScript } from '../../src/cli/cluster';

interface Captured {
  cluster: Cluster;
  /** stdout and stderr interleaved, stderr lines prefixed with "! ". */
  all: string[];
  out: string[];
  err: string[];
  run(line: string): Promise<{ ok: boolean; out: string; err: string }>;
}

const open: Cluster[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.stop();
});

async function start(opts: { bare?: boolean } = {}): Promise<Captured> {
  const cap = { all: [] as string[], out: [] as string[], err: [] as string[] };
  const io = {
    out: (t: string) => {
      const s = t.endsWith('\n') ? t : `${t}\n`;
      cap.out.push(s);
      cap.all.push(s);
    },
    err: (t: string) => {
      const s = t.endsWith('\n') ? t : `${t}\n`;
      cap.err.push(s);
      cap.all.push(`! ${s}`);
    },
  };
  const cluster = await Cluster.start({ nodes: 3, seed: '7', bare: opts.bare }, io);
  open.push(cluster);
  return {
    cluster,
    ...cap,
    async run(line: string) {
      const o = cap.out.length;
      const e = cap.err.length;
      const ok = await cluster.shell.exec(line);
      return { ok, out: cap.out.slice(o).join(''), err: cap.err.slice(e).join('') };
    },
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-e2e-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
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
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 80
`;

const SOLO = `apiVersion: v1
kind: Pod
metadata:
  name: solo
  labels: {app: solo}
spec:
  containers:
  - name: c
    image: busybox
`;

describe('kubectl through the shell', () => {
  test('apply → get → describe → apply again → replace with a stale resourceVersion (409) → delete', async () => {
    const k = await start();
    const webFile = file('web.yaml', WEB);

    let r = await k.run(`kubectl apply -f ${webFile}`);
    expect(r).toMatchObject({ ok: true, out: 'deployment.apps/web created\nservice/web created\n' });

    r = await k.run('kubectl get deployments');
    expect(r.out.split('\n')[0]).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE');
    expect(r.out.split('\n')[1]).toMatch(/^web    \d\/2     \d            \d           \d+s$/);

    r = await k.run('kubectl get svc web -o wide');
    expect(r.out).toMatch(/^NAME   TYPE        CLUSTER-IP\s+EXTERNAL-IP   PORT\(S\)   AGE   SELECTOR\nweb    ClusterIP   10\.\d+\.\d+\.\d+\s+<none>        80\/TCP    \d+s\s+app=web\n$/);

    r = await k.run('kubectl describe deployment web');
    expect(r.out).toMatch(/^Name:\s+web\nNamespace:\s+default\nCreationTimestamp:\s+\w{3}, \d\d \w{3} 2026/);
    expect(r.out).toContain('RollingUpdateStrategy:  25% max unavailable, 25% max surge\n');

    r = await k.run(`kubectl apply -f ${webFile}`);
    expect(r.out).toBe('deployment.apps/web unchanged\nservice/web unchanged\n');

    r = await k.run(`kubectl apply -f ${file('web2.yaml', WEB.replace('replicas: 2', 'replicas: 3'))}`);
    expect(r.out).toBe('deployment.apps/web configured\nservice/web unchanged\n');
    expect(r.err).toBe('');

    // an object made imperatively has no last-applied-configuration: apply warns and adds it
    await k.run('kubectl create deployment api --image=nginx');
    r = await k.run(`kubectl apply -f ${file('api.yaml', WEB.split('---')[0]!.replace(/web/g, 'api'))}`);
    expect(r.out).toBe('deployment.apps/api configured\n');
    expect(r.err).toBe(
      'Warning: resource deployments/api is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );

    // the resourceVersion the learner read first is stale by now
    const svc = JSON.parse((await k.run('kubectl get service web -o json')).out);
    await k.run('kubectl label service web tier=frontend');
    const stale = file('stale.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  resourceVersion: "${svc.metadata.resourceVersion}"\nspec:\n  selector: {app: web}\n  ports:\n  - port: 8080\n`);
    r = await k.run(`kubectl replace -f ${stale}`);
    expect(r.ok).toBe(false);
    expect(r.err).toBe(
      `Error from server (Conflict): error when replacing "${stale}": Operation cannot be fulfilled on services "web": the object has been modified; please apply your changes to the latest version and try again\n`,
    );

    r = await k.run('kubectl delete service web');
    expect(r).toMatchObject({ ok: true, out: 'service "web" deleted\n' });
    r = await k.run('kubectl get service web');
    expect(r).toMatchObject({ ok: false, err: 'Error from server (NotFound): services "web" not found\n' });
    r = await k.run('kubectl delete deployment.apps/web');
    expect(r.out).toBe('deployment.apps "web" deleted\n');
  });

  test('get -o yaml / json / name, several types, and "No resources found"', async () => {
    const k = await start();
    let r = await k.run('kubectl get pods');
    expect(r).toMatchObject({ ok: true, out: '', err: 'No resources found in default namespace.\n' });
    r = await k.run('kubectl get pods -n kube-system');
    expect(r.err).toBe('No resources found in kube-system namespace.\n');

    await k.run(`kubectl apply -f ${file('solo.yaml', SOLO)}`);
    r = await k.run('kubectl get pod solo -o yaml');
    expect(r.out).toMatch(
      /^apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    kubectl\.kubernetes\.io\/last-applied-configuration: \|\n      \{"apiVersion":"v1","kind":"Pod","metadata":\{"labels":\{"app":"solo"\},"name":"solo","namespace":"default"\},"spec":\{"containers":\[\{"image":"busybox","name":"c"\}\]\}\}\n  creationTimestamp: "2026-01-01T00:00:\d\dZ"\n  labels:\n    app: solo\n  name: solo\n  namespace: default\n  resourceVersion: "\d+"\n/,
    );
    r = await k.run('kubectl get pods -o json');
    const list = JSON.parse(r.out);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    expect(list.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toContain('solo');
    expect(r.out.startsWith('{\n    "apiVersion": "v1",\n    "items": [')).toBe(true);
    r = await k.run('kubectl get pods,svc -o name');
    expect(r.out).toContain('pod/solo\n');
    expect(r.out).toContain('service/kubernetes\n');

    r = await k.run('kubectl get po,svc');
    expect(r.out).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod\/solo\s+/);
    expect(r.out).toMatch(/\n\nNAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+/);

    r = await k.run(`kubectl get pods -o jsonpath='{.items[*].metadata.name}'`);
    expect(r.out).toMatch(/(^| )solo( |\n)/);
    r = await k.run('kubectl get pods -o custom-columns=NAME:.metadata.name,APP:.metadata.labels.app,NOPE:.spec.nope');
    expect(r.out).toMatch(/^NAME\s+APP\s+NOPE\n(.*\n)*solo\s+solo\s+<none>\n/);
    r = await k.run('kubectl get ns --sort-by=.metadata.name -o name');
    expect(r.out).toBe('namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n');

    r = await k.run('kubectl get ns');
    expect(r.out).toMatch(/^NAME\s+STATUS\s+AGE\ndefault\s+Active\s+\d+s\n/);
    r = await k.run('kubectl get pods -A -l app=solo');
    expect(r.out).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\ndefault\s+solo\s+/);
  });

  test("errors read as kubectl's, one line each, and a failing line fails the script line", async () => {
    const k = await start();
    expect(await k.run('kubectl get podz')).toMatchObject({ ok: false, err: 'error: the server doesn\'t have a resource type "podz"\n' });
    expect(await k.run('kubectl get pods --foo')).toMatchObject({ ok: false, err: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n" });
    expect(await k.run('kubectl get pod x')).toMatchObject({ ok: false, err: 'Error from server (NotFound): pods "x" not found\n' });
    expect(await k.run('kubectl describe pod x')).toMatchObject({ ok: false, err: 'Error from server (NotFound): pods "x" not found\n' });
    expect(await k.run('kubectl delete pod x')).toMatchObject({ ok: false, err: 'Error from server (NotFound): pods "x" not found\n' });
    expect((await k.run('kubectl gte pods')).err).toBe('error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n');
    expect((await k.run('kubectl create deployment web')).err).toBe('error: required flag(s) "image" not set\n');
    // verbs the real kubectl has but a simulated cluster cannot honour say so, in one line
    const logs = await k.run('kubectl logs web-1');
    expect(logs.ok).toBe(false);
    expect(logs.err).toMatch(/^error: "kubectl logs" is not available here: [^\n]+\n$/);
    expect((await k.run('kubectl cluster-info')).out).toMatch(/^Kubernetes control plane is running at https:\/\/[\d.]+:6443\n/);
    const r = await k.run('kubectl create deployment bad --image=nginx --replicas=-1');
    expect(r.ok).toBe(false);
    expect(r.err).toMatch(/^The Deployment "bad" is invalid: spec\.replicas: /);
  });

  test('a built-in kind the mini-cluster does not serve says so, instead of "no such resource type" or "install CRDs"', async () => {
    const k = await start();
    const served = 'the mini-cluster serves pods, nodes, deployments, replicasets, services, endpoints, events, namespaces, leases';
    const cm = file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n');
    expect(await k.run(`kubectl apply -f ${cm}`)).toMatchObject({ ok: false, err: `error: kind ConfigMap (v1) in "${cm}" is not available here: ${served}\n` });
    expect((await k.run('kubectl get sts')).err).toBe(`error: "sts" (StatefulSet) is not available here: ${served}\n`);
    // A typo is still kubectl's own answer.
    expect((await k.run('kubectl get configmapz')).err).toBe('error: the server doesn\'t have a resource type "configmapz"\n');
  });

  test("broken YAML: one line with the file and go-yaml's line and words; nothing stored; the script exits 1", async () => {
    const k = await start();
    const broken = file('broken.yaml', `${SOLO}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: 1\n`);
    const before = await k.cluster.kv.range({ key: '/registry/', rangeEnd: prefixEnd('/registry/'), keysOnly: true });
    const code = await runScript(k.cluster, [`kubectl apply -f ${broken}`], { echo: false });
    expect(code).toBe(1);
    expect(k.err.join('')).toBe(`error: error parsing ${broken}: error converting YAML to JSON: yaml: line 15: mapping values are not allowed in this context\n`);
    const after = await k.cluster.kv.range({ key: '/registry/', rangeEnd: prefixEnd('/registry/'), keysOnly: true });
    expect(after.kvs.map((kv) => kv.key)).toEqual(before.kvs.map((kv) => kv.key));
    expect(after.kvs.some((kv) => kv.key === '/registry/pods/default/solo')).toBe(false);
  });

  test('a malformed quantity is refused as the serializer refuses it; nothing stored', async () => {
    const k = await start();
    const pod = (name: string, q: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests:\n        ${q}\n`;
    const lots = file('lots.yaml', pod('lots', 'cpu: lots'));
    expect(await k.run(`kubectl apply -f ${lots}`)).toMatchObject({
      ok: false,
      err: `Error from server (BadRequest): error when creating "${lots}": Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n`,
    });
    const mmi = file('mmi.yaml', pod('mmi', 'memory: 32MMi'));
    expect((await k.run(`kubectl create -f ${mmi}`)).err).toBe(
      `Error from server (BadRequest): error when creating "${mmi}": Pod in version "v1" cannot be handled as a Pod: unable to parse quantity's suffix\n`,
    );
    expect((await k.run('kubectl get pods')).err).toBe('No resources found in default namespace.\n');
    expect((await k.run(`kubectl apply -f ${file('ok.yaml', pod('ok', 'cpu: 250m'))}`)).ok).toBe(true);
  });

  test('get pods -w prints the table, then a row each time a later line changes a pod', async () => {
    const k = await start();
    await k.run(`kubectl apply -f ${file('solo-w.yaml', SOLO)}`);
    const start0 = k.out.length;
    const code = await runScript(k.cluster, ['kubectl get pods -w', 'kubectl label pod solo tier=db', 'kubectl delete pod solo'], { echo: true });
    expect(code).toBe(0);
    const lines = k.out.slice(start0).join('').split('\n');
    expect(lines[0]).toBe('$ kubectl get pods -w');
    const header = lines[1]!;
    expect(header).toMatch(/^NAME   READY   STATUS\s+RESTARTS\s+AGE$/);
    const at = ['READY', 'STATUS', 'RESTARTS', 'AGE'].map((h) => header.indexOf(h));
    /** A row lines up under the first table's header. */
    const aligned = (row: string) => row.startsWith('solo ') && at.every((i) => row[i - 1] === ' ' && row[i] !== ' ');
    expect(aligned(lines[2]!)).toBe(true);
    const labeled = lines.indexOf('pod/solo labeled');
    expect(labeled).toBeGreaterThan(2);
    // the watch printed at least one row for the label change, lined up under the first table, no new header
    const afterLabel = lines.slice(labeled + 1, lines.indexOf('$ kubectl delete pod solo'));
    expect(afterLabel.length).toBeGreaterThan(0);
    for (const row of afterLabel) expect(aligned(row)).toBe(true);
    const deleted = lines.indexOf('pod "solo" deleted');
    expect(deleted).toBeGreaterThan(labeled);
    expect(lines.slice(deleted + 1).filter((l) => l.startsWith('solo   ')).length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.startsWith('NAME '))).toHaveLength(1);
  });

  test('get pod NAME -w: the pod once, then only its later changes', async () => {
    const k = await start();
    await k.run('kubectl run solo --image=nginx');
    await k.run('kubectl run other --image=nginx');
    const w = await k.run('kubectl get pod solo -w');
    expect(w.out.split('\n').filter((l) => l.startsWith('solo '))).toHaveLength(1);
    const other = await k.run('kubectl label pod other x=y');
    expect(other.out).toBe('pod/other labeled\n');
    const mine = await k.run('kubectl label pod solo x=y');
    expect(mine.out.startsWith('pod/solo labeled\nsolo ')).toBe(true);
  });

  test('get -w --output-watch-events: an EVENT column with the watch event types', async () => {
    const k = await start();
    await k.run('kubectl get pods -w --output-watch-events');
    await k.run('kubectl run solo --image=nginx');
    const r = await k.run('kubectl delete pod solo');
    const rows = k.out.join('').split('\n');
    // formattedEventType pads the types to MODIFIED's width
    expect(rows).toContain('EVENT      NAME   READY   STATUS    RESTARTS   AGE');
    expect(rows.some((l) => /^ADDED      solo   0\/1     Pending   0          0s$/.test(l))).toBe(true);
    expect(r.out.split('\n').some((l) => l.startsWith('DELETED '))).toBe(true);
  });

  test('create deployment, scale, set image, expose, rollout history', async () => {
    const k = await start();
    expect((await k.run('kubectl create deployment api --image=nginx:1.14.2 --replicas=2 --port=8080')).out).toBe('deployment.apps/api created\n');
    const d = JSON.parse((await k.run('kubectl get deploy api -o json')).out);
    expect(d.metadata.labels).toEqual({ app: 'api' });
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'api' } });
    expect(d.spec.template.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 8080 }] });
    expect((await k.run('kubectl create deployment dry --image=nginx --dry-run=client -o yaml')).out).toBe(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: dry',
        '  name: dry',
        'spec:',
        '  replicas: 1',
        '  selector:',
        '    matchLabels:',
        '      app: dry',
        '  strategy: {}',
        '  template:',
        '    metadata:',
        '      creationTimestamp: null',
        '      labels:',
        '        app: dry',
        '    spec:',
        '      containers:',
        '      - image: nginx',
        '        name: nginx',
        '        resources: {}',
        'status: {}',
        '',
      ].join('\n'),
    );
    expect((await k.run('kubectl scale deploy api --replicas=4')).out).toBe('deployment.apps/api scaled\n');
    expect((await k.run('kubectl set image deployment/api nginx=nginx:1.16.1')).out).toBe('deployment.apps/api image updated\n');
    expect((await k.run('kubectl set image deployment/api foo=x')).err).toBe('error: unable to find container named "foo"\n');
    const d2 = JSON.parse((await k.run('kubectl get deployment api -o json')).out);
    expect(d2.spec.replicas).toBe(4);
    expect(d2.spec.template.spec.containers[0].image).toBe('nginx:1.16.1');
    expect((await k.run('kubectl expose deployment api --port=80 --target-port=8080')).out).toBe('service/api exposed\n');
    const svc = JSON.parse((await k.run('kubectl get svc api -o json')).out);
    expect(svc.spec.selector).toEqual({ app: 'api' });
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8080, protocol: 'TCP' });
    expect((await k.run('kubectl rollout history deployment/nope')).err).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect((await k.run('kubectl rollout pause deployment/api')).out).toBe('deployment.apps/api paused\n');
    expect((await k.run('kubectl rollout pause deployment/api')).err).toBe('error: deployments.apps "api" is already paused\n');
    expect((await k.run('kubectl rollout undo deployment/api')).err).toBe(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
    );
    expect((await k.run('kubectl rollout resume deployment/api')).out).toBe('deployment.apps/api resumed\n');
  });

  test('a rollout with the controllers running: status, history from the revision annotations, undo', async () => {
    const k = await start();
    await k.run('kubectl create deployment web --image=nginx:1.14.2 --replicas=3');
    expect((await k.run('kubectl rollout status deployment/web')).out).toBe('deployment "web" successfully rolled out\n');
    expect((await k.run('kubectl get deployment web')).out).toMatch(/^NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3\/3     3            3           \d+s\n$/);
    const pods = (await k.run('kubectl get pods -l app=web')).out.split('\n').slice(1, -1);
    expect(pods).toHaveLength(3);
    for (const row of pods) expect(row).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}   1\/1     Running   0          \d+s$/);

    await k.run('kubectl set image deployment/web nginx=nginx:1.16.1');
    await k.run('time advance 30s');
    expect((await k.run('kubectl rollout status deploy/web')).out).toBe('deployment "web" successfully rolled out\n');
    expect((await k.run('kubectl rollout history deployment/web')).out).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
    );
    // printTemplate writes DescribePodTemplate without a tabwriter: raw tabs, the RS's pod-template-hash label, a blank line after
    expect((await k.run('kubectl rollout history deployment/web --revision=1')).out).toMatch(
      /^deployment\.apps\/web with revision #1\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=[a-z0-9]+\n  Containers:\n   nginx:\n    Image:\tnginx:1\.14\.2\n[^]*  Tolerations:\t<none>\n\n$/,
    );
    expect((await k.run('kubectl rollout undo deployment/web --to-revision=9')).err).toBe('error: unable to find specified revision 9 in history\n');
    expect((await k.run('kubectl rollout undo deployment/web')).out).toBe('deployment.apps/web rolled back\n');
    await k.run('time advance 30s');
    expect((await k.run('kubectl get deploy web -o jsonpath={.spec.template.spec.containers[0].image}')).out).toBe('nginx:1.14.2\n');
    expect((await k.run('kubectl rollout history deployment/web')).out).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
    );
    expect((await k.run('kubectl rollout undo deployment/web --to-revision=3')).out).toBe(
      'deployment.apps/web skipped rollback (current template already matches revision 3)\n',
    );
    const described = (await k.run('kubectl describe deployment web')).out;
    expect(described).toMatch(/\nOldReplicaSets:  web-[a-z0-9]+ \(0\/0 replicas created\)\nNewReplicaSet:   web-[a-z0-9]+ \(3\/3 replicas created\)\n/);
    expect(described).toMatch(/\n  Normal  ScalingReplicaSet  \d+s\s+deployment-controller  Scaled up replica set web-[a-z0-9]+ from 0 to 3\n/);
  });

  test('label --overwrite, delete -l, delete -f, scale TYPE/NAME', async () => {
    const k = await start();
    const webFile = file('web-del.yaml', WEB);
    await k.run(`kubectl apply -f ${webFile}`);
    await k.run('kubectl run a --image=nginx --labels=tier=db');
    await k.run('kubectl run b --image=nginx --labels=tier=db');
    expect((await k.run('kubectl label pod a tier=cache')).err).toBe("error: 'tier' already has a value (db), and --overwrite is false\n");
    expect((await k.run('kubectl label pod a tier=cache --overwrite')).out).toBe('pod/a labeled\n');
    expect((await k.run('kubectl label pod a tier=cache')).out).toBe('pod/a not labeled\n');
    expect((await k.run('kubectl scale deployment/web --replicas=1')).out).toBe('deployment.apps/web scaled\n');
    expect((await k.run('kubectl delete pods -l tier=db')).out).toBe('pod "b" deleted\n');
    expect((await k.run('kubectl delete pods -l tier=nothing')).err).toBe('No resources found\n');
    expect((await k.run(`kubectl delete -f ${webFile}`)).out).toBe('deployment.apps "web" deleted\nservice "web" deleted\n');
    const again = await k.run(`kubectl delete -f ${webFile}`);
    expect(again.err).toBe(
      `Error from server (NotFound): error when deleting "${webFile}": deployments.apps "web" not found\nError from server (NotFound): error when deleting "${webFile}": services "web" not found\n`,
    );
  });

  test('run, create namespace, annotate', async () => {
    const k = await start();
    expect((await k.run('kubectl run bb --image=busybox --restart=Never -- sleep 3600')).out).toBe('pod/bb created\n');
    const pod = JSON.parse((await k.run('kubectl get pod bb -o json')).out);
    expect(pod.metadata.labels).toEqual({ run: 'bb' });
    expect(pod.spec).toMatchObject({ restartPolicy: 'Never', containers: [{ name: 'bb', image: 'busybox', args: ['sleep', '3600'] }] });
    expect((await k.run('kubectl run x --image=nginx --dry-run=client -o yaml')).out).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: x\n  name: x\nspec:\n  containers:\n  - image: nginx\n    name: x\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n',
    );
    expect((await k.run('kubectl get pod x')).ok).toBe(false);
    expect((await k.run('kubectl create namespace team-a')).out).toBe('namespace/team-a created\n');
    expect((await k.run('kubectl create namespace team-a')).err).toBe('Error from server (AlreadyExists): namespaces "team-a" already exists\n');
    expect((await k.run('kubectl annotate pod bb owner=me')).out).toBe('pod/bb annotated\n');
    expect((await k.run('kubectl annotate pod bb owner=you')).err).toBe(
      "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (me)\n",
    );
    expect((await k.run('kubectl annotate pod bb owner=you --overwrite')).out).toBe('pod/bb annotated\n');
  });

  test('a second get -w replaces the first (one foreground watch, as one terminal holds one kubectl -w)', async () => {
    const k = await start();
    await k.run('kubectl get pods -w');
    await k.run('kubectl get namespaces -w');
    const r = await k.run('kubectl run solo --image=nginx');
    expect(r.out).toBe('pod/solo created\n');
    const ns = await k.run('kubectl create namespace team-b');
    // the namespaces table was printed when the watch began; the new namespace comes as one row, lined up
    expect(ns.out).toBe('namespace/team-b created\nteam-b            Active   0s\n');
  });

  test('cordon, uncordon and drain', async () => {
    const k = await start();
    const nodes = (await k.run('kubectl get nodes -o name')).out.trim().split('\n').filter((n) => n !== '');
    if (nodes.length === 0) {
      // nodes register with the kubelets; until those run, a node can be created by hand
      await k.run(`kubectl apply -f ${file('node.yaml', 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node-9\n')}`);
      nodes.push('node/node-9');
    }
    const node = nodes[0]!.slice('node/'.length);
    expect((await k.run(`kubectl cordon ${node}`)).out).toBe(`node/${node} cordoned\n`);
    expect((await k.run(`kubectl cordon ${node}`)).out).toBe(`node/${node} already cordoned\n`);
    expect((await k.run(`kubectl get node ${node}`)).out).toMatch(/SchedulingDisabled/);
    expect((await k.run(`kubectl uncordon ${node}`)).out).toBe(`node/${node} uncordoned\n`);
    const bare = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  nodeName: ${node}\n  containers:\n  - name: c\n    image: busybox\n`;
    await k.run(`kubectl apply -f ${file('bare.yaml', bare)}`);
    const r = await k.run(`kubectl drain ${node}`);
    expect(r.ok).toBe(false);
    expect(r.out).toBe(`node/${node} cordoned\n`);
    expect(r.err).toBe(
      `error: unable to drain node "${node}" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...\nThere are pending nodes to be drained:\n ${node}\ncannot delete Pods that declare no controller (use --force to override): default/bare\n`,
    );
    const forced = await k.run(`kubectl drain ${node} --force --ignore-daemonsets`);
    expect(forced.ok).toBe(true);
    expect(forced.out).toContain(`node/${node} already cordoned\n`);
    expect(forced.out).toContain('evicting pod default/bare\npod/bare evicted\n');
    expect(forced.out.endsWith(`node/${node} drained\n`)).toBe(true);
    expect(forced.err).toContain('Warning: deleting Pods that declare no controller: default/bare');
  });

  test('same seed, same script: the same kubectl output byte for byte', async () => {
    const webFile = file('web-det.yaml', WEB);
    const script = [`kubectl apply -f ${webFile}`, 'kubectl get pods -o wide', 'kubectl get rs', 'kubectl describe deployment web', 'kubectl get events'];
    const outputs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const k = await start();
      for (const line of script) await k.run(line);
      outputs.push(k.all.join(''));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[0]).toContain('deployment.apps/web created');
  });

  test('patch: strategic merge (containers by name), JSON merge, JSON patch, "(no change)"', async () => {
    const k = await start();
    await k.run('kubectl create deployment web --image=nginx:1.14.2 --replicas=2');
    expect((await k.run(`kubectl patch deployment web -p '{"spec":{"replicas":3}}'`)).out).toBe('deployment.apps/web patched\n');
    expect((await k.run(`kubectl patch deployment web -p '{"spec":{"replicas":3}}'`)).out).toBe('deployment.apps/web patched (no change)\n');
    await k.run(`kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.16.1"}]}}}}'`);
    const d = JSON.parse((await k.run('kubectl get deploy web -o json')).out);
    expect(d.spec.template.spec.containers).toHaveLength(1);
    expect(d.spec.template.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx:1.16.1', terminationMessagePolicy: 'File' });
    await k.run(`kubectl patch deploy/web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'`);
    await k.run(`kubectl patch deploy web --type merge -p 'metadata: {labels: {tier: web}}'`);
    expect((await k.run('kubectl get deploy web -o jsonpath={.spec.replicas}/{.metadata.labels.tier}')).out).toBe('1/web\n');
    expect((await k.run(`kubectl patch deploy web --type=json -p '[{"op":"remove","path":"/spec/nope"}]'`)).err).toBe(
      'error: unable to apply the patch: remove operation does not apply: doc is missing path: "/spec/nope"\n',
    );
    expect((await k.run(`kubectl patch deploy web -p '{bad'`)).err).toMatch(/^error: unable to parse "\{bad": yaml: [^\n]+\n$/);
  });

  test('taint: add, refuse a duplicate without --overwrite, remove', async () => {
    const k = await start();
    await k.run(`kubectl apply -f ${file('node-t.yaml', 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node-t\n')}`);
    expect((await k.run('kubectl taint nodes node-t dedicated=gpu:NoSchedule')).out).toBe('node/node-t tainted\n');
    expect((await k.run('kubectl taint nodes node-t dedicated=gpu:NoSchedule')).err).toBe(
      'error: node node-t already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
    );
    expect((await k.run('kubectl describe node node-t')).out).toContain('\nTaints:             dedicated=gpu:NoSchedule\n');
    expect((await k.run('kubectl taint nodes node-t dedicated:NoSchedule-')).out).toBe('node/node-t untainted\n');
    expect((await k.run('kubectl taint nodes node-t dedicated-')).err).toBe('error: taint "dedicated" not found\n');
    expect((await k.run('kubectl taint nodes node-t a=b:Sometimes')).err).toBe(
      'error: invalid taint spec: a=b:Sometimes, invalid taint effect: Sometimes, unsupported taint effect\n',
    );
  });

  test('a bare etcd has no API server: kubectl says so', async () => {
    const k = await start({ bare: true });
    expect((await k.run('kubectl get pods')).err).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n');
    expect((await k.run('kubectl version --client')).out).toBe('Client Version: v1.31.0\nKustomize Version: v5.4.2\n');
    expect((await k.run('kubectl help')).ok).toBe(true);
  });

  test('Tab completion: verbs, types, names from the cluster, flags', async () => {
    const k = await start();
    await k.run(`kubectl apply -f ${file('solo-c.yaml', SOLO)}`);
    expect(await k.cluster.shell.complete('kubectl ge')).toEqual(['get']);
    expect(await k.cluster.shell.complete('kubectl get dep')).toEqual(['deployments', 'deployment', 'deploy']);
    expect(await k.cluster.shell.complete('kubectl describe pod so')).toEqual(['solo']);
    expect(await k.cluster.shell.complete('kubectl get pods --sh')).toEqual(['--show-labels']);
    expect(await k.cluster.shell.complete('kubectl get pods -n kube-')).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
    expect(await k.cluster.shell.complete('kubectl rollout ')).toEqual(['status', 'history', 'undo', 'restart', 'pause', 'resume']);
  });
});

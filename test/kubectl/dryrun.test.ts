// --dry-run=client|server on every kubectl verb that takes it: nothing reaches the store (same etcd revision, same
// `kubectl get`), kubectl's own words ("created (dry run)", "(server dry run)"), the server's real errors.
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Cluster } from '../../src/cluster/sim/cluster';

const open: Cluster[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.stop();
});

async function start(seed = '7') {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (t: string) => void out.push(t.endsWith('\n') ? t : `${t}\n`),
    err: (t: string) => void err.push(t.endsWith('\n') ? t : `${t}\n`),
  };
  const cluster = await Cluster.start({ nodes: 3, seed }, io);
  open.push(cluster);
  const run = async (line: string) => {
    const o = out.length;
    const e = err.length;
    const ok = await cluster.shell.exec(line);
    return { ok, out: out.slice(o).join(''), err: err.slice(e).join('') };
  };
  const revision = async () => (await cluster.kv.status()).header.revision;
  /** What a learner would look at: every object kubectl shows, as JSON (no time passes during a dry run). */
  const world = async () => (await run('kubectl get pods,deployments,replicasets,services,namespaces,nodes -A -o json')).out;
  return { cluster, run, revision, world };
}

const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-dryrun-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

const DRY_POD = file('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: dry\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
const WEB_YAML =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.14.2\n        ports:\n        - containerPort: 80\n';
const WEB = file('web.yaml', WEB_YAML);
const WEB_CHANGED = file('web2.yaml', WEB_YAML.replace('replicas: 2', 'replicas: 4'));

/** Each verb's dry-run line (with MODE for the strategy) and what kubectl prints for it, SUFFIX being the strategy's. */
const CASES: Array<[string, string]> = [
  [`kubectl apply -f ${DRY_POD} --dry-run=MODE`, 'pod/dry created SUFFIX\n'],
  [`kubectl apply -f ${WEB_CHANGED} --dry-run=MODE`, 'deployment.apps/web configured SUFFIX\n'],
  [`kubectl apply -f ${WEB} --dry-run=MODE`, 'deployment.apps/web unchanged SUFFIX\n'],
  [`kubectl create -f ${DRY_POD} --dry-run=MODE`, 'pod/dry created SUFFIX\n'],
  ['kubectl create deployment api --image=nginx --dry-run=MODE', 'deployment.apps/api created SUFFIX\n'],
  ['kubectl create namespace foo --dry-run=MODE', 'namespace/foo created SUFFIX\n'],
  ['kubectl run x --image=nginx --dry-run=MODE', 'pod/x created SUFFIX\n'],
  ['kubectl expose deployment web --port=80 --dry-run=MODE', 'service/web exposed SUFFIX\n'],
  ['kubectl delete pod solo --dry-run=MODE', 'pod "solo" deleted SUFFIX\n'],
  ['kubectl delete deployment web --dry-run=MODE', 'deployment.apps "web" deleted SUFFIX\n'],
  ['kubectl scale deployment web --replicas=5 --dry-run=MODE', 'deployment.apps/web scaled SUFFIX\n'],
  ['kubectl label pod solo tier=db --dry-run=MODE', 'pod/solo labeled SUFFIX\n'],
  ['kubectl annotate pod solo owner=me --dry-run=MODE', 'pod/solo annotated SUFFIX\n'],
  [`kubectl patch deployment web -p '{"spec":{"replicas":3}}' --dry-run=MODE`, 'deployment.apps/web patched SUFFIX\n'],
  [`kubectl replace -f ${WEB_CHANGED} --dry-run=MODE`, 'deployment.apps/web replaced SUFFIX\n'],
  ['kubectl set image deployment/web nginx=nginx:1.16.1 --dry-run=MODE', 'deployment.apps/web image updated SUFFIX\n'],
  ['kubectl rollout restart deployment/web --dry-run=MODE', 'deployment.apps/web restarted SUFFIX\n'],
  ['kubectl rollout pause deployment/web --dry-run=MODE', 'deployment.apps/web paused SUFFIX\n'],
  ['kubectl cordon node-1 --dry-run=MODE', 'node/node-1 cordoned SUFFIX\n'],
  ['kubectl uncordon node-1 --dry-run=MODE', 'node/node-1 already uncordoned SUFFIX\n'],
  ['kubectl taint nodes node-1 dedicated=db:NoSchedule --dry-run=MODE', 'node/node-1 tainted SUFFIX\n'],
];

async function withWorkload() {
  const k = await start();
  expect((await k.run(`kubectl apply -f ${WEB}`)).out).toBe('deployment.apps/web created\n');
  expect((await k.run('kubectl run solo --image=busybox')).out).toBe('pod/solo created\n');
  await k.cluster.run();
  return k;
}

describe('kubectl --dry-run', () => {
  for (const mode of ['client', 'server'] as const) {
    test(`--dry-run=${mode} changes nothing on any verb and says so as kubectl does`, async () => {
      const k = await withWorkload();
      const suffix = mode === 'client' ? '(dry run)' : '(server dry run)';
      for (const [line, want] of CASES) {
        const rev = await k.revision();
        const before = await k.world();
        const r = await k.run(line.replace('MODE', mode));
        expect({ line, ...r }).toEqual({ line, ok: true, out: want.replace('SUFFIX', suffix), err: '' });
        expect({ line, rev: await k.revision() }).toEqual({ line, rev });
        expect((await k.world()) === before, line).toBe(true);
      }
    });
  }

  test('drain --dry-run names the pods it would evict and evicts none', async () => {
    const k = await withWorkload();
    const node = JSON.parse((await k.run('kubectl get pod solo -o json')).out).spec.nodeName as string;
    for (const [mode, suffix] of [
      ['client', '(dry run)'],
      ['server', '(server dry run)'],
    ] as const) {
      const rev = await k.revision();
      const before = await k.world();
      const r = await k.run(`kubectl drain ${node} --ignore-daemonsets --force --dry-run=${mode}`);
      expect(r.ok).toBe(true);
      const lines = r.out.trim().split('\n');
      expect(lines[0]).toBe(`node/${node} cordoned ${suffix}`);
      expect(lines).toContain(`evicting pod default/solo ${suffix}`);
      expect(lines[lines.length - 1]).toBe(`node/${node} drained ${suffix}`);
      expect(lines.some((l) => l.endsWith(' evicted'))).toBe(false);
      expect(r.err).toContain('Warning: deleting Pods that declare no controller: default/solo');
      expect(await k.revision()).toBe(rev);
      expect(await k.world()).toBe(before);
    }
    expect((await k.run('kubectl get pod solo')).ok).toBe(true);
  });

  test('rollout undo --dry-run=client prints the template it would roll back to; server says rolled back', async () => {
    const k = await withWorkload();
    await k.run('kubectl set image deployment/web nginx=nginx:1.16.1');
    const rev = await k.revision();
    const client = await k.run('kubectl rollout undo deployment/web --dry-run=client');
    expect(client.out).toMatch(/^deployment\.apps\/web Pod Template:\n[\s\S]*Image:\tnginx:1\.14\.2\n[\s\S]* \(dry run\)\n$/);
    expect((await k.run('kubectl rollout undo deployment/web --dry-run=server')).out).toBe('deployment.apps/web rolled back (server dry run)\n');
    expect(await k.revision()).toBe(rev);
    expect(JSON.parse((await k.run('kubectl get deployment web -o json')).out).spec.template.spec.containers[0].image).toBe('nginx:1.16.1');
  });

  test('a client dry run still reads: a missing object fails as it would', async () => {
    const k = await withWorkload();
    expect(await k.run('kubectl delete pod nope --dry-run=client')).toMatchObject({ ok: false, err: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(await k.run('kubectl scale deployment nope --replicas=2 --dry-run=client')).toMatchObject({
      ok: false,
      err: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    });
  });

  test('a server dry run fails with the real error: AlreadyExists, Invalid, Forbidden in a terminating namespace', async () => {
    const k = await withWorkload();
    const rev = await k.revision();
    expect(await k.run('kubectl create deployment web --image=nginx --dry-run=server')).toMatchObject({
      ok: false,
      err: 'Error from server (AlreadyExists): deployments.apps "web" already exists\n',
    });
    expect(await k.run(`kubectl create -f ${WEB} --dry-run=server`)).toMatchObject({
      ok: false,
      err: `Error from server (AlreadyExists): error when creating "${WEB}": deployments.apps "web" already exists\n`,
    });
    // the client never validates: only the server says the name is wrong
    expect((await k.run('kubectl run Bad_Name --image=nginx --dry-run=client')).ok).toBe(true);
    const invalid = await k.run('kubectl run Bad_Name --image=nginx --dry-run=server');
    expect(invalid.ok).toBe(false);
    expect(invalid.err).toMatch(/^The Pod "Bad_Name" is invalid: \n\* metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect((await k.run('kubectl scale deployment web --replicas=-1 --dry-run=server')).ok).toBe(false);
    expect(await k.revision()).toBe(rev);

    // a namespace held in Terminating by a pod's finalizer: no new content, dry run or not
    const held = file('held.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: held\n  namespace: gone\n  finalizers: [example.com/keep]\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
    await k.run('kubectl create namespace gone');
    await k.run(`kubectl apply -f ${held}`);
    await k.run('kubectl delete namespace gone');
    expect((await k.run('kubectl get namespace gone')).out).toContain('Terminating');
    const dry = await k.run('kubectl run q --image=nginx -n gone --dry-run=server');
    const real = await k.run('kubectl run q --image=nginx -n gone');
    expect(dry.ok).toBe(false);
    expect(dry.err).toMatch(/^Error from server \(Forbidden\): .* is forbidden: unable to create new content in namespace gone because it is being terminated\n$/);
    expect(real.err).toBe(dry.err);
  });

  test('a server dry run answers with the object the server would store; -o yaml of a client dry run is the object kubectl built', async () => {
    const k = await withWorkload();
    const server = JSON.parse((await k.run(`kubectl apply -f ${DRY_POD} --dry-run=server -o json`)).out);
    // defaulted and admitted as a real create, but never stored: no resourceVersion
    expect(server.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.metadata.resourceVersion).toBeUndefined();
    expect(server.spec).toMatchObject({ dnsPolicy: 'ClusterFirst', serviceAccountName: 'default', terminationGracePeriodSeconds: 30 });
    expect(server.spec.volumes[0].name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(server.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });

    expect((await k.run('kubectl create namespace foo --dry-run=client -o yaml')).out).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: foo\nspec: {}\nstatus: {}\n',
    );
    const applied = (await k.run(`kubectl apply -f ${DRY_POD} --dry-run=client -o yaml`)).out;
    expect(applied).toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect(applied).not.toContain('uid:');
    expect((await k.run('kubectl scale deployment web --replicas=5 --dry-run=server')).out).toBe('deployment.apps/web scaled (server dry run)\n');
    expect(JSON.parse((await k.run('kubectl get deployment web -o json')).out).spec.replicas).toBe(2);
    expect((await k.run('kubectl get pod dry')).ok).toBe(false);
  });

  test('a server dry run of a pod shifts none of the names and uids later real writes get', async () => {
    const a = await start('same');
    const b = await start('same');
    for (const k of [a, b]) await k.run('kubectl run p --image=nginx');
    expect((await b.run('kubectl run ghost --image=nginx --dry-run=server')).out).toBe('pod/ghost created (server dry run)\n');
    expect((await b.run('kubectl expose pod p --port=80 --name=ghost --dry-run=server')).out).toBe('service/ghost exposed (server dry run)\n');
    for (const k of [a, b]) {
      await k.run('kubectl run p2 --image=nginx');
      await k.run('kubectl expose pod p2 --port=80');
    }
    const pick = async (k: typeof a) => {
      const pod = JSON.parse((await k.run('kubectl get pod p2 -o json')).out);
      const svc = JSON.parse((await k.run('kubectl get svc p2 -o json')).out);
      return { uid: pod.metadata.uid, volume: pod.spec.volumes[0].name, ip: svc.spec.clusterIP, node: pod.spec.nodeName };
    };
    expect(await pick(b)).toEqual(await pick(a));
  });

  test('the flag: bare --dry-run is client with kubectl\'s warning; a bad value is kubectl\'s error', async () => {
    const k = await withWorkload();
    const bare = await k.run(`kubectl apply -f ${DRY_POD} --dry-run`);
    expect(bare.out).toBe('pod/dry created (dry run)\n');
    expect(bare.err).toMatch(/^W\d{4} \d\d:\d\d:\d\d\.\d{6} +1 helpers\.go:\d+\] --dry-run is deprecated and can be replaced with --dry-run=client\.\n$/);
    const boolean = await k.run('kubectl delete pod solo --dry-run=true');
    expect(boolean.out).toBe('pod "solo" deleted (dry run)\n');
    expect(boolean.err).toContain('--dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.');
    for (const line of [`kubectl apply -f ${DRY_POD} --dry-run=maybe`, 'kubectl scale deployment web --replicas=3 --dry-run=maybe', 'kubectl cordon node-1 --dry-run=maybe']) {
      expect(await k.run(line)).toMatchObject({ ok: false, out: '', err: 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n' });
    }
    expect(await k.run(`kubectl replace --force -f ${WEB} --dry-run=client`)).toMatchObject({ ok: false, err: 'error: --dry-run can not be used when --force is set\n' });
    expect((await k.run('kubectl get pod dry')).ok).toBe(false);
    expect((await k.run('kubectl create namespace none-ns --dry-run=none')).out).toBe('namespace/none-ns created\n');
  });
});

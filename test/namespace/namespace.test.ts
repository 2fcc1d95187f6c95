// Deleting a namespace as Kubernetes does: the API server marks it Terminating, the namespace-controller empties
// it (one step per sync), finalizers on its content hold it, and …/finalize lets the API server delete it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/cluster/apiserver/api';
import type { Namespace } from '../../src/cluster/apiserver/types';
import { startCluster, type TestCluster } from '../cluster/helpers';

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});

const HELD = `apiVersion: v1
kind: Service
metadata:
  name: held
  namespace: shop
  finalizers:
    - example.com/block
spec:
  ports:
    - port: 80
`;

function heldFile(): string {
  const f = path.join(mkdtempSync(path.join(tmpdir(), 'kt-ns-')), 'held.yaml');
  writeFileSync(f, HELD);
  return f;
}

const CONTENT_REMAINING = 'Some resources are remaining: services. has 1 resource instances';
const FINALIZERS_REMAINING = 'Some content in the namespace has finalizers remaining: example.com/block in 1 resource instances';

async function gone(tc: TestCluster, ns: string): Promise<boolean> {
  const r = await tc.run(`kubectl get ns ${ns}`);
  if (r.ok) return false;
  expect(r.err).toBe(`Error from server (NotFound): namespaces "${ns}" not found`);
  return true;
}

describe('namespace deletion: Terminating, then the namespace-controller', () => {
  it('delete marks it Terminating; one controller step deletes the content as collections; then it is gone', async () => {
    t = await startCluster({ nodes: 2 });
    await t.sh('kubectl create namespace demo');
    await t.sh('kubectl create deployment web --image=nginx --replicas=2 -n demo');
    await t.sh('kubectl expose deployment web --port=80 -n demo');
    await t.sh('break namespace-controller:act');
    expect(await t.sh('kubectl delete ns demo')).toContain('namespace "demo" deleted');
    // The API server only marked it; the controller has not run yet.
    expect(await t.sh('kubectl get ns demo')).toMatch(/^NAME\s+STATUS\s+AGE\ndemo\s+Terminating\s+\d+s\n?$/);
    const yaml = await t.sh('kubectl get ns demo -o yaml');
    expect(yaml).toMatch(/deletionTimestamp: "2026-01-01T00:00:\d\dZ"/);
    expect(yaml).toContain('spec:\n  finalizers:\n  - kubernetes\nstatus:\n  phase: Terminating');
    expect(await t.sh('kubectl get pods -n demo')).toMatch(/Running/);

    const step = await t.sh('step');
    expect(step).toMatch(/namespace-controller\s+reconcile\s+sync namespace demo/);
    expect(step).toMatch(/observe\s+namespace demo: deletionTimestamp .*, phase Terminating, spec\.finalizers \[kubernetes\]/);
    expect(step).toContain('pods: 2 left (web-');
    expect(step).toContain('DELETE pods?namespace=demo (deletecollection): 2 objects');
    expect(step).toContain('DELETE services?namespace=demo (deletecollection): 1 object');
    expect(step).toContain('DELETE deployments?namespace=demo (deletecollection): 1 object');
    expect(step).toContain('content remains (pods. has 2): ResourcesRemainingError, estimate 30 seconds');
    expect(step).toContain('Content remaining in namespace demo, waiting 16 seconds');
    // The pods were deleted gracefully, as a DELETE of them would: they are Terminating, not gone.
    expect(await t.sh('kubectl get pods -n demo')).toMatch(/Terminating/);
    expect(await t.sh('kubectl describe ns demo')).toMatch(/NamespaceContentRemaining\s+True\s+.*SomeResourcesRemain\s+Some resources are remaining: pods\. has 2 resource instances/);

    await t.sh('unbreak 1');
    await t.sh('run');
    expect(await gone(t, 'demo')).toBe(true);
    const finalize = t.cluster.api!.recentRequests(1000).find((r) => r.verb === 'finalize' && r.name === 'demo');
    expect(finalize).toMatchObject({ who: 'namespace-controller', code: 200 });
    expect(await t.sh('kubectl get ns')).not.toContain('demo');
  });

  it('in mode auto the run after `kubectl delete ns` finishes the deletion, as kubectl --wait would show', async () => {
    t = await startCluster({ nodes: 2 });
    await t.sh('kubectl create namespace demo');
    await t.sh('kubectl create deployment web --image=nginx --replicas=3 -n demo');
    expect(await t.sh('kubectl delete namespace demo')).toBe('namespace "demo" deleted');
    expect(await gone(t, 'demo')).toBe(true);
    expect(await t.sh('kubectl get pods -A')).not.toContain('demo');
    // The name is free again.
    expect(await t.sh('kubectl create namespace demo')).toBe('namespace/demo created');
    expect(await t.sh('kubectl get ns demo')).toMatch(/demo\s+Active/);
  });

  it('a finalizer on content holds it in Terminating with upstream\'s condition messages; removing it lets it go', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create namespace shop');
    await t.sh(`kubectl apply -f ${heldFile()}`);
    await t.sh('kubectl delete ns shop');
    expect(await t.sh('kubectl get ns shop')).toMatch(/shop\s+Terminating/);
    const describe = await t.sh('kubectl describe ns shop');
    expect(describe).toContain('Status:       Terminating\nConditions:\n  Type ');
    expect(describe).toMatch(/NamespaceDeletionDiscoveryFailure\s+False\s+\w{3}, \d\d \w{3} 2026 \d\d:\d\d:\d\d \+0000\s+ResourcesDiscovered\s+All resources successfully discovered/);
    expect(describe).toMatch(/NamespaceDeletionContentFailure\s+False\s+.*ContentDeleted\s+All content successfully deleted, may be waiting on finalization/);
    expect(describe).toMatch(new RegExp(`NamespaceContentRemaining\\s+True\\s+.*SomeResourcesRemain\\s+${CONTENT_REMAINING.replace(/\./g, '\\.')}`));
    expect(describe).toMatch(/NamespaceFinalizersRemaining\s+True\s+.*SomeFinalizersRemain\s+Some content in the namespace has finalizers remaining: example\.com\/block in 1 resource instances/);
    const ns = await t.cluster.api!.client('test').get<Namespace>('namespaces', 'shop');
    const byType = Object.fromEntries((ns.status?.conditions ?? []).map((c) => [c.type, c]));
    expect(Object.keys(byType)).toEqual([
      'NamespaceDeletionDiscoveryFailure',
      'NamespaceDeletionGroupVersionParsingFailure',
      'NamespaceDeletionContentFailure',
      'NamespaceContentRemaining',
      'NamespaceFinalizersRemaining',
    ]);
    expect(byType.NamespaceContentRemaining).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain', message: CONTENT_REMAINING });
    expect(byType.NamespaceFinalizersRemaining).toMatchObject({ status: 'True', reason: 'SomeFinalizersRemain', message: FINALIZERS_REMAINING });
    expect(byType.NamespaceDeletionGroupVersionParsingFailure).toMatchObject({ status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' });

    // The object itself is only marked: deletionTimestamp, finalizer still there.
    const svc = await t.sh('kubectl get svc held -n shop -o yaml');
    expect(svc).toMatch(/deletionTimestamp: /);
    expect(svc).toContain('finalizers:\n  - example.com/block');
    // Time does not help: the finalizer's owner never comes.
    await t.sh('time advance 2m');
    expect(await t.sh('kubectl get ns shop')).toMatch(/shop\s+Terminating/);

    expect(await t.sh(`kubectl patch service held -n shop --type=merge -p '{"metadata":{"finalizers":null}}'`)).toBe('service/held patched');
    expect(await t.run('kubectl get svc held -n shop')).toMatchObject({ ok: false, err: 'Error from server (NotFound): services "held" not found' });
    // The controller does not watch the content: it notices on its next look (within estimate/2 + 1 = 8 s).
    expect(await t.sh('kubectl get ns shop')).toMatch(/shop\s+Terminating/);
    await t.sh('time advance 10s');
    expect(await gone(t, 'shop')).toBe(true);
  });

  it('while terminating, new content is refused with NamespaceLifecycle\'s Forbidden; a second delete changes nothing', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create namespace shop');
    await t.sh(`kubectl apply -f ${heldFile()}`);
    await t.sh('kubectl delete ns shop');
    // admission.NewForbidden names the object refused, not the namespace.
    const refused = (what: string) => `Error from server (Forbidden): ${what} is forbidden: unable to create new content in namespace shop because it is being terminated`;
    expect(await t.run('kubectl run x --image=nginx -n shop')).toMatchObject({ ok: false, err: refused('pods "x"') });
    expect(await t.run('kubectl create deployment web --image=nginx -n shop')).toMatchObject({ ok: false, err: refused('deployments.apps "web"') });
    // The name stays taken until the namespace is really gone.
    expect(await t.run('kubectl create namespace shop')).toMatchObject({
      ok: false,
      err: 'Error from server (AlreadyExists): object is being deleted: namespaces "shop" already exists',
    });
    const before = (await t.cluster.api!.client('test').get<Namespace>('namespaces', 'shop')).metadata;
    expect(await t.sh('kubectl delete ns shop')).toBe('namespace "shop" deleted');
    const after = (await t.cluster.api!.client('test').get<Namespace>('namespaces', 'shop')).metadata;
    expect(after.deletionTimestamp).toBe(before.deletionTimestamp);
  });

  it('a pod that ignores SIGTERM: the controller waits out its grace period on its estimate, all within the run', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create namespace demo');
    await t.sh('kubectl run sleeper --image=busybox -n demo -- sleep 3600');
    const before = t.cluster.loop.now();
    await t.sh('kubectl delete ns demo');
    expect(await gone(t, 'demo')).toBe(true);
    // busybox `sleep` as PID 1 ignores SIGTERM: the pod holds on for its 30 s, and the namespace with it.
    expect(t.cluster.loop.now() - before).toBeGreaterThanOrEqual(35_000);
    // The finalize that emptied spec.finalizers is what deleted the key; `trace` names it.
    expect(await t.sh('trace namespaces/demo')).toMatch(/DELETE \/registry\/namespaces\/demo\s+\(namespace-controller finalize at step \d+\)/);
  });

  it('pods on a node whose kubelet is down cannot go: ContentDeletionFailed, retried with backoff; the run still ends', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create namespace d2');
    await t.sh('kubectl run web --image=nginx -n d2');
    await t.sh('fault node-down node-1');
    await t.sh('kubectl delete ns d2');
    const ns = await t.cluster.api!.client('test').get<Namespace>('namespaces', 'd2');
    const failure = ns.status?.conditions?.find((c) => c.type === 'NamespaceDeletionContentFailure');
    expect(failure).toMatchObject({
      status: 'True',
      reason: 'ContentDeletionFailed',
      message: 'Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: d2 for gvr: /v1, Resource=pods',
    });
    expect(ns.status?.conditions?.find((c) => c.type === 'NamespaceContentRemaining')?.message).toBe('Some resources are remaining: pods. has 1 resource instances');
    expect(await t.sh('queues')).toMatch(/namespace-controller\n  d2 \(in \d+ ms\)/);
    // The kubelet comes back, finishes the pod's graceful delete, and the next retry empties the namespace.
    await t.sh('fault node-up node-1');
    await t.sh('time advance 2m');
    expect(await gone(t, 'd2')).toBe(true);
  });

  it('kubectl replace --raw …/finalize forces a stuck namespace away and leaves its content behind in etcd', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('kubectl create namespace shop');
    await t.sh(`kubectl apply -f ${heldFile()}`);
    await t.sh('kubectl delete ns shop');
    const dir = mkdtempSync(path.join(tmpdir(), 'kt-ns-'));
    const body = path.join(dir, 'finalize.json');
    writeFileSync(body, '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"},"spec":{"finalizers":[]}}');
    expect(await t.run(`kubectl replace --raw /api/v1/namespaces/other/finalize -f ${body}`)).toMatchObject({
      ok: false,
      err: 'Error from server (BadRequest): the name of the object (shop) does not match the name on the URL (other)',
    });
    expect(await t.run(`kubectl replace --raw /api/v1/namespaces/shop -f ${body}`)).toMatchObject({
      ok: false,
      err: 'Error from server (NotFound): the server could not find the requested resource',
    });
    const out = await t.sh(`kubectl replace --raw /api/v1/namespaces/shop/finalize -f ${body}`);
    expect(JSON.parse(out)).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'shop' }, spec: {}, status: { phase: 'Terminating' } });
    expect(out.startsWith('{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"shop","uid":')).toBe(true);
    expect(await gone(t, 'shop')).toBe(true);
    // The Service was never cleaned up: still in etcd, and back in a new namespace of the same name.
    expect(await t.sh('etcdctl get /registry/services/specs/shop/held --keys-only')).toContain('/registry/services/specs/shop/held');
    await t.sh('kubectl create namespace shop');
    expect(await t.sh('kubectl get svc -n shop')).toMatch(/^held\s+ClusterIP/m);
  });

  it('the system namespaces may not be deleted', async () => {
    t = await startCluster({ nodes: 1 });
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      expect(await t.run(`kubectl delete ns ${ns}`)).toMatchObject({
        ok: false,
        err: `Error from server (Forbidden): namespaces "${ns}" is forbidden: this namespace may not be deleted`,
      });
      expect(await t.sh(`kubectl get ns ${ns}`)).toMatch(new RegExp(`${ns}\\s+Active`));
    }
  });

  it('the API: spec.finalizers change only through …/finalize, and emptying them deletes a terminating namespace', async () => {
    t = await startCluster({ nodes: 1 });
    const c = t.cluster.api!.client('test');
    const created = await c.create<Namespace>('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: { finalizers: [] } });
    // The kubernetes finalizer is required on create (not a default: it goes away during the namespace's life).
    expect(created.spec?.finalizers).toEqual(['kubernetes']);
    expect(created.status?.phase).toBe('Active');
    // A PUT of the namespace keeps spec.finalizers as stored.
    const put = await c.update<Namespace>('namespaces', { ...created, metadata: { ...created.metadata, labels: { a: 'b' } }, spec: { finalizers: [] } });
    expect(put.spec?.finalizers).toEqual(['kubernetes']);
    expect(put.metadata.labels).toMatchObject({ a: 'b' });
    // Finalizing a namespace that is not being deleted only changes spec.finalizers.
    await t.sh('mode step');
    const fin = await c.finalize({ ...put, spec: { finalizers: [] } });
    expect(fin.spec?.finalizers).toBeUndefined();
    expect((await c.get<Namespace>('namespaces', 'x')).status?.phase).toBe('Active');
    // Now a DELETE marks it, and a second DELETE (nothing left to finalize) deletes it for real.
    const marked = (await c.delete('namespaces', 'x')) as Namespace;
    expect(marked.status?.phase).toBe('Terminating');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    await c.delete('namespaces', 'x');
    await expect(c.get('namespaces', 'x')).rejects.toBeInstanceOf(ApiError);
    // A UID precondition that does not match is a conflict.
    const y = await c.create<Namespace>('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'y' } });
    await expect(c.delete('namespaces', 'y', undefined, { preconditions: { uid: 'nope' } })).rejects.toMatchObject({
      message: `Operation cannot be fulfilled on namespaces "y": Precondition failed: UID in precondition: nope, UID in object meta: ${y.metadata.uid}`,
    });
  });

  it('same seed, same script: the same output, byte for byte', async () => {
    const script = async () => {
      const tc = await startCluster({ nodes: 2, seed: '7' });
      const f = heldFile();
      const lines = [
        'kubectl create namespace shop',
        `kubectl apply -f ${f}`,
        'kubectl create deployment web --image=nginx --replicas=2 -n shop',
        'break namespace-controller',
        'kubectl delete ns shop',
        'run',
        'step',
        'unbreak 1',
        'run',
        'kubectl describe ns shop',
        'kubectl get ns shop -o yaml',
        `kubectl patch service held -n shop --type=merge -p '{"metadata":{"finalizers":null}}'`,
        'time advance 10s',
        'kubectl get ns',
        'time',
      ];
      const out: string[] = [];
      for (const l of lines) {
        const r = await tc.run(l);
        out.push(`$ ${l}`, r.out, r.err);
      }
      await tc.cluster.stop();
      return out.join('\n').replaceAll(f, 'held.yaml');
    };
    const a = await script();
    const b = await script();
    expect(a).toContain('sync namespace shop');
    expect(a).toContain(FINALIZERS_REMAINING);
    expect(b).toBe(a);
  });
});

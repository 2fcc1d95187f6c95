import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/cluster/apiserver/api';
import { kubectlErrorText } from '../../src/cluster/apiserver/errors';
import type { Deployment, Namespace, Pod, Service } from '../../src/cluster/apiserver/types';
import { deployment, pod, startApi } from './helpers';

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

describe('kube-apiserver storage', () => {
  it('stores objects under the real key layout, with resourceVersion = mod_revision', async () => {
    const { kv, client } = await startApi();
    const created = await client.create<Pod>('pods', pod('web-1'));
    const r = await kv.range({ key: '/registry/pods/default/web-1' });
    expect(r.kvs).toHaveLength(1);
    expect(String(r.kvs[0]!.modRevision)).toBe(created.metadata.resourceVersion);
    const stored = JSON.parse(r.kvs[0]!.value);
    expect(stored.metadata.name).toBe('web-1');
    expect(stored.metadata.resourceVersion).toBeUndefined();
    const keys = (await kv.range({ key: '/registry/', rangeEnd: '/registry0', keysOnly: true })).kvs.map((k) => k.key);
    expect(keys).toContain('/registry/namespaces/default');
    expect(keys).toContain('/registry/namespaces/kube-system');
    expect(keys).toContain('/registry/namespaces/kube-public');
    expect(keys).toContain('/registry/namespaces/kube-node-lease');
    expect(keys).toContain('/registry/services/specs/default/kubernetes');
    expect(keys).toContain('/registry/services/endpoints/default/kubernetes');
    await client.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: {} });
    await client.create<Deployment>('deployments', deployment('web'));
    await client.create('leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec: {} });
    const all = (await kv.range({ key: '/registry/', rangeEnd: '/registry0', keysOnly: true })).kvs.map((k) => k.key);
    expect(all).toContain('/registry/minions/node-1');
    expect(all).toContain('/registry/deployments/default/web');
    expect(all).toContain('/registry/leases/kube-node-lease/node-1');
    const got = await client.get<Pod>('pods', 'web-1', 'default');
    expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('answers a stale update with the real 409 text and a missing object with NotFound', async () => {
    const { client } = await startApi();
    const p = await client.create<Pod>('pods', pod('web-1'));
    const first = await client.update<Pod>('pods', { ...p, metadata: { ...p.metadata, labels: { app: 'web', v: '2' } } });
    expect(Number(first.metadata.resourceVersion)).toBeGreaterThan(Number(p.metadata.resourceVersion));
    const err = await failure(client.update('pods', { ...p, metadata: { ...p.metadata, labels: { app: 'x' } } }));
    expect(err.code).toBe(409);
    expect(kubectlErrorText(err)).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on pods "web-1": the object has been modified; please apply your changes to the latest version and try again',
    );
    const nf = await failure(client.get('pods', 'x', 'default'));
    expect(kubectlErrorText(nf)).toBe('Error from server (NotFound): pods "x" not found');
    const nfd = await failure(client.delete('deployments', 'x', 'default'));
    expect(kubectlErrorText(nfd)).toBe('Error from server (NotFound): deployments.apps "x" not found');
    const ae = await failure(client.create('pods', pod('web-1')));
    expect(kubectlErrorText(ae)).toBe('Error from server (AlreadyExists): pods "web-1" already exists');
  });

  it('rejects invalid objects with Kubernetes wording and stores nothing', async () => {
    const { client, kv } = await startApi();
    const d = deployment('web');
    delete (d.spec as Partial<Deployment['spec']>).selector;
    const err = await failure(client.create('deployments', d));
    expect(err.code).toBe(422);
    // Upstream reports the template's labels too: a missing selector selects nothing.
    expect(err.message).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    );
    expect(kubectlErrorText(err)).toBe(
      'The Deployment "web" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
    const onlySel = deployment('sel');
    onlySel.spec.selector = { matchLabels: { app: 'sel' } };
    delete (onlySel.spec.template.spec.containers[0] as { image?: string }).image;
    expect(kubectlErrorText(await failure(client.create('deployments', onlySel)))).toBe(
      'The Deployment "sel" is invalid: spec.template.spec.containers[0].image: Required value',
    );
    const mismatch = deployment('web');
    mismatch.spec.template.metadata!.labels = { app: 'other' };
    const e2 = await failure(client.create('deployments', mismatch));
    expect(kubectlErrorText(e2)).toBe(
      'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    );
    const noImage = pod('bad');
    noImage.spec.containers[0]!.image = '';
    const e3 = await failure(client.create('pods', noImage));
    expect(kubectlErrorText(e3)).toBe('The Pod "bad" is invalid: spec.containers[0].image: Required value');
    const badName = pod('Bad_Name');
    const e4 = await failure(client.create('pods', badName));
    expect(e4.message).toMatch(/^Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    const neg = deployment('neg', -1);
    const e5 = await failure(client.create('deployments', neg));
    expect(e5.message).toBe('Deployment.apps "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    const two = deployment('two', -1);
    delete (two.spec.template.spec.containers[0] as { image?: string }).image;
    const e6 = await failure(client.create('deployments', two));
    expect(e6.message).toBe(
      'Deployment.apps "two" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.containers[0].image: Required value]',
    );
    expect(kubectlErrorText(e6)).toBe(
      'The Deployment "two" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.containers[0].image: Required value',
    );
    const keys = (await kv.range({ key: '/registry/deployments/', rangeEnd: '/registry/deployments0' })).kvs;
    expect(keys).toHaveLength(0);
    const nsErr = await failure(client.create('pods', { ...pod('x'), metadata: { name: 'x', namespace: 'nope' } }));
    expect(kubectlErrorText(nsErr)).toBe('Error from server (NotFound): namespaces "nope" not found');
  });

  it('generates names with SimpleNameGenerator and sets uid, creationTimestamp and generation', async () => {
    const { client } = await startApi();
    const p = await client.create<Pod>('pods', { ...pod(''), metadata: { name: '', generateName: 'web-7c5ddbdf54-', namespace: 'default' } });
    expect(p.metadata.name).toMatch(/^web-7c5ddbdf54-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    const d = await client.create<Deployment>('deployments', deployment('web'));
    expect(d.metadata.generation).toBe(1);
    const same = await client.update<Deployment>('deployments', { ...d, metadata: { ...d.metadata, labels: { a: 'b' } } });
    expect(same.metadata.generation).toBe(1);
    const scaled = await client.update<Deployment>('deployments', { ...same, spec: { ...same.spec, replicas: 5 } });
    expect(scaled.metadata.generation).toBe(2);
  });

  it('defaults as upstream does', async () => {
    const { client } = await startApi();
    const d = await client.create<Deployment>('deployments', deployment('web'));
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    const one = deployment('one');
    delete one.spec.replicas;
    expect((await client.create<Deployment>('deployments', one)).spec.replicas).toBe(1);
    const p = await client.create<Pod>('pods', { ...pod('p'), spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox:1.36' }] } });
    expect(p.spec.restartPolicy).toBe('Always');
    expect(p.spec.terminationGracePeriodSeconds).toBe(30);
    expect(p.spec.dnsPolicy).toBe('ClusterFirst');
    expect(p.spec.schedulerName).toBe('default-scheduler');
    expect(p.spec.containers[0]!.imagePullPolicy).toBe('Always');
    expect(p.spec.containers[1]!.imagePullPolicy).toBe('IfNotPresent');
    expect(p.spec.containers[0]!.terminationMessagePath).toBe('/dev/termination-log');
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(p.status?.phase).toBe('Pending');
    expect(p.status?.qosClass).toBe('BestEffort');
    // SetDefaults_Pod: requests default to limits, on Pods only (QoS Guaranteed); a Deployment's template keeps
    // what was written.
    const limits = { cpu: '500m', memory: '128Mi' };
    const g = await client.create<Pod>('pods', { ...pod('g'), spec: { containers: [{ name: 'a', image: 'nginx', resources: { limits } }] } });
    expect(g.spec.containers[0]!.resources).toEqual({ limits, requests: limits });
    expect(g.status?.qosClass).toBe('Guaranteed');
    const half = await client.create<Pod>('pods', { ...pod('h'), spec: { containers: [{ name: 'a', image: 'nginx', resources: { requests: { cpu: '100m' }, limits } }] } });
    expect(half.spec.containers[0]!.resources!.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(half.status?.qosClass).toBe('Burstable');
    const withLimits = deployment('lim');
    withLimits.spec.template.spec.containers[0]!.resources = { limits };
    expect((await client.create<Deployment>('deployments', withLimits)).spec.template.spec.containers[0]!.resources).toEqual({ limits });
    const ns = await client.get<Namespace>('namespaces', 'kube-system');
    expect(ns.status?.phase).toBe('Active');
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'kube-system' });
  });

  it('allocates ClusterIPs from 10.96.0.0/12, 10.96.0.1 to the kubernetes service', async () => {
    const { client } = await startApi();
    const k = await client.get<Service>('services', 'kubernetes', 'default');
    expect(k.spec.clusterIP).toBe('10.96.0.1');
    const s = await client.create<Service>('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    const [a, b] = s.spec.clusterIP!.split('.').map(Number);
    expect(a).toBe(10);
    expect(b).toBeGreaterThanOrEqual(96);
    expect(b).toBeLessThanOrEqual(111);
    expect(s.spec.ports![0]).toEqual({ port: 80, protocol: 'TCP', targetPort: 80 });
    const clash = await failure(
      client.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { clusterIP: '10.96.0.1', ports: [{ port: 1 }] } } as Service),
    );
    expect(clash.message).toContain('provided IP is already allocated');
  });

  it('keeps status on update, changes only status on updateStatus', async () => {
    const { client } = await startApi();
    const p = await client.create<Pod>('pods', pod('p'));
    const s = await client.updateStatus<Pod>('pods', { ...p, metadata: { ...p.metadata, labels: { changed: 'yes' } }, status: { phase: 'Running' } });
    expect(s.status?.phase).toBe('Running');
    expect(s.metadata.labels).toEqual({ app: 'web' });
    const u = await client.update<Pod>('pods', { ...s, metadata: { ...s.metadata, labels: { app: 'web', x: 'y' } }, status: { phase: 'Failed' } });
    expect(u.status?.phase).toBe('Running');
    expect(u.metadata.labels).toEqual({ app: 'web', x: 'y' });
    // An update that changes nothing writes nothing.
    const again = await client.update<Pod>('pods', u);
    expect(again.metadata.resourceVersion).toBe(u.metadata.resourceVersion);
  });

  it('deletes pods gracefully once scheduled, at once otherwise; finalizers hold an object', async () => {
    const { client, kv, loop } = await startApi();
    await client.create<Pod>('pods', pod('pending'));
    await client.delete('pods', 'pending', 'default');
    expect((await kv.range({ key: '/registry/pods/default/pending' })).kvs).toHaveLength(0);

    await client.create<Pod>('pods', pod('bound'));
    await client.bind('default', 'bound', 'node-1');
    const bound = await client.get<Pod>('pods', 'bound', 'default');
    expect(bound.spec.nodeName).toBe('node-1');
    expect(bound.status?.conditions?.[0]).toMatchObject({ type: 'PodScheduled', status: 'True' });
    const again = await failure(client.bind('default', 'bound', 'node-2'));
    expect(again.message).toBe('Operation cannot be fulfilled on pods/binding "bound": pod bound is already assigned to node "node-1"');
    const d = (await client.delete('pods', 'bound', 'default')) as Pod;
    expect(d.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(d.metadata.deletionTimestamp).toBe(loop.clock.rfc3339(loop.now() + 30_000));
    expect((await kv.range({ key: '/registry/pods/default/bound' })).kvs).toHaveLength(1);
    // The kubelet, once the containers stopped, finishes with grace 0.
    await client.delete('pods', 'bound', 'default', { gracePeriodSeconds: 0 });
    expect((await kv.range({ key: '/registry/pods/default/bound' })).kvs).toHaveLength(0);

    const withFin = await client.create<Pod>('pods', { ...pod('fin'), metadata: { name: 'fin', namespace: 'default', finalizers: ['example.com/hold'] } });
    await client.delete('pods', 'fin', 'default');
    const held = await client.get<Pod>('pods', 'fin', 'default');
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(held.metadata.finalizers).toEqual(['example.com/hold']);
    expect(withFin.metadata.uid).toBe(held.metadata.uid);
    await client.update('pods', { ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect((await kv.range({ key: '/registry/pods/default/fin' })).kvs).toHaveLength(0);
  });

  it('serves lists from etcd ("") or from the watch cache ("0"), with selectors', async () => {
    const { client, loop } = await startApi();
    await client.create<Pod>('pods', pod('a', { nodeName: 'node-1' }, { app: 'web', tier: 'fe' }));
    await client.create<Pod>('pods', pod('b', { nodeName: 'node-2' }, { app: 'web' }));
    await client.create<Pod>('pods', pod('c', {}, { app: 'db' }));
    // Before etcd's watch events are delivered the cache lags; a quorum read does not.
    const quorum = await client.list<Pod>('pods', 'default');
    const cached = await client.list<Pod>('pods', 'default', { resourceVersion: '0' });
    expect(quorum.items.map((p) => p.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(cached.items).toHaveLength(0);
    await loop.run();
    const after = await client.list<Pod>('pods', 'default', { resourceVersion: '0' });
    expect(after.items.map((p) => p.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(after.metadata.resourceVersion).toBe(quorum.metadata.resourceVersion);
    for (const rv of ['', '0']) {
      const names = async (o: object) => (await client.list<Pod>('pods', undefined, { resourceVersion: rv, ...o })).items.map((p) => p.metadata.name);
      expect(await names({ labelSelector: 'app=web' })).toEqual(['a', 'b']);
      expect(await names({ labelSelector: 'app in (db),!tier' })).toEqual(['c']);
      expect(await names({ labelSelector: 'app!=web' })).toEqual(['c']);
      expect(await names({ labelSelector: 'tier' })).toEqual(['a']);
      expect(await names({ fieldSelector: 'spec.nodeName=node-2' })).toEqual(['b']);
      expect(await names({ fieldSelector: 'spec.nodeName=' })).toEqual(['c']);
      expect(await names({ fieldSelector: 'status.phase=Pending,metadata.name!=a' })).toEqual(['b', 'c']);
      expect(await names({ fieldSelector: 'metadata.namespace=default', labelSelector: 'app=db' })).toEqual(['c']);
    }
    const bad = await failure(client.list('pods', undefined, { fieldSelector: 'spec.foo=x' }));
    expect(kubectlErrorText(bad)).toBe('Error from server (BadRequest): field label not supported: spec.foo');
  });
});

describe('the compactor', () => {
  it('compacts etcd every 5 minutes to the revision of the previous tick, through compact_rev_key', async () => {
    const { kv, loop, client } = await startApi();
    await client.create<Pod>('pods', pod('a'));
    await loop.advance(5 * 60_000);
    const key = await kv.range({ key: 'compact_rev_key' });
    expect(key.kvs[0]).toMatchObject({ value: '0', version: 1 });
    const noted = key.kvs[0]!.modRevision;
    await client.create<Pod>('pods', pod('b'));
    await loop.advance(5 * 60_000);
    const after = await kv.range({ key: 'compact_rev_key' });
    expect(after.kvs[0]).toMatchObject({ value: String(noted), version: 2 });
    await expect(kv.range({ key: '/registry/pods/default/a', revision: noted - 1 })).rejects.toThrow('etcdserver: mvcc: required revision has been compacted');
    expect((await kv.range({ key: '/registry/pods/default/a', revision: noted })).kvs).toHaveLength(1);
    const steps = loop.recent(200).filter((r) => r.kind === 'compact');
    expect(steps.map((s) => s.component)).toEqual(['kube-apiserver', 'kube-apiserver']);
    expect(steps[1]!.detail?.lines?.[0]).toBe(`compacted etcd to rev ${noted}`);
  });
});

describe('paginated lists (limit and continue)', () => {
  it('pages through a consistent snapshot; a compacted one is 410 Expired', async () => {
    const { client, kv } = await startApi();
    for (const n of ['a', 'b', 'c', 'd', 'e']) await client.create<Pod>('pods', pod(n));
    const p1 = await client.list<Pod>('pods', 'default', { limit: 2 });
    expect(p1.items.map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(p1.metadata.remainingItemCount).toBe(3);
    const token = JSON.parse(Buffer.from(p1.metadata.continue!, 'base64').toString());
    expect(token).toEqual({ v: 'meta.k8s.io/v1', rv: Number(p1.metadata.resourceVersion), start: 'default/b\u0000' });
    // Changes after the first page do not show: the pages are one snapshot.
    await client.create<Pod>('pods', pod('bb'));
    await client.delete('pods', 'd', 'default');
    const p2 = await client.list<Pod>('pods', 'default', { limit: 2, continue: p1.metadata.continue });
    expect(p2.items.map((p) => p.metadata.name)).toEqual(['c', 'd']);
    expect(p2.metadata.resourceVersion).toBe(p1.metadata.resourceVersion);
    const p3 = await client.list<Pod>('pods', 'default', { limit: 2, continue: p2.metadata.continue });
    expect(p3.items.map((p) => p.metadata.name)).toEqual(['e']);
    expect(p3.metadata.continue).toBeUndefined();
    // With a selector, a page is filled from further keys.
    const sel = await client.list<Pod>('pods', 'default', { limit: 2, fieldSelector: 'metadata.name!=a' });
    expect(sel.items.map((p) => p.metadata.name)).toEqual(['b', 'bb']);
    expect(sel.metadata.remainingItemCount).toBeUndefined();
    await kv.compact((await kv.status()).header.revision);
    const err = await failure(client.list('pods', 'default', { limit: 2, continue: p1.metadata.continue }));
    expect(err.code).toBe(410);
    expect(err.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./);
    const bad = await failure(client.list('pods', 'default', { continue: 'nonsense' }));
    expect(bad.code).toBe(400);
  });
});

describe('decoding', () => {
  it('fails a field of the wrong type as encoding/json does, and unknown fields when kubectl asks Strict', async () => {
    const { api, client, kv } = await startApi();
    const d = deployment('web') as unknown as { spec: Record<string, unknown> & { template: { spec: Record<string, unknown> } } };
    d.spec.replicas = 'three';
    const e1 = await failure(client.create('deployments', d as never));
    expect(kubectlErrorText(e1)).toBe(
      'Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    const d2 = deployment('web') as unknown as { spec: { template: { spec: Record<string, unknown> } } };
    d2.spec.template.spec.containers = 'nginx';
    expect((await failure(client.create('deployments', d2 as never))).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    );
    const p = pod('p') as unknown as { spec: { containers: Array<Record<string, unknown>> } };
    p.spec.containers[0]!.ports = [{ containerPort: '80' }];
    expect((await failure(client.create('pods', p as never))).message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    );
    const typo = deployment('web') as unknown as { spec: Record<string, unknown> & { template: { spec: { containers: Array<Record<string, unknown>> } } } };
    typo.spec.replica = 3;
    typo.spec.template.spec.containers[0]!.imagePullPolice = 'Always';
    expect((await failure(client.create('deployments', typo as never))).message).toBe(
      // In the order the fields come in the document (replica was added after template).
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolice", unknown field "spec.replica"',
    );
    // A component's client does not ask Strict: unknown fields are dropped silently upstream; kept here.
    await api.client('replicaset-controller').create('deployments', typo as never);
    expect((await kv.range({ key: '/registry/deployments/default/web' })).kvs).toHaveLength(1);
  });
});

describe('immutable fields', () => {
  it("refuses a Deployment's new selector as upstream words it", async () => {
    const { client } = await startApi();
    const d = await client.create<Deployment>('deployments', deployment('web'));
    const changed = { ...d, spec: { ...d.spec, selector: { matchLabels: { app: 'web', tier: 'fe' } }, template: { ...d.spec.template, metadata: { labels: { app: 'web', tier: 'fe' } } } } };
    expect(kubectlErrorText(await failure(client.update('deployments', changed)))).toBe(
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });
});

// dryRun=All on the API server's writes (registry/generic/registry/dryrun.go's DryRunnableStorage): the request
// runs decoding, defaulting, admission and validation, answers with the object, and writes nothing.
import { describe, expect, test } from 'vitest';
import { ApiError } from '../../src/cluster/apiserver/api';
import type { KubeObject, Pod } from '../../src/cluster/apiserver/types';
import { deployment, pod, startApi } from './helpers';

async function setup() {
  const s = await startApi();
  const dry = s.api.client('kubectl', { dryRun: true });
  const events: string[] = [];
  await s.client.watch('pods', undefined, {}, (ev) => events.push(`${ev.type} ${(ev.object as KubeObject).metadata?.name}`));
  await s.client.watch('deployments', undefined, {}, (ev) => events.push(`${ev.type} ${(ev.object as KubeObject).metadata?.name}`));
  const revision = async () => (await s.kv.status()).header.revision;
  return { ...s, dry, events, revision };
}

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('server-side dry run', () => {
  test('create: defaulted and admitted as a real create, never stored, no watch event', async () => {
    const s = await setup();
    const rev = await s.revision();
    const out = (await s.dry.create('pods', pod('p'))) as Pod;
    expect(out.metadata.uid).toBeDefined();
    expect(out.metadata.resourceVersion).toBeUndefined();
    expect(out.spec.serviceAccountName).toBe('default');
    expect(out.spec.tolerations?.map((t) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    await s.loop.run();
    expect(await s.revision()).toBe(rev);
    expect(s.events).toEqual([]);
    expect((await apiError(s.client.get('pods', 'p', 'default'))).code).toBe(404);
    // the request is in the audit log like any other
    expect(s.api.recentRequests(5).find((r) => r.verb === 'create' && r.resource === 'pods')).toMatchObject({ name: 'p', code: 201 });
  });

  test('create: AlreadyExists and Invalid come back as for a real write', async () => {
    const s = await setup();
    await s.client.create('pods', pod('p'));
    await s.loop.run();
    s.events.length = 0;
    const rev = await s.revision();
    const exists = await apiError(s.dry.create('pods', pod('p')));
    expect(exists.status).toMatchObject({ reason: 'AlreadyExists', code: 409, message: 'pods "p" already exists' });
    const invalid = await apiError(s.dry.create('pods', pod('Bad_Name')));
    expect(invalid.status).toMatchObject({ reason: 'Invalid', code: 422 });
    expect(invalid.status).toEqual((await apiError(s.client.create('pods', pod('Bad_Name')))).status);
    expect(await s.revision()).toBe(rev);
  });

  test('update and delete: the object as it would be, the store untouched', async () => {
    const s = await setup();
    const d = await s.client.create('deployments', deployment('web', 2));
    const p = await s.client.create('pods', pod('p'));
    await s.client.bind('default', 'p', 'node-1');
    await s.loop.run();
    s.events.length = 0;
    const rev = await s.revision();
    const scaled = await s.dry.update('deployments', { ...d, spec: { ...d.spec, replicas: 5 } });
    expect(scaled.spec.replicas).toBe(5);
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    const stale = await apiError(s.dry.update('deployments', { ...d, metadata: { ...d.metadata, resourceVersion: '1' } }));
    expect(stale.status.reason).toBe('Conflict');
    // a bound pod is deleted gracefully: the answer carries the deletionTimestamp it would have got
    const gone = (await s.dry.delete('pods', 'p', 'default')) as Pod;
    expect(gone.metadata.deletionTimestamp).toBeDefined();
    expect(gone.metadata.uid).toBe(p.metadata.uid);
    await s.dry.delete('deployments', 'web', 'default');
    expect((await apiError(s.dry.delete('pods', 'nope', 'default'))).code).toBe(404);
    await s.loop.run();
    expect(await s.revision()).toBe(rev);
    expect(s.events).toEqual([]);
    expect((await s.client.get<Pod>('pods', 'p', 'default')).metadata.deletionTimestamp).toBeUndefined();
    expect((await s.client.get('deployments', 'web', 'default')).spec).toMatchObject({ replicas: 2 });
  });

  test('every write verb stays dry: bind, a status update, a namespace delete', async () => {
    const s = await setup();
    await s.client.create('pods', pod('q'));
    await s.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    await s.loop.run();
    s.events.length = 0;
    const rev = await s.revision();
    await s.dry.bind('default', 'q', 'node-1');
    const q = await s.client.get<Pod>('pods', 'q', 'default');
    await s.dry.updateStatus('pods', { ...q, status: { ...q.status, phase: 'Running' } });
    await s.dry.delete('namespaces', 'shop');
    await s.loop.run();
    expect(await s.revision()).toBe(rev);
    expect(s.events).toEqual([]);
    const after = await s.client.get<Pod>('pods', 'q', 'default');
    expect(after.spec.nodeName).toBeUndefined();
    expect(after.status?.phase).toBe('Pending');
    expect((await s.client.get<KubeObject & { status?: { phase?: string } }>('namespaces', 'shop')).status?.phase).toBe('Active');
    // A dry-run Service gets its ClusterIP only for the answer: the address stays free for a real one.
    const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { clusterIP: '10.96.0.50', ports: [{ port: 80 }] } });
    expect(((await s.dry.create('services', svc('dry'))) as KubeObject & { spec: { clusterIP?: string } }).spec.clusterIP).toBe('10.96.0.50');
    expect(((await s.client.create('services', svc('real'))) as KubeObject & { spec: { clusterIP?: string } }).spec.clusterIP).toBe('10.96.0.50');
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeEvent, Pod } from '../../src/cluster/apiserver/types';
import { EventRecorder } from '../../src/cluster/client/record';
import { pod, startApi } from '../apiserver/helpers';

describe('EventRecorder', () => {
  it('writes core/v1 Events and aggregates repeats into count and lastTimestamp', async () => {
    const { api, loop, client } = await startApi();
    const p = await client.create<Pod>('pods', pod('web-1'));
    const rec = new EventRecorder(api.client('kube-scheduler'), loop, { component: 'default-scheduler' });
    rec.event(p, 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.');
    await loop.run();
    await loop.advance(10_000);
    rec.event(p, 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.');
    rec.event(p, 'Normal', 'Scheduled', 'Successfully assigned default/web-1 to node-1');
    await loop.run();
    const evs = (await client.list<KubeEvent>('events', 'default')).items;
    expect(evs).toHaveLength(2);
    const failed = evs.find((e) => e.reason === 'FailedScheduling')!;
    expect(failed.count).toBe(2);
    expect(failed.firstTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(failed.lastTimestamp).toBe('2026-01-01T00:00:10Z');
    expect(failed.involvedObject).toMatchObject({ kind: 'Pod', name: 'web-1', namespace: 'default', uid: p.metadata.uid });
    expect(failed.source).toEqual({ component: 'default-scheduler' });
    expect(failed.metadata.name).toMatch(/^web-1\.[0-9a-f]+$/);
    const sel = await client.list<KubeEvent>('events', 'default', { fieldSelector: 'involvedObject.name=web-1,reason=Scheduled' });
    expect(sel.items.map((e) => e.type)).toEqual(['Normal']);
    expect(loop.recent(50).filter((r) => r.kind === 'event').map((r) => r.title)).toContain(
      'event Normal Scheduled pod/web-1: Successfully assigned default/web-1 to node-1',
    );
  });
});

describe('Event TTL', () => {
  it('keeps Events for an hour with a reused etcd lease, then etcd deletes them', async () => {
    const { api, loop, client, kv } = await startApi();
    const p = await client.create<Pod>('pods', pod('web-1'));
    const rec = new EventRecorder(api.client('kubelet/node-1'), loop, { component: 'kubelet', host: 'node-1' });
    rec.event(p, 'Normal', 'Pulling', 'Pulling image "nginx:1.14.2"');
    rec.event(p, 'Normal', 'Pulled', 'Successfully pulled image "nginx:1.14.2"');
    await loop.run();
    const keys = (await kv.range({ key: '/registry/events/', rangeEnd: '/registry/events0' })).kvs;
    expect(keys).toHaveLength(2);
    expect(keys[0]!.lease).not.toBe(0);
    expect(keys[1]!.lease).toBe(keys[0]!.lease);
    const ttl = await kv.leaseTimeToLive(keys[0]!.lease);
    expect(ttl.grantedTtl).toBe(3660);
    await loop.advance(3661_000);
    expect((await client.list('events', 'default')).items).toHaveLength(0);
    // Both keys went in one revision (the lease's revoke); the watch cache dropped both.
    expect((await client.list('events', 'default', { resourceVersion: '0' })).items).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/cluster/apiserver/types';
import { newSharedInformerFactory } from '../../src/cluster/client/factory';
import { NODE_NAME_INDEX, nodeNameIndexFunc } from '../../src/cluster/client/store';
import { pod, startApi } from '../apiserver/helpers';

describe('Reflector and SharedIndexInformer', () => {
  it('acceptance 3: a watch from an old resourceVersion gets 410 Gone; the Reflector relists without losing an object', async () => {
    const { api, loop, client } = await startApi({ watchCacheSize: 4 });
    for (const n of ['a', 'b', 'c']) await client.create<Pod>('pods', pod(n));
    await loop.run();
    const factory = newSharedInformerFactory(api.client('replicaset-controller'), loop);
    const informer = factory.forResource<Pod>('pods');
    const seen: string[] = [];
    informer.addEventHandler({
      onAdd: (p) => seen.push(`add ${p.metadata.name}`),
      onUpdate: (_o, p) => seen.push(`update ${p.metadata.name}`),
      onDelete: (p) => seen.push(`delete ${p.metadata.name}`),
    });
    await factory.start();
    await loop.run();
    expect(informer.hasSynced()).toBe(true);
    expect(informer.getIndexer().keys().sort()).toEqual(['default/a', 'default/b', 'default/c']);

    // The informer's watch connection drops; meanwhile more changes happen than the window holds.
    const reflector = informer.reflector;
    const lastRV = reflector.lastSyncResourceVersion;
    reflector.disconnect();
    await client.delete('pods', 'a', 'default');
    await client.create<Pod>('pods', pod('d'));
    for (let i = 0; i < 6; i++) {
      const b = await client.get<Pod>('pods', 'b', 'default');
      await client.update('pods', { ...b, metadata: { ...b.metadata, labels: { app: 'web', n: String(i) } } });
    }
    await loop.run();
    expect(Number(lastRV)).toBeLessThan(api.cacher('pods').watchCache.oldest() - 1);
    seen.length = 0;

    // It watches again from where it was: the window no longer reaches back, so 410 Gone, and it relists.
    await reflector.reconnect();
    await loop.run();
    expect(reflector.expired).toBe(1);
    expect(reflector.lists).toBe(2);
    const gone = loop.recent(200).find((r) => r.kind === 'dispatch' && r.title.startsWith('dispatch ERROR pods'));
    expect(gone?.title).toContain('410 Expired: too old resource version: ' + lastRV);
    expect(loop.recent(200).some((r) => r.component === 'replicaset-controller' && r.kind === 'list')).toBe(true);
    // Nothing lost: a vanished, d appeared, b changed, and the handlers heard each.
    expect(informer.getIndexer().keys().sort()).toEqual(['default/b', 'default/c', 'default/d']);
    expect(informer.getIndexer().get('default/b')!.metadata.labels).toEqual({ app: 'web', n: '5' });
    expect(seen.sort()).toEqual(['add d', 'delete a', 'update b', 'update c']);

    // And it carries on watching.
    seen.length = 0;
    await client.create<Pod>('pods', pod('e'));
    await client.delete('pods', 'c', 'default');
    await loop.run();
    expect(seen).toEqual(['add e', 'delete c']);
    expect(informer.getIndexer().keys().sort()).toEqual(['default/b', 'default/d', 'default/e']);
  });
});

describe('indexes', () => {
  it('finds pods by namespace and by node in O(matches)', async () => {
    const { api, loop, client } = await startApi();
    await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    await client.create<Pod>('pods', pod('a', { nodeName: 'node-1' }));
    await client.create<Pod>('pods', pod('b', { nodeName: 'node-2' }));
    await client.create<Pod>('pods', { ...pod('c', { nodeName: 'node-1' }), metadata: { name: 'c', namespace: 'other' } });
    const factory = newSharedInformerFactory(api.client('kube-scheduler'), loop);
    const inf = factory.forResource<Pod>('pods');
    expect(factory.forResource<Pod>('pods')).toBe(inf);
    inf.addIndexers({ [NODE_NAME_INDEX]: nodeNameIndexFunc });
    await loop.run();
    await factory.start();
    await loop.run();
    const names = (ps: Pod[]) => ps.map((p) => p.metadata.name).sort();
    expect(names(inf.getIndexer().byIndex('namespace', 'default'))).toEqual(['a', 'b']);
    expect(names(inf.getIndexer().byIndex(NODE_NAME_INDEX, 'node-1'))).toEqual(['a', 'c']);
    const b = await client.get<Pod>('pods', 'b', 'default');
    await client.delete('pods', b.metadata.name, 'default', { gracePeriodSeconds: 0 });
    await loop.run();
    expect(names(inf.getIndexer().byIndex(NODE_NAME_INDEX, 'node-2'))).toEqual([]);
    // Handler steps belong to the client's identity.
    expect(loop.recent(50).some((r) => r.kind === 'informer' && r.component === 'kube-scheduler')).toBe(true);
  });
});

describe('a relist that fails', () => {
  it('is retried with backoff on timers that wait for time to advance', async () => {
    const { api, loop, client } = await startApi();
    await client.create<Pod>('pods', pod('a'));
    await loop.run();
    const real = api.client('kube-scheduler');
    let failLists = 0;
    const flaky = {
      ...real,
      who: real.who,
      observer: real.observer,
      list: (...args: Parameters<typeof real.list>) => {
        if (failLists-- > 0) return Promise.reject(new Error('connection refused'));
        return real.list(...args);
      },
      watch: real.watch.bind(real),
    } as typeof real;
    const factory = newSharedInformerFactory(flaky, loop);
    const inf = factory.forResource<Pod>('pods');
    await factory.start();
    await loop.run();
    failLists = 2;
    inf.reflector.disconnect();
    api.cacher('pods').watchCache.setCapacity(1);
    await client.create<Pod>('pods', pod('b'));
    await client.create<Pod>('pods', pod('c'));
    await loop.run();
    await inf.reflector.reconnect();
    await loop.run();
    expect(inf.getIndexer().keys().sort()).toEqual(['default/a']);
    const failed = loop.recent(50).filter((r) => r.kind === 'list' && r.detail?.lines?.[0]?.startsWith('failed to list'));
    expect(failed).toHaveLength(1);
    await loop.advance(800);
    expect(loop.recent(5).some((r) => r.detail?.lines?.[1] === 'retrying in 1600 ms')).toBe(true);
    await loop.advance(1600);
    expect(inf.getIndexer().keys().sort()).toEqual(['default/a', 'default/b', 'default/c']);
  });
});

describe('sharing', () => {
  it('one informer (one watch) per resource and selector in a process; late handlers hear what is already there', async () => {
    const { api, loop, client } = await startApi();
    await client.create<Pod>('pods', pod('a', { nodeName: 'node-1' }));
    await loop.run();
    const factory = newSharedInformerFactory(api.client('kube-controller-manager'), loop);
    const a = factory.forResource<Pod>('pods');
    const b = factory.forResource<Pod>('pods');
    const mine = factory.forResource<Pod>('pods', { fieldSelector: 'spec.nodeName=node-1' });
    expect(b).toBe(a);
    expect(mine).not.toBe(a);
    await factory.start();
    await loop.run();
    expect(api.cacher('pods').listWatchers().filter((w) => w.who === 'kube-controller-manager')).toHaveLength(2);
    const late: string[] = [];
    a.addEventHandler({ onAdd: (p) => late.push(p.metadata.name) });
    await loop.run();
    expect(late).toEqual(['a']);
    expect(factory.hasSynced()).toBe(true);
    factory.stop();
    expect(api.cacher('pods').listWatchers().filter((w) => w.who === 'kube-controller-manager')).toHaveLength(0);
  });

  it('a stopped watch hears nothing more', async () => {
    const { loop, client } = await startApi();
    const seen: string[] = [];
    const h = await client.watch<Pod>('pods', undefined, {}, (e) => seen.push(e.type));
    await client.create<Pod>('pods', pod('a'));
    await loop.run();
    h.stop();
    await client.create<Pod>('pods', pod('b'));
    await loop.run();
    expect(seen).toEqual(['ADDED']);
  });
});

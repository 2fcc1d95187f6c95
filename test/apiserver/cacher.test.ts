import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/cluster/apiserver/api';
import type { Pod, Status } from '../../src/cluster/apiserver/types';
import { pod, startApi } from './helpers';

function names(evs: WatchEvent[]): string[] {
  return evs.map((e) => `${e.type} ${(e.object as Pod).metadata?.name ?? (e.object as Status).message}`);
}

describe('the watch cache (Cacher)', () => {
  it('dispatches each change to every matching watcher as its own kube-apiserver step', async () => {
    const { api, loop, client } = await startApi();
    const all: WatchEvent[] = [];
    const node1: WatchEvent[] = [];
    const web: WatchEvent[] = [];
    await api.client('kube-scheduler').watch('pods', undefined, { resourceVersion: '0' }, (e) => all.push(e));
    await api.client('kubelet/node-1').watch('pods', undefined, { fieldSelector: 'spec.nodeName=node-1' }, (e) => node1.push(e));
    await api.client('endpoints-controller').watch('pods', 'default', { labelSelector: 'app=web' }, (e) => web.push(e));
    await client.create<Pod>('pods', pod('a'));
    await client.create<Pod>('pods', pod('b', {}, { app: 'db' }));
    await loop.run();
    expect(names(all)).toEqual(['ADDED a', 'ADDED b']);
    expect(names(web)).toEqual(['ADDED a']);
    expect(node1).toEqual([]);
    await client.bind('default', 'a', 'node-1');
    await loop.run();
    // For the kubelet the pod enters its selection: ADDED.
    expect(names(node1)).toEqual(['ADDED a']);
    expect(names(all)).toEqual(['ADDED a', 'ADDED b', 'MODIFIED a']);
    const a = await client.get<Pod>('pods', 'a', 'default');
    await client.update('pods', { ...a, metadata: { ...a.metadata, labels: { app: 'db' } } });
    await loop.run();
    // For the endpoints controller the pod left its selection: DELETED, at the new revision.
    expect(names(web)).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
    expect((web[2]!.object as Pod).metadata.labels).toEqual({ app: 'web' });
    expect((web[2]!.object as Pod).metadata.resourceVersion).not.toBe(a.metadata.resourceVersion);
    const steps = loop.recent(2000).filter((r) => r.kind === 'dispatch');
    expect(steps.every((r) => r.component === 'kube-apiserver')).toBe(true);
    expect(steps.some((r) => r.title.includes('→ kubelet/node-1'))).toBe(true);
    expect(steps.find((r) => r.title.includes('→ kubelet/node-1'))!.title).toMatch(/^dispatch ADDED pods default\/a rv \d+ → kubelet\/node-1$/);
  });

  it('indexes watchers by spec.nodeName so an event visits only its node\'s watcher', async () => {
    const { api, loop, client } = await startApi();
    const got = new Map<string, number>();
    for (let i = 1; i <= 200; i++) {
      const who = `kubelet/node-${i}`;
      await api.client(who).watch('pods', undefined, { fieldSelector: `spec.nodeName=node-${i}` }, () => got.set(who, (got.get(who) ?? 0) + 1));
    }
    expect(api.cacher('pods').summary().indexedWatchers).toBe(200);
    await client.create<Pod>('pods', pod('a', { nodeName: 'node-7' }));
    const before = loop.steps;
    await loop.run();
    // One etcd step plus exactly one dispatch.
    expect(loop.steps - before).toBe(2);
    expect([...got]).toEqual([['kubelet/node-7', 1]]);
  });

  it('replays a watch from a resourceVersion in the window and answers an older one with 410 Gone', async () => {
    const { api, loop, client } = await startApi({ watchCacheSize: 3 });
    const created = await client.create<Pod>('pods', pod('p'));
    await loop.run();
    const rvs = [Number(created.metadata.resourceVersion)];
    let cur = created;
    for (let i = 0; i < 4; i++) {
      cur = await client.update<Pod>('pods', { ...cur, metadata: { ...cur.metadata, labels: { app: 'web', n: String(i) } } });
      rvs.push(Number(cur.metadata.resourceVersion));
    }
    await loop.run();
    // The window holds the last 3 events.
    const wc = api.cacher('pods').watchCache;
    expect(wc.events().map((e) => e.resourceVersion)).toEqual(rvs.slice(-3));
    const inWindow: WatchEvent[] = [];
    await client.watch('pods', undefined, { resourceVersion: String(rvs[1]) }, (e) => inWindow.push(e));
    const tooOld: WatchEvent[] = [];
    await client.watch('pods', undefined, { resourceVersion: String(rvs[0]) }, (e) => tooOld.push(e));
    await loop.run();
    expect(inWindow.map((e) => (e.object as Pod).metadata.resourceVersion)).toEqual(rvs.slice(2).map(String));
    expect(tooOld).toHaveLength(1);
    expect(tooOld[0]!.type).toBe('ERROR');
    const st = tooOld[0]!.object as Status;
    expect(st.code).toBe(410);
    expect(st.message).toBe(`too old resource version: ${rvs[0]} (${rvs[1]})`);
  });

  it('records each hop in the trace log', async () => {
    const { api, loop } = await startApi();
    const kubectl = api.client('kubectl');
    await api.client('kube-scheduler').watch('pods', undefined, {}, () => undefined);
    await api.client('kubelet/node-1').watch('pods', undefined, { fieldSelector: 'spec.nodeName=node-1' }, () => undefined);
    const p = await kubectl.create<Pod>('pods', pod('a'));
    await loop.run();
    const [t] = api.traces.get(Number(p.metadata.resourceVersion));
    expect(t).toMatchObject({ resource: 'pods', key: '/registry/pods/default/a', etcdType: 'PUT', type: 'ADDED', writer: 'kubectl', verb: 'create' });
    expect(t!.cacheStep).toBeGreaterThan(0);
    expect(t!.watchers.map((w) => w.who)).toEqual(['kube-scheduler']);
    expect(t!.watchers[0]!.dispatchStep).toBeGreaterThan(t!.cacheStep!);
    expect(api.traces.recent(1)[0]).toBe(t);
  });

  it('relists and restarts every watcher after etcd is wiped', async () => {
    const { api, loop, client, kv } = await startApi();
    await client.create<Pod>('pods', pod('a'));
    await loop.run();
    const seen: WatchEvent[] = [];
    await client.watch('pods', undefined, { resourceVersion: '0' }, (e) => seen.push(e));
    await loop.run();
    await kv.wipe();
    await loop.run();
    expect(seen.map((e) => e.type)).toEqual(['ADDED', 'ERROR']);
    expect((seen[1]!.object as Status).code).toBe(410);
    expect(api.cacher('pods').watchCache.store.size).toBe(0);
    expect(loop.recent(100).some((r) => r.kind === 'relist' && r.component === 'kube-apiserver')).toBe(true);
  });
});

describe('the hop log', () => {
  it('is bounded: keeps the last changes and finds them by revision', async () => {
    const { TraceLog } = await import('../../src/cluster/apiserver/trace');
    const log = new TraceLog(3, 2);
    for (let rev = 1; rev <= 5; rev++) {
      log.recordWrite(rev, 'kubectl', 'create', rev, 0);
      const t = log.recordCached({ revision: rev, resource: 'pods', key: `/registry/pods/default/p${rev}`, name: `p${rev}`, etcdType: 'PUT', type: 'ADDED', at: 0 });
      for (const who of ['a', 'b', 'c']) log.addWatcher(t, who, 'ADDED');
    }
    expect(log.recent(10).map((t) => t.revision)).toEqual([3, 4, 5]);
    expect(log.get(2)).toEqual([]);
    const [t5] = log.get(5);
    expect(t5!.writer).toBe('kubectl');
    expect(t5!.watchers.map((w) => w.who)).toEqual(['a', 'b']);
    expect(t5!.moreWatchers).toBe(1);
    log.noteInformer(5, 'default/p5', 'b', 42);
    expect(t5!.watchers[1]!.informerStep).toBe(42);
  });
});

describe('values that do not decode', () => {
  it('are skipped by lists and the watch cache; a get says so with a 500', async () => {
    const { loop, client, kv } = await startApi();
    await client.create<Pod>('pods', pod('good'));
    await kv.put({ key: '/registry/pods/default/bad', value: 'hello' });
    await loop.run();
    expect((await client.list<Pod>('pods', 'default')).items.map((p) => p.metadata.name)).toEqual(['good']);
    expect((await client.list<Pod>('pods', 'default', { resourceVersion: '0' })).items.map((p) => p.metadata.name)).toEqual(['good']);
    const err = await client.get('pods', 'bad', 'default').catch((e) => e);
    expect(err.code).toBe(500);
    expect(err.message).toMatch(/^Internal error occurred: object pods "bad" stored in etcd does not decode: /);
    // Overwriting a good object with garbage removes it from the cache, as if deleted.
    await kv.put({ key: '/registry/pods/default/good', value: '[1,2]' });
    await loop.run();
    expect((await client.list<Pod>('pods', 'default', { resourceVersion: '0' })).items).toEqual([]);
  });
});

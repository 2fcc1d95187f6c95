// The same API server over a real etcd: objects under the real key layout, resourceVersion = mod_revision,
// 409 on a stale write, and the watch cache fed by etcd's own watch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type WatchEvent } from '../../src/cluster/apiserver/api';
import { ApiServer } from '../../src/cluster/apiserver/server';
import type { Pod } from '../../src/cluster/apiserver/types';
import { Loop } from '../../src/cluster/sim/loop';
import { Rand } from '../../src/cluster/sim/rand';
import { connectEtcd } from '../../src/cluster/store/etcd3-backend';
import type { KV } from '../../src/cluster/store/types';
import { EtcdCluster, etcdMissing } from '../helpers/etcd-cluster';
import { pod } from './helpers';

const missing = etcdMissing();
if (missing) console.warn(missing);

describe.runIf(!missing)('kube-apiserver over a real etcd', () => {
  let etcd: EtcdCluster;
  let kv: KV;
  let loop: Loop;
  let api: ApiServer;
  beforeAll(async () => {
    etcd = await EtcdCluster.start(1);
    loop = new Loop();
    kv = await connectEtcd(etcd.url, loop);
    api = new ApiServer(kv, loop, new Rand('real'), { compactionIntervalMs: 0 });
    await api.start();
    await api.bootstrap();
    await loop.run();
  }, 30_000);
  afterAll(async () => {
    await api?.stop();
    await kv?.close();
    await etcd?.shutdown();
  });

  it('stores, conflicts and watches as over the embedded store', async () => {
    const client = api.client('kubectl');
    const seen: WatchEvent[] = [];
    await api.client('kube-scheduler').watch('pods', undefined, {}, (e) => seen.push(e));
    const p = await client.create<Pod>('pods', pod('web-1'));
    const r = await kv.range({ key: '/registry/pods/default/web-1' });
    expect(String(r.kvs[0]!.modRevision)).toBe(p.metadata.resourceVersion);
    await client.update('pods', { ...p, metadata: { ...p.metadata, labels: { v: '2' } } });
    const err = await client.update('pods', { ...p, metadata: { ...p.metadata, labels: { v: '3' } } }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe(
      'Operation cannot be fulfilled on pods "web-1": the object has been modified; please apply your changes to the latest version and try again',
    );
    await loop.run();
    expect(seen.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    const cached = await client.list<Pod>('pods', 'default', { resourceVersion: '0' });
    expect(cached.items.map((x) => x.metadata.labels)).toEqual([{ v: '2' }]);
  }, 30_000);
});

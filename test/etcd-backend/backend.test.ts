// The store interface over a real etcd: the same answers as etcd gives, watch responses as loop steps, a
// step that writes waits for the watch to deliver, and etcd's own words when quorum or the server is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Loop } from '../../src/cluster/sim/loop';
import { connectEtcd } from '../../src/cluster/store/etcd3-backend';
import { prefixEnd, type KV, type WatchResponse } from '../../src/cluster/store/types';
import { EtcdCluster, etcdMissing } from '../helpers/etcd-cluster';

const missing = etcdMissing();
if (missing) console.warn(missing);

describe.runIf(!missing)('the store over a real etcd (one member)', () => {
  let etcd: EtcdCluster;
  let loop: Loop;
  let kv: KV;

  beforeAll(async () => {
    etcd = await EtcdCluster.start(1);
    loop = new Loop();
    kv = await connectEtcd(etcd.url, loop);
  });
  afterAll(async () => {
    await kv?.close();
    await etcd?.shutdown();
  });

  it('puts and reads back with etcd revisions, and the real etcdctl sees the same keys', async () => {
    const p = await kv.put({ key: '/registry/pods/default/a', value: '{"a":1}' });
    const r = await kv.range({ key: '/registry/pods/default/', rangeEnd: prefixEnd('/registry/pods/default/') });
    expect(r.count).toBe(1);
    expect(r.kvs[0]!.modRevision).toBe(p.header.revision);
    expect(r.kvs[0]!.value).toBe('{"a":1}');
    const real = etcd.etcdctl(['get', '/registry/pods/default/', '--prefix', '--keys-only']);
    expect(real.stdout.trim()).toBe('/registry/pods/default/a');
  });

  it('delivers watch events as loop steps, and a step that writes waits for its event', async () => {
    const seen: WatchResponse[] = [];
    await kv.watch({ key: '/w/', rangeEnd: prefixEnd('/w/'), prevKv: true }, (resp) => seen.push(resp));
    // The write happens inside a step: the loop must not finish that step before the event has arrived.
    loop.enqueue({ component: 'test', kind: 'write', title: 'put /w/x', run: async () => void (await kv.put({ key: '/w/x', value: '1' })) });
    await loop.step();
    expect(seen).toHaveLength(0); // not delivered inline …
    expect(loop.pending().map((w) => w.component)).toEqual(['etcd']); // … but queued as etcd's step
    await loop.run();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.events[0]).toMatchObject({ type: 'PUT', kv: { key: '/w/x', value: '1' } });
  });

  it('a txn on mod_revision fails when the key moved on (the API server\'s optimistic write)', async () => {
    const first = await kv.put({ key: '/cas', value: 'v1' });
    await kv.put({ key: '/cas', value: 'v2' });
    const t = await kv.txn({
      compare: [{ key: '/cas', target: 'MOD', result: 'EQUAL', value: first.header.revision }],
      success: [{ put: { key: '/cas', value: 'stale' } }],
      failure: [{ range: { key: '/cas' } }],
    });
    expect(t.succeeded).toBe(false);
    const cur = t.responses[0]!;
    expect('range' in cur && cur.range.kvs[0]!.value).toBe('v2');
  });

  it('carries etcd\'s 64-bit lease ids exactly: grant, attach, time-to-live, revoke', async () => {
    const lease = await kv.leaseGrant(60);
    const put = await kv.put({ key: '/leased', value: 'v', lease: lease.id });
    const got = await kv.range({ key: '/leased' });
    expect(got.kvs[0]!.lease).toBe(lease.id);
    const ttl = await kv.leaseTimeToLive(lease.id, true);
    expect(ttl.grantedTtl).toBe(60);
    expect(ttl.keys).toEqual(['/leased']);
    const held = await kv.txn({ compare: [{ key: '/leased', target: 'LEASE', result: 'EQUAL', value: lease.id }], success: [], failure: [] });
    expect(held.succeeded).toBe(true);
    // etcd's ids are above 2^53: the real etcdctl must find our key on the exact lease, not a rounded one.
    const [, hex] = etcd.etcdctl(['lease', 'list']).stdout.trim().split('\n');
    expect(BigInt(`0x${hex}`)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(etcd.etcdctl(['lease', 'timetolive', hex!, '--keys']).stdout).toContain('attached keys([/leased])');
    await kv.leaseRevoke(lease.id);
    const after = await kv.range({ key: '/leased' });
    expect(after.count).toBe(0);
    expect(put.header.revision).toBeGreaterThan(0);
  });

  it('a watch from a compacted revision is cancelled with the compact revision', async () => {
    const a = await kv.put({ key: '/c/a', value: '1' });
    await kv.put({ key: '/c/a', value: '2' });
    const b = await kv.put({ key: '/c/a', value: '3' });
    await kv.compact(b.header.revision);
    const seen: WatchResponse[] = [];
    await kv.watch({ key: '/c/a', startRevision: a.header.revision }, (r) => seen.push(r));
    await loop.run();
    expect(seen[0]?.canceled).toBe(true);
    expect(seen[0]?.compactRevision).toBe(b.header.revision);
    await expect(kv.range({ key: '/c/a', revision: a.header.revision })).rejects.toThrow(
      'etcdserver: mvcc: required revision has been compacted',
    );
  });
});

describe.runIf(!missing)('a real etcd that is not there', () => {
  it('fails in a few seconds with one clear line', async () => {
    const started = Date.now();
    await expect(connectEtcd('etcd://127.0.0.1:1', new Loop())).rejects.toThrow(/^cannot reach etcd at 127\.0\.0\.1:1: /);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects a malformed URL', async () => {
    await expect(connectEtcd('etcd://nowhere', new Loop())).rejects.toThrow('bad etcd URL "etcd://nowhere"');
  });
});

describe.runIf(!missing)('a real three-member etcd: quorum', () => {
  let etcd: EtcdCluster;
  let kv: KV;

  beforeAll(async () => {
    etcd = await EtcdCluster.start(3);
    kv = await connectEtcd(etcd.url, new Loop());
  }, 60_000);
  afterAll(async () => {
    await kv?.close();
    await etcd?.shutdown();
  });

  it('writes go on with one member stopped, fail without quorum, and come back when it returns', async () => {
    await kv.put({ key: '/q', value: 'all three' });
    await etcd.stopMember('m1');
    // Two of three is a majority: the cluster still commits writes.
    await expect(retry(() => kv.put({ key: '/q', value: 'two of three' }))).resolves.toBeDefined();
    await etcd.stopMember('m2');
    // One of three is not: etcd refuses, in its own words, and nothing is written.
    await expect(kv.put({ key: '/q', value: 'one of three' })).rejects.toThrow(
      /^etcdserver: (request timed out|no leader)$/,
    );
    await etcd.startMember('m2');
    await expect(retry(() => kv.put({ key: '/q', value: 'back' }))).resolves.toBeDefined();
    const r = await retry(() => kv.range({ key: '/q' }));
    expect(r.kvs[0]!.value).toBe('back');
  }, 90_000);
});

/** Client-side retries across members (the circuit breaker may still hold a dead member for a moment). */
async function retry<T>(fn: () => Promise<T>, tries = 10): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw last;
}

// The embedded store against a real etcd at the KV level: one seeded random sequence of puts, ranges,
// deletes, txns, leases and compactions, sent to both; every answer (revisions, kvs, count, more, deleted,
// prev kvs, txn branches and nested responses) and every error must be the same. Starts its own etcd on a
// free loopback port; skips, saying why, where etcd is not installed. KUBETUTOR_STORE_SEED=N tries another sequence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rand } from '../../src/cluster/sim/rand';
import { EtcdCluster, etcdMissing } from '../helpers/etcd-cluster';
import type { Compare, KeyValue, RequestOp, ResponseOp, TxnRequest } from '../../src/cluster/store/types';
import { prefixEnd } from '../../src/cluster/store/types';
import { fresh } from './helpers';

const missing = etcdMissing();
const haveEtcd = !missing;
if (missing) console.warn(`test/store/real-etcd.test.ts: ${missing}`);

const B = (s: string) => Buffer.from(s);
/** etcd3's bundled protos spell enum values Capitalised (Ascend, Mod, NotEqual…). */
const cap = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();
const num = (v: unknown) => Number(v ?? 0);
const normKv = (kv: any): string =>
  kv ? `${kv.key.toString()}=${kv.value.toString()} c${num(kv.create_revision ?? kv.createRevision)} m${num(kv.mod_revision ?? kv.modRevision)} v${num(kv.version)} l${num(kv.lease)}` : '';
const mine = (kv: KeyValue) => `${kv.key}=${kv.value} c${kv.createRevision} m${kv.modRevision} v${kv.version} l${kv.lease}`;

describe.skipIf(!haveEtcd)('embedded store vs real etcd 3.4 (KV level)', () => {
  let etcd: EtcdCluster;
  let client: any;

  beforeAll(async () => {
    etcd = await EtcdCluster.start(1);
    const { Etcd3 } = await import('etcd3');
    client = new Etcd3({ hosts: etcd.endpoints[0]! });
    for (let i = 0; ; i++) {
      try {
        await client.maintenance.status();
        break;
      } catch (err) {
        if (i > 100) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });

  afterAll(async () => {
    client?.close();
    await etcd?.shutdown();
  });

  it('answers a seeded random sequence of 800 requests exactly as etcd does', async () => {
    const { kv, loop } = fresh();
    const seeded = new Rand(process.env.KUBETUTOR_STORE_SEED ?? '20261127');
    const rand = () => seeded.next();
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    // Enough keys under one prefix that sorts with ties go past Go's insertion-sort cut-off (12).
    const keys = ['a', 'a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'a/6', 'a/7', 'a/8', 'a/9', 'a/a', 'a/b', 'a/c', 'a/d', 'a/e', 'b', 'b/x', 'c', 'cc'] as const;
    const leases: number[] = [];
    let nextLease = 0x7000;

    const range = () => {
      const k = pick(keys);
      const shape = pick(['key', 'prefix', 'from', 'range'] as const);
      const end = shape === 'prefix' ? prefixEnd(k) : shape === 'from' ? '\0' : shape === 'range' ? pick(keys) : undefined;
      return {
        key: k,
        rangeEnd: end,
        revision: rand() < 0.3 ? Math.floor(rand() * (kv.revision + 2)) : 0,
        limit: rand() < 0.4 ? 1 + Math.floor(rand() * 3) : 0,
        sortOrder: pick(['NONE', 'NONE', 'ASCEND', 'DESCEND'] as const),
        sortTarget: pick(['KEY', 'KEY', 'VERSION', 'CREATE', 'MOD', 'VALUE'] as const),
        keysOnly: rand() < 0.2,
        countOnly: rand() < 0.1,
      };
    };
    const put = () => ({ key: pick(keys), value: pick(['', 'x', 'y', 'zz']), prevKv: rand() < 0.5, lease: rand() < 0.15 && leases.length ? pick(leases) : 0 });
    const del = () => {
      const k = pick(keys);
      const shape = pick(['key', 'prefix', 'from'] as const);
      return { key: k, rangeEnd: shape === 'prefix' ? prefixEnd(k) : shape === 'from' ? '\0' : undefined, prevKv: rand() < 0.5 };
    };
    const op = (): RequestOp => {
      const r = rand();
      return r < 0.4 ? { put: put() } : r < 0.7 ? { range: range() } : { deleteRange: del() };
    };
    const cmp = (): Compare => {
      const target = pick(['VERSION', 'CREATE', 'MOD', 'VALUE', 'LEASE'] as const);
      return {
        key: pick(keys),
        rangeEnd: rand() < 0.2 ? prefixEnd('a') : undefined,
        target,
        result: pick(['EQUAL', 'GREATER', 'LESS', 'NOT_EQUAL'] as const),
        value: target === 'VALUE' ? pick(['', 'x', 'y']) : Math.floor(rand() * (kv.revision + 1)),
      };
    };
    const txn = (depth = 0): TxnRequest => ({
      compare: Array.from({ length: Math.floor(rand() * 3) }, cmp),
      success: Array.from({ length: Math.floor(rand() * 3) }, () => (depth < 1 && rand() < 0.15 ? { txn: txn(depth + 1) } : op())),
      failure: Array.from({ length: Math.floor(rand() * 3) }, () => (depth < 1 && rand() < 0.15 ? { txn: txn(depth + 1) } : op())),
    });

    // Requests in the etcd3 raw-gRPC shape.
    const gRange = (r: ReturnType<typeof range>) => ({
      key: B(r.key), range_end: r.rangeEnd === undefined ? undefined : B(r.rangeEnd), revision: r.revision, limit: r.limit,
      sort_order: cap(r.sortOrder), sort_target: cap(r.sortTarget),
      keys_only: r.keysOnly, count_only: r.countOnly,
    });
    const gPut = (p: ReturnType<typeof put>) => ({ key: B(p.key), value: B(p.value), prev_kv: p.prevKv, lease: p.lease });
    const gDel = (d: ReturnType<typeof del>) => ({ key: B(d.key), range_end: d.rangeEnd === undefined ? undefined : B(d.rangeEnd), prev_kv: d.prevKv });
    const gOp = (o: RequestOp): any =>
      'put' in o ? { request_put: gPut(o.put as any) } : 'range' in o ? { request_range: gRange(o.range as any) } : 'deleteRange' in o ? { request_delete_range: gDel(o.deleteRange as any) } : { request_txn: gTxn(o.txn) };
    const gTxn = (t: TxnRequest): any => ({
      compare: t.compare.map((c) => ({
        key: B(c.key), range_end: c.rangeEnd ? B(c.rangeEnd) : undefined, target: cap(c.target), result: c.result === 'NOT_EQUAL' ? 'NotEqual' : cap(c.result),
        ...(c.target === 'VALUE' ? { value: B(String(c.value)) } : c.target === 'VERSION' ? { version: c.value } : c.target === 'CREATE' ? { create_revision: c.value } : c.target === 'MOD' ? { mod_revision: c.value } : { lease: c.value }),
      })),
      success: t.success.map(gOp),
      failure: t.failure.map(gOp),
    });

    // Normalised answers.
    const theirRange = (r: any) => ({ rev: num(r.header.revision), kvs: (r.kvs ?? []).map(normKv), more: !!r.more, count: num(r.count) });
    const ourRange = (r: any) => ({ rev: r.header.revision, kvs: r.kvs.map(mine), more: r.more, count: r.count });
    const theirOp = (o: any): any =>
      o.response_range ? { range: theirRange(o.response_range) }
      : o.response_put ? { put: { rev: num(o.response_put.header.revision), prev: normKv(o.response_put.prev_kv) } }
      : o.response_delete_range ? { del: { rev: num(o.response_delete_range.header.revision), deleted: num(o.response_delete_range.deleted), prevs: (o.response_delete_range.prev_kvs ?? []).map(normKv) } }
      : { txn: theirTxn(o.response_txn) };
    const ourOp = (o: ResponseOp): any =>
      'range' in o ? { range: ourRange(o.range) }
      : 'put' in o ? { put: { rev: o.put.header.revision, prev: o.put.prevKv ? mine(o.put.prevKv) : '' } }
      : 'deleteRange' in o ? { del: { rev: o.deleteRange.header.revision, deleted: o.deleteRange.deleted, prevs: (o.deleteRange.prevKvs ?? []).map(mine) } }
      : { txn: ourTxn(o.txn) };
    const theirTxn = (t: any): any => ({ rev: num(t.header?.revision), ok: !!t.succeeded, responses: (t.responses ?? []).map(theirOp) });
    const ourTxn = (t: any): any => ({ rev: t.header.revision, ok: t.succeeded, responses: t.responses.map(ourOp) });
    const errText = (e: unknown) => {
      const m = String((e as Error).message);
      const i = m.indexOf('etcdserver:');
      // etcd3's EtcdLeaseInvalidError appends its own words to the server's message.
      return { error: (i >= 0 ? m.slice(i) : m).replace(/ is expired or revoked$/, '') };
    };
    const both = async (label: string, theirs: () => Promise<unknown>, ours: () => Promise<unknown>) => {
      const t = await theirs().catch(errText);
      const o = await ours().catch(errText);
      expect(o, label).toEqual(t);
    };

    // A watch on every key with prev kvs, on both sides, from the next revision.
    const theirEvents: string[] = [];
    const ourEvents: string[] = [];
    const theirWatch = await client.watch().prefix('').withPreviousKV().create();
    theirWatch.on('data', (res: any) => {
      for (const e of res.events) theirEvents.push(`${String(e.type).toUpperCase()} ${normKv(e.kv)} prev[${normKv(e.prev_kv)}]`);
    });
    await kv.watch({ key: '\0', rangeEnd: '\0', prevKv: true }, (r) => {
      for (const e of r.events) ourEvents.push(`${e.type} ${mine(e.kv)} prev[${e.prevKv ? mine(e.prevKv) : ''}]`);
    });

    // Half way, a second watch on the a/ prefix from a past revision (it catches up from history), with
    // prev kvs and without DELETE events.
    const theirPast: string[] = [];
    const ourPast: string[] = [];
    let theirPastWatch: any;

    for (let i = 0; i < 800; i++) {
      if (i === 400) {
        const from = Math.max(kv.compactRevision, kv.revision - 40, 1);
        theirPastWatch = await client.watch().prefix('a/').startRevision(String(from)).withPreviousKV().only('put').create(); // etcd3's only('put') sends NODELETE
        theirPastWatch.on('data', (res: any) => {
          for (const e of res.events) theirPast.push(`${String(e.type).toUpperCase()} ${normKv(e.kv)} prev[${normKv(e.prev_kv)}]`);
        });
        await kv.watch({ key: 'a/', rangeEnd: prefixEnd('a/'), startRevision: from, prevKv: true, filters: ['NODELETE'] }, (r) => {
          for (const e of r.events) ourPast.push(`${e.type} ${mine(e.kv)} prev[${e.prevKv ? mine(e.prevKv) : ''}]`);
        });
        // Let the catch-up run before more writes and compactions (etcd syncs it within 100 ms).
        await loop.run();
        await new Promise((r) => setTimeout(r, 300));
      }
      const r = rand();
      if (r < 0.3) {
        const p = put();
        await both(`#${i} put ${JSON.stringify(p)}`, async () => {
          const x = await client.kv.put(gPut(p));
          return { rev: num(x.header.revision), prev: normKv(x.prev_kv) };
        }, async () => {
          const x = await kv.put(p);
          return { rev: x.header.revision, prev: x.prevKv ? mine(x.prevKv) : '' };
        });
      } else if (r < 0.55) {
        const q = range();
        await both(`#${i} range ${JSON.stringify(q)}`, async () => theirRange(await client.kv.range(gRange(q))), async () => ourRange(await kv.range(q)));
      } else if (r < 0.7) {
        const d = del();
        await both(`#${i} del ${JSON.stringify(d)}`, async () => {
          const x = await client.kv.deleteRange(gDel(d));
          return { rev: num(x.header.revision), deleted: num(x.deleted), prevs: (x.prev_kvs ?? []).map(normKv) };
        }, async () => {
          const x = await kv.deleteRange(d);
          return { rev: x.header.revision, deleted: x.deleted, prevs: (x.prevKvs ?? []).map(mine) };
        });
      } else if (r < 0.88) {
        const t = txn();
        await both(`#${i} txn ${JSON.stringify(t)}`, async () => theirTxn(await client.kv.txn(gTxn(t))), async () => ourTxn(await kv.txn(t)));
      } else if (r < 0.92) {
        const rev = Math.max(1, kv.revision - Math.floor(rand() * 8) + 1);
        await both(`#${i} compact ${rev}`, async () => ({ rev: num((await client.kv.compact({ revision: rev, physical: true })).header.revision) }), async () => ({ rev: (await kv.compact(rev)).header.revision }));
      } else if (r < 0.95 && leases.length) {
        // Time to live with keys (the TTL itself runs on two different clocks: compare what does not).
        const id = rand() < 0.8 ? pick(leases) : 0x6fff;
        await both(`#${i} lease timetolive ${id}`, async () => {
          const x = await client.leaseClient.leaseTimeToLive({ ID: id, keys: true });
          return { id: num(x.ID), granted: num(x.grantedTTL), expired: num(x.TTL) === -1, keys: (x.keys ?? []).map((k: Buffer) => k.toString()).sort() };
        }, async () => {
          const x = await kv.leaseTimeToLive(id, true);
          return { id: x.id, granted: x.grantedTtl, expired: x.ttl === -1, keys: [...(x.keys ?? [])].sort() };
        });
      } else if (r < 0.97 || leases.length === 0) {
        const id = nextLease++;
        const ttl = Math.floor(rand() * 3) * 100;
        await both(`#${i} lease grant ${ttl} ${id}`, async () => {
          const x = await client.leaseClient.leaseGrant({ TTL: ttl, ID: id });
          return { rev: num(x.header.revision), id: num(x.ID), ttl: num(x.TTL) };
        }, async () => {
          const x = await kv.leaseGrant(ttl, id);
          return { rev: x.header.revision, id: x.id, ttl: x.ttl };
        });
        leases.push(id);
      } else {
        const id = pick(leases);
        await both(`#${i} lease revoke ${id}`, async () => ({ rev: num((await client.leaseClient.leaseRevoke({ ID: id })).header.revision) }), async () => ({ rev: (await kv.leaseRevoke(id)).header.revision }));
      }
    }
    await loop.run();
    for (let i = 0; i < 100 && theirEvents.length < ourEvents.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(ourEvents.length).toBeGreaterThan(100);
    expect(ourEvents).toEqual(theirEvents);
    await theirWatch.cancel();
    for (let i = 0; i < 100 && theirPast.length < ourPast.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(ourPast.length).toBeGreaterThan(20);
    expect(ourPast.every((l) => l.startsWith('PUT a/'))).toBe(true);
    expect(ourPast).toEqual(theirPast);
    await theirPastWatch.cancel();
  }, 60_000);

  it('sorts ties in the order etcd leaves them (Go 1.19 sort.Sort, not a stable sort)', async () => {
    const { kv } = fresh();
    for (let i = 0; i < 60; i++) {
      const key = `z/${String(i).padStart(2, '0')}`;
      const value = `v${(i * 7) % 4}`;
      await client.kv.put({ key: B(key), value: B(value) });
      await kv.put({ key, value });
    }
    for (const i of [5, 9, 13, 22, 40, 41]) {
      const key = `z/${String(i).padStart(2, '0')}`;
      await client.kv.put({ key: B(key), value: B(`v${i % 3}`) });
      await kv.put({ key, value: `v${i % 3}` });
    }
    for (const target of ['VALUE', 'VERSION'] as const) {
      for (const order of ['ASCEND', 'DESCEND', 'NONE'] as const) {
        for (const limit of [0, 7]) {
          const theirs = await client.kv.range({ key: B('z/'), range_end: B('z0'), sort_target: cap(target), sort_order: cap(order), limit, keys_only: true });
          const ours = await kv.range({ key: 'z/', rangeEnd: 'z0', sortTarget: target, sortOrder: order, limit, keysOnly: true });
          expect(ours.kvs.map((k) => k.key), `${target} ${order} limit ${limit}`).toEqual(theirs.kvs.map((k: any) => k.key.toString()));
          expect(ours.more).toBe(!!theirs.more);
        }
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ERR_COMPACTED, ERR_FUTURE_REV, ERR_LEASE_NOT_FOUND, prefixEnd } from '../../src/cluster/store/types';
import { fresh, rejects } from './helpers';

describe('embedded etcd: revisions, range, put, delete', () => {
  it('starts at revision 1 like a fresh etcd; each put raises it by one; a delete of nothing does not', async () => {
    const { kv } = fresh();
    expect((await kv.range({ key: 'a' })).header.revision).toBe(1);
    expect((await kv.put({ key: 'a', value: '1' })).header.revision).toBe(2);
    expect((await kv.put({ key: 'a', value: '1' })).header.revision).toBe(3);
    const del = await kv.deleteRange({ key: 'nothing' });
    expect(del).toMatchObject({ deleted: 0, header: { revision: 3 } });
    const d2 = await kv.deleteRange({ key: 'a', prevKv: true });
    expect(d2.deleted).toBe(1);
    expect(d2.header.revision).toBe(4);
    expect(d2.prevKvs).toEqual([{ key: 'a', value: '1', createRevision: 2, modRevision: 3, version: 2, lease: 0 }]);
    // Re-created: a new generation, version back to 1.
    await kv.put({ key: 'a', value: 'x' });
    expect((await kv.range({ key: 'a' })).kvs[0]).toMatchObject({ createRevision: 5, modRevision: 5, version: 1 });
  });

  it('put --prev-kv returns the value it replaced', async () => {
    const { kv } = fresh();
    expect((await kv.put({ key: 'k', value: 'v1', prevKv: true })).prevKv).toBeUndefined();
    expect((await kv.put({ key: 'k', value: 'v2', prevKv: true })).prevKv).toMatchObject({ value: 'v1', modRevision: 2 });
  });

  it('ranges by prefix, from-key, limit (+more, count), keys-only, count-only, sort and order', async () => {
    const { kv } = fresh();
    for (const [k, v] of [['/p/c', '1'], ['/p/a', '3'], ['/p/b', '2'], ['/q', '0']]) await kv.put({ key: k!, value: v! });
    await kv.put({ key: '/p/a', value: '3' });
    const pre = await kv.range({ key: '/p/', rangeEnd: prefixEnd('/p/') });
    expect(pre.kvs.map((k) => k.key)).toEqual(['/p/a', '/p/b', '/p/c']);
    expect(pre.count).toBe(3);
    expect(pre.more).toBe(false);
    const lim = await kv.range({ key: '/p/', rangeEnd: prefixEnd('/p/'), limit: 2 });
    expect(lim.kvs.map((k) => k.key)).toEqual(['/p/a', '/p/b']);
    expect(lim).toMatchObject({ more: true, count: 3 });
    expect((await kv.range({ key: '/p/', rangeEnd: prefixEnd('/p/'), limit: 3 })).more).toBe(false);
    const from = await kv.range({ key: '/p/b', rangeEnd: '\0' });
    expect(from.kvs.map((k) => k.key)).toEqual(['/p/b', '/p/c', '/q']);
    const byValue = await kv.range({ key: '/p/', rangeEnd: prefixEnd('/p/'), sortTarget: 'VALUE', sortOrder: 'DESCEND' });
    expect(byValue.kvs.map((k) => k.value)).toEqual(['3', '2', '1']);
    const byMod = await kv.range({ key: '/', rangeEnd: '\0', sortTarget: 'MOD', sortOrder: 'ASCEND', limit: 2 });
    expect(byMod.kvs.map((k) => k.key)).toEqual(['/p/c', '/p/b']);
    expect(byMod).toMatchObject({ more: true, count: 4 });
    const desc = await kv.range({ key: '/p/', rangeEnd: prefixEnd('/p/'), sortOrder: 'DESCEND', sortTarget: 'KEY', limit: 1 });
    expect(desc.kvs.map((k) => k.key)).toEqual(['/p/c']);
    const keysOnly = await kv.range({ key: '/p/a', keysOnly: true });
    expect(keysOnly.kvs[0]).toMatchObject({ key: '/p/a', value: '', version: 2 });
    const countOnly = await kv.range({ key: '/p/', rangeEnd: prefixEnd('/p/'), countOnly: true });
    expect(countOnly).toMatchObject({ kvs: [], count: 3 });
    expect(await rejects(kv.range({ key: '' }))).toBe('etcdserver: key is not provided');
  });

  it('reads at a past revision; compaction makes older ones fail with etcd words, not the compacted one', async () => {
    const { kv } = fresh();
    await kv.put({ key: 'a', value: '1' }); // 2
    await kv.put({ key: 'a', value: '2' }); // 3
    await kv.deleteRange({ key: 'a' }); // 4
    await kv.put({ key: 'a', value: '3' }); // 5
    expect((await kv.range({ key: 'a', revision: 2 })).kvs[0]!.value).toBe('1');
    expect((await kv.range({ key: 'a', revision: 4 })).kvs).toEqual([]);
    expect((await kv.range({ key: 'a', revision: 4 })).header.revision).toBe(5);
    expect(await rejects(kv.range({ key: 'a', revision: 6 }))).toBe(ERR_FUTURE_REV);
    await kv.compact(3);
    expect(await rejects(kv.range({ key: 'a', revision: 2 }))).toBe(ERR_COMPACTED);
    expect((await kv.range({ key: 'a', revision: 3 })).kvs[0]!.value).toBe('2');
    expect(await rejects(kv.compact(3))).toBe(ERR_COMPACTED);
    expect(await rejects(kv.compact(2))).toBe(ERR_COMPACTED);
    expect(await rejects(kv.compact(99))).toBe(ERR_FUTURE_REV);
    expect((await kv.compact(5)).header.revision).toBe(5);
    expect((await kv.range({ key: 'a' })).kvs[0]).toMatchObject({ value: '3', createRevision: 5 });
    expect((await kv.status()).compactRevision).toBe(5);
  });

  it('compaction frees what no read can reach any more, including revisions kept by an earlier compaction', async () => {
    const { kv } = fresh();
    await kv.put({ key: 'a', value: '1' }); // 2
    await kv.put({ key: 'b', value: '1' }); // 3
    await kv.put({ key: 'a', value: '2' }); // 4
    await kv.compact(3);
    // Kept: a@2 (a's newest ≤ 3), b@3; a@4 is above the compaction.
    expect([...kv.store.backend.keys()]).toEqual([2, 3, 4]);
    await kv.deleteRange({ key: 'b' }); // 5
    await kv.compact(5);
    // a@2 is superseded by a@4; b's generation ended at 5 and is gone with its tombstone.
    expect([...kv.store.backend.keys()]).toEqual([4]);
    expect(kv.store.kvindex.keyIndex('b')).toBeUndefined();
    expect((await kv.range({ key: 'a', rangeEnd: '\0', revision: 5 })).kvs.map((k) => `${k.key}=${k.value}`)).toEqual(['a=2']);
  });
});

describe('embedded etcd: txn', () => {
  it('writes at ONE revision with sub-revisions, sees its own writes, and answers nested headers as etcd', async () => {
    const { kv } = fresh();
    await kv.put({ key: 'a', value: '1' }); // 2
    const r = await kv.txn({
      compare: [{ key: 'a', target: 'VALUE', result: 'EQUAL', value: '1' }],
      success: [
        { put: { key: 'b', value: '2' } },
        { range: { key: 'b' } },
        { put: { key: 'c', value: '3' } },
        { deleteRange: { key: 'a', prevKv: true } },
      ],
      failure: [],
    });
    expect(r.succeeded).toBe(true);
    expect(r.header.revision).toBe(3);
    const range = (r.responses[1] as { range: { kvs: unknown[]; header: { revision: number } } }).range;
    expect(range.header.revision).toBe(3);
    expect(range.kvs).toEqual([{ key: 'b', value: '2', createRevision: 3, modRevision: 3, version: 1, lease: 0 }]);
    expect((await kv.range({ key: 'a', rangeEnd: 'z' })).kvs.map((k) => `${k.key}@${k.modRevision}`)).toEqual(['b@3', 'c@3']);
    const idx = kv.store.kvindex;
    expect(idx.keyIndex('b')!.modified).toEqual({ main: 3, sub: 0 });
    expect(idx.keyIndex('c')!.modified).toEqual({ main: 3, sub: 1 });
    expect(idx.keyIndex('a')!.modified).toEqual({ main: 3, sub: 2 });
  });

  it('compares on VALUE / CREATE / MOD / VERSION / LEASE and takes the else branch; a txn that writes nothing keeps the revision', async () => {
    const { kv } = fresh();
    await kv.put({ key: 'k', value: 'v' }); // 2
    await kv.put({ key: 'k', value: 'w' }); // 3
    const check = async (c: Parameters<typeof kv.txn>[0]['compare'][number]) =>
      (await kv.txn({ compare: [c], success: [], failure: [] })).succeeded;
    expect(await check({ key: 'k', target: 'VERSION', result: 'EQUAL', value: 2 })).toBe(true);
    expect(await check({ key: 'k', target: 'CREATE', result: 'EQUAL', value: 2 })).toBe(true);
    expect(await check({ key: 'k', target: 'MOD', result: 'GREATER', value: 2 })).toBe(true);
    expect(await check({ key: 'k', target: 'MOD', result: 'LESS', value: 3 })).toBe(false);
    expect(await check({ key: 'k', target: 'LEASE', result: 'EQUAL', value: 0 })).toBe(true);
    expect(await check({ key: 'k', target: 'VALUE', result: 'NOT_EQUAL', value: 'v' })).toBe(true);
    // A missing key: version/create/mod are 0, and a VALUE compare always fails.
    expect(await check({ key: 'nope', target: 'CREATE', result: 'EQUAL', value: 0 })).toBe(true);
    expect(await check({ key: 'nope', target: 'VALUE', result: 'NOT_EQUAL', value: 'x' })).toBe(false);
    const r = await kv.txn({
      compare: [{ key: 'k', target: 'MOD', result: 'EQUAL', value: 2 }],
      success: [{ put: { key: 'k', value: 'lost' } }],
      failure: [{ range: { key: 'k' } }],
    });
    expect(r.succeeded).toBe(false);
    expect(r.header.revision).toBe(3);
    expect((r.responses[0] as { range: { kvs: Array<{ value: string }> } }).range.kvs[0]!.value).toBe('w');
  });

  it('refuses a txn that puts a key twice, puts a deleted key, has too many ops or an empty key, and changes nothing', async () => {
    const { kv } = fresh();
    expect(
      await rejects(kv.txn({ compare: [], success: [{ put: { key: 'a', value: '1' } }, { put: { key: 'a', value: '2' } }], failure: [] })),
    ).toBe('etcdserver: duplicate key given in txn request');
    expect(
      await rejects(kv.txn({ compare: [], success: [{ deleteRange: { key: 'a', rangeEnd: 'c' } }, { put: { key: 'b', value: '2' } }], failure: [] })),
    ).toBe('etcdserver: duplicate key given in txn request');
    expect(await rejects(kv.txn({ compare: [], success: [{ put: { key: 'a', value: '1', lease: 42 } }], failure: [] }))).toBe(ERR_LEASE_NOT_FOUND);
    const many = Array.from({ length: 129 }, (_, i) => ({ put: { key: `k${i}`, value: 'v' } }));
    expect(await rejects(kv.txn({ compare: [], success: many, failure: [] }))).toBe('etcdserver: too many operations in txn request');
    expect(await rejects(kv.txn({ compare: [], success: [{ put: { key: '', value: 'v' } }], failure: [] }))).toBe('etcdserver: key is not provided');
    // The same key in then and else of a nested txn is fine: only one of them runs.
    const ok = await kv.txn({
      compare: [],
      success: [{ txn: { compare: [{ key: 'x', target: 'VERSION', result: 'EQUAL', value: 0 }], success: [{ put: { key: 'a', value: 'then' } }], failure: [{ put: { key: 'a', value: 'else' } }] } }],
      failure: [],
    });
    expect(ok.header.revision).toBe(2);
    expect((await kv.range({ key: 'a' })).kvs[0]!.value).toBe('then');
  });
});

describe('embedded etcd: leases', () => {
  it('clamps a TTL under 2 s up to 2 s as etcd 3.4 does, and expires on the virtual clock with DELETE events at one revision', async () => {
    const { kv, loop } = fresh();
    const l = await kv.leaseGrant(1);
    expect(l.ttl).toBe(2);
    const l10 = await kv.leaseGrant(10, 0x1234);
    expect(l10.id).toBe(0x1234);
    expect(await rejects(kv.leaseGrant(10, 0x1234))).toBe('etcdserver: lease already exists');
    await kv.put({ key: '/l/b', value: '1', lease: l10.id });
    await kv.put({ key: '/l/a', value: '1', lease: l10.id });
    await kv.put({ key: '/other', value: 'x', lease: l10.id });
    await kv.put({ key: '/other', value: 'detached' }); // a put without the lease takes the key off it
    expect(await rejects(kv.put({ key: 'x', value: '1', lease: 99 }))).toBe(ERR_LEASE_NOT_FOUND);
    const ttl = await kv.leaseTimeToLive(l10.id, true);
    expect(ttl).toMatchObject({ ttl: 10, grantedTtl: 10, keys: ['/l/a', '/l/b'] });
    const events: string[] = [];
    await kv.watch({ key: '/', rangeEnd: '0' }, (r) => events.push(...r.events.map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`)));
    await loop.advance(4_000);
    expect((await kv.leaseTimeToLive(l10.id)).ttl).toBe(6);
    expect((await kv.leaseKeepAliveOnce(l10.id)).ttl).toBe(10);
    await loop.advance(9_000);
    expect(events).toEqual([]);
    const rev = kv.revision;
    await loop.advance(1_000);
    expect(events).toEqual([`DELETE /l/a@${rev + 1}`, `DELETE /l/b@${rev + 1}`]);
    expect((await kv.range({ key: '/other' })).kvs[0]!.value).toBe('detached');
    expect(await kv.leaseTimeToLive(l10.id)).toMatchObject({ ttl: -1, grantedTtl: 0 });
    expect((await kv.leaseKeepAliveOnce(l10.id)).ttl).toBe(0);
    expect(await rejects(kv.leaseRevoke(l10.id))).toBe(ERR_LEASE_NOT_FOUND);
  });

  it('revoke deletes the keys now; auto ids are distinct and stable for the same script', async () => {
    const a = fresh();
    const b = fresh();
    const ids = [(await a.kv.leaseGrant(60)).id, (await a.kv.leaseGrant(60)).id];
    expect(ids[0]).not.toBe(ids[1]);
    expect([(await b.kv.leaseGrant(60)).id, (await b.kv.leaseGrant(60)).id]).toEqual(ids);
    expect(Number.isSafeInteger(ids[0])).toBe(true);
    await a.kv.put({ key: 'k', value: 'v', lease: ids[0] });
    const before = a.kv.revision;
    await a.kv.leaseRevoke(ids[0]!);
    expect(a.kv.revision).toBe(before + 1);
    expect((await a.kv.range({ key: 'k' })).kvs).toEqual([]);
    expect((await a.kv.leaseLeases()).leases).toEqual([ids[1]]);
  });
});

describe('embedded etcd: snapshot, wipe, status', () => {
  it('saves and restores the keyspace with its history and leases', async () => {
    const { kv } = fresh();
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = `${mkdtempSync(`${tmpdir()}/kt-snap-`)}/snap.db`;
    await kv.put({ key: 'a', value: '1' });
    await kv.put({ key: 'a', value: '2' });
    const l = await kv.leaseGrant(30);
    await kv.put({ key: 'b', value: 'leased', lease: l.id });
    await kv.compact(3);
    const saved = await kv.snapshotSave(path);
    expect(saved.revision).toBe(4);
    await kv.put({ key: 'c', value: 'later' });
    await kv.deleteRange({ key: 'a' });
    expect((await kv.snapshotRestore(path)).revision).toBe(4);
    expect(kv.revision).toBe(4);
    expect((await kv.range({ key: 'a', rangeEnd: '\0' })).kvs.map((k) => `${k.key}=${k.value} v${k.version}`)).toEqual(['a=2 v2', 'b=leased v1']);
    expect((await kv.range({ key: 'a', revision: 3 })).kvs[0]!.value).toBe('2');
    expect(await rejects(kv.range({ key: 'a', revision: 2 }))).toBe(ERR_COMPACTED);
    expect((await kv.leaseTimeToLive(l.id, true)).keys).toEqual(['b']);
    await kv.put({ key: 'a', value: '3' });
    expect((await kv.range({ key: 'a' })).kvs[0]).toMatchObject({ version: 3, createRevision: 2, modRevision: 5 });
    expect(await rejects(kv.snapshotRestore(`${path}.missing`))).toBe(`open ${path}.missing: no such file or directory`);
    expect(await rejects(kv.snapshotSave('/nonexistent/x.db'))).toBe('could not open /nonexistent/x.db.part (open /nonexistent/x.db.part: no such file or directory)');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${path}.bad`, 'garbage\n');
    expect(await rejects(kv.snapshotRestore(`${path}.bad`))).toBe(`seek ${path}.bad: invalid argument`);
    writeFileSync(`${path}.bad`, 'x'.repeat(600));
    expect(await rejects(kv.snapshotRestore(`${path}.bad`))).toBe('snapshot missing hash but --skip-hash-check=false');
    // A refused restore changed nothing.
    expect((await kv.range({ key: 'a' })).kvs[0]!.value).toBe('3');
  });

  it('wipe empties the keyspace, moves the revision on and cancels watchers as compacted', async () => {
    const { kv, loop } = fresh();
    await kv.put({ key: 'a', value: '1' });
    const got: Array<{ canceled?: boolean; compactRevision?: number }> = [];
    await kv.watch({ key: 'a' }, (r) => got.push(r));
    await kv.wipe();
    await loop.run();
    expect((await kv.range({ key: 'a', rangeEnd: '\0' })).count).toBe(0);
    expect(kv.revision).toBe(3);
    expect(got).toEqual([expect.objectContaining({ canceled: true, compactRevision: 3 })]);
  });

  it('status and member list carry deterministic ids', async () => {
    const { kv } = fresh();
    const s = await kv.status();
    expect(s).toMatchObject({ version: '3.4.23', raftIndex: 4, leader: '10276657743932975437', dbSize: 20480 });
    await kv.put({ key: 'a', value: '1' });
    expect((await kv.status()).raftIndex).toBe(5);
    const m = await kv.memberList();
    expect(BigInt(m.members[0]!.id).toString(16)).toBe('8e9e05c52164694d');
    expect(m.header.revision).toBe(0);
  });
});

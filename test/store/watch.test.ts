import { describe, expect, it } from 'vitest';
import { prefixEnd } from '../../src/cluster/store/types';
import { fresh, recordWatch } from './helpers';

describe('embedded etcd: watch', () => {
  it('delivers as loop steps (component etcd), never inline, one response per watcher per revision', async () => {
    const { kv, loop } = fresh();
    const rec = await recordWatch(kv, { key: '/r/', rangeEnd: prefixEnd('/r/') });
    await kv.put({ key: '/r/a', value: '1' });
    await kv.txn({ compare: [], success: [{ put: { key: '/r/b', value: '1' } }, { put: { key: '/other', value: 'x' } }, { put: { key: '/r/c', value: '1' } }], failure: [] });
    expect(rec.responses).toHaveLength(0);
    expect(loop.pending().map((w) => `${w.component}/${w.kind}`)).toEqual(['etcd/watch-event', 'etcd/watch-event']);
    await loop.run();
    expect(rec.responses.map((r) => [r.header.revision, r.events.map((e) => e.kv.key)])).toEqual([
      [2, ['/r/a']],
      [3, ['/r/b', '/r/c']],
    ]);
  });

  it('a watch from a past revision catches up from history, then follows; prevKv and filters apply', async () => {
    const { kv, loop } = fresh();
    await kv.put({ key: 'k', value: '1' }); // 2
    await kv.put({ key: 'k', value: '2' }); // 3
    await kv.deleteRange({ key: 'k' }); // 4
    const rec = await recordWatch(kv, { key: 'k', startRevision: 3, prevKv: true });
    const noDel = await recordWatch(kv, { key: 'k', startRevision: 2, filters: ['NODELETE'] });
    await kv.put({ key: 'k', value: '3' }); // 5
    await loop.run();
    expect(rec.lines()).toEqual(['PUT k@3', 'DELETE k@4', 'PUT k@5']);
    expect(rec.events()[1]!.prevKv).toMatchObject({ value: '2' });
    expect(rec.events()[1]!.kv).toEqual({ key: 'k', value: '', createRevision: 0, modRevision: 4, version: 0, lease: 0 });
    expect(rec.events()[2]!.prevKv).toBeUndefined();
    // The sync step ran after the put at 5: the catch-up is one response at the store's revision then.
    expect(rec.responses.map((r) => r.header.revision)).toEqual([5]);
    expect(noDel.lines()).toEqual(['PUT k@2', 'PUT k@3', 'PUT k@5']);
  });

  it('a watch from a compacted revision is cancelled with the compact revision; from the compacted one it is not', async () => {
    const { kv, loop } = fresh();
    for (let i = 0; i < 4; i++) await kv.put({ key: 'k', value: String(i) }); // 2..5
    await kv.compact(4);
    const old = await recordWatch(kv, { key: 'k', startRevision: 3 });
    const at = await recordWatch(kv, { key: 'k', startRevision: 4 });
    await loop.run();
    expect(old.responses).toEqual([
      expect.objectContaining({ canceled: true, compactRevision: 4, events: [], cancelReason: 'etcdserver: mvcc: required revision has been compacted' }),
    ]);
    expect(at.lines()).toEqual(['PUT k@4', 'PUT k@5']);
  });

  it('a watch from a future revision waits for it; cancel stops delivery, even of queued responses', async () => {
    const { kv, loop } = fresh();
    const fut = await recordWatch(kv, { key: 'k', startRevision: 4 });
    const c = await recordWatch(kv, { key: 'k' });
    for (let i = 0; i < 4; i++) await kv.put({ key: 'k', value: String(i) }); // 2..5
    await c.w.cancel();
    await loop.run();
    expect(fut.lines()).toEqual(['PUT k@4', 'PUT k@5']);
    expect(c.responses).toEqual([]);
    await kv.put({ key: 'k', value: 'after' });
    await loop.run();
    expect(c.responses).toEqual([]);
  });

  it('catches up at most 1000 revisions per response, as etcd batches', async () => {
    const { kv, loop } = fresh();
    for (let i = 0; i < 2500; i++) await kv.put({ key: `k${i % 7}`, value: String(i) });
    const rec = await recordWatch(kv, { key: 'k', rangeEnd: 'l', startRevision: 2 });
    await loop.run();
    expect(rec.responses.map((r) => r.events.length)).toEqual([1000, 1000, 500]);
    expect(rec.events().map((e) => e.kv.modRevision)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 2));
  });

  it('a restored snapshot resumes watchers from their next revision', async () => {
    const { kv, loop } = fresh();
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = `${mkdtempSync(`${tmpdir()}/kt-snap-`)}/s.db`;
    await kv.put({ key: 'k', value: '1' }); // 2
    await kv.snapshotSave(path);
    const rec = await recordWatch(kv, { key: 'k' });
    await kv.snapshotRestore(path, { bumpRevision: 10, markCompacted: true });
    await loop.run();
    expect(rec.responses).toEqual([expect.objectContaining({ canceled: true, compactRevision: 12 })]);
  });
});

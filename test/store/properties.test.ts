// Property tests of the store's invariants (fast-check): seeded random histories of puts, deletes and txns.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KeyValue, RequestOp, TxnRequest } from '../../src/cluster/store/types';
import { fresh, recordWatch } from './helpers';

const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'ab', 'b/1', 'b/2');
const opArb: fc.Arbitrary<RequestOp> = fc.oneof(
  fc.record({ put: fc.record({ key: keyArb, value: fc.string({ maxLength: 3 }) }) }),
  fc.record({ deleteRange: fc.record({ key: keyArb, rangeEnd: fc.option(keyArb, { nil: undefined }) }) }),
  fc.record({ range: fc.record({ key: keyArb }) }),
);
const txnArb: fc.Arbitrary<TxnRequest> = fc.record({
  compare: fc.array(
    fc.record({
      key: keyArb,
      target: fc.constantFrom('VERSION', 'MOD', 'VALUE') as fc.Arbitrary<'VERSION' | 'MOD' | 'VALUE'>,
      result: fc.constantFrom('EQUAL', 'GREATER', 'LESS', 'NOT_EQUAL') as fc.Arbitrary<'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL'>,
      value: fc.integer({ min: 0, max: 4 }),
    }),
    { maxLength: 2 },
  ),
  success: fc.array(opArb, { maxLength: 4 }),
  failure: fc.array(opArb, { maxLength: 4 }),
});
type Step = { txn: TxnRequest } | { put: { key: string; value: string } } | { del: string };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ txn: txnArb }) },
  { weight: 3, arbitrary: fc.record({ put: fc.record({ key: keyArb, value: fc.string({ maxLength: 3 }) }) }) },
  { weight: 1, arbitrary: fc.record({ del: keyArb }) },
);

/** Applies a step; false when the store refused it (e.g. a duplicate key in a txn). */
async function apply(kv: ReturnType<typeof fresh>['kv'], s: Step): Promise<boolean> {
  try {
    if ('txn' in s) await kv.txn(s.txn);
    else if ('put' in s) await kv.put(s.put);
    else await kv.deleteRange({ key: s.del });
    return true;
  } catch {
    return false; // e.g. a duplicate key in a txn: refused, nothing written
  }
}

/** The whole history, replayed as a plain map per revision, from the events a watcher from rev 1 saw. */
function replay(events: Array<{ type: string; kv: KeyValue }>, upTo: number): Map<string, KeyValue> {
  const m = new Map<string, KeyValue>();
  for (const e of events) {
    if (e.kv.modRevision > upTo) break;
    if (e.type === 'DELETE') m.delete(e.kv.key);
    else m.set(e.kv.key, e.kv);
  }
  return m;
}

describe('store properties', () => {
  it('every write txn raises the revision by exactly one (by zero when it changed nothing)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 40 }), async (steps) => {
        const { kv, loop } = fresh();
        const all = await recordWatch(kv, { key: '\0', rangeEnd: '\0' });
        let seen = 0;
        for (const s of steps) {
          const before = kv.revision;
          const ok = await apply(kv, s);
          await loop.run();
          const after = kv.revision;
          const fresh_ = all.events().slice(seen);
          seen += fresh_.length;
          if (!ok) expect(after).toBe(before); // refused: nothing written
          // A put always writes; anything else writes when it changed a key.
          if (ok && 'put' in s) expect(after).toBe(before + 1);
          if (after === before) expect(fresh_).toEqual([]);
          else {
            expect(after).toBe(before + 1);
            // One revision, all of the write's changes in it, with sub-revisions 0, 1, 2 …
            expect(fresh_.length).toBeGreaterThan(0);
            expect(fresh_.every((e) => e.kv.modRevision === after)).toBe(true);
            expect(kv.store.backend.get(after)!.length).toBe(fresh_.length);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a watch from revision R delivers every later event exactly once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(40), async (steps, rSeed, splitAt) => {
        const { kv, loop } = fresh();
        const all = await recordWatch(kv, { key: '\0', rangeEnd: '\0', startRevision: 1 });
        for (const s of steps.slice(0, splitAt)) await apply(kv, s);
        const r = 1 + (rSeed % kv.revision);
        const from = await recordWatch(kv, { key: '\0', rangeEnd: '\0', startRevision: r });
        for (const s of steps.slice(splitAt)) {
          await apply(kv, s);
          if (rSeed % 2) await loop.step(); // interleave deliveries with writes
        }
        await loop.run();
        const expected = all.lines().filter((l) => Number(l.split('@')[1]) >= r);
        expect(from.lines()).toEqual(expected);
        // The full history is exactly the backend's, revision by revision.
        const backend = [...kv.store.backend.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, cs]) => cs.map((c) => `${c!.createRevision === 0 ? 'DELETE' : 'PUT'} ${c!.key}@${c!.modRevision}`));
        expect(all.lines()).toEqual(backend);
      }),
      { numRuns: 60 },
    );
  });

  it('with compactions in between, a watch either delivers every later event in order or is cancelled with the compact revision after a prefix of them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 5, arbitrary: stepArb }, { weight: 1, arbitrary: fc.constant('compact' as const) }), { minLength: 1, maxLength: 40 }), fc.nat(), async (steps, rSeed) => {
        const { kv, loop } = fresh();
        const all = await recordWatch(kv, { key: '\0', rangeEnd: '\0', startRevision: 1 });
        await loop.run(); // the reference watcher is synced before any compaction
        const r = 1 + (rSeed % 5);
        const from = await recordWatch(kv, { key: '\0', rangeEnd: '\0', startRevision: r });
        const compactions = new Set<number>();
        for (const s of steps) {
          if (s === 'compact') {
            const at = kv.revision;
            if (await kv.compact(at).then(() => true, () => false)) compactions.add(at);
          } else await apply(kv, s);
          if (rSeed % 3 === 0) await loop.step();
        }
        await loop.run();
        // As in etcd, a tombstone AT a compaction revision is compacted away with its generation, so a
        // watcher that catches up from exactly that revision does not see that DELETE.
        const quirk = (l: string) => l.startsWith('DELETE') && compactions.has(Number(l.split('@')[1]));
        const expected = all.lines().filter((l) => Number(l.split('@')[1]) >= r && !quirk(l));
        const got = from.lines().filter((l) => !quirk(l));
        const cancelled = from.responses.find((x) => x.canceled);
        if (cancelled) {
          expect(cancelled.compactRevision).toBeGreaterThan(0);
          expect(from.responses[from.responses.length - 1]).toBe(cancelled);
          expect(expected.slice(0, got.length)).toEqual(got);
        } else expect(got).toEqual(expected);
      }),
      { numRuns: 80 },
    );
  });

  it('a range at revision R equals the history replayed to R; compaction never changes an answer at or above it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40 }), fc.nat(), async (steps, cSeed) => {
        const { kv, loop } = fresh();
        const all = await recordWatch(kv, { key: '\0', rangeEnd: '\0', startRevision: 1 });
        for (const s of steps) await apply(kv, s);
        await loop.run();
        const cur = kv.revision;
        const answers = new Map<number, string>();
        for (let r = 1; r <= cur; r++) {
          const got = (await kv.range({ key: '\0', rangeEnd: '\0', revision: r })).kvs;
          const want = [...replay(all.events(), r).values()].sort((a, b) => (a.key < b.key ? -1 : 1));
          expect(got).toEqual(want);
          answers.set(r, JSON.stringify(got));
          // Single-key reads agree with the range.
          for (const kvv of want) expect((await kv.range({ key: kvv.key, revision: r })).kvs).toEqual([kvv]);
        }
        const c = 1 + (cSeed % cur);
        await kv.compact(c);
        for (let r = c; r <= cur; r++) {
          expect(JSON.stringify((await kv.range({ key: '\0', rangeEnd: '\0', revision: r })).kvs)).toBe(answers.get(r));
        }
        for (let r = 1; r < c; r++) await expect(kv.range({ key: 'a', revision: r })).rejects.toThrow('compacted');
        // Writes after compaction build on the compacted index correctly.
        await kv.put({ key: 'a', value: 'z' });
        const a = (await kv.range({ key: 'a' })).kvs[0]!;
        const prevA = replay(all.events(), cur).get('a');
        expect(a.version).toBe(prevA ? prevA.version + 1 : 1);
        expect(a.createRevision).toBe(prevA ? prevA.createRevision : kv.revision);
      }),
      { numRuns: 60 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BPlusTree } from '../../src/cluster/store/btree';

describe('BPlusTree', () => {
  it('keeps keys sorted and findable through inserts and deletes, with every invariant holding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 4 })), { maxLength: 400 }),
        fc.integer({ min: 4, max: 9 }),
        (ops, order) => {
          const t = new BPlusTree<string>(order);
          const ref = new Map<string, string>();
          for (const [ins, k] of ops) {
            if (ins) expect(t.set(k, k + '!')).toBe(!ref.has(k)), ref.set(k, k + '!');
            else expect(t.delete(k)).toBe(ref.delete(k));
          }
          t.check();
          const sorted = [...ref.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect([...t.entries()].map(([k]) => k)).toEqual(sorted);
          expect(t.size).toBe(ref.size);
          for (const k of sorted) expect(t.get(k)).toBe(k + '!');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('holds its invariants at the store order (32) through 20,000 random inserts and deletes', () => {
    const t = new BPlusTree<number>(32);
    const ref = new Set<string>();
    let seed = 42;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 20_000; i++) {
      const k = `k${Math.floor(next() * 3000)}`;
      // Inserts win early, deletes late: the tree grows to a few levels, then shrinks back.
      if (next() < (i < 10_000 ? 0.8 : 0.2)) {
        t.set(k, i);
        ref.add(k);
      } else {
        t.delete(k);
        ref.delete(k);
      }
      if (i % 2500 === 0) t.check();
    }
    t.check();
    expect(t.size).toBe(ref.size);
    expect([...t.entries()].map(([k]) => k)).toEqual([...ref].sort());
  });

  it('ranges [start, end) ascending and descending, with a limit', () => {
    const t = new BPlusTree<number>(4);
    for (let i = 0; i < 200; i++) t.set(`k${String(i).padStart(3, '0')}`, i);
    expect(t.range('k010', 'k015').map(([, v]) => v)).toEqual([10, 11, 12, 13, 14]);
    expect(t.range('k010', 'k015', { descending: true }).map(([, v]) => v)).toEqual([14, 13, 12, 11, 10]);
    expect(t.range('k195', undefined).map(([, v]) => v)).toEqual([195, 196, 197, 198, 199]);
    expect(t.range('k', undefined, { descending: true, limit: 2 }).map(([, v]) => v)).toEqual([199, 198]);
    expect(t.range('k0105', 'k012').map(([, v]) => v)).toEqual([11]);
    expect(t.range('z', undefined)).toEqual([]);
  });

  it('shows the search path: one node per level, a handful of comparisons in each', () => {
    const small = new BPlusTree<number>(32);
    for (let i = 0; i < 10; i++) small.set(`/registry/pods/default/p-${i}`, i);
    const big = new BPlusTree<number>(32);
    for (let i = 0; i < 100_000; i++) big.set(`/registry/pods/default/p-${String(i).padStart(6, '0')}`, i);
    const s = small.searchPath('/registry/pods/default/p-5');
    expect(s.found).toBe(true);
    expect(s.steps).toHaveLength(1);
    const b = big.searchPath('/registry/pods/default/p-050000');
    expect(b.found).toBe(true);
    const st = big.stats();
    expect(b.steps).toHaveLength(st.depth);
    expect(st.depth).toBeGreaterThanOrEqual(4);
    expect(st.depth).toBeLessThanOrEqual(5);
    // log2(100000) ≈ 17: a binary search per level adds up to about that, not to 100,000.
    expect(b.comparisons).toBeLessThan(30);
    expect(st.levels[st.depth - 1]!.nodes).toBe(st.leafNodes);
    expect(st.levels.reduce((n, l) => n + l.nodes, 0)).toBe(st.leafNodes + st.innerNodes);
    expect(big.searchPath('/registry/pods/default/p-x').found).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../src/cluster/store/key_index';
import { RevisionSet } from '../../src/cluster/store/revision';

// The history walked through at the top of key_index.ts.
function example(): KeyIndex {
  const ki = new KeyIndex('/registry/pods/default/web');
  ki.put(2, 0);
  ki.put(5, 0);
  ki.tombstone(6, 0);
  ki.put(9, 0);
  return ki;
}

describe('keyIndex', () => {
  it('answers get at each revision as the worked example says', () => {
    const ki = example();
    expect(ki.get(1)).toBeUndefined();
    expect(ki.get(4)).toMatchObject({ modified: { main: 2 }, created: { main: 2 }, ver: 1 });
    expect(ki.get(5)).toMatchObject({ modified: { main: 5 }, ver: 2 });
    expect(ki.get(6)).toBeUndefined();
    expect(ki.get(8)).toBeUndefined();
    expect(ki.get(9)).toMatchObject({ modified: { main: 9 }, created: { main: 9 }, ver: 1 });
    expect(ki.get(100)).toMatchObject({ modified: { main: 9 } });
    expect(ki.toString()).toBe(
      'keyIndex{/registry/pods/default/web, modified 9_0, generations [{ver 3, created 2_0, revs [2_0 5_0 6_0(t)]}, {ver 1, created 9_0, revs [9_0]}]}',
    );
  });

  it('compacting at 5 keeps what a read at 5 needs; at 7 drops the tombstoned generation', () => {
    const a = example();
    const av = new RevisionSet();
    a.compact(5, av);
    expect(a.get(5)).toMatchObject({ modified: { main: 5 }, ver: 2 });
    expect(a.generations[0]!.revs.map((r) => r.main)).toEqual([5, 6]);
    expect(av.size).toBe(1);
    expect(av.has(5, 0)).toBe(true);

    const b = example();
    const av2 = new RevisionSet();
    b.compact(7, av2);
    expect(b.generations).toHaveLength(1);
    expect(b.get(7)).toBeUndefined();
    expect(b.get(9)).toMatchObject({ modified: { main: 9 } });
    expect(av2.size).toBe(0);

    const c = example();
    c.tombstone(10, 0);
    c.compact(10, new RevisionSet());
    expect(c.isEmpty()).toBe(true);
  });
});

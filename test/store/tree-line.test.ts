import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/sim/cluster';

async function bare() {
  const out: string[] = [];
  const err: string[] = [];
  const c = await Cluster.start({ bare: true }, { out: (t) => out.push(t), err: (t) => err.push(t) });
  const run = async (line: string) => {
    out.length = 0;
    err.length = 0;
    const ok = await c.shell.exec(line);
    return { ok, out: out.join('\n'), err: err.join('\n') };
  };
  return { c, run };
}

describe('the tree line', () => {
  it('draws the store B+tree with levels, fill and key ranges', async () => {
    const { c, run } = await bare();
    expect((await run('tree')).out).toContain('0 keys, 1 level');
    for (let i = 0; i < 200; i++) await c.kv.put({ key: `/registry/pods/default/p-${String(i).padStart(3, '0')}`, value: 'x' });
    const r = await run('tree');
    expect(r.ok).toBe(true);
    expect(r.out).toMatch(/^B\+tree \(treeIndex\): 200 keys, 2 levels, \d+ nodes \(1 inner, \d+ leaves\), up to 32 keys a node/);
    expect(r.out).toContain('level 0 (root): 1 node');
    expect(r.out).toContain('store at revision 201;');
    expect(r.out).toMatch(/level 1 \(leaves\): \d+ nodes, 200 keys, fill \d+%/);
    expect(r.out).toContain('[0] /registry/pods/default/p-000 … /registry/pods/default/p-');
    await c.stop();
  });

  it('shows the search path of one lookup, and says when the key is not there', async () => {
    const { c, run } = await bare();
    for (let i = 0; i < 200; i++) await c.kv.put({ key: `/k/${String(i).padStart(3, '0')}`, value: 'x' });
    const hit = await run('tree /k/150');
    expect(hit.out).toMatch(/^lookup \/k\/150 in 200 keys: 2 levels, \d+ comparisons — found/);
    expect(hit.out).toMatch(/level 0 root : binary search over \d+ separators, \d+ comparisons → child \d+ of \d+/);
    expect(hit.out).toMatch(/level 1 leaf : binary search over \d+ keys, \d+ comparisons → found at slot \d+/);
    expect(hit.out).toContain('keyIndex{/k/150, modified 152_0, generations [{ver 1, created 152_0, revs [152_0]}]}');
    // The fan-out it quotes is the root's children, the same number as "child N of M" above.
    const children = /child \d+ of (\d+)/.exec(hit.out)![1];
    expect(hit.out).toContain(`log2(200) ≈ 7.6: that many comparisons, not 200 — each inner level narrows the search by its fan-out (here ${children}×).`);
    expect((await run('tree /k/zzz')).out).toContain('not found');
    await c.stop();
  });

  it('--demo makes O(log n) visible: levels and comparisons from 10 to 100,000 keys', async () => {
    const { c, run } = await bare();
    const r = await run('tree --demo 100000');
    expect(r.ok).toBe(true);
    const rows = r.out.split('\n').filter((l) => /^\s+[\d,]+\s+\d+/.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual(['10', '100', '1,000', '10,000', '100,000']);
    const levels = rows.map((l) => Number(l.trim().split(/\s+/)[1]));
    const comparisons = rows.map((l) => Number(l.trim().split(/\s+/)[3]));
    expect(levels[0]).toBe(1);
    expect(levels[4]).toBeGreaterThanOrEqual(4);
    expect(comparisons[4]).toBeLessThan(30);
    expect(r.out).toMatch(/From 10 to 100,000 keys \(×10,000\) the lookup went from 1 to \d levels and from \d+ to \d+ comparisons: O\(log n\)/);
    await c.stop();
  });

  it('rejects bad input with one line and changes nothing', async () => {
    const { c, run } = await bare();
    expect(await run('tree --bogus')).toMatchObject({ ok: false, err: 'Error: unknown flag: --bogus' });
    expect((await run('tree --demo abc')).err).toBe('Error: invalid argument "abc" for "--demo" flag: strconv.ParseInt: parsing "abc": invalid syntax');
    expect((await run('tree a b')).err).toContain('at most one key');
    expect((await run('help tree')).out).toContain('tree --demo [N] [--order M]');
    expect(c.kv.tree!.size).toBe(0);
    await c.stop();
  });
});

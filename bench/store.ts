// The embedded etcd's section: put, point get, prefix range and watch delivery at 1e3, 1e4 and 1e5 keys,
// and our B+tree index side by side with sorted-btree. Goals at 1e5 keys: put ≤ 5 µs, get ≤ 2 µs, index
// within 2× of sorted-btree.
import { Rand } from '../src/cluster/sim/rand';
import SortedBTreeModule from 'sorted-btree';
import { cpuMicros, figure, microsPerOp, microsPerOpAsync, section } from './harness';
import { Loop } from '../src/cluster/sim/loop';
import { createMemoryStore } from '../src/cluster/store/memory';
import { BPlusTree } from '../src/cluster/store/btree';
import { prefixEnd } from '../src/cluster/store/types';

// esbuild's ESM bundle hands us the CommonJS exports object as the default import; vitest/tsc the class.
const BTree = (SortedBTreeModule as unknown as { default?: typeof SortedBTreeModule }).default ?? SortedBTreeModule;


/** Keys as the API server lays them out: 100 pods per namespace. */
function podKey(i: number, n: number): string {
  const namespaces = Math.max(1, Math.floor(n / 100));
  return `/registry/pods/ns-${i % namespaces}/pod-${String(i).padStart(6, '0')}`;
}

const VALUE = JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'pod', namespace: 'ns' }, spec: { nodeName: 'node-1' } });

section('store', async () => {
  for (const n of [1_000, 10_000, 100_000]) {
    const at = n === 100_000;
    const label = n.toLocaleString('en-US');
    const loop = new Loop(undefined, { historyLimit: 100 });
    const kv = createMemoryStore(loop);
    const keys = Array.from({ length: n }, (_, i) => podKey(i, n));
    for (const k of keys) await kv.put({ key: k, value: VALUE });
    const seeded = new Rand(n);
    const rand = () => seeded.next();
    const order = Array.from({ length: 1 << 16 }, () => Math.floor(rand() * n));
    // The same number of operations at every size, so the JIT is equally warm (puts overwrite existing keys).
    const iters = 50_000;

    const put = await microsPerOpAsync((i) => kv.put({ key: keys[order[i & 0xffff]!]!, value: VALUE }), iters);
    figure({ name: `put @${label} keys`, value: put, unit: 'µs', ...(at ? { goal: '≤ 5 µs', ok: put <= 5 } : {}) });

    const get = await microsPerOpAsync((i) => kv.range({ key: keys[order[i & 0xffff]!]! }), iters);
    figure({ name: `get @${label} keys`, value: get, unit: 'µs', ...(at ? { goal: '≤ 2 µs', ok: get <= 2 } : {}) });

    const namespaces = Math.max(1, Math.floor(n / 100));
    const prefixes = Array.from({ length: namespaces }, (_, i) => [`/registry/pods/ns-${i}/`, prefixEnd(`/registry/pods/ns-${i}/`)]);
    const range = await microsPerOpAsync((i) => {
      const [k, e] = prefixes[order[i & 0xffff]! % namespaces]!;
      return kv.range({ key: k!, rangeEnd: e });
    }, Math.min(iters, 5_000));
    figure({ name: `prefix range (100 keys) @${label}`, value: range, unit: 'µs' });

    // Watch delivery: one prefix watcher (as the API server holds per resource); put, then run the loop
    // until every response has reached the callback.
    let delivered = 0;
    await kv.watch({ key: '/registry/pods/', rangeEnd: prefixEnd('/registry/pods/') }, (r) => {
      delivered += r.events.length;
    });
    const batch = 1_000;
    const rounds = 10;
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t0 = cpuMicros();
      for (let i = 0; i < batch; i++) await kv.put({ key: keys[order[(r * batch + i) & 0xffff]!]!, value: VALUE });
      await loop.run();
      best = Math.min(best, (cpuMicros() - t0) / batch);
    }
    if (delivered !== rounds * batch) throw new Error(`watch delivered ${delivered} events, expected ${rounds * batch}`);
    figure({ name: `put + watch delivery @${label}`, value: best, unit: 'µs/event' });

    // Compaction of the whole history written above (as the API server's compactor does every 5 minutes).
    const revisions = kv.revision;
    const c0 = cpuMicros();
    await kv.compact(revisions);
    figure({ name: `compact ${revisions.toLocaleString('en-US')} revisions @${label}`, value: (cpuMicros() - c0) / 1000, unit: 'ms' });
    await kv.close();
  }

  // The index alone: our B+tree against sorted-btree, same random keys, same run.
  const n = 100_000;
  const seeded = new Rand(7);
  const rand = () => seeded.next();
  const keys = Array.from({ length: n }, () => `/registry/pods/ns-${Math.floor(rand() * 1000)}/pod-${Math.floor(rand() * 1e9).toString(36)}`);
  // Insert: build each tree from empty to 100,000 keys, three times in turn; the best build counts.
  let ours = new BPlusTree<number>();
  let theirs = new BTree<string, number>();
  let insOurs = Infinity;
  let insTheirs = Infinity;
  for (let round = 0; round < 3; round++) {
    ours = new BPlusTree<number>();
    let t0 = cpuMicros();
    for (let i = 0; i < n; i++) ours.set(keys[i]!, i);
    insOurs = Math.min(insOurs, (cpuMicros() - t0) / n);
    theirs = new BTree<string, number>();
    t0 = cpuMicros();
    for (let i = 0; i < n; i++) theirs.set(keys[i]!, i);
    insTheirs = Math.min(insTheirs, (cpuMicros() - t0) / n);
  }
  const getOurs = microsPerOp((i) => ours.get(keys[(i * 7919) % n]!), n);
  const getTheirs = microsPerOp((i) => theirs.get(keys[(i * 7919) % n]!), n);
  const rangeOurs = microsPerOp((i) => {
    let c = 0;
    ours.forRange(keys[i % n]!, undefined, () => ++c < 100);
  }, 20_000);
  const rangeTheirs = microsPerOp((i) => {
    let c = 0;
    theirs.forRange(keys[i % n]!, '\uffff', false, () => (++c < 100 ? undefined : { break: true }));
  }, 20_000);
  const pair = (what: string, a: number, b: number) => {
    figure({ name: `B+tree ${what} @100,000`, value: a, unit: 'µs' });
    figure({ name: `sorted-btree ${what} @100,000`, value: b, unit: 'µs' });
    figure({ name: `B+tree / sorted-btree ${what}`, value: a / b, unit: '×', goal: '≤ 2×', ok: a / b <= 2 });
  };
  pair('insert', insOurs, insTheirs);
  pair('get', getOurs, getTheirs);
  pair('range 100', rangeOurs, rangeTheirs);
  const st = ours.stats();
  figure({ name: `B+tree depth @100,000 (max ${st.maxKeys} keys/node)`, value: st.depth, unit: 'levels' });
  figure({ name: 'B+tree leaf fill @100,000', value: st.fill * 100, unit: '%' });
});

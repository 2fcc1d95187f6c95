// The `tree` line: the B+tree under the store's key index (etcd's mvcc/index.go treeIndex), drawn level by
// level, and the search path of one lookup — so "O(log n)" is something the learner counts.
import type { Cluster } from '../cluster';
import { LineError, lineFail } from '../shell';
import { BPlusTree, type BTreeView, type SearchPath, type TreeStats } from '../../store/btree';

const DEFAULT_NODES = 8;
const DEFAULT_DEMO = 100_000;
const MAX_DEMO = 1_000_000;

const HELP = [
  'tree [--nodes N]',
  '  Draws the B+tree of the store\'s key index (treeIndex): each level with its nodes, keys and fill, and',
  '  the first and last key under each node (up to N nodes a level, 8 by default; 0 for all).',
  'tree KEY',
  '  Looks KEY up and shows the search path: one node per level, the binary search inside each node and',
  '  the comparisons it made.',
  'tree --demo [N] [--order M]',
  '  Builds trees of 10, 100, … N pod keys (100000 by default) with up to M keys a node (the store\'s',
  '  32 by default) and looks one key up in each: the levels and comparisons grow with log n, not with n.',
  '',
  'etcd\'s treeIndex finds every key through its btree. This store answers a read of one key from a hash',
  'map kept beside the tree (one probe, for speed); ranges, prefixes and compaction walk the tree.',
  '',
  'Examples:',
  '  tree',
  '  tree /registry/pods/default/web-0',
  '  tree --demo 100000',
  '  tree --demo 1000 --order 4',
].join('\n');

const fmt = (n: number) => n.toLocaleString('en-US');
/** `1 key`, `2 keys`, `1 leaf`, `3 leaves`. */
const count = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;
const pct = (f: number) => `${Math.round(f * 100)}%`;

function parseCount(flag: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined) lineFail(`flag needs an argument: ${flag}`);
  if (!/^\d+$/.test(value!)) throw new LineError(`Error: invalid argument "${value}" for "${flag}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
  const n = Number(value);
  if (n < min || n > max) lineFail(`${flag} must be between ${fmt(min)} and ${fmt(max)}, got ${fmt(n)}`);
  return n;
}

/** The levels of a tree, with up to `maxNodes` node ranges a level (0 = all). */
export function drawTree(t: BTreeView, maxNodes = DEFAULT_NODES): string[] {
  const st: TreeStats = t.stats();
  const out = [
    `B+tree (treeIndex): ${fmt(st.size)} key${st.size === 1 ? '' : 's'}, ${st.depth} level${st.depth === 1 ? '' : 's'}, ` +
      `${count(st.innerNodes + st.leafNodes, 'node')} (${fmt(st.innerNodes)} inner, ${count(st.leafNodes, 'leaf', 'leaves')}), up to ${st.maxKeys} keys a node`,
  ];
  if (st.size === 0) {
    out.push('  (empty: the root is one leaf with no keys — put a key and look again)');
    return out;
  }
  for (const lv of st.levels) {
    const what = lv.level === st.depth - 1 ? (st.depth === 1 ? 'root = leaf' : 'leaves') : lv.level === 0 ? 'root' : 'inner';
    const unit = lv.level === st.depth - 1 ? 'key' : 'separator';
    out.push(`level ${lv.level} (${what}): ${count(lv.nodes, 'node')}, ${count(lv.keys, unit)}, fill ${pct(lv.fill)}`);
    const shown = maxNodes > 0 ? lv.ranges.slice(0, maxNodes) : lv.ranges;
    shown.forEach(([first, last], i) => out.push(`  [${i}] ${first}${first === last ? '' : ` … ${last}`}`));
    if (shown.length < lv.ranges.length) out.push(`  … ${fmt(lv.ranges.length - shown.length)} more node(s) (tree --nodes 0 shows all)`);
  }
  return out;
}

/** The search path of one lookup. */
export function drawSearch(t: BTreeView, key: string): string[] {
  const p: SearchPath = t.searchPath(key);
  const size = t.size;
  const out = [
    `lookup ${key} in ${fmt(size)} key${size === 1 ? '' : 's'}: ${p.steps.length} level${p.steps.length === 1 ? '' : 's'}, ` +
      `${p.comparisons} comparison${p.comparisons === 1 ? '' : 's'} — ${p.found ? 'found' : 'not found'}`,
  ];
  for (const s of p.steps) {
    const n = s.keys.length;
    if (!s.leaf) {
      const lo = s.index > 0 ? `${s.keys[s.index - 1]} ≤ ` : '';
      const hi = s.index < n ? ` < ${s.keys[s.index]}` : '';
      out.push(
        `  level ${s.level} ${s.level === 0 ? 'root ' : 'inner'}: binary search over ${n} separator${n === 1 ? '' : 's'}, ${s.comparisons} comparison${s.comparisons === 1 ? '' : 's'} → child ${s.index} of ${n + 1}  (${lo}key${hi})`,
      );
    } else {
      const where = p.found ? `found at slot ${s.index}` : `not here: it would go at slot ${s.index}`;
      out.push(`  level ${s.level} leaf : binary search over ${n} key${n === 1 ? '' : 's'}, ${s.comparisons} comparison${s.comparisons === 1 ? '' : 's'} → ${where}`);
    }
  }
  if (size > 1) {
    // Each inner node cuts the keys left to search by its fan-out (its separators + 1); a leaf is one binary search.
    const fanouts = p.steps.filter((s) => !s.leaf).map((s) => `${s.keys.length + 1}×`);
    const narrows = fanouts.length ? ` — each inner level narrows the search by its fan-out (here ${fanouts.join(', then ')})` : '';
    out.push(`  log2(${fmt(size)}) ≈ ${Math.log2(size).toFixed(1)}: that many comparisons, not ${fmt(size)}${narrows}.`);
  }
  return out;
}

function podKey(i: number): string {
  return `/registry/pods/ns-${i % 100}/pod-${String(i).padStart(7, '0')}`;
}

/** Lookups in trees of 10, 100, … n keys: levels and comparisons side by side. */
export function drawDemo(n: number, order: number): string[] {
  const sizes: number[] = [];
  for (let s = 10; s < n; s *= 10) sizes.push(s);
  sizes.push(n);
  const rows: string[][] = [['KEYS', 'LEVELS', 'NODES', 'COMPARISONS', 'A SCAN WOULD MAKE']];
  const results: Array<{ size: number; levels: number; comparisons: number }> = [];
  const tree = new BPlusTree<number>(order);
  let filled = 0;
  for (const size of sizes) {
    // One tree grows from size to size; the keys spread over 100 namespaces, so splits land all over it.
    for (let i = filled; i < size; i++) tree.set(podKey(i), i);
    filled = size;
    const target = podKey(Math.floor(size / 2));
    const p = tree.searchPath(target);
    const st = tree.stats();
    results.push({ size, levels: p.steps.length, comparisons: p.comparisons });
    // A scan from the first key compares every key up to the middle one.
    rows.push([fmt(size), String(p.steps.length), fmt(st.innerNodes + st.leafNodes), String(p.comparisons), fmt(Math.floor(size / 2) + 1)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const out = [`Looking up the middle key of each tree (pod keys, up to ${order} keys a node):`];
  for (const r of rows) out.push('  ' + r.map((cell, c) => (c === 0 ? cell.padStart(widths[c]!) : cell.padStart(widths[c]!))).join('   '));
  const a = results[0]!;
  const b = results[results.length - 1]!;
  if (b.size > a.size) {
    out.push(
      `From ${fmt(a.size)} to ${fmt(b.size)} keys (×${fmt(b.size / a.size)}) the lookup went from ${a.levels} to ${b.levels} level${b.levels === 1 ? '' : 's'} ` +
        `and from ${a.comparisons} to ${b.comparisons} comparisons: O(log n). A scan would make ×${fmt(b.size / a.size)} as many.`,
    );
  }
  return out;
}

export function registerTreeLine(cluster: Cluster): void {
  cluster.shell.register({
    name: 'tree',
    summary: "draw the store's B+tree index, or a lookup's search path: tree KEY; tree --demo 100000",
    help: HELP,
    run({ args, io }) {
      let nodes = DEFAULT_NODES;
      let demo: number | undefined;
      let order: number | undefined;
      const keys: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
        if (flag === '--nodes') nodes = parseCount('--nodes', inline ?? args[++i], 0, 1_000_000);
        else if (flag === '--demo') {
          const next = inline ?? (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--') ? args[++i] : undefined);
          demo = next === undefined ? DEFAULT_DEMO : parseCount('--demo', next, 10, MAX_DEMO);
        } else if (flag === '--order') order = parseCount('--order', inline ?? args[++i], 4, 1024);
        else if (flag === '--help' || flag === '-h') {
          io.out(HELP);
          return;
        } else if (a.startsWith('-') && a.length > 1) lineFail(`unknown flag: ${flag}`);
        else keys.push(a);
      }
      if (keys.length > 1) lineFail(`tree takes at most one key, got ${keys.length}: ${keys.join(' ')}`);
      if (order !== undefined && demo === undefined) lineFail('--order goes with --demo (the store\'s own tree keeps its order)');
      if (demo !== undefined) {
        if (keys.length) lineFail('tree --demo takes no key');
        for (const l of drawDemo(demo, order ?? cluster.kv.tree?.maxKeys ?? 32)) io.out(l);
        return;
      }
      const t = cluster.kv.tree;
      if (!t) lineFail(`the store is a real etcd (${cluster.options.store}): its index lives inside etcd; "tree --demo" still works`);
      const kv = cluster.kv as { revision?: number; compactRevision?: number; describeKey?(key: string): string | undefined };
      const lines = keys.length ? drawSearch(t!, keys[0]!) : drawTree(t!, nodes);
      if (keys.length) {
        // What the leaf holds for the key: its keyIndex, the revisions of each generation.
        const ki = kv.describeKey?.(keys[0]!);
        if (ki) lines.push(`  ${ki}`);
      } else if (kv.revision !== undefined) {
        const compacted = kv.compactRevision !== undefined && kv.compactRevision > 0 ? `, compacted at ${kv.compactRevision}` : '';
        lines.splice(1, 0, `store at revision ${kv.revision}${compacted}; each leaf entry is a keyIndex (tree KEY shows one)`);
      }
      for (const l of lines) io.out(l);
    },
    complete: (words, partial) => {
      if (partial.startsWith('-')) return ['--demo', '--nodes', '--order', '--help'].filter((f) => f.startsWith(partial));
      if (words.length === 0 && partial.startsWith('/')) {
        const t = cluster.kv.tree as BPlusTree<unknown> | undefined;
        if (t && 'range' in t) return t.range(partial, undefined, { limit: 20 }).map(([k]) => k).filter((k) => k.startsWith(partial));
      }
      return [];
    },
  });
}

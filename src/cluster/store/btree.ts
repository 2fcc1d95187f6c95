// Models the ordered tree under etcd's mvcc/index.go (etcd uses google/btree; we write a B+tree by hand so
// the learner can watch it work): keys live only in the leaves, the leaves are linked for range scans, and
// inner nodes hold separators — separator i is the smallest key of child i+1's subtree.
//
// A lookup visits one node per level and does a binary search in each, so with up to M keys a node a tree
// of n keys is about log_{M/2..M}(n) levels deep: `searchPath` counts the levels and the comparisons.

export interface LeafNode<V> {
  readonly leaf: true;
  keys: string[];
  values: V[];
  next: LeafNode<V> | null;
  prev: LeafNode<V> | null;
}

export interface InnerNode<V> {
  readonly leaf: false;
  keys: string[];
  children: Array<Node<V>>;
}

export type Node<V> = LeafNode<V> | InnerNode<V>;

/** One node a lookup went through. */
export interface SearchStep {
  /** 0 = the root. */
  level: number;
  leaf: boolean;
  /** The node's keys (separators for an inner node). */
  keys: string[];
  /** Comparisons the binary search in this node made. */
  comparisons: number;
  /** Inner node: which child the search went down to; leaf: where the key is (or would be). */
  index: number;
}

export interface SearchPath {
  key: string;
  found: boolean;
  steps: SearchStep[];
  comparisons: number;
}

export interface LevelStats {
  level: number;
  nodes: number;
  keys: number;
  /** Average keys per node / the most a node holds. */
  fill: number;
  /** Each node's first and last key, left to right. */
  ranges: Array<[string, string]>;
}

export interface TreeStats {
  size: number;
  /** Levels from the root to the leaves (1 for a tree that is one leaf). */
  depth: number;
  innerNodes: number;
  leafNodes: number;
  maxKeys: number;
  /** Average fill of the leaves. */
  fill: number;
  levels: LevelStats[];
}

/** What the `tree` line needs from whatever index a store has. */
export interface BTreeView {
  readonly size: number;
  readonly maxKeys: number;
  searchPath(key: string): SearchPath;
  stats(): TreeStats;
}

/** First index whose key is ≥ key (keys.length when none). */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > key: the child an inner node sends `key` to. */
function upperBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function newLeaf<V>(keys: string[] = [], values: V[] = []): LeafNode<V> {
  return { leaf: true, keys, values, next: null, prev: null };
}

export class BPlusTree<V> implements BTreeView {
  private root: Node<V> = newLeaf<V>();
  private count = 0;
  readonly maxKeys: number;
  private readonly minKeys: number;
  // Reused by set/delete to remember the way down (no allocation per operation).
  private pathNodes: Array<InnerNode<V>> = [];
  private pathIdx: number[] = [];

  /** maxKeys: the most keys a node holds (32 by default, as sorted-btree's nodes; at least 4). */
  constructor(maxKeys = 32) {
    this.maxKeys = Math.max(4, maxKeys | 0);
    this.minKeys = this.maxKeys >> 1;
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.root = newLeaf<V>();
    this.count = 0;
  }

  get(key: string): V | undefined {
    let node = this.root;
    while (!node.leaf) node = node.children[upperBound(node.keys, key)]!;
    const keys = node.keys;
    const i = lowerBound(keys, key);
    return i < keys.length && keys[i] === key ? node.values[i] : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Inserts or replaces; true when the key is new. */
  set(key: string, value: V): boolean {
    let node = this.root;
    let depth = 0;
    while (!node.leaf) {
      const i = upperBound(node.keys, key);
      this.pathNodes[depth] = node;
      this.pathIdx[depth] = i;
      depth++;
      node = node.children[i]!;
    }
    const keys = node.keys;
    const n = keys.length;
    // Appending past the last key is the common case (keys written in order): skip the search.
    let i: number;
    if (n === 0 || keys[n - 1]! < key) i = n;
    else {
      i = lowerBound(keys, key);
      if (keys[i] === key) {
        node.values[i] = value;
        return false;
      }
    }
    if (i === n) {
      keys.push(key);
      node.values.push(value);
    } else {
      keys.splice(i, 0, key);
      node.values.splice(i, 0, value);
    }
    this.count++;
    if (keys.length > this.maxKeys) this.splitLeaf(node, depth);
    return true;
  }

  private splitLeaf(leaf: LeafNode<V>, depth: number): void {
    const mid = leaf.keys.length >> 1;
    const right = newLeaf(leaf.keys.slice(mid), leaf.values.slice(mid));
    leaf.keys.length = mid;
    leaf.values.length = mid;
    right.next = leaf.next;
    if (right.next) right.next.prev = right;
    right.prev = leaf;
    leaf.next = right;
    this.insertInParent(leaf, right.keys[0]!, right, depth);
  }

  /** Puts (separator, right) next to `left`, which sits at `depth`; splits parents that overflow. */
  private insertInParent(left: Node<V>, sep: string, right: Node<V>, depth: number): void {
    for (;;) {
      if (depth === 0) {
        this.root = { leaf: false, keys: [sep], children: [left, right] };
        return;
      }
      const parent = this.pathNodes[depth - 1]!;
      const idx = this.pathIdx[depth - 1]!;
      parent.keys.splice(idx, 0, sep);
      parent.children.splice(idx + 1, 0, right);
      if (parent.keys.length <= this.maxKeys) return;
      const mid = parent.keys.length >> 1;
      const up = parent.keys[mid]!;
      const sibling: InnerNode<V> = {
        leaf: false,
        keys: parent.keys.slice(mid + 1),
        children: parent.children.slice(mid + 1),
      };
      parent.keys.length = mid;
      parent.children.length = mid + 1;
      left = parent;
      sep = up;
      right = sibling;
      depth--;
    }
  }

  /** Removes the key; true when it was there. */
  delete(key: string): boolean {
    let node = this.root;
    let depth = 0;
    while (!node.leaf) {
      const i = upperBound(node.keys, key);
      this.pathNodes[depth] = node;
      this.pathIdx[depth] = i;
      depth++;
      node = node.children[i]!;
    }
    const i = lowerBound(node.keys, key);
    if (i >= node.keys.length || node.keys[i] !== key) return false;
    node.keys.splice(i, 1);
    node.values.splice(i, 1);
    this.count--;
    if (depth > 0 && node.keys.length < this.minKeys) this.rebalanceLeaf(node, depth);
    return true;
  }

  private rebalanceLeaf(leaf: LeafNode<V>, depth: number): void {
    const parent = this.pathNodes[depth - 1]!;
    const idx = this.pathIdx[depth - 1]!;
    const left = idx > 0 ? (parent.children[idx - 1] as LeafNode<V>) : null;
    const right = idx < parent.children.length - 1 ? (parent.children[idx + 1] as LeafNode<V>) : null;
    if (left && left.keys.length > this.minKeys) {
      leaf.keys.unshift(left.keys.pop()!);
      leaf.values.unshift(left.values.pop()!);
      parent.keys[idx - 1] = leaf.keys[0]!;
      return;
    }
    if (right && right.keys.length > this.minKeys) {
      leaf.keys.push(right.keys.shift()!);
      leaf.values.push(right.values.shift()!);
      parent.keys[idx] = right.keys[0]!;
      return;
    }
    if (left) {
      this.mergeLeaves(left, leaf);
      parent.keys.splice(idx - 1, 1);
      parent.children.splice(idx, 1);
    } else if (right) {
      this.mergeLeaves(leaf, right);
      parent.keys.splice(idx, 1);
      parent.children.splice(idx + 1, 1);
    }
    this.rebalanceInner(depth - 1);
  }

  private mergeLeaves(left: LeafNode<V>, right: LeafNode<V>): void {
    for (let j = 0; j < right.keys.length; j++) {
      left.keys.push(right.keys[j]!);
      left.values.push(right.values[j]!);
    }
    left.next = right.next;
    if (left.next) left.next.prev = left;
  }

  /** The inner node at `depth` (on the remembered path) may have too few keys: borrow, merge or shrink. */
  private rebalanceInner(depth: number): void {
    for (;;) {
      const node = this.pathNodes[depth]!;
      if (depth === 0) {
        if (node.keys.length === 0) this.root = node.children[0]!;
        return;
      }
      if (node.keys.length >= this.minKeys) return;
      const parent = this.pathNodes[depth - 1]!;
      const idx = this.pathIdx[depth - 1]!;
      const left = idx > 0 ? (parent.children[idx - 1] as InnerNode<V>) : null;
      const right = idx < parent.children.length - 1 ? (parent.children[idx + 1] as InnerNode<V>) : null;
      if (left && left.keys.length > this.minKeys) {
        node.keys.unshift(parent.keys[idx - 1]!);
        node.children.unshift(left.children.pop()!);
        parent.keys[idx - 1] = left.keys.pop()!;
        return;
      }
      if (right && right.keys.length > this.minKeys) {
        node.keys.push(parent.keys[idx]!);
        node.children.push(right.children.shift()!);
        parent.keys[idx] = right.keys.shift()!;
        return;
      }
      if (left) {
        left.keys.push(parent.keys[idx - 1]!, ...node.keys);
        for (const c of node.children) left.children.push(c);
        parent.keys.splice(idx - 1, 1);
        parent.children.splice(idx, 1);
      } else if (right) {
        node.keys.push(parent.keys[idx]!, ...right.keys);
        for (const c of right.children) node.children.push(c);
        parent.keys.splice(idx, 1);
        parent.children.splice(idx + 1, 1);
      }
      depth--;
    }
  }

  /** The leaf where `key` is or would be, and its position there. */
  private seek(key: string): { leaf: LeafNode<V>; i: number } {
    let node = this.root;
    while (!node.leaf) node = node.children[upperBound(node.keys, key)]!;
    return { leaf: node, i: lowerBound(node.keys, key) };
  }

  /**
   * Visits keys in [start, end) ascending (end undefined: to the last key) until `fn` returns false.
   * Walks the linked leaves: one descent, then sequential reads.
   */
  forRange(start: string, end: string | undefined, fn: (key: string, value: V) => boolean | void): void {
    let { leaf, i } = this.seek(start);
    let cur: LeafNode<V> | null = leaf;
    while (cur) {
      const keys = cur.keys;
      for (; i < keys.length; i++) {
        const k = keys[i]!;
        if (end !== undefined && k >= end) return;
        if (fn(k, cur.values[i]!) === false) return;
      }
      cur = cur.next;
      i = 0;
    }
  }

  /** Visits keys in [start, end) descending (end undefined: from the last key) until `fn` returns false. */
  forRangeDescending(start: string, end: string | undefined, fn: (key: string, value: V) => boolean | void): void {
    let cur: LeafNode<V> | null;
    let i: number;
    if (end === undefined) {
      let node = this.root;
      while (!node.leaf) node = node.children[node.children.length - 1]!;
      cur = node;
      i = node.keys.length - 1;
    } else {
      let node = this.root;
      while (!node.leaf) node = node.children[lowerBound(node.keys, end)]!;
      cur = node;
      i = lowerBound(node.keys, end) - 1;
    }
    while (cur) {
      const keys = cur.keys;
      for (; i >= 0; i--) {
        const k = keys[i]!;
        if (k < start) return;
        if (fn(k, cur.values[i]!) === false) return;
      }
      cur = cur.prev;
      i = cur ? cur.keys.length - 1 : -1;
    }
  }

  /** Keys and values in [start, end), ascending or descending, at most `limit` of them (0: all). */
  range(start: string, end: string | undefined, opts: { descending?: boolean; limit?: number } = {}): Array<[string, V]> {
    const out: Array<[string, V]> = [];
    const limit = opts.limit ?? 0;
    const visit = (k: string, v: V): boolean => {
      out.push([k, v]);
      return limit <= 0 || out.length < limit;
    };
    if (opts.descending) this.forRangeDescending(start, end, visit);
    else this.forRange(start, end, visit);
    return out;
  }

  *entries(): IterableIterator<[string, V]> {
    let node = this.root;
    while (!node.leaf) node = node.children[0]!;
    for (let cur: LeafNode<V> | null = node; cur; cur = cur.next) {
      for (let i = 0; i < cur.keys.length; i++) yield [cur.keys[i]!, cur.values[i]!];
    }
  }

  /** The lookup of `key` step by step: the nodes visited from the root down and the comparisons in each. */
  searchPath(key: string): SearchPath {
    const steps: SearchStep[] = [];
    let node = this.root;
    let level = 0;
    let total = 0;
    for (;;) {
      const keys = node.keys;
      let lo = 0;
      let hi = keys.length;
      let comparisons = 0;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        comparisons++;
        const go = node.leaf ? keys[mid]! < key : keys[mid]! <= key;
        if (go) lo = mid + 1;
        else hi = mid;
      }
      let found = false;
      if (node.leaf && lo < keys.length) {
        comparisons++; // the equality check on the key found
        found = keys[lo] === key;
      }
      total += comparisons;
      steps.push({ level, leaf: node.leaf, keys: keys.slice(), comparisons, index: lo });
      if (node.leaf) return { key, found, steps, comparisons: total };
      node = node.children[lo]!;
      level++;
    }
  }

  stats(): TreeStats {
    const levels: LevelStats[] = [];
    let row: Array<Node<V>> = [this.root];
    let innerNodes = 0;
    let leafNodes = 0;
    for (let level = 0; row.length; level++) {
      let keys = 0;
      const ranges: Array<[string, string]> = [];
      const next: Array<Node<V>> = [];
      for (const n of row) {
        keys += n.keys.length;
        ranges.push(n.leaf ? [n.keys[0] ?? '', n.keys[n.keys.length - 1] ?? ''] : [firstKey(n), lastKey(n)]);
        if (n.leaf) leafNodes++;
        else {
          innerNodes++;
          for (const c of n.children) next.push(c);
        }
      }
      levels.push({ level, nodes: row.length, keys, fill: keys / (row.length * this.maxKeys), ranges });
      row = next;
    }
    const leaves = levels[levels.length - 1]!;
    return {
      size: this.count,
      depth: levels.length,
      innerNodes,
      leafNodes,
      maxKeys: this.maxKeys,
      fill: leaves.fill,
      levels,
    };
  }

  /** Checks every B+tree invariant (tests): ordering, separators, fill, equal leaf depth, leaf links. */
  check(): void {
    let leafDepth = -1;
    const walk = (n: Node<V>, depth: number, lo: string | undefined, hi: string | undefined): void => {
      for (let i = 1; i < n.keys.length; i++) if (!(n.keys[i - 1]! < n.keys[i]!)) throw new Error('keys out of order');
      for (const k of n.keys) {
        if (lo !== undefined && k < lo) throw new Error(`key ${k} below separator ${lo}`);
        if (hi !== undefined && k >= hi) throw new Error(`key ${k} not below separator ${hi}`);
      }
      if (n !== this.root && n.keys.length < (n.leaf ? this.minKeys : this.minKeys)) throw new Error('node under-full');
      if (n.keys.length > this.maxKeys) throw new Error('node over-full');
      if (n.leaf) {
        if (leafDepth === -1) leafDepth = depth;
        else if (leafDepth !== depth) throw new Error('leaves at different depths');
        return;
      }
      if (n.children.length !== n.keys.length + 1) throw new Error('children/keys mismatch');
      n.children.forEach((c, i) => walk(c, depth + 1, i === 0 ? lo : n.keys[i - 1], i === n.keys.length ? hi : n.keys[i]));
    };
    walk(this.root, 0, undefined, undefined);
    let seen = 0;
    let prev: string | undefined;
    for (const [k] of this.entries()) {
      if (prev !== undefined && !(prev < k)) throw new Error('leaf chain out of order');
      prev = k;
      seen++;
    }
    if (seen !== this.count) throw new Error(`leaf chain has ${seen} keys, size says ${this.count}`);
  }
}

function firstKey<V>(n: Node<V>): string {
  while (!n.leaf) n = n.children[0]!;
  return n.keys[0] ?? '';
}

function lastKey<V>(n: Node<V>): string {
  while (!n.leaf) n = n.children[n.children.length - 1]!;
  return n.keys[n.keys.length - 1] ?? '';
}

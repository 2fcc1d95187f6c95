// Models etcd's mvcc/key_index.go: every revision at which one key was written, grouped in generations.
//
// A key's life is a series of generations. A generation starts when the key is created, gains a revision
// each time the key is put again, and ends with the tombstone its deletion writes; the next put starts a
// new generation. Take the key "/registry/pods/default/web" and this history:
//
//   rev 2  put    → generation 0 starts:  {created 2, revs [2_0]}                 version 1
//   rev 5  put    →                       {created 2, revs [2_0 5_0]}             version 2
//   rev 6  delete → tombstone:            {created 2, revs [2_0 5_0 6_0(t)]}      then a new empty generation
//   rev 9  put    → generation 1 starts:  {created 9, revs [9_0]}                 version 1 again
//
//   keyIndex{key "/registry/pods/default/web", modified 9_0,
//            generations [{ver 3, created 2_0, revs [2_0 5_0 6_0(t)]}, {ver 1, created 9_0, revs [9_0]}]}
//
// Reading the key at a revision walks back to the generation alive then and, inside it, to the newest
// revision not after it: at rev 4 → 2_0 (version 1); at 5 → 5_0 (version 2); at 7 or 8 → nothing (rev 6
// tombstoned generation 0 and generation 1 had not begun); at 9 or later → 9_0 (created 9, version 1).
//
// Compacting at rev R drops every revision at or below R that no read at R or later can need: inside each
// generation it keeps the newest revision ≤ R, and a whole generation whose tombstone is ≤ R goes.
// Compacting the history above at 7 drops generation 0 entirely (the tombstone 6 is ≤ 7): the key was
// absent at 7 and stays absent. Compacting at 5 keeps [5_0 6_0(t)] in generation 0, since a read at 5
// still needs 5_0. When no generation is left, the tree index forgets the key.
import { greaterThan, type Revision, type RevisionSet } from './revision';

/** Revisions of one life of a key, from its creation to (including) its tombstone. */
export class Generation {
  /** How many times the key was written in this generation (its tombstone counts too). */
  ver = 0;
  created: Revision = { main: 0, sub: 0 };
  revs: Revision[] = [];

  isEmpty(): boolean {
    return this.revs.length === 0;
  }

  /**
   * Walks the revisions newest first while `f` returns true; returns the index where it stopped, or -1 when
   * `f` held for every revision.
   */
  walk(f: (rev: Revision) => boolean): number {
    for (let i = this.revs.length - 1; i >= 0; i--) if (!f(this.revs[i]!)) return i;
    return -1;
  }
}

export interface KeyIndexGet {
  modified: Revision;
  created: Revision;
  ver: number;
}

export class KeyIndex {
  modified: Revision = { main: 0, sub: 0 };
  generations: Generation[] = [];
  /** Whether the last generation is live (not ended by a tombstone): reads at the head check only this. */
  private alive = false;

  constructor(readonly key: string) {}

  /** Records a put at (main, sub); the first put of an empty generation creates the key. */
  put(main: number, sub: number): void {
    const rev = { main, sub };
    if (!greaterThan(rev, this.modified)) {
      throw new Error(`keyIndex ${this.key}: put ${main}_${sub} is not after ${this.modified.main}_${this.modified.sub}`);
    }
    if (this.generations.length === 0) this.generations.push(new Generation());
    const g = this.generations[this.generations.length - 1]!;
    if (g.revs.length === 0) g.created = rev;
    g.revs.push(rev);
    g.ver++;
    this.modified = rev;
    this.alive = true;
  }

  /** Records a deletion: a tombstone revision ends the current generation. False when the key is not alive. */
  tombstone(main: number, sub: number): boolean {
    if (this.generations.length === 0 || this.generations[this.generations.length - 1]!.isEmpty()) return false;
    this.put(main, sub);
    this.generations.push(new Generation());
    this.alive = false;
    return true;
  }

  /** The key as it was at `atRev`: its last modification, creation and version then; undefined if absent. */
  get(atRev: number): KeyIndexGet | undefined {
    const g = this.findGeneration(atRev);
    if (!g) return undefined;
    let n = -1;
    const revs = g.revs;
    for (let i = revs.length - 1; i >= 0; i--) {
      if (revs[i]!.main <= atRev) {
        n = i;
        break;
      }
    }
    if (n === -1) return undefined;
    return { modified: revs[n]!, created: g.created, ver: g.ver - (revs.length - n - 1) };
  }

  /** The revision alive at `atRev` (the fast path of get when only the revision is needed). */
  revisionAt(atRev: number): Revision | undefined {
    // Speed: the common case, the newest value of a live key, touches no generation.
    if (this.alive && this.modified.main <= atRev) return this.modified;
    const g = this.findGeneration(atRev);
    if (!g) return undefined;
    const revs = g.revs;
    for (let i = revs.length - 1; i >= 0; i--) if (revs[i]!.main <= atRev) return revs[i]!;
    return undefined;
  }

  /** The generation alive at `rev`, or undefined when the key did not exist then. */
  findGeneration(rev: number): Generation | undefined {
    const lastg = this.generations.length - 1;
    for (let cg = lastg; cg >= 0; cg--) {
      const g = this.generations[cg]!;
      if (g.revs.length === 0) continue;
      // A generation that ended with a tombstone at or before rev: the key was deleted by then.
      if (cg !== lastg && g.revs[g.revs.length - 1]!.main <= rev) return undefined;
      if (g.revs[0]!.main <= rev) return g;
    }
    return undefined;
  }

  /**
   * Drops the revisions no read at `atRev` or later needs, adding those kept (≤ atRev) to `available`,
   * so that compaction can delete the rest from the backend.
   */
  compact(atRev: number, available: RevisionSet): void {
    let genIdx = this.generations.length === 0 ? 0 : this.doCompact(atRev, available);
    const g = this.generations[genIdx];
    if (g && !g.isEmpty()) {
      // doCompact left the revision kept at index revIndex; a lone tombstone left behind is dropped.
      if (g.revs.length === 1 && genIdx !== this.generations.length - 1) {
        available.delete(g.revs[0]!);
        genIdx++;
      }
    }
    // Speed: most keys keep their one generation; do not copy the array for nothing.
    if (genIdx > 0) this.generations = this.generations.slice(genIdx);
  }

  private doCompact(atRev: number, available: RevisionSet): number {
    let genIdx = 0;
    // The first generation that is still alive at atRev or was created after it.
    while (genIdx < this.generations.length - 1) {
      const g = this.generations[genIdx]!;
      if (g.revs[g.revs.length - 1]!.main > atRev) break;
      genIdx++;
    }
    const g = this.generations[genIdx]!;
    const revIndex = g.walk((rev) => {
      if (rev.main <= atRev) {
        available.add(rev);
        return false;
      }
      return true;
    });
    if (revIndex > 0) g.revs = g.revs.slice(revIndex);
    return genIdx;
  }

  isEmpty(): boolean {
    return this.generations.length === 1 && this.generations[0]!.isEmpty();
  }

  /** `/key: gen0 [2_0 5_0 6_0(t)] gen1 [9_0]` for trace lines and tests. */
  toString(): string {
    const gens = this.generations.map((g, i) => {
      const last = i !== this.generations.length - 1;
      const revs = g.revs.map((r, j) => `${r.main}_${r.sub}${last && j === g.revs.length - 1 ? '(t)' : ''}`);
      return `{ver ${g.ver}, created ${g.created.main}_${g.created.sub}, revs [${revs.join(' ')}]}`;
    });
    return `keyIndex{${this.key}, modified ${this.modified.main}_${this.modified.sub}, generations [${gens.join(', ')}]}`;
  }
}

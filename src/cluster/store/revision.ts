// Models etcd's mvcc/revision.go: a revision is (main, sub) — main is the store revision a write txn made,
// sub the change's place inside that txn (0 for a lone put, 0..n-1 for a txn that writes n times).

export interface Revision {
  readonly main: number;
  readonly sub: number;
}

export const ZERO_REVISION: Revision = Object.freeze({ main: 0, sub: 0 });

export function revision(main: number, sub = 0): Revision {
  return { main, sub };
}

/** a > b in (main, sub) order. */
export function greaterThan(a: Revision, b: Revision): boolean {
  return a.main > b.main || (a.main === b.main && a.sub > b.sub);
}

export function compareRevisions(a: Revision, b: Revision): number {
  return a.main - b.main || a.sub - b.sub;
}

/** `3_0` style, as the learner reads it in `tree` and trace lines. */
export function formatRevision(r: Revision): string {
  return `${r.main}_${r.sub}`;
}

/**
 * A set of revisions (compaction's "available" map). Speed and memory: main → its one sub as a plain number
 * (main revisions are small integers, which a Map hashes fastest); a Set only for a main with several subs.
 */
export class RevisionSet {
  private readonly byMain = new Map<number, number | Set<number>>();
  private count = 0;

  add(r: Revision): void {
    const v = this.byMain.get(r.main);
    if (v === undefined) this.byMain.set(r.main, r.sub);
    else if (typeof v === 'number') {
      if (v === r.sub) return;
      this.byMain.set(r.main, new Set([v, r.sub]));
    } else {
      if (v.has(r.sub)) return;
      v.add(r.sub);
    }
    this.count++;
  }

  has(main: number, sub: number): boolean {
    const v = this.byMain.get(main);
    return v === sub || (typeof v === 'object' && v.has(sub));
  }

  delete(r: Revision): void {
    const v = this.byMain.get(r.main);
    if (v === r.sub) this.byMain.delete(r.main);
    else if (typeof v === 'object' && v.delete(r.sub)) {
      if (v.size === 0) this.byMain.delete(r.main);
    } else return;
    this.count--;
  }

  get size(): number {
    return this.count;
  }
}

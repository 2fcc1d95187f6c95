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
 * A set of revisions (compaction's "available" map). Memory: one number per revision — main × 2^20 + sub —
 * rather than a Set per main revision; a sub past 2^20 (a million changes in one txn) goes to a string set.
 */
export class RevisionSet {
  private readonly small = new Set<number>();
  private big: Set<string> | undefined;

  add(r: Revision): void {
    if (r.sub < 1 << 20) this.small.add(r.main * 1048576 + r.sub);
    else (this.big ??= new Set()).add(`${r.main}_${r.sub}`);
  }

  has(main: number, sub: number): boolean {
    return sub < 1 << 20 ? this.small.has(main * 1048576 + sub) : (this.big?.has(`${main}_${sub}`) ?? false);
  }

  delete(r: Revision): void {
    if (r.sub < 1 << 20) this.small.delete(r.main * 1048576 + r.sub);
    else this.big?.delete(`${r.main}_${r.sub}`);
  }

  get size(): number {
    return this.small.size + (this.big?.size ?? 0);
  }
}

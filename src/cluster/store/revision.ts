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

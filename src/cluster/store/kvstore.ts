// Models etcd's mvcc/kvstore.go: the store — a current revision, the compacted revision, the tree index from
// keys to revisions, and the backend that holds every kept revision's key-value (bbolt's "key" bucket,
// which etcd keys by revision: here a map from main revision to the changes of that revision by sub).
import { ERR_COMPACTED, ERR_FUTURE_REV, StoreError, type KeyValue } from './types';
import { TreeIndex } from './index';
import { StoreTxnRead, StoreTxnWrite } from './kvstore_txn';
import { scheduleCompaction } from './kvstore_compaction';
import type { Revision } from './revision';

/** What the store needs from the lessor (etcd's lease.Lessor as the mvcc store sees it). */
export interface LeaseAttacher {
  getLease(key: string): number;
  attach(id: number, key: string): void;
  detach(id: number, key: string): void;
}

/** A write the store committed: the key-value written (a tombstone has createRevision 0) and what it replaced. */
export interface Change {
  kv: KeyValue;
  /** The revision of the key's previous value, if it had one (for prevKv). */
  prev: Revision | undefined;
}

/** A tombstone in the backend: the key, with modRevision = the deleting revision and nothing else. */
export function isTombstone(kv: KeyValue): boolean {
  return kv.createRevision === 0;
}

export class Store {
  /** A fresh etcd is at revision 1. */
  currentRev = 1;
  /** -1 until the first compaction, as etcd's compactMainRev. */
  compactMainRev = -1;
  readonly kvindex: TreeIndex;
  /** Revision-keyed storage: main revision → that revision's changes, indexed by sub (undefined once compacted away). */
  readonly backend = new Map<number, Array<KeyValue | undefined>>();
  /** Approximate bytes held by the backend (for `endpoint status`). */
  bytes = 0;
  le: LeaseAttacher = { getLease: () => 0, attach: () => {}, detach: () => {} };
  /** Called when a write txn commits a new revision (the watchable store notifies its watchers). */
  onCommit?: (rev: number, changes: Change[]) => void;

  constructor(opts: { treeOrder?: number } = {}) {
    this.kvindex = new TreeIndex(opts.treeOrder);
  }

  read(): StoreTxnRead {
    return new StoreTxnRead(this, this.currentRev);
  }

  write(): StoreTxnWrite {
    return new StoreTxnWrite(this, this.currentRev);
  }

  /** The stored key-value at a revision (undefined once compaction removed it). */
  kvAt(rev: Revision): KeyValue | undefined {
    return this.backend.get(rev.main)?.[rev.sub];
  }

  /** Checks a compaction request as etcd's updateCompactRev does; throws etcd's error when it cannot run. */
  checkCompact(rev: number): void {
    if (rev <= this.compactMainRev) throw new StoreError('compacted', ERR_COMPACTED);
    if (rev > this.currentRev) throw new StoreError('future-revision', ERR_FUTURE_REV);
  }

  /** Compacts the history at rev: reads below rev fail from now on; reads at rev and above are unchanged. */
  compact(rev: number): void {
    this.checkCompact(rev);
    this.compactMainRev = rev;
    const keep = this.kvindex.compact(rev);
    scheduleCompaction(this, rev, keep);
  }

  /** Every key and all history gone; the revision is left where it was (wipe bumps it itself). */
  clear(): void {
    this.kvindex.clear();
    this.backend.clear();
    this.bytes = 0;
  }
}

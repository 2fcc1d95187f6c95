// Models etcd's mvcc/kvstore_txn.go: read and write transactions on the store. A write txn writes all its
// changes at ONE main revision (beginRev + 1) with sub-revisions 0, 1, 2 …; it raises the store's revision
// only if it changed something, and its own reads see its earlier writes.
import { ERR_COMPACTED, ERR_FUTURE_REV, StoreError, type KeyValue } from './types';
import type { Change, Store } from './kvstore';
import type { IndexEnd } from './index';
import type { Revision } from './revision';

export interface RangeOptions {
  /** 0: all (the applier asks for limit + 1 to learn `more`). */
  limit?: number;
  /** 0 or absent: the txn's revision. */
  rev?: number;
  /** Only count. */
  count?: boolean;
}

export interface RangeResult {
  kvs: KeyValue[];
  /** The store revision the range answered at (the txn's, not the one asked for). */
  rev: number;
  /** Every key the range matched, whatever the limit. */
  count: number;
}

function copyKv(kv: KeyValue): KeyValue {
  return {
    key: kv.key,
    value: kv.value,
    createRevision: kv.createRevision,
    modRevision: kv.modRevision,
    version: kv.version,
    lease: kv.lease,
  };
}

/** etcd's rangeKeys: the keys alive at ro.rev (or curRev) in [key, end). */
function rangeKeys(s: Store, key: string, end: IndexEnd, curRev: number, ro: RangeOptions): RangeResult {
  const asked = ro.rev ?? 0;
  if (asked > curRev) throw new StoreError('future-revision', ERR_FUTURE_REV);
  const rev = asked <= 0 ? curRev : asked;
  if (rev < s.compactMainRev) throw new StoreError('compacted', ERR_COMPACTED);
  if (ro.count) return { kvs: [], rev: curRev, count: s.kvindex.countRevisions(key, end, rev) };
  if (end === undefined) {
    // Speed: one key needs no visitor closure.
    const r = s.kvindex.keyIndex(key)?.revisionAt(rev);
    const kv = r && s.kvAt(r);
    return { kvs: kv ? [copyKv(kv)] : [], rev: curRev, count: kv ? 1 : 0 };
  }
  const limit = ro.limit && ro.limit > 0 ? ro.limit : Infinity;
  const kvs: KeyValue[] = [];
  let count = 0;
  s.kvindex.visitRevisions(key, end, rev, (_k, r) => {
    count++;
    if (kvs.length < limit) {
      const kv = s.kvAt(r);
      if (!kv) throw new Error(`mvcc: revision ${r.main}_${r.sub} missing from the backend`);
      kvs.push(copyKv(kv));
    }
  });
  return { kvs, rev: curRev, count };
}

export class StoreTxnRead {
  constructor(
    readonly s: Store,
    readonly firstRev: number,
  ) {}

  rev(): number {
    return this.firstRev;
  }

  range(key: string, end: IndexEnd, ro: RangeOptions = {}): RangeResult {
    return rangeKeys(this.s, key, end, this.firstRev, ro);
  }

  end(): void {}
}

export class StoreTxnWrite {
  readonly changes: Change[] = [];
  private revChanges: Array<KeyValue | undefined> | undefined;

  constructor(
    readonly s: Store,
    readonly beginRev: number,
  ) {}

  rev(): number {
    return this.beginRev;
  }

  /** The revision the txn's reads see: its own writes once it has made one. */
  private readRev(): number {
    return this.changes.length > 0 ? this.beginRev + 1 : this.beginRev;
  }

  range(key: string, end: IndexEnd, ro: RangeOptions = {}): RangeResult {
    return rangeKeys(this.s, key, end, this.readRev(), ro);
  }

  private record(kv: KeyValue, prev: Revision | undefined): void {
    if (!this.revChanges) {
      // Memory: an array literal of one is allocated to size; [] then push reserves 17 slots per revision.
      this.revChanges = [kv];
      this.s.backend.set(this.beginRev + 1, this.revChanges);
    } else this.revChanges.push(kv);
    this.s.bytes += kv.key.length + kv.value.length + 32;
    this.changes.push({ kv, prev });
  }

  put(key: string, value: string, lease = 0): KeyValue {
    const s = this.s;
    const rev = this.beginRev + 1;
    const sub = this.changes.length;
    // The key as it stands now, this txn's earlier writes included.
    const ki = s.kvindex.keyIndex(key);
    let created = rev;
    let ver = 1;
    let oldLease = 0;
    let prev: Revision | undefined;
    // Speed: the key's live generation is its last one, so read it directly rather than through get(rev).
    const g = ki?.generations[ki.generations.length - 1];
    if (g && g.revs.length !== 0) {
      created = g.created.main;
      ver = g.ver + 1;
      prev = ki!.modified;
      oldLease = s.le.getLease(key);
    }
    const kv: KeyValue = { key, value, createRevision: created, modRevision: rev, version: ver, lease };
    if (ki) ki.put(rev, sub);
    else s.kvindex.put(key, { main: rev, sub });
    this.record(kv, prev);
    if (oldLease !== 0) s.le.detach(oldLease, key);
    if (lease !== 0) s.le.attach(lease, key);
    return kv;
  }

  /** Deletes every key alive in [key, end); returns how many. */
  deleteRange(key: string, end: IndexEnd): number {
    const keys = this.s.kvindex.range(key, end, this.readRev());
    for (const k of keys) this.delete(k);
    return keys.length;
  }

  private delete(key: string): void {
    const s = this.s;
    const rev = this.beginRev + 1;
    const idxRev = { main: rev, sub: this.changes.length };
    const prior = s.kvindex.keyIndex(key)?.get(rev);
    const kv: KeyValue = { key, value: '', createRevision: 0, modRevision: rev, version: 0, lease: 0 };
    if (!s.kvindex.tombstone(key, idxRev)) throw new Error(`mvcc: delete of ${key}, which is not alive`);
    this.record(kv, prior?.modified);
    const lease = s.le.getLease(key);
    if (lease !== 0) s.le.detach(lease, key);
  }

  /** Commits: one new revision if anything changed, then the watchers hear of it. */
  end(): void {
    if (this.changes.length === 0) return;
    const s = this.s;
    s.currentRev = this.beginRev + 1;
    s.onCommit?.(s.currentRev, this.changes);
  }
}

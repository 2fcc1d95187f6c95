// Models etcd's etcdserver/apply.go (applierV3backend) and the request checks of etcdserver/api/v3rpc/key.go:
// how Range / Put / DeleteRange / Txn requests become mvcc reads and writes — limit + 1 to learn `more`,
// sorting with Go's sort, compares evaluated before any write, one write txn (one revision) per request.
import type { Store } from './kvstore';
import type { StoreTxnRead, StoreTxnWrite } from './kvstore_txn';
import type { Lessor } from './lessor';
import type { IndexEnd } from './index';
import { goSort } from './gosort';
import {
  ERR_COMPACTED,
  ERR_FUTURE_REV,
  ERR_LEASE_NOT_FOUND,
  StoreError,
  type Compare,
  type DeleteRangeRequest,
  type DeleteRangeResponse,
  type KeyValue,
  type PutRequest,
  type PutResponse,
  type RangeRequest,
  type RangeResponse,
  type RequestOp,
  type ResponseHeader,
  type ResponseOp,
  type TxnRequest,
  type TxnResponse,
} from './types';

export const ERR_EMPTY_KEY = 'etcdserver: key is not provided';
export const ERR_TOO_MANY_OPS = 'etcdserver: too many operations in txn request';
export const ERR_DUPLICATE_KEY = 'etcdserver: duplicate key given in txn request';
/** etcd's default --max-txn-ops. */
export const MAX_TXN_OPS = 128;

/** rangeEnd as etcd takes it: absent or empty → the key alone; "\0" → every key ≥ key; else [key, end). */
export function toIndexEnd(rangeEnd: string | undefined): IndexEnd {
  if (rangeEnd === undefined || rangeEnd === '') return undefined;
  if (rangeEnd === '\0') return '';
  return rangeEnd;
}

type ReadView = StoreTxnRead | StoreTxnWrite;

/** A nested response's header: etcd fills only the revision there. */
function innerHeader(revision: number): ResponseHeader {
  return { clusterId: '0', memberId: '0', revision, raftTerm: 0 };
}

export class Applier {
  constructor(
    readonly store: Store,
    readonly lessor: Lessor,
  ) {}

  // ---- request checks (v3rpc/key.go) -------------------------------------------------------------------

  checkRange(r: RangeRequest): void {
    if (!r.key) throw new StoreError('invalid', ERR_EMPTY_KEY);
  }

  checkPut(r: PutRequest): void {
    if (!r.key) throw new StoreError('invalid', ERR_EMPTY_KEY);
  }

  checkDelete(r: DeleteRangeRequest): void {
    if (!r.key) throw new StoreError('invalid', ERR_EMPTY_KEY);
  }

  checkTxn(r: TxnRequest, maxTxnOps = MAX_TXN_OPS): void {
    const opc = Math.max(r.compare.length, r.success.length, r.failure.length);
    if (opc > maxTxnOps) throw new StoreError('too-many-ops', ERR_TOO_MANY_OPS);
    for (const c of r.compare) if (!c.key) throw new StoreError('invalid', ERR_EMPTY_KEY);
    for (const op of [...r.success, ...r.failure]) {
      if ('range' in op) this.checkRange(op.range);
      else if ('put' in op) this.checkPut(op.put);
      else if ('deleteRange' in op) this.checkDelete(op.deleteRange);
      else this.checkTxn(op.txn, maxTxnOps - opc);
    }
    checkIntervals(r.success);
    checkIntervals(r.failure);
  }

  // ---- Range ---------------------------------------------------------------------------------------------

  range(txn: ReadView, r: RangeRequest, header: (rev: number) => ResponseHeader): RangeResponse {
    let limit = r.limit ?? 0;
    const order = r.sortOrder ?? 'NONE';
    const target = r.sortTarget ?? 'KEY';
    // Sorting needs every match; otherwise one more than the limit tells whether there are more.
    if (order !== 'NONE') limit = 0;
    if (limit > 0) limit++;
    const rr = txn.range(r.key, toIndexEnd(r.rangeEnd), { limit, rev: r.revision ?? 0, count: !!r.countOnly });
    let kvs = rr.kvs;
    let sortOrder = order;
    // mvcc returns keys ascending already; a non-key target with no order means ascending.
    if (target !== 'KEY' && sortOrder === 'NONE') sortOrder = 'ASCEND';
    if (sortOrder !== 'NONE') {
      const less = lessBy(target);
      if (sortOrder === 'ASCEND') goSort(kvs, less);
      else goSort(kvs, (a, b) => less(b, a));
    }
    let more = false;
    if (r.limit && r.limit > 0 && kvs.length > r.limit) {
      kvs = kvs.slice(0, r.limit);
      more = true;
    }
    if (r.keysOnly) for (const kv of kvs) kv.value = '';
    return { header: header(rr.rev), kvs, more, count: rr.count };
  }

  // ---- Put / DeleteRange ---------------------------------------------------------------------------------

  put(txn: StoreTxnWrite, p: PutRequest, header: (rev: number) => ResponseHeader): PutResponse {
    const resp: PutResponse = { header: header(0) };
    if (p.prevKv) {
      const rr = txn.range(p.key, undefined, {});
      if (rr.kvs.length) resp.prevKv = rr.kvs[0];
    }
    txn.put(p.key, p.value, p.lease ?? 0);
    resp.header = header(txn.rev() + 1);
    return resp;
  }

  deleteRange(txn: StoreTxnWrite, dr: DeleteRangeRequest, header: (rev: number) => ResponseHeader): DeleteRangeResponse {
    const end = toIndexEnd(dr.rangeEnd);
    const resp: DeleteRangeResponse = { header: header(0), deleted: 0 };
    if (dr.prevKv) resp.prevKvs = txn.range(dr.key, end, {}).kvs;
    const n = txn.deleteRange(dr.key, end);
    resp.deleted = n;
    resp.header = header(n !== 0 || txn.changes.length > 0 ? txn.rev() + 1 : txn.rev());
    return resp;
  }

  /** A put whose lease does not exist fails before anything is written. */
  checkPutLease(p: PutRequest): void {
    if (p.lease && !this.lessor.lookup(p.lease)) throw new StoreError('lease-not-found', ERR_LEASE_NOT_FOUND);
  }

  // ---- Txn -----------------------------------------------------------------------------------------------

  /** Runs a txn: compares on the state before it, then the chosen branch, all at one revision. */
  txn(r: TxnRequest, topHeader: (rev: number) => ResponseHeader): TxnResponse {
    const isWrite = !isTxnReadonly(r);
    const rv = this.store.read();
    const path = compareToPath(rv, r);
    // Checks along the chosen path before anything is written: first every put's lease, then every range's
    // revision (two passes, as etcd, so a txn with both faults reports the lease).
    if (isWrite) this.checkRequests(rv, r, path, 0, 'put');
    this.checkRequests(rv, r, path, 0, 'range');
    const txn: ReadView = isWrite ? this.store.write() : rv;
    const resp = this.applyTxn(txn, r, path, 0).resp;
    let rev = txn.rev();
    if (isWrite && (txn as StoreTxnWrite).changes.length > 0) rev++;
    txn.end();
    resp.header = topHeader(rev);
    return resp;
  }

  private checkRequests(rv: StoreTxnRead, r: TxnRequest, path: boolean[], at: number, what: 'put' | 'range'): number {
    const ops = path[at] ? r.success : r.failure;
    let next = at + 1;
    for (const op of ops) {
      if ('put' in op) {
        if (what === 'put') this.checkPutLease(op.put);
      } else if ('range' in op) {
        if (what !== 'range') continue;
        const rev = op.range.revision ?? 0;
        if (rev === 0) continue;
        if (rev > rv.rev()) throw new StoreError('future-revision', ERR_FUTURE_REV);
        if (rev < this.store.compactMainRev) throw new StoreError('compacted', ERR_COMPACTED);
      } else if ('txn' in op) next = this.checkRequests(rv, op.txn, path, next, what);
    }
    return next;
  }

  private applyTxn(txn: ReadView, r: TxnRequest, path: boolean[], at: number): { resp: TxnResponse; next: number } {
    const succeeded = path[at]!;
    const ops = succeeded ? r.success : r.failure;
    const responses: ResponseOp[] = [];
    let next = at + 1;
    for (const op of ops) {
      if ('range' in op) responses.push({ range: this.range(txn, op.range, innerHeader) });
      else if ('put' in op) responses.push({ put: this.put(txn as StoreTxnWrite, op.put, innerHeader) });
      else if ('deleteRange' in op) responses.push({ deleteRange: this.deleteRange(txn as StoreTxnWrite, op.deleteRange, innerHeader) });
      else {
        const inner = this.applyTxn(txn, op.txn, path, next);
        next = inner.next;
        // etcd leaves a nested txn's header empty.
        responses.push({ txn: inner.resp });
      }
    }
    return { resp: { header: innerHeader(0), succeeded, responses }, next };
  }
}

function lessBy(target: string): (a: KeyValue, b: KeyValue) => boolean {
  switch (target) {
    case 'VERSION':
      return (a, b) => a.version < b.version;
    case 'CREATE':
      return (a, b) => a.createRevision < b.createRevision;
    case 'MOD':
      return (a, b) => a.modRevision < b.modRevision;
    case 'VALUE':
      return (a, b) => a.value < b.value;
    default:
      return (a, b) => a.key < b.key;
  }
}

/** A txn with no put or delete anywhere, in either branch, at any depth (etcd serves it without raft). */
export function isTxnReadonly(r: TxnRequest): boolean {
  for (const op of [...r.success, ...r.failure]) {
    if ('put' in op || 'deleteRange' in op) return false;
    if ('txn' in op && !isTxnReadonly(op.txn)) return false;
  }
  return true;
}

/** Which branch each (nested) txn takes, decided on the state before the txn, depth first. */
function compareToPath(rv: StoreTxnRead, r: TxnRequest): boolean[] {
  const ok = applyCompares(rv, r.compare);
  const path = [ok];
  for (const op of ok ? r.success : r.failure) if ('txn' in op) path.push(...compareToPath(rv, op.txn));
  return path;
}

function applyCompares(rv: StoreTxnRead, cmps: Compare[]): boolean {
  for (const c of cmps) if (!applyCompare(rv, c)) return false;
  return true;
}

function applyCompare(rv: StoreTxnRead, c: Compare): boolean {
  let kvs: KeyValue[];
  try {
    kvs = rv.range(c.key, toIndexEnd(c.rangeEnd), {}).kvs;
  } catch {
    return false;
  }
  if (kvs.length === 0) {
    // A missing key has no value to compare: a VALUE compare on it always fails.
    if (c.target === 'VALUE') return false;
    return compareKV(c, { key: c.key, value: '', createRevision: 0, modRevision: 0, version: 0, lease: 0 });
  }
  for (const kv of kvs) if (!compareKV(c, kv)) return false;
  return true;
}

function compareKV(c: Compare, kv: KeyValue): boolean {
  let result: number;
  if (c.target === 'VALUE') {
    const v = String(c.value);
    result = kv.value < v ? -1 : kv.value > v ? 1 : 0;
  } else {
    const have = c.target === 'VERSION' ? kv.version : c.target === 'CREATE' ? kv.createRevision : c.target === 'MOD' ? kv.modRevision : kv.lease;
    const want = Number(c.value);
    result = have < want ? -1 : have > want ? 1 : 0;
  }
  switch (c.result) {
    case 'EQUAL':
      return result === 0;
    case 'NOT_EQUAL':
      return result !== 0;
    case 'GREATER':
      return result > 0;
    case 'LESS':
      return result < 0;
  }
}

/** An interval of keys a delete covers: [key, end), or the key alone. */
interface Interval {
  key: string;
  end: string | undefined;
}

function intersects(dels: Interval[], k: string): boolean {
  for (const d of dels) {
    if (d.end === undefined ? k === d.key : k >= d.key && k < d.end) return true;
  }
  return false;
}

/**
 * etcd's checkIntervals: within one branch no key may be put twice, nor put and deleted; the then/else
 * branches of a nested txn may put the same key (only one of them runs).
 */
function checkIntervals(reqs: RequestOp[]): { puts: Set<string>; dels: Interval[] } {
  const dels: Interval[] = [];
  for (const op of reqs) {
    if (!('deleteRange' in op)) continue;
    const d = op.deleteRange;
    // etcd builds the interval [key, rangeEnd) literally: a from-key delete ("\0") covers nothing here.
    dels.push({ key: d.key, end: d.rangeEnd ? d.rangeEnd : undefined });
  }
  const puts = new Set<string>();
  for (const op of reqs) {
    if (!('txn' in op)) continue;
    const then = checkIntervals(op.txn.success);
    const els = checkIntervals(op.txn.failure);
    for (const k of then.puts) {
      if (puts.has(k) || intersects(dels, k)) throw new StoreError('duplicate-key', ERR_DUPLICATE_KEY);
      puts.add(k);
    }
    for (const k of els.puts) {
      if (puts.has(k) && !then.puts.has(k)) throw new StoreError('duplicate-key', ERR_DUPLICATE_KEY);
      if (intersects(dels, k)) throw new StoreError('duplicate-key', ERR_DUPLICATE_KEY);
      puts.add(k);
    }
    dels.push(...then.dels, ...els.dels);
  }
  for (const op of reqs) {
    if (!('put' in op)) continue;
    const k = op.put.key;
    if (puts.has(k) || intersects(dels, k)) throw new StoreError('duplicate-key', ERR_DUPLICATE_KEY);
    puts.add(k);
  }
  return { puts, dels };
}

// The embedded etcd: etcd's mvcc store (kvstore + watchableStore + lessor) behind the KV interface, with the
// server-side request handling of etcdserver/v3_server.go, on the loop's virtual clock. Watch responses
// and lease expiries are loop steps (component etcd).
import type { Loop } from '../sim/loop';
import { Store } from './kvstore';
import { WatchableStore } from './watchable_store';
import { Lessor } from './lessor';
import { Applier, isTxnReadonly, toIndexEnd } from './apply';
import { readSnapshot, restoreSnapshot, saveSnapshot } from './snapshot';
import type { BTreeView } from './btree';
import type { Watcher as MvccWatcher } from './watcher_group';
import {
  StoreError,
  type CompactResponse,
  type DeleteRangeRequest,
  type DeleteRangeResponse,
  type KV,
  type LeaseGrantResponse,
  type LeaseKeepAliveResponse,
  type LeaseTimeToLiveResponse,
  type Member,
  type PutRequest,
  type PutResponse,
  type RangeRequest,
  type RangeResponse,
  type ResponseHeader,
  type StatusResponse,
  type TxnRequest,
  type TxnResponse,
  type WatchRequest,
  type WatchResponse,
  type Watcher,
} from './types';

/** The ids a fresh `etcd` with default flags has (member 8e9e05c52164694d of cluster cdf818194e3a8c32), in decimal as etcd's JSON prints them. */
export const MEMBER_ID = BigInt('0x8e9e05c52164694d').toString();
export const CLUSTER_ID = BigInt('0xcdf818194e3a8c32').toString();
export const ETCD_VERSION = '3.4.23';
const RAFT_TERM = 2;

export interface MemoryStoreOptions {
  /** Keys per B+tree node (32 by default). */
  treeOrder?: number;
}

export interface RestoreOptions {
  /** Raise the revision by this much after restoring (etcdutl's --bump-revision). */
  bumpRevision?: number;
  /** Mark the restored revision compacted, so every old watcher must re-list (etcdutl's --mark-compacted). */
  markCompacted?: boolean;
}

export class MemoryStore implements KV {
  readonly kind = 'memory' as const;
  readonly store: Store;
  readonly watchable: WatchableStore;
  readonly lessor: Lessor;
  private readonly applier: Applier;
  /** Raft log entries applied: a fresh single-member etcd stands at 4; every write request adds one. */
  raftIndex = 4;
  private closed = false;
  private readonly headerFn = (rev: number): ResponseHeader => ({ clusterId: CLUSTER_ID, memberId: MEMBER_ID, revision: rev, raftTerm: RAFT_TERM });

  constructor(
    readonly loop: Loop,
    opts: MemoryStoreOptions = {},
  ) {
    this.store = new Store({ treeOrder: opts.treeOrder });
    // etcd's lease ids carry the member id in their high bits; ours keep 12 bits of it (ids stay below 2^53).
    this.lessor = new Lessor(loop, Number(BigInt('0x8e9e05c52164694d') >> 52n));
    this.store.le = this.lessor;
    this.lessor.onExpire = (id) => {
      this.raftIndex++;
      this.revokeLease(id);
    };
    this.watchable = new WatchableStore(this.store, loop, this.headerFn);
    this.applier = new Applier(this.store, this.lessor);
    // The debugger's `queues`: etcd's watch streams, synced (caught up) or unsynced (catching up from history).
    loop.registerQueue('etcd', () => {
      const streams: string[] = [];
      for (const g of [this.watchable.synced, this.watchable.unsynced])
        for (const w of g.watchers) streams.push(`watch stream ${w.id} ${w.describe()}: ${g.name === 'synced' ? 'synced' : `unsynced, catching up from rev ${w.minRev}`}`);
      return streams;
    });
  }

  /** The B+tree under the key index (for the `tree` line). */
  get tree(): BTreeView {
    return this.store.kvindex.tree;
  }

  /** The keyIndex of one key, as `tree KEY` prints it (undefined when the index does not hold the key). */
  describeKey(key: string): string | undefined {
    return this.store.kvindex.keyIndex(key)?.toString();
  }

  /** The current revision, without a request. */
  get revision(): number {
    return this.store.currentRev;
  }

  get compactRevision(): number {
    return this.store.compactMainRev;
  }

  private header(rev = this.store.currentRev): ResponseHeader {
    return this.headerFn(rev);
  }

  private guard(): void {
    if (this.closed) throw new StoreError('unavailable', 'etcdserver: server stopped');
  }

  // ---- the synchronous core (the KV methods below wrap it in promises) ----------------------------------

  rangeSync(req: RangeRequest): RangeResponse {
    this.guard();
    this.applier.checkRange(req);
    const txn = this.store.read();
    return this.applier.range(txn, req, this.headerFn);
  }

  putSync(req: PutRequest): PutResponse {
    this.guard();
    this.applier.checkPut(req);
    this.raftIndex++;
    this.applier.checkPutLease(req);
    const txn = this.store.write();
    const resp = this.applier.put(txn, req, this.headerFn);
    txn.end();
    return resp;
  }

  deleteRangeSync(req: DeleteRangeRequest): DeleteRangeResponse {
    this.guard();
    this.applier.checkDelete(req);
    this.raftIndex++;
    const txn = this.store.write();
    const resp = this.applier.deleteRange(txn, req, this.headerFn);
    txn.end();
    return resp;
  }

  txnSync(req: TxnRequest): TxnResponse {
    this.guard();
    this.applier.checkTxn(req);
    if (!isTxnReadonly(req)) this.raftIndex++;
    return this.applier.txn(req, this.headerFn);
  }

  // ---- KV ------------------------------------------------------------------------------------------------

  async range(req: RangeRequest): Promise<RangeResponse> {
    return this.rangeSync(req);
  }

  async put(req: PutRequest): Promise<PutResponse> {
    return this.putSync(req);
  }

  async deleteRange(req: DeleteRangeRequest): Promise<DeleteRangeResponse> {
    return this.deleteRangeSync(req);
  }

  async txn(req: TxnRequest): Promise<TxnResponse> {
    return this.txnSync(req);
  }

  async compact(revision: number, _physical?: boolean): Promise<CompactResponse> {
    this.guard();
    this.store.checkCompact(revision);
    this.raftIndex++;
    this.store.compact(revision);
    return { header: this.header() };
  }

  async watch(req: WatchRequest, onResponse: (resp: WatchResponse) => void): Promise<Watcher> {
    this.guard();
    const filters = req.filters ?? [];
    const w: MvccWatcher = this.watchable.watch(
      {
        key: req.key,
        end: toIndexEnd(req.rangeEnd),
        startRev: req.startRevision ?? 0,
        prevKv: req.prevKv,
        noPut: filters.includes('NOPUT'),
        noDelete: filters.includes('NODELETE'),
      },
      onResponse,
    );
    return {
      id: w.id,
      cancel: async () => this.watchable.cancel(w),
    };
  }

  async leaseGrant(ttlSeconds: number, id = 0): Promise<LeaseGrantResponse> {
    this.guard();
    this.raftIndex++;
    const l = this.lessor.grant(id, ttlSeconds);
    return { header: this.header(), id: l.id, ttl: l.ttl };
  }

  /** Revokes a lease and deletes its keys in one write txn (one revision, DELETE events in key order). */
  private revokeLease(id: number): void {
    const keys = this.lessor.remove(id);
    const txn = this.store.write();
    for (const k of keys) txn.deleteRange(k, undefined);
    txn.end();
  }

  async leaseRevoke(id: number): Promise<{ header: ResponseHeader }> {
    this.guard();
    this.raftIndex++;
    this.revokeLease(id);
    return { header: this.header() };
  }

  async leaseKeepAliveOnce(id: number): Promise<LeaseKeepAliveResponse> {
    this.guard();
    try {
      const ttl = this.lessor.renew(id);
      return { header: this.header(), id, ttl };
    } catch (err) {
      // etcd answers a keep-alive for an unknown lease with TTL 0 rather than an error.
      if (err instanceof StoreError && err.code === 'lease-not-found') return { header: this.header(), id, ttl: 0 };
      throw err;
    }
  }

  async leaseTimeToLive(id: number, keys?: boolean): Promise<LeaseTimeToLiveResponse> {
    this.guard();
    const l = this.lessor.lookup(id);
    if (!l) return { header: this.header(), id, ttl: -1, grantedTtl: 0 };
    const resp: LeaseTimeToLiveResponse = { header: this.header(), id, ttl: l.remaining(this.loop.now()), grantedTtl: l.ttl };
    if (keys) resp.keys = [...l.keys].sort();
    return resp;
  }

  async leaseLeases(): Promise<{ header: ResponseHeader; leases: number[] }> {
    this.guard();
    return { header: this.header(), leases: this.lessor.leases().map((l) => l.id) };
  }

  async status(): Promise<StatusResponse> {
    this.guard();
    return {
      header: this.header(),
      version: ETCD_VERSION,
      // bbolt's file starts at 20 KiB and grows by pages.
      dbSize: 20480 + Math.ceil(this.store.bytes / 4096) * 4096,
      leader: MEMBER_ID,
      raftIndex: this.raftIndex,
      raftTerm: RAFT_TERM,
      raftAppliedIndex: this.raftIndex,
      compactRevision: this.store.compactMainRev < 0 ? 0 : this.store.compactMainRev,
    };
  }

  async memberList(): Promise<{ header: ResponseHeader; members: Member[] }> {
    this.guard();
    return {
      // etcd's member list answers with no revision in its header.
      header: this.header(0),
      members: [
        { id: MEMBER_ID, name: 'default', peerURLs: ['http://localhost:2380'], clientURLs: ['http://localhost:2379'], isLearner: false },
      ],
    };
  }

  async snapshotSave(path: string): Promise<{ bytes: number; revision: number }> {
    this.guard();
    return saveSnapshot(path, this.store, this.lessor, this.raftIndex);
  }

  async snapshotRestore(path: string, opts: RestoreOptions = {}): Promise<{ revision: number }> {
    this.guard();
    const file = readSnapshot(path);
    const r = restoreSnapshot(file, this.store, this.lessor);
    this.raftIndex = Math.max(r.raftIndex, 4);
    if (opts.bumpRevision && opts.bumpRevision > 0) this.store.currentRev += opts.bumpRevision;
    if (opts.markCompacted) this.store.compactMainRev = this.store.currentRev;
    // Watchers carry on from their next revision against the restored history, as clients that reconnect.
    this.watchable.resync();
    return { revision: this.store.currentRev };
  }

  async wipe(): Promise<void> {
    this.guard();
    this.store.clear();
    this.lessor.clear();
    // The data is gone but the revision moves on; what every watcher stood on is compacted away.
    this.store.currentRev += 1;
    this.store.compactMainRev = this.store.currentRev;
    this.watchable.cancelAllCompacted();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lessor.clear();
    for (const g of [this.watchable.synced, this.watchable.unsynced]) for (const w of [...g.watchers]) this.watchable.cancel(w);
  }
}

export function createMemoryStore(loop: Loop, opts: MemoryStoreOptions = {}): MemoryStore {
  return new MemoryStore(loop, opts);
}

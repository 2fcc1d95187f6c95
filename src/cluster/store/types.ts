// The store interface the API server stands on, shaped after etcd's v3 API (api/etcdserverpb/rpc.proto and
// api/mvccpb/kv.proto). Asynchronous and revision-centred, so the embedded mvcc store and a real etcd over
// gRPC (the etcd3 client) implement it alike and no caller changes.
//
// Keys and values are JS strings. Keys order by UTF-16 code unit, which equals etcd's byte order for every
// key the mini-cluster writes (ASCII); values are stored as given (UTF-8 when they reach a real etcd).

import type { BTreeView } from './btree';

/** mvccpb.KeyValue */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the last creation of this key. */
  createRevision: number;
  /** Revision of the last modification of this key. */
  modRevision: number;
  /** Number of modifications since creation; a delete resets it to 0. */
  version: number;
  /** Lease ID attached to the key, 0 for none. */
  lease: number;
}

/** etcdserverpb.ResponseHeader */
export interface ResponseHeader {
  clusterId: string;
  memberId: string;
  /** The store's revision when the request was applied. */
  revision: number;
  raftTerm: number;
}

export type SortOrder = 'NONE' | 'ASCEND' | 'DESCEND';
export type SortTarget = 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';

/**
 * A key range as etcd takes it: `rangeEnd` absent → the key alone; `rangeEnd` = "\0" → every key ≥ key
 * (--from-key); otherwise [key, rangeEnd). `prefixEnd(key)` gives the end for --prefix.
 */
export interface KeyRange {
  key: string;
  rangeEnd?: string;
}

/** etcdserverpb.RangeRequest */
export interface RangeRequest extends KeyRange {
  /** 0 or absent: the current revision. */
  revision?: number;
  limit?: number;
  sortOrder?: SortOrder;
  sortTarget?: SortTarget;
  keysOnly?: boolean;
  countOnly?: boolean;
}

/** etcdserverpb.RangeResponse */
export interface RangeResponse {
  header: ResponseHeader;
  kvs: KeyValue[];
  /** More keys matched than `limit` let through. */
  more: boolean;
  /** How many keys the range matched in all (not only those returned). */
  count: number;
}

/** etcdserverpb.PutRequest */
export interface PutRequest {
  key: string;
  value: string;
  lease?: number;
  prevKv?: boolean;
}

export interface PutResponse {
  header: ResponseHeader;
  prevKv?: KeyValue;
}

/** etcdserverpb.DeleteRangeRequest */
export interface DeleteRangeRequest extends KeyRange {
  prevKv?: boolean;
}

export interface DeleteRangeResponse {
  header: ResponseHeader;
  deleted: number;
  prevKvs?: KeyValue[];
}

/** etcdserverpb.Compare */
export interface Compare extends KeyRange {
  target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
  result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';
  /** For VERSION / CREATE / MOD / LEASE a number, for VALUE a string. */
  value: number | string;
}

export type RequestOp =
  | { range: RangeRequest }
  | { put: PutRequest }
  | { deleteRange: DeleteRangeRequest }
  | { txn: TxnRequest };

export type ResponseOp =
  | { range: RangeResponse }
  | { put: PutResponse }
  | { deleteRange: DeleteRangeResponse }
  | { txn: TxnResponse };

export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

export interface TxnResponse {
  header: ResponseHeader;
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface CompactResponse {
  header: ResponseHeader;
}

/** mvccpb.Event */
export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  /** For a DELETE: the key, with modRevision = the deleting revision and an empty value (as etcd sends it). */
  kv: KeyValue;
  prevKv?: KeyValue;
}

/** etcdserverpb.WatchCreateRequest */
export interface WatchRequest extends KeyRange {
  /** 0 or absent: from the next revision. */
  startRevision?: number;
  prevKv?: boolean;
  /** Drop PUT or DELETE events (etcd's filters). */
  filters?: Array<'NOPUT' | 'NODELETE'>;
  /** Send empty responses with only the header as progress (not needed by callers yet). */
  progressNotify?: boolean;
}

/** etcdserverpb.WatchResponse, as one callback. */
export interface WatchResponse {
  header: ResponseHeader;
  watchId: number;
  events: WatchEvent[];
  /** Set when the watch was cancelled because its start revision was compacted. */
  compactRevision?: number;
  canceled?: boolean;
  cancelReason?: string;
}

export interface Watcher {
  readonly id: number;
  cancel(): Promise<void>;
}

export interface LeaseGrantResponse {
  header: ResponseHeader;
  id: number;
  ttl: number;
}

export interface LeaseTimeToLiveResponse {
  header: ResponseHeader;
  id: number;
  /** Remaining seconds; -1 when the lease has expired or does not exist. */
  ttl: number;
  grantedTtl: number;
  keys?: string[];
}

export interface LeaseKeepAliveResponse {
  header: ResponseHeader;
  id: number;
  ttl: number;
}

export interface StatusResponse {
  header: ResponseHeader;
  version: string;
  dbSize: number;
  leader: string;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  compactRevision: number;
}

export interface Member {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

/**
 * etcd's errors in etcd's words (the message is what etcdctl prints after "Error: "):
 *   ErrCompacted   → "etcdserver: mvcc: required revision has been compacted"
 *   ErrFutureRev   → "etcdserver: mvcc: required revision is a future revision"
 *   ErrLeaseNotFound → "etcdserver: requested lease not found"
 */
export class StoreError extends Error {
  constructor(
    readonly code:
      | 'compacted'
      | 'future-revision'
      | 'lease-not-found'
      | 'lease-exists'
      | 'duplicate-key'
      | 'too-many-ops'
      | 'unavailable'
      | 'no-leader'
      | 'timeout'
      | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export const ERR_COMPACTED = 'etcdserver: mvcc: required revision has been compacted';
export const ERR_FUTURE_REV = 'etcdserver: mvcc: required revision is a future revision';
export const ERR_LEASE_NOT_FOUND = 'etcdserver: requested lease not found';

/** The end of the range that --prefix means (clientv3.GetPrefixRangeEnd): the key with its last byte + 1. */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return '\0'; // every key
}

/** One etcd member as `fault etcd-member-down|up` and the HA lesson see it. */
export interface EtcdMemberState {
  name: string;
  up: boolean;
  /** `127.0.0.1:PORT` for a real member; empty for a simulated one. */
  endpoint: string;
}

/**
 * The members behind a store that kubetutor runs itself (`--store local-etcd:N`: real etcd processes on
 * loopback; `--store memory:N`: the embedded store with N simulated members), so a learner can stop some and
 * watch quorum hold or fail. Absent for `memory` and `etcd://…` (members kubetutor does not own).
 */
export interface EtcdMembers {
  /** True when the members are real etcd processes. */
  readonly real: boolean;
  list(): EtcdMemberState[];
  stop(name: string): Promise<void>;
  start(name: string): Promise<void>;
}

/**
 * What the API server and the tools need from etcd. The embedded store (mvcc, on the virtual clock) and the
 * real-etcd backend both implement it. Watch responses are delivered as steps of the loop, never inline.
 */
export interface KV {
  /** `memory` or `etcd://…`, for status lines. */
  readonly kind: 'memory' | 'etcd';
  /** Members kubetutor runs itself and can stop and start (see EtcdMembers). */
  members?: EtcdMembers;
  /** The B+tree under the key index, where the store has one of its own (the embedded store; not a real etcd). */
  readonly tree?: BTreeView;
  range(req: RangeRequest): Promise<RangeResponse>;
  put(req: PutRequest): Promise<PutResponse>;
  deleteRange(req: DeleteRangeRequest): Promise<DeleteRangeResponse>;
  txn(req: TxnRequest): Promise<TxnResponse>;
  compact(revision: number, physical?: boolean): Promise<CompactResponse>;
  watch(req: WatchRequest, onResponse: (resp: WatchResponse) => void): Promise<Watcher>;
  leaseGrant(ttlSeconds: number, id?: number): Promise<LeaseGrantResponse>;
  leaseRevoke(id: number): Promise<{ header: ResponseHeader }>;
  leaseKeepAliveOnce(id: number): Promise<LeaseKeepAliveResponse>;
  leaseTimeToLive(id: number, keys?: boolean): Promise<LeaseTimeToLiveResponse>;
  leaseLeases(): Promise<{ header: ResponseHeader; leases: number[] }>;
  status(): Promise<StatusResponse>;
  memberList(): Promise<{ header: ResponseHeader; members: Member[] }>;
  /** Writes a snapshot of the whole keyspace at the current revision to `path`; returns its size in bytes. */
  snapshotSave(path: string): Promise<{ bytes: number; revision: number }>;
  /** Replaces the whole keyspace with a snapshot's (the mini-cluster's `etcdctl snapshot restore`). */
  snapshotRestore(path: string): Promise<{ revision: number }>;
  /** Every key gone, revision kept moving: `fault etcd-wipe` (a lost data dir, as the learner sees it). */
  wipe(): Promise<void>;
  close(): Promise<void>;
}

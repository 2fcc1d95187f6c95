// The store interface over a real etcd (gRPC, via the etcd3 client) — models clientv3's kv.go, watch.go and
// lease.go as the API server's storage/etcd3 layer uses them. Everything above the store runs unchanged.
//
// Stepping stays deterministic: a write records which open watches must see its revision, and the loop's
// quiescer holds the next step until they have (watch responses become loop steps as they arrive).
import type * as E from 'etcd3';
import { writeFileSync, statSync } from 'node:fs';
import type { Loop } from '../sim/loop';
import {
  StoreError,
  type Compare,
  type DeleteRangeRequest,
  type KV,
  type KeyValue,
  type PutRequest,
  type RangeRequest,
  type RequestOp,
  type ResponseHeader,
  type ResponseOp,
  type TxnRequest,
  type WatchEvent,
  type WatchRequest,
  type WatchResponse,
  type Watcher,
} from './types';

/** How long one request may take before we call etcd unreachable (real time: this is the network). */
const CALL_DEADLINE_MS = 10_000;
/** How long the loop waits for a watch to deliver a revision it wrote before giving up on it. */
const DELIVERY_WAIT_MS = 5_000;

export async function connectEtcd(url: string, loop: Loop): Promise<KV> {
  const hosts = parseEtcdUrl(url);
  const [{ Etcd3 }, { retry, circuitBreaker, handleWhen, ConsecutiveBreaker }] = await Promise.all([import('etcd3'), import('cockatiel')]);
  // Fail over to another member only when this one could not be reached. An answer etcd itself gave
  // ("etcdserver: request timed out" when quorum is lost — gRPC UNAVAILABLE, which etcd3 would retry and
  // count against the one live member) goes back to the caller as it is, as clientv3 does.
  const unreachable = (err: Error) => !/etcdserver:/.test(err.message) && /UNAVAILABLE|ECONNREFUSED|connect|No connection|14 /i.test(`${err.name} ${err.message}`);
  const client = new Etcd3({
    hosts: hosts.map((h) => `http://${h}`),
    dialTimeout: 3_000,
    defaultCallOptions: () => ({ deadline: Date.now() + CALL_DEADLINE_MS }),
    faultHandling: {
      host: () => circuitBreaker(handleWhen(unreachable), { halfOpenAfter: 1_000, breaker: new ConsecutiveBreaker(2) }),
      global: retry(handleWhen(unreachable), { maxAttempts: hosts.length }),
    },
  });
  const backend = new EtcdBackend(client, loop, hosts);
  try {
    await backend.status();
  } catch (err) {
    client.close();
    throw new StoreError('unavailable', `cannot reach etcd at ${hosts.join(',')}: ${describeGrpcError(err)}`);
  }
  return backend;
}

/** `etcd://HOST:PORT[,HOST:PORT…]` → ["HOST:PORT", …]. */
export function parseEtcdUrl(url: string): string[] {
  const rest = url.replace(/^etcd:\/\//, '');
  const hosts = rest.split(',').map((h) => h.trim()).filter(Boolean);
  if (hosts.length === 0 || hosts.some((h) => !/^[\w.-]+:\d+$/.test(h) && !/^\[[\da-f:]+\]:\d+$/i.test(h))) {
    throw new StoreError('invalid', `bad etcd URL "${url}": expected etcd://HOST:PORT[,HOST:PORT…]`);
  }
  return hosts;
}

interface OpenWatch {
  id: number;
  req: WatchRequest;
  onResponse: (resp: WatchResponse) => void;
  /** Highest revision whose events this watch has received. */
  seenRev: number;
  cancelled: boolean;
}

interface PendingCreate {
  watch: OpenWatch;
  resolve: (revision: number) => void;
  reject: (err: Error) => void;
}

class EtcdBackend implements KV {
  readonly kind = 'etcd' as const;
  private stream?: E.IDuplexStream<E.IWatchRequest, E.IWatchResponse>;
  private streamOpening?: Promise<E.IDuplexStream<E.IWatchRequest, E.IWatchResponse>>;
  private pendingCreates: PendingCreate[] = [];
  private createChain: Promise<unknown> = Promise.resolve();
  private watches = new Map<number, OpenWatch>();
  private nextLocalId = 1;
  /** Writes whose events some watch has not seen yet: [watch, revision]. */
  private expectations: Array<{ watch: OpenWatch; rev: number }> = [];
  private deliveryWaiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly client: E.Etcd3,
    private readonly loop: Loop,
    readonly hosts: string[],
  ) {
    loop.addQuiescer(() => this.quiesce());
  }

  // ---- KV -------------------------------------------------------------------------------------------

  async range(req: RangeRequest) {
    const res = await this.call(() => this.client.kv.range(toRangeRequest(req)));
    return {
      header: header(res.header),
      kvs: (res.kvs ?? []).map(kv),
      more: Boolean(res.more),
      count: Number(res.count ?? 0),
    };
  }

  async put(req: PutRequest) {
    const res = await this.call(() => this.client.kv.put(toPutRequest(req)));
    const h = header(res.header);
    this.expectWrite([{ key: req.key }], h.revision, 'put');
    return { header: h, ...(req.prevKv && res.prev_kv ? { prevKv: kv(res.prev_kv) } : {}) };
  }

  async deleteRange(req: DeleteRangeRequest) {
    const res = await this.call(() => this.client.kv.deleteRange(toDeleteRequest(req)));
    const h = header(res.header);
    const deleted = Number(res.deleted ?? 0);
    if (deleted > 0) this.expectWrite([req], h.revision, 'delete');
    return { header: h, deleted, ...(req.prevKv ? { prevKvs: (res.prev_kvs ?? []).map(kv) } : {}) };
  }

  async txn(req: TxnRequest) {
    const res = await this.call(() => this.client.kv.txn(toTxnRequest(req)));
    const h = header(res.header);
    const ops = res.succeeded ? req.success : req.failure;
    const responses = (res.responses ?? []).map((r, i) => fromResponseOp(r, ops[i]!));
    const written = writtenRanges(ops, responses);
    if (written.length) this.expectWrite(written, h.revision, 'txn');
    return { header: h, succeeded: Boolean(res.succeeded), responses };
  }

  async compact(revision: number, physical = false) {
    const res = await this.call(() => this.client.kv.compact({ revision, physical }));
    return { header: header(res.header) };
  }

  async watch(req: WatchRequest, onResponse: (resp: WatchResponse) => void): Promise<Watcher> {
    const w: OpenWatch = { id: this.nextLocalId++, req, onResponse, seenRev: 0, cancelled: false };
    // Creates are answered in the order they are sent; one at a time keeps ids and watches paired.
    const created = this.createChain.then(() => this.sendCreate(w));
    this.createChain = created.catch(() => undefined);
    const currentRev = await created;
    await this.expectHistory(w, currentRev);
    await this.quiesce();
    return {
      id: w.id,
      cancel: async () => {
        w.cancelled = true;
        this.expectations = this.expectations.filter((e) => e.watch !== w);
        this.wakeDeliveryWaiters();
        const etcdId = this.etcdIds.get(w);
        this.etcdIds.delete(w);
        if (etcdId !== undefined) {
          this.watchByEtcdId.delete(etcdId);
          this.stream?.write({ cancel_request: { watch_id: etcdId } });
        }
      },
    };
  }

  async leaseGrant(ttlSeconds: number, id = 0) {
    const res = await this.call(() => this.client.leaseClient.leaseGrant({ TTL: ttlSeconds, ID: id ? realLease(id) : 0 }));
    if (res.error) throw new StoreError('invalid', res.error);
    return { header: header(res.header), id: localLease(res.ID), ttl: Number(res.TTL) };
  }

  async leaseRevoke(id: number) {
    const res = await this.call(() => this.client.leaseClient.leaseRevoke({ ID: realLease(id) }));
    return { header: header(res.header) };
  }

  async leaseKeepAliveOnce(id: number) {
    const stream = await this.call(() => this.client.leaseClient.leaseKeepAlive());
    try {
      const res = await new Promise<E.ILeaseKeepAliveResponse>((resolve, reject) => {
        const timer = setTimeout(() => reject(new StoreError('timeout', 'context deadline exceeded')), CALL_DEADLINE_MS);
        stream.on('data', (r) => {
          clearTimeout(timer);
          resolve(r);
        });
        stream.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        stream.write({ ID: realLease(id) });
      });
      if (Number(res.TTL) <= 0) throw new StoreError('lease-not-found', 'etcdserver: requested lease not found');
      return { header: header(res.header), id: localLease(res.ID), ttl: Number(res.TTL) };
    } finally {
      stream.end();
    }
  }

  async leaseTimeToLive(id: number, keys = false) {
    const res = await this.call(() => this.client.leaseClient.leaseTimeToLive({ ID: realLease(id), keys }));
    return {
      header: header(res.header),
      id: localLease(res.ID),
      ttl: Number(res.TTL),
      grantedTtl: Number(res.grantedTTL),
      ...(keys ? { keys: (res.keys ?? []).map((k) => Buffer.from(k).toString('utf8')) } : {}),
    };
  }

  async leaseLeases() {
    const res = await this.call(() => this.client.leaseClient.leaseLeases());
    return { header: header(res.header), leases: (res.leases ?? []).map((l) => localLease(l.ID)) };
  }

  async status() {
    const res = await this.call(() => this.client.maintenance.status());
    return {
      header: header(res.header),
      version: res.version,
      dbSize: Number(res.dbSize),
      leader: String(res.leader),
      raftIndex: Number(res.raftIndex),
      raftTerm: Number(res.raftTerm),
      raftAppliedIndex: Number(res.raftAppliedIndex ?? 0),
      // etcd 3.4's StatusResponse does not carry the compact revision; callers learn it from errors.
      compactRevision: 0,
    };
  }

  async memberList() {
    const res = await this.call(() => this.client.cluster.memberList({}));
    return {
      header: header(res.header),
      members: (res.members ?? []).map((m) => ({
        id: String(m.ID),
        name: m.name,
        peerURLs: m.peerURLs ?? [],
        clientURLs: m.clientURLs ?? [],
        isLearner: Boolean(m.isLearner),
      })),
    };
  }

  async snapshotSave(path: string) {
    const stream = await this.call(() => this.client.maintenance.snapshot());
    const chunks: Buffer[] = [];
    let revision = 0;
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (r) => {
        if (r.header && !revision) revision = Number(r.header.revision);
        chunks.push(Buffer.from(r.blob));
      });
      stream.on('end', () => resolve());
      stream.on('error', (err) => reject(err));
    });
    writeFileSync(path, Buffer.concat(chunks));
    return { bytes: statSync(path).size, revision };
  }

  async snapshotRestore(_path: string): Promise<{ revision: number }> {
    // A real etcd cannot take a snapshot while it runs: the operator restores into a new data dir and
    // restarts the members on it. Say so, in the words an operator would use.
    throw new StoreError(
      'invalid',
      'a running etcd cannot restore a snapshot in place: stop every member, run `etcdctl snapshot restore FILE --data-dir NEW_DIR` for each, and start them on the new data dirs',
    );
  }

  async wipe() {
    const res = await this.call(() =>
      this.client.kv.deleteRange({ key: Buffer.from('\0'), range_end: Buffer.from('\0') }),
    );
    if (Number(res.deleted ?? 0) > 0) this.expectWrite([{ key: '\0', rangeEnd: '\0' }], Number(res.header.revision), 'delete');
  }

  async close() {
    this.closed = true;
    for (const w of this.watches.values()) w.cancelled = true;
    this.expectations = [];
    this.wakeDeliveryWaiters();
    try {
      this.stream?.end();
    } catch {
      /* already gone */
    }
    this.client.close();
  }

  // ---- watch stream ---------------------------------------------------------------------------------

  private etcdIds = new Map<OpenWatch, string>();
  private watchByEtcdId = new Map<string, OpenWatch>();

  private async openStream(): Promise<E.IDuplexStream<E.IWatchRequest, E.IWatchResponse>> {
    if (this.stream) return this.stream;
    if (this.streamOpening) return this.streamOpening;
    this.streamOpening = (async () => {
      const stream = await this.call(() => this.client.watchClient.watch());
      stream.on('data', (res) => this.onWatchResponse(res));
      const broken = (err?: Error) => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        for (const p of this.pendingCreates.splice(0)) p.reject(err ?? new StoreError('unavailable', 'watch stream closed'));
        if (!this.closed) void this.reconnect();
      };
      stream.on('error', (err) => broken(err));
      stream.on('end', () => broken());
      this.stream = stream;
      return stream;
    })();
    try {
      return await this.streamOpening;
    } finally {
      this.streamOpening = undefined;
    }
  }

  /**
   * A watch from a past revision: etcd answers `created` at once and replays history (or cancels, when the
   * start was compacted) a moment later from its unsynced-watcher loop. Make the step that opened the
   * watch wait for that answer, so stepping stays deterministic.
   */
  private async expectHistory(w: OpenWatch, currentRev: number): Promise<void> {
    const start = w.req.startRevision ?? 0;
    if (!start || start > currentRev || w.cancelled) return;
    try {
      await this.client.kv.range({ key: b(w.req.key), ...(w.req.rangeEnd !== undefined ? { range_end: b(w.req.rangeEnd) } : {}), revision: start, count_only: true });
    } catch (err) {
      if (toStoreError(err).code === 'compacted') this.expectations.push({ watch: w, rev: Number.MAX_SAFE_INTEGER });
      return;
    }
    // Not compacted: the replay reaches at least the newest live key in range (a later delete is not
    // waited for; etcd sends it all the same).
    const newest = await this.client.kv.range({
      key: b(w.req.key),
      ...(w.req.rangeEnd !== undefined ? { range_end: b(w.req.rangeEnd) } : {}),
      sort_order: 'Descend',
      sort_target: 'Mod',
      limit: 1,
      keys_only: true,
    });
    const rev = Number(newest.kvs?.[0]?.mod_revision ?? 0);
    if (rev >= start && w.seenRev < rev) this.expectations.push({ watch: w, rev });
  }

  /** Sends a create request and resolves with etcd's revision at creation. */
  private async sendCreate(w: OpenWatch): Promise<number> {
    const stream = await this.openStream();
    return new Promise<number>((resolve, reject) => {
      this.pendingCreates.push({ watch: w, resolve, reject });
      const start = w.seenRev > 0 ? w.seenRev + 1 : (w.req.startRevision ?? 0);
      stream.write({
        create_request: {
          key: Buffer.from(w.req.key),
          ...(w.req.rangeEnd !== undefined ? { range_end: Buffer.from(w.req.rangeEnd) } : {}),
          ...(start ? { start_revision: start } : {}),
          prev_kv: Boolean(w.req.prevKv),
          progress_notify: Boolean(w.req.progressNotify),
          filters: (w.req.filters ?? []).map((f) => (f === 'NOPUT' ? 'Noput' : 'Nodelete')),
        },
      });
    });
  }

  /** A member went away: re-open the stream on another and resume every watch after what it had seen. */
  private async reconnect(): Promise<void> {
    for (let attempt = 0; !this.closed && attempt < 50; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2_000)));
      try {
        this.etcdIds.clear();
        this.watchByEtcdId.clear();
        for (const w of this.watches.values()) {
          if (w.cancelled) continue;
          const created = this.createChain.then(() => this.sendCreate(w));
          this.createChain = created.catch(() => undefined);
          await created;
        }
        return;
      } catch {
        /* try again */
      }
    }
  }

  private onWatchResponse(res: E.IWatchResponse): void {
    if (res.created) {
      const pending = this.pendingCreates.shift();
      if (!pending) return;
      const w = pending.watch;
      if (!res.canceled) {
        this.etcdIds.set(w, res.watch_id);
        this.watchByEtcdId.set(res.watch_id, w);
        this.watches.set(w.id, w);
        pending.resolve(Number(res.header?.revision ?? 0));
        return;
      }
      // Created and cancelled at once: the start revision was compacted (or is invalid).
      this.watches.set(w.id, w);
      pending.resolve(Number(res.header?.revision ?? 0));
      this.deliver(w, res);
      return;
    }
    const w = this.watchByEtcdId.get(res.watch_id);
    if (!w || w.cancelled) return;
    if ((res.events?.length ?? 0) > 0 || res.canceled) this.deliver(w, res);
  }

  /** A watch response becomes one step of the loop (component etcd), as in the embedded store. */
  private deliver(w: OpenWatch, res: E.IWatchResponse): void {
    const events: WatchEvent[] = (res.events ?? []).map((ev) => ({
      type: ev.type === 'Delete' ? 'DELETE' : 'PUT',
      kv: kv(ev.kv),
      ...(ev.prev_kv ? { prevKv: kv(ev.prev_kv) } : {}),
    }));
    const compactRevision = Number(res.compact_revision ?? 0);
    const resp: WatchResponse = {
      header: header(res.header),
      watchId: w.id,
      events,
      ...(res.canceled ? { canceled: true, cancelReason: res.cancel_reason || undefined } : {}),
      ...(compactRevision ? { compactRevision } : {}),
    };
    const lastRev = events.length ? events[events.length - 1]!.kv.modRevision : 0;
    if (lastRev > w.seenRev) w.seenRev = lastRev;
    if (res.canceled) {
      w.cancelled = true;
      this.watches.delete(w.id);
    }
    this.expectations = this.expectations.filter((e) => !e.watch.cancelled && e.watch.seenRev < e.rev);
    this.wakeDeliveryWaiters();
    const first = events[0];
    this.loop.enqueue({
      component: 'etcd',
      kind: 'watch-event',
      phase: 'watch',
      title: res.canceled
        ? `watch ${w.id} cancelled${compactRevision ? ` (compacted at ${compactRevision})` : ''}`
        : `watch ${w.id}: ${events.length} event(s) at rev ${lastRev}${first ? ` (${first.type} ${first.kv.key}${events.length > 1 ? ' …' : ''})` : ''}`,
      run: () => {
        if (!w.cancelled || res.canceled) w.onResponse(resp);
      },
    });
  }

  /** Records that every open watch covering one of `ranges` must see `rev` before the next step. */
  private expectWrite(ranges: Array<{ key: string; rangeEnd?: string }>, rev: number, kind: 'put' | 'delete' | 'txn'): void {
    for (const w of this.watches.values()) {
      if (w.cancelled || w.seenRev >= rev) continue;
      const filters = w.req.filters ?? [];
      if (kind === 'put' && filters.includes('NOPUT')) continue;
      if (kind === 'delete' && filters.includes('NODELETE')) continue;
      if (ranges.some((r) => overlaps(w.req, r))) this.expectations.push({ watch: w, rev });
    }
  }

  private quiesce(): Promise<void> | undefined {
    this.expectations = this.expectations.filter((e) => !e.watch.cancelled && e.watch.seenRev < e.rev);
    if (this.expectations.length === 0) return undefined;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        // A member that stopped mid-delivery: give up on what did not come rather than hang the loop.
        if (process.env.KUBETUTOR_DEBUG_ETCD) console.error('[etcd] gave up waiting for', this.expectations.map((e) => `${e.watch.req.key}@${e.rev} (seen ${e.watch.seenRev})`));
        this.expectations = [];
        done();
      }, DELIVERY_WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const check = () => {
        this.expectations = this.expectations.filter((e) => !e.watch.cancelled && e.watch.seenRev < e.rev);
        if (this.expectations.length === 0) done();
        else this.deliveryWaiters.push(check);
      };
      check();
    });
  }

  private wakeDeliveryWaiters(): void {
    const waiters = this.deliveryWaiters.splice(0);
    for (const w of waiters) w();
  }

  /** One request, with etcd's own words when it fails. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toStoreError(err);
    }
  }
}

// ---- conversions ------------------------------------------------------------------------------------

/**
 * etcd's lease ids are 64-bit and usually above 2^53, where a JS number is no longer exact; the store
 * interface carries numbers. An id that fits is itself; a larger one gets a handle (counting down from 2^53)
 * that maps back to the exact id for every request. One table per process: lease ids are cluster-wide.
 */
const leaseHandles = { toLocal: new Map<string, number>(), toReal: new Map<number, string>(), next: Number.MAX_SAFE_INTEGER };

function localLease(real: string | number | undefined): number {
  const id = String(real ?? '0');
  if (BigInt(id) <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(id);
  let local = leaseHandles.toLocal.get(id);
  if (local === undefined) {
    local = leaseHandles.next--;
    leaseHandles.toLocal.set(id, local);
    leaseHandles.toReal.set(local, id);
  }
  return local;
}

function realLease(local: number): string {
  return leaseHandles.toReal.get(local) ?? String(local);
}

const b = (s: string) => Buffer.from(s, 'utf8');
const str = (buf: Buffer | undefined) => (buf ? Buffer.from(buf).toString('utf8') : '');

function header(h: E.IResponseHeader | undefined): ResponseHeader {
  return {
    clusterId: String(h?.cluster_id ?? '0'),
    memberId: String(h?.member_id ?? '0'),
    revision: Number(h?.revision ?? 0),
    raftTerm: Number(h?.raft_term ?? 0),
  };
}

function kv(k: E.IKeyValue): KeyValue {
  return {
    key: str(k.key),
    value: str(k.value),
    createRevision: Number(k.create_revision ?? 0),
    modRevision: Number(k.mod_revision ?? 0),
    version: Number(k.version ?? 0),
    lease: localLease(k.lease),
  };
}

const SORT_ORDER = { NONE: 'None', ASCEND: 'Ascend', DESCEND: 'Descend' } as const;
const SORT_TARGET = { KEY: 'Key', VERSION: 'Version', CREATE: 'Create', MOD: 'Mod', VALUE: 'Value' } as const;

function toRangeRequest(r: RangeRequest): E.IRangeRequest {
  return {
    key: b(r.key),
    ...(r.rangeEnd !== undefined ? { range_end: b(r.rangeEnd) } : {}),
    ...(r.revision ? { revision: r.revision } : {}),
    ...(r.limit ? { limit: r.limit } : {}),
    ...(r.sortOrder ? { sort_order: SORT_ORDER[r.sortOrder] } : {}),
    ...(r.sortTarget ? { sort_target: SORT_TARGET[r.sortTarget] } : {}),
    keys_only: Boolean(r.keysOnly),
    count_only: Boolean(r.countOnly),
  };
}

function toPutRequest(p: PutRequest): E.IPutRequest {
  return { key: b(p.key), value: b(p.value), ...(p.lease ? { lease: realLease(p.lease) } : {}), prev_kv: Boolean(p.prevKv) };
}

function toDeleteRequest(d: DeleteRangeRequest): E.IDeleteRangeRequest {
  return { key: b(d.key), ...(d.rangeEnd !== undefined ? { range_end: b(d.rangeEnd) } : {}), prev_kv: Boolean(d.prevKv) };
}

const CMP_RESULT = { EQUAL: 'Equal', GREATER: 'Greater', LESS: 'Less', NOT_EQUAL: 'NotEqual' } as const;
const CMP_TARGET = { VERSION: 'Version', CREATE: 'Create', MOD: 'Mod', VALUE: 'Value', LEASE: 'Lease' } as const;

function toCompare(c: Compare): E.ICompare {
  const field = { VERSION: 'version', CREATE: 'create_revision', MOD: 'mod_revision', VALUE: 'value', LEASE: 'lease' }[c.target];
  return {
    key: b(c.key),
    ...(c.rangeEnd !== undefined ? { range_end: b(c.rangeEnd) } : {}),
    target: CMP_TARGET[c.target],
    result: CMP_RESULT[c.result],
    [field]: c.target === 'VALUE' ? b(String(c.value)) : c.target === 'LEASE' ? realLease(Number(c.value)) : Number(c.value),
  };
}

function toRequestOp(op: RequestOp): E.IRequestOp {
  if ('range' in op) return { request_range: toRangeRequest(op.range) };
  if ('put' in op) return { request_put: toPutRequest(op.put) };
  if ('deleteRange' in op) return { request_delete_range: toDeleteRequest(op.deleteRange) };
  return { request_txn: toTxnRequest(op.txn) };
}

function toTxnRequest(t: TxnRequest): E.ITxnRequest {
  return { compare: t.compare.map(toCompare), success: t.success.map(toRequestOp), failure: t.failure.map(toRequestOp) };
}

function fromResponseOp(r: E.IResponseOp, op: RequestOp): ResponseOp {
  if (r.response_range) {
    const x = r.response_range;
    return { range: { header: header(x.header), kvs: (x.kvs ?? []).map(kv), more: Boolean(x.more), count: Number(x.count ?? 0) } };
  }
  if (r.response_put) {
    const x = r.response_put;
    const want = 'put' in op && op.put.prevKv;
    return { put: { header: header(x.header), ...(want && x.prev_kv ? { prevKv: kv(x.prev_kv) } : {}) } };
  }
  if (r.response_delete_range) {
    const x = r.response_delete_range;
    const want = 'deleteRange' in op && op.deleteRange.prevKv;
    return { deleteRange: { header: header(x.header), deleted: Number(x.deleted ?? 0), ...(want ? { prevKvs: (x.prev_kvs ?? []).map(kv) } : {}) } };
  }
  const x = r.response_txn!;
  const inner = 'txn' in op ? op.txn : { compare: [], success: [], failure: [] };
  const ops = x.succeeded ? inner.success : inner.failure;
  return { txn: { header: header(x.header), succeeded: Boolean(x.succeeded), responses: (x.responses ?? []).map((rr, i) => fromResponseOp(rr, ops[i]!)) } };
}

/** The key ranges a txn's executed branch wrote to. */
function writtenRanges(ops: RequestOp[], responses: ResponseOp[]): Array<{ key: string; rangeEnd?: string }> {
  const out: Array<{ key: string; rangeEnd?: string }> = [];
  ops.forEach((op, i) => {
    const r = responses[i];
    if ('put' in op) out.push({ key: op.put.key });
    else if ('deleteRange' in op && r && 'deleteRange' in r && r.deleteRange.deleted > 0) out.push(op.deleteRange);
    else if ('txn' in op && r && 'txn' in r) {
      const inner = r.txn.succeeded ? op.txn.success : op.txn.failure;
      out.push(...writtenRanges(inner, r.txn.responses));
    }
  });
  return out;
}

/** Whether a watch's range and a written range share a key ("\0" as range end means "to the end"). */
function overlaps(w: { key: string; rangeEnd?: string }, r: { key: string; rangeEnd?: string }): boolean {
  const wEnd = w.rangeEnd;
  const rEnd = r.rangeEnd;
  const inW = (k: string) => (wEnd === undefined ? k === w.key : k >= w.key && (wEnd === '\0' || k < wEnd));
  if (rEnd === undefined) return inW(r.key);
  if (wEnd === undefined) return w.key >= r.key && (rEnd === '\0' || w.key < rEnd);
  const lo = w.key > r.key ? w.key : r.key;
  const endW = wEnd === '\0' ? undefined : wEnd;
  const endR = rEnd === '\0' ? undefined : rEnd;
  const hi = endW === undefined ? endR : endR === undefined ? endW : endW < endR ? endW : endR;
  return hi === undefined || lo < hi;
}

/** gRPC and etcd errors → StoreError with etcd's own words. */
function toStoreError(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.constructor.name : '';
  if (/required revision has been compacted/.test(msg)) return new StoreError('compacted', 'etcdserver: mvcc: required revision has been compacted');
  if (/required revision is a future revision/.test(msg)) return new StoreError('future-revision', 'etcdserver: mvcc: required revision is a future revision');
  if (/requested lease not found/.test(msg) || name === 'EtcdLeaseInvalidError') return new StoreError('lease-not-found', 'etcdserver: requested lease not found');
  if (/no leader/.test(msg)) return new StoreError('no-leader', 'etcdserver: no leader');
  if (/request timed out/.test(msg)) return new StoreError('timeout', 'etcdserver: request timed out');
  if (/deadline|DEADLINE_EXCEEDED/i.test(msg)) return new StoreError('timeout', 'context deadline exceeded');
  return new StoreError('unavailable', describeGrpcError(err));
}

function describeGrpcError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/ECONNREFUSED|connection refused|No connection established|UNAVAILABLE|failed to connect/i.test(msg)) return 'connection refused';
  if (/deadline|DEADLINE_EXCEEDED|timed out/i.test(msg)) return 'no answer in time (context deadline exceeded)';
  return msg.replace(/^\d+ [A-Z_]+: /, '');
}

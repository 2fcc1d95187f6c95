// Models etcd's lease/lessor.go: leases with a TTL on the virtual clock, the keys attached to each, and the
// revocation that deletes those keys (in one write txn, so the watchers see DELETE events at one revision).
import type { Loop, Timer } from '../sim/loop';
import type { LeaseAttacher } from './kvstore';
import { ERR_LEASE_NOT_FOUND, StoreError } from './types';

/** etcd 3.4 clamps a TTL below this up to it: ceil(3/2 × election ticks (10) × heartbeat (100 ms)) = 2 s. */
export const MIN_LEASE_TTL = 2;
/** etcd's MaxLeaseTTL (lease.MaxLeaseTTL): 9,000,000,000 seconds. */
export const MAX_LEASE_TTL = 9_000_000_000;

export const ERR_LEASE_EXISTS = 'etcdserver: lease already exists';
export const ERR_LEASE_TTL_TOO_LARGE = 'etcdserver: too large lease TTL';

export class Lease {
  /** Virtual ms at which it expires. */
  expiry = 0;
  readonly keys = new Set<string>();
  timer: Timer | undefined;

  constructor(
    readonly id: number,
    /** The granted TTL in seconds (after clamping). */
    readonly ttl: number,
  ) {}

  /** Remaining seconds, truncated as etcd's int64(Remaining().Seconds()). */
  remaining(now: number): number {
    return Math.trunc((this.expiry - now) / 1000);
  }
}

export class Lessor implements LeaseAttacher {
  readonly leaseMap = new Map<number, Lease>();
  /** key → lease id (etcd's itemMap). */
  private readonly itemMap = new Map<string, number>();
  private idSuffix: number;
  /** Called when a lease expires: the server revokes it (through the same path as a client's revoke). */
  onExpire: (id: number) => void = () => {};

  constructor(
    private readonly loop: Loop,
    /** High bits of generated lease ids (etcd puts the member id there). */
    private readonly idPrefix: number,
  ) {
    // etcd's idutil seeds the low bits with the time in ms; the virtual clock keeps ours reproducible.
    this.idSuffix = (loop.now() % 0xffffffff) * 256;
  }

  /** The next lease id: prefix in the high bits, a counter below (kept under 2^53 so it survives a JS number). */
  nextId(): number {
    for (;;) {
      this.idSuffix = (this.idSuffix + 1) % 2 ** 40;
      const id = this.idPrefix * 2 ** 40 + this.idSuffix;
      if (!this.leaseMap.has(id)) return id;
    }
  }

  grant(id: number, ttl: number): Lease {
    if (id === 0) id = this.nextId();
    if (ttl > MAX_LEASE_TTL) throw new StoreError('invalid', ERR_LEASE_TTL_TOO_LARGE);
    if (this.leaseMap.has(id)) throw new StoreError('lease-exists', ERR_LEASE_EXISTS);
    const l = new Lease(id, Math.max(ttl, MIN_LEASE_TTL));
    this.leaseMap.set(id, l);
    this.refresh(l);
    return l;
  }

  lookup(id: number): Lease | undefined {
    return this.leaseMap.get(id);
  }

  /** Keep-alive: the lease's clock starts again from its TTL. Returns the TTL. */
  renew(id: number): number {
    const l = this.leaseMap.get(id);
    if (!l || l.expiry <= this.loop.now()) throw new StoreError('lease-not-found', ERR_LEASE_NOT_FOUND);
    this.refresh(l);
    return l.ttl;
  }

  private refresh(l: Lease): void {
    l.timer?.cancel();
    l.expiry = this.loop.now() + l.ttl * 1000;
    const hex = l.id.toString(16);
    l.timer = this.loop.after(l.ttl * 1000, {
      component: 'etcd',
      kind: 'lease',
      phase: 'lease',
      title: `lease ${hex} expired (TTL ${l.ttl}s): revoke it and delete its ${l.keys.size} key(s)`,
      run: () => {
        if (this.leaseMap.get(l.id) !== l) return { lines: [`lease ${hex} was already revoked`] };
        const keys = [...l.keys].sort();
        this.onExpire(l.id);
        return { lines: [`lease ${hex} expired`, ...keys.map((k) => `DELETE ${k}`)] };
      },
    });
  }

  /** Removes the lease; returns the keys that were attached, sorted (the caller deletes them). */
  remove(id: number): string[] {
    const l = this.leaseMap.get(id);
    if (!l) throw new StoreError('lease-not-found', ERR_LEASE_NOT_FOUND);
    l.timer?.cancel();
    this.leaseMap.delete(id);
    const keys = [...l.keys].sort();
    for (const k of keys) this.itemMap.delete(k);
    return keys;
  }

  getLease(key: string): number {
    return this.itemMap.get(key) ?? 0;
  }

  attach(id: number, key: string): void {
    const l = this.leaseMap.get(id);
    if (!l) return;
    l.keys.add(key);
    this.itemMap.set(key, id);
  }

  detach(id: number, key: string): void {
    this.leaseMap.get(id)?.keys.delete(key);
    if (this.itemMap.get(key) === id) this.itemMap.delete(key);
  }

  /** Leases by expiry, soonest first (etcd's Leases()). */
  leases(): Lease[] {
    return [...this.leaseMap.values()].sort((a, b) => a.expiry - b.expiry || a.id - b.id);
  }

  clear(): void {
    for (const l of this.leaseMap.values()) l.timer?.cancel();
    this.leaseMap.clear();
    this.itemMap.clear();
  }
}

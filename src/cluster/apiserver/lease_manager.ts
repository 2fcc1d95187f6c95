// Models staging/src/k8s.io/apiserver/pkg/storage/etcd3/lease_manager.go: objects with a TTL (Events, kept for
// --event-ttl=1h) are written with an etcd lease, and one lease is reused for every such write within a
// minute, so that a burst of Events does not grant a lease each. When the lease expires etcd deletes the keys.
import type { Loop } from '../sim/loop';
import type { KV } from '../store/types';

export const EVENT_TTL_SECONDS = 3600;

export class LeaseManager {
  private prevLeaseID = 0;
  private prevExpiration = 0;

  constructor(
    private readonly kv: KV,
    private readonly loop: Loop,
    /** At most this long of extra TTL, to be able to reuse a lease (leaseReuseDurationSeconds). */
    private readonly reuseSeconds = 60,
    /** …and at most this fraction of the TTL (leaseReuseDurationPercent). */
    private readonly reusePercent = 0.05,
  ) {}

  /** A lease living at least `ttl` seconds from now: the previous one if it still fits, else a new one. */
  async getLease(ttl: number): Promise<number> {
    const now = this.loop.now();
    const reuse = Math.min(Math.floor(this.reusePercent * ttl), this.reuseSeconds);
    const valid = now + ttl * 1000 < this.prevExpiration;
    const sufficient = now + (ttl + reuse) * 1000 >= this.prevExpiration;
    if (this.prevLeaseID && valid && sufficient) return this.prevLeaseID;
    const resp = await this.kv.leaseGrant(ttl + reuse);
    this.prevLeaseID = resp.id;
    this.prevExpiration = now + (ttl + reuse) * 1000;
    return resp.id;
  }

  /** Forget the lease (after a wipe or restore, when it may be gone). */
  reset(): void {
    this.prevLeaseID = 0;
    this.prevExpiration = 0;
  }
}

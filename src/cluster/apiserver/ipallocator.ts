// Models pkg/registry/core/service/ipallocator/bitmap.go (+ the NodePort allocator in portallocator): Service
// ClusterIPs come from the service CIDR (10.96.0.0/12 by default). The first address, 10.96.0.1, belongs to the
// `kubernetes` Service; dynamic allocations start in the upper part of the range and pick a random offset
// (from the seeded source) so addresses look like a real cluster's, e.g. 10.103.47.212.
import type { Rand } from '../sim/rand';

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!;
}
function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class ServiceIPAllocator {
  private readonly base: number;
  /** Usable addresses (network and broadcast excluded). */
  readonly size: number;
  private readonly staticSize: number;
  private used = new Set<number>();

  constructor(
    readonly cidr = '10.96.0.0/12',
    private readonly rand: Rand,
  ) {
    const [ip, bits] = cidr.split('/');
    this.base = ipToInt(ip!);
    this.size = 2 ** (32 - Number(bits)) - 2;
    // The low band reserved for static allocations: min(max(16, size/16), 256).
    this.staticSize = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
  }

  contains(ip: string): boolean {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
    const off = ipToInt(ip) - this.base;
    return off >= 1 && off <= this.size;
  }

  isAllocated(ip: string): boolean {
    return this.used.has(ipToInt(ip) - this.base);
  }

  /** Claims a specific address; false when it is taken or outside the range. */
  allocate(ip: string): boolean {
    if (!this.contains(ip)) return false;
    const off = ipToInt(ip) - this.base;
    if (this.used.has(off)) return false;
    this.used.add(off);
    return true;
  }

  /**
   * The next free address: a random offset in the dynamic band, scanning forward (then the static band). `rand`
   * defaults to the allocator's stream; a dry run passes one of its own so it shifts no later allocation.
   */
  allocateNext(rand: Rand = this.rand): string | undefined {
    const dyn = this.size - this.staticSize;
    const start = rand.int(dyn);
    for (let i = 0; i < dyn; i++) {
      const off = this.staticSize + 1 + ((start + i) % dyn);
      if (!this.used.has(off)) {
        this.used.add(off);
        return intToIp(this.base + off);
      }
    }
    for (let off = 1; off <= this.staticSize; off++) {
      if (!this.used.has(off)) {
        this.used.add(off);
        return intToIp(this.base + off);
      }
    }
    return undefined;
  }

  release(ip: string): void {
    if (this.contains(ip)) this.used.delete(ipToInt(ip) - this.base);
  }

  clear(): void {
    this.used.clear();
  }

  get allocated(): number {
    return this.used.size;
  }
}

/** NodePorts: 30000–32767, random with the seeded source. */
export class NodePortAllocator {
  private used = new Set<number>();
  constructor(
    private readonly rand: Rand,
    readonly min = 30000,
    readonly max = 32767,
  ) {}
  allocate(port: number): boolean {
    if (port < this.min || port > this.max || this.used.has(port)) return false;
    this.used.add(port);
    return true;
  }
  allocateNext(rand: Rand = this.rand): number | undefined {
    const n = this.max - this.min + 1;
    const start = rand.int(n);
    for (let i = 0; i < n; i++) {
      const p = this.min + ((start + i) % n);
      if (!this.used.has(p)) {
        this.used.add(p);
        return p;
      }
    }
    return undefined;
  }
  release(port: number): void {
    this.used.delete(port);
  }
  clear(): void {
    this.used.clear();
  }
}

// The host-local IPAM plugin of the CNI (containernetworking/plugins plugins/ipam/host-local): each node owns a
// /24 of the pod network (node-N gets 10.244.N.0/24, as kube-controller-manager's nodeipam would assign it) and
// hands out the next free address after the last one it gave, starting at .2 (.1 is the bridge).
export class HostLocalIPAM {
  private used = new Set<number>();
  private last = 1;

  constructor(readonly cidr: string) {}

  get prefix(): string {
    return this.cidr.slice(0, this.cidr.lastIndexOf('.'));
  }

  allocate(): string | undefined {
    for (let i = 0; i < 253; i++) {
      const host = ((this.last - 2 + 1 + i + 253) % 253) + 2;
      if (!this.used.has(host)) {
        this.used.add(host);
        this.last = host;
        return `${this.prefix}.${host}`;
      }
    }
    return undefined;
  }

  /** Marks an address as taken (a pod that already had it, after a restart). */
  claim(ip: string): void {
    if (ip.startsWith(`${this.prefix}.`)) this.used.add(Number(ip.slice(this.prefix.length + 1)));
  }

  release(ip: string | undefined): void {
    if (ip && ip.startsWith(`${this.prefix}.`)) this.used.delete(Number(ip.slice(this.prefix.length + 1)));
  }
}

export function podCIDRForNode(index: number): string {
  return `10.244.${index}.0/24`;
}

/** Node addresses, kind-style: the first node is 172.18.0.3 (.2 is the control plane). */
export function nodeIPForIndex(index: number): string {
  return `172.18.0.${index + 2}`;
}

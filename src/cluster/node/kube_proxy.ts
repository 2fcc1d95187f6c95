// pkg/proxy/iptables/proxier.go (syncProxyRules) over pkg/proxy/{servicechangetracker,endpointschangetracker}.go:
// one per node, watching Services and Endpoints, it computes the rules the node would program: for each
// ClusterIP:port a KUBE-SVC chain that jumps to one KUBE-SEP chain per ready endpoint with iptables' `statistic
// --mode random --probability 1/(n-i)`, so each endpoint is equally likely; a Service without endpoints REJECTs.
import { createHash } from 'node:crypto';
import type { Endpoints, Service } from '../apiserver/types';
import type { SharedIndexInformer, SharedInformerFactory, WorkQueue } from '../client/types';
import type { ComponentDeps } from '../controllers/util/deps';
import type { Rand } from '../sim/rand';

export interface EndpointRule {
  chain: string;
  ip: string;
  port: number;
  /** namespace/name of the pod behind it. */
  pod?: string;
  nodeName?: string;
}

export interface ServiceRule {
  /** `default/nginx` or `default/nginx:http`: upstream's ServicePortName. */
  servicePortName: string;
  chain: string;
  clusterIP: string;
  port: number;
  protocol: string;
  /** Set for NodePort (and LoadBalancer) Services: every node's IP answers on this port too (KUBE-NODEPORTS). */
  nodePort?: number;
  endpoints: EndpointRule[];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** base32(sha256(s))[:16], as portProtoHash and servicePortEndpointChainName name their chains. */
export function chainHash(s: string): string {
  const bytes = createHash('sha256').update(s).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= 16) break;
  }
  return out;
}

/** The rules for one Service port from its Endpoints (only ready addresses receive traffic). */
export function rulesFor(svc: Service, ep: Endpoints | undefined): ServiceRule[] {
  const ip = svc.spec.clusterIP;
  if (!ip || ip === 'None') return [];
  const ns = svc.metadata.namespace ?? 'default';
  const out: ServiceRule[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const protocol = sp.protocol ?? 'TCP';
    const spn = `${ns}/${svc.metadata.name}${sp.name ? `:${sp.name}` : ''}`;
    const endpoints: EndpointRule[] = [];
    for (const subset of ep?.subsets ?? []) {
      const port = (subset.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? '') && (p.protocol ?? 'TCP') === protocol);
      if (!port) continue;
      for (const a of subset.addresses ?? []) {
        const endpoint = `${a.ip}:${port.port}`;
        endpoints.push({
          chain: `KUBE-SEP-${chainHash(spn + protocol + endpoint)}`,
          ip: a.ip,
          port: port.port,
          ...(a.targetRef ? { pod: `${a.targetRef.namespace}/${a.targetRef.name}` } : {}),
          ...(a.nodeName ? { nodeName: a.nodeName } : {}),
        });
      }
    }
    endpoints.sort((a, b) => (a.chain < b.chain ? -1 : 1));
    out.push({
      servicePortName: spn,
      chain: `KUBE-SVC-${chainHash(spn + protocol)}`,
      clusterIP: ip,
      port: sp.port,
      protocol,
      ...(sp.nodePort && (svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer') ? { nodePort: sp.nodePort } : {}),
      endpoints,
    });
  }
  return out;
}

/** What the KUBE-SVC chain does with one packet: rule i matches with probability 1/(n−i). */
export function pickEndpoint(rule: ServiceRule, rand: Rand): { endpoint: EndpointRule; probability: number } | undefined {
  const n = rule.endpoints.length;
  for (let i = 0; i < n; i++) {
    const p = 1 / (n - i);
    if (i === n - 1 || rand.next() < p) return { endpoint: rule.endpoints[i]!, probability: p };
  }
  return undefined;
}

export class KubeProxy {
  readonly component: string;
  private factory: SharedInformerFactory;
  private services: SharedIndexInformer<Service>;
  private endpoints: SharedIndexInformer<Endpoints>;
  private queue: WorkQueue;
  /** `10.96.12.7:80/TCP` → rule, as of the last sync. */
  rules = new Map<string, ServiceRule>();
  /** `30772/TCP` → rule: the KUBE-NODEPORTS chain. */
  nodePorts = new Map<string, ServiceRule>();
  syncs = 0;

  constructor(deps: ComponentDeps, readonly nodeName: string) {
    this.component = `kube-proxy/${nodeName}`;
    this.factory = deps.informerFactory(this.component);
    this.services = this.factory.forResource<Service>('services');
    this.endpoints = this.factory.forResource<Endpoints>('endpoints');
    this.queue = deps.workQueue(this.component, { component: this.component, kind: 'sync', title: () => 'syncProxyRules: recompute the KUBE-SVC / KUBE-SEP chains' }, async () => this.syncProxyRules());
    const changed = () => this.queue.add('syncProxyRules');
    for (const inf of [this.services, this.endpoints] as Array<SharedIndexInformer<Service | Endpoints>>)
      inf.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
  }

  async start(): Promise<void> {
    await this.factory.start();
  }

  stop(): void {
    this.queue.shutDown();
    this.factory.stop();
  }

  /** syncProxyRules: recompute every chain from the local caches (a full sync, as the iptables proxier does). */
  syncProxyRules(): { observe: string[]; compare: string[]; act: string[] } {
    const next = new Map<string, ServiceRule>();
    for (const svc of this.services.getIndexer().list()) {
      const ep = this.endpoints.getIndexer().get(`${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`);
      for (const r of rulesFor(svc, ep)) next.set(`${r.clusterIP}:${r.port}/${r.protocol}`, r);
    }
    const act: string[] = [];
    for (const [k, r] of next) {
      const old = this.rules.get(k);
      const desc = (x: ServiceRule) => x.endpoints.map((e) => `${e.ip}:${e.port}`).join(',');
      if (!old || desc(old) !== desc(r))
        act.push(
          `${r.chain} ${r.servicePortName} ${k}${r.nodePort ? ` (nodePort ${r.nodePort})` : ''} → ${r.endpoints.length ? r.endpoints.map((e) => `${e.ip}:${e.port}`).join(', ') : 'REJECT (no endpoints)'}`,
        );
    }
    for (const k of this.rules.keys()) if (!next.has(k)) act.push(`removed ${k}`);
    this.rules = next;
    this.nodePorts = new Map([...next.values()].filter((r) => r.nodePort).map((r) => [`${r.nodePort}/${r.protocol}`, r]));
    this.syncs++;
    return {
      observe: [`${next.size} service port(s) from the Services and Endpoints caches`],
      compare: [`${act.length} chain(s) changed`],
      act: act.length ? act : ['iptables-restore: no changes'],
    };
  }

  /** The rule a packet to ip:port meets: a ClusterIP, or a NodePort on any node address (`nodeIPs`). */
  lookup(ip: string, port: number, protocol = 'TCP', nodeIPs: string[] = []): ServiceRule | undefined {
    return this.rules.get(`${ip}:${port}/${protocol}`) ?? (nodeIPs.includes(ip) ? this.nodePorts.get(`${port}/${protocol}`) : undefined);
  }
}

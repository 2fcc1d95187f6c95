// pkg/controller/endpoint/endpoints_controller.go: for each Service with a selector, an Endpoints object of the
// same name listing the IPs of the pods it selects — ready ones under addresses, the rest under
// notReadyAddresses — with each service port's targetPort resolved against the pod's container ports.
import { ApiError, type Client } from '../../apiserver/api';
import type { EndpointAddress, EndpointSubset, Endpoints, Pod, Service } from '../../apiserver/types';
import type { ReconcileResult, SharedIndexInformer, SharedInformerFactory, WorkQueue } from '../../client/types';
import { isPodReady, metaKey } from '../util/controller_utils';
import type { ComponentDeps } from '../util/deps';
import { canonicalJSON } from '../util/hash';
import { NAMESPACE } from '../util/indexes';
import { mapSelectorMatches } from '../util/labels';

export const COMPONENT = 'endpoints-controller';

/** podutil.FindPort: a number is itself; a name is looked up among the pod's container ports. */
export function findPort(pod: Pod, target: number | string | undefined, fallback: number): number | undefined {
  if (target === undefined || target === '') return fallback;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return undefined;
}

function ipKey(ip: string): string {
  return ip
    .split('.')
    .map((x) => x.padStart(3, '0'))
    .join('.');
}

/** The subsets for a service over its pods (RepackSubsets: addresses grouped by the ports they serve). */
export function computeSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const groups = new Map<string, EndpointSubset>();
  for (const pod of pods) {
    const ip = pod.status?.podIP;
    if (!ip || pod.metadata.deletionTimestamp) continue;
    const ports: NonNullable<EndpointSubset['ports']> = [];
    for (const sp of svc.spec.ports ?? []) {
      const port = findPort(pod, sp.targetPort, sp.port);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
    }
    if (ports.length === 0) continue;
    const key = canonicalJSON(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports }));
    const addr: EndpointAddress = {
      ip,
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, uid: pod.metadata.uid ?? '' },
    };
    if (isPodReady(pod)) (g.addresses ??= []).push(addr);
    else (g.notReadyAddresses ??= []).push(addr);
  }
  const out = [...groups.values()];
  for (const s of out) {
    s.addresses?.sort((a, b) => (ipKey(a.ip) < ipKey(b.ip) ? -1 : 1));
    s.notReadyAddresses?.sort((a, b) => (ipKey(a.ip) < ipKey(b.ip) ? -1 : 1));
  }
  return out.sort((a, b) => (canonicalJSON(a.ports) < canonicalJSON(b.ports) ? -1 : 1));
}

export class EndpointsController {
  private client: Client;
  private services: SharedIndexInformer<Service>;
  private pods: SharedIndexInformer<Pod>;
  private endpoints: SharedIndexInformer<Endpoints>;
  private queue: WorkQueue;

  constructor(private readonly deps: ComponentDeps, factory: SharedInformerFactory) {
    this.client = deps.client(COMPONENT);
    this.services = factory.forResource<Service>('services');
    this.pods = factory.forResource<Pod>('pods');
    this.endpoints = factory.forResource<Endpoints>('endpoints');
    this.queue = deps.workQueue(COMPONENT, { component: COMPONENT, title: (k) => `sync Endpoints for Service ${k}` }, (key) => this.syncService(key));
    this.services.addEventHandler({
      onAdd: (s) => this.queue.add(metaKey(s)),
      onUpdate: (_o, s) => this.queue.add(metaKey(s)),
      onDelete: (s) => this.queue.add(metaKey(s)),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.podChanged(p),
      onUpdate: (o, p) => {
        if (o.status?.podIP === p.status?.podIP && isPodReady(o) === isPodReady(p) && !!o.metadata.deletionTimestamp === !!p.metadata.deletionTimestamp && canonicalJSON(o.metadata.labels) === canonicalJSON(p.metadata.labels)) return;
        this.podChanged(p, o);
      },
      onDelete: (p) => this.podChanged(p),
    });
    this.endpoints.addEventHandler({
      // Someone changed or removed our Endpoints: put them back.
      onDelete: (e) => this.services.getIndexer().get(metaKey(e)) && this.queue.add(metaKey(e)),
    });
  }

  /** getPodServiceMemberships: the Services of the pod's namespace that select it (now or before). */
  private podChanged(p: Pod, old?: Pod): void {
    for (const svc of this.services.getIndexer().byIndex(NAMESPACE, p.metadata.namespace ?? 'default'))
      if (mapSelectorMatches(svc.spec.selector, p.metadata.labels) || (old && mapSelectorMatches(svc.spec.selector, old.metadata.labels))) this.queue.add(metaKey(svc));
  }

  async syncService(key: string): Promise<ReconcileResult> {
    const svc = this.services.getIndexer().get(key);
    const [ns, name] = key.split('/') as [string, string];
    const existing = this.endpoints.getIndexer().get(key);
    if (!svc) {
      if (!existing) return { observe: [`Service ${key} gone; no Endpoints`], compare: [], act: [] };
      try {
        await this.client.delete('endpoints', name, ns);
      } catch {
        // already gone
      }
      return { observe: [`Service ${key} was deleted`], compare: ['its Endpoints must go too'], act: [`DELETE endpoints/${name}`] };
    }
    if (!svc.spec.selector || Object.keys(svc.spec.selector).length === 0)
      return { observe: [`Service ${key} has no selector`], compare: ['its Endpoints are managed by hand'], act: [] };
    const pods = this.pods.getIndexer().byIndex(NAMESPACE, ns).filter((p) => mapSelectorMatches(svc.spec.selector, p.metadata.labels));
    const subsets = computeSubsets(svc, pods);
    const ready = subsets.reduce((a, s) => a + (s.addresses?.length ?? 0), 0);
    const notReady = subsets.reduce((a, s) => a + (s.notReadyAddresses?.length ?? 0), 0);
    const observe = [`Service ${key} selector ${Object.entries(svc.spec.selector).map(([k, v]) => `${k}=${v}`).join(',')}: ${pods.length} pod(s) match`];
    const compare = [`desired: ${ready} ready, ${notReady} not ready address(es); current Endpoints: ${existing ? `${(existing.subsets ?? []).reduce((a, s) => a + (s.addresses?.length ?? 0), 0)} ready` : 'none'}`];
    const labels = svc.metadata.labels;
    if (existing && canonicalJSON(existing.subsets ?? []) === canonicalJSON(subsets) && canonicalJSON(existing.metadata.labels ?? {}) === canonicalJSON(labels ?? {}))
      return { observe, compare: [...compare, 'up to date'], act: [] };
    const ep: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        ...(existing?.metadata ?? { name, namespace: ns }),
        labels,
        annotations: { ...(existing?.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': this.deps.loop.clock.rfc3339() },
      },
      subsets,
    };
    if (!labels) delete ep.metadata.labels;
    try {
      if (existing) await this.client.update('endpoints', ep);
      else await this.client.create('endpoints', ep, ns);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 409 || err.code === 404)) return { observe, compare, act: [`write failed (${err.reason}); retry`], requeue: true };
      throw err;
    }
    const addrs = subsets.flatMap((s) => (s.addresses ?? []).map((a) => `${a.ip}:${s.ports?.[0]?.port}`));
    return { observe, compare, act: [`${existing ? 'PUT' : 'POST'} endpoints/${name} [${addrs.join(', ') || 'no ready addresses'}]`] };
  }
}

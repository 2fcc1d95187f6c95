// Models two counters of kube-apiserver's /metrics that show where a read was served from:
// apiserver_cache_list_total (staging/src/k8s.io/apiserver/pkg/storage/cacher/metrics/metrics.go) counts LISTs
// the watch cache answered; etcd_requests_total (…/pkg/storage/etcd3/metrics/metrics.go) counts requests that
// went to etcd. A list with resourceVersion=0 moves the first; a quorum read (no resourceVersion) the second.
import { qualifiedResource } from './errors';
import type { ResourceInfo } from './registry';

const FAMILIES: Record<string, string> = {
  apiserver_cache_list_total: 'Number of LIST requests served from watch cache',
  etcd_requests_total: 'Etcd request counts for each operation and object type.',
};

export class ApiMetrics {
  private counters = new Map<string, number>();

  /** A LIST the watch cache answered. resource_prefix is the key prefix under /registry (nodes: /minions). */
  cacheList(info: ResourceInfo): void {
    const prefix = info.prefix.slice('/registry'.length, -1);
    this.inc(`apiserver_cache_list_total{index="",resource_prefix="${prefix}"}`);
  }

  /** A request that went to etcd: get, listWithCount, create, update, delete. */
  etcd(operation: string, info: ResourceInfo): void {
    this.inc(`etcd_requests_total{operation="${operation}",type="${qualifiedResource(info)}"}`);
  }

  private inc(sample: string): void {
    this.counters.set(sample, (this.counters.get(sample) ?? 0) + 1);
  }

  /** The Prometheus text format, as GET /metrics returns it (sorted, so the same script prints the same). */
  text(): string {
    const out: string[] = [];
    for (const [family, help] of Object.entries(FAMILIES)) {
      out.push(`# HELP ${family} [ALPHA] ${help}`, `# TYPE ${family} counter`);
      const samples = [...this.counters].filter(([k]) => k.startsWith(`${family}{`)).sort(([a], [b]) => (a < b ? -1 : 1));
      for (const [k, v] of samples) out.push(`${k} ${v}`);
    }
    return out.join('\n');
  }
}

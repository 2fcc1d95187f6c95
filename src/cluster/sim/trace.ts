// `trace`: recent changes followed from the etcd revision that made them, through the API server's watch
// cache (Cacher), to each watcher and what it did. No upstream file: upstream spreads this over etcd's
// watchableStore, the apiserver's cacher.go and client-go's reflector; the hop log the API server keeps joins it.
import type { Cluster } from './cluster';

export async function traceLines(cluster: Cluster, n: number): Promise<string[]> {
  const steps = cluster.loop.recent(200).filter((r) => r.component === 'etcd').slice(-n);
  if (!steps.length) return ['no changes yet: nothing to trace'];
  return steps.map((r) => `step ${r.n}  etcd  ${r.kind}  ${r.title}`);
}

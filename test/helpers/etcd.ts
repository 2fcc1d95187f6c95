// A real etcd for tests: one member on free loopback ports with a temporary data dir, started by the test and
// stopped (data dir removed) after it. `etcdMissing()` gives the reason to skip where etcd is not installed.
// Built on EtcdCluster (test/helpers/etcd-cluster.ts), which also does multi-member clusters.
import { EtcdCluster, etcdMissing } from './etcd-cluster';

export { etcdMissing };

export interface RealEtcd {
  /** `127.0.0.1:PORT`, for etcdctl's --endpoints. */
  endpoint: string;
  /** `etcd://127.0.0.1:PORT`, for `kubetutor cluster --store`. */
  url: string;
  /** Runs the real etcdctl (API v3) against this etcd. */
  etcdctl(args: string[]): { stdout: string; stderr: string; code: number | null };
  stop(): Promise<void>;
}

export async function startEtcd(): Promise<RealEtcd> {
  const c = await EtcdCluster.start(1);
  return {
    endpoint: c.endpoints[0]!,
    url: c.url,
    etcdctl: (args) => c.etcdctl(args),
    stop: () => c.shutdown(),
  };
}

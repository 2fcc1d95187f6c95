// Boots the control plane and the nodes on top of the store (kube-apiserver, kube-controller-manager,
// kube-scheduler, kubelets, kube-proxies). Filled in as each component lands.
import type { Cluster } from './cluster';

export async function bootControlPlane(cluster: Cluster): Promise<void> {
  // kube-apiserver: one Cacher (list + etcd watch) per resource, then the system namespaces and the
  // `kubernetes` Service. Components get clients from cluster.api.client(WHO).
  const { ApiServer } = await import('../apiserver/server');
  const api = new ApiServer(cluster.kv, cluster.loop, cluster.rand);
  await api.start();
  await api.bootstrap();
  cluster.api = api;
  cluster.onStop(() => api.stop());
  // The components register below.

  // kube-controller-manager, kube-scheduler, and per node a kubelet and a kube-proxy (issue 4).
  const { bootComponents } = await import('./boot_components');
  await bootComponents(cluster, api);
}

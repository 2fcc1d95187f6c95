// Boots the control plane and the nodes on top of the store (kube-apiserver, kube-controller-manager,
// kube-scheduler, kubelets, kube-proxies). Filled in as each component lands.
import type { Cluster } from './cluster';

export async function bootControlPlane(_cluster: Cluster): Promise<void> {
  // The API server and components register here.
}

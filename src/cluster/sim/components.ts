// The running components of one mini-cluster, so the lines that poke at them (`fault`, `explain`, `curl`) can
// find them. Components never use this to reach each other: they talk only through the API server.
import type { Cluster } from './cluster';
import type { ComponentDeps } from '../controllers/util/deps';
import type { ControllerManager } from '../controllers/manager';
import type { Scheduler } from '../scheduler/scheduler';
import type { Kubelet } from '../node/kubelet';
import type { KubeProxy } from '../node/kube_proxy';

export interface Components {
  deps: ComponentDeps;
  controllerManager?: ControllerManager;
  scheduler?: Scheduler;
  kubelets: Map<string, Kubelet>;
  proxies: Map<string, KubeProxy>;
}

const byCluster = new WeakMap<Cluster, Components>();

export function setComponents(cluster: Cluster, c: Components): void {
  byCluster.set(cluster, c);
}

export function componentsOf(cluster: Cluster): Components | undefined {
  return byCluster.get(cluster);
}

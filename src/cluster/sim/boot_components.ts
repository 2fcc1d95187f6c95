// Starts the self-healing part of the mini-cluster on top of kube-apiserver: kube-controller-manager,
// kube-scheduler, and on each node a kubelet and a kube-proxy — as kubeadm would bring them up.
import type { ApiServer } from '../apiserver/server';
import { ControllerManager } from '../controllers/manager';
import { componentDeps } from '../controllers/util/deps_impl';
import { Kubelet } from '../node/kubelet';
import { KubeProxy } from '../node/kube_proxy';
import { Scheduler } from '../scheduler/scheduler';
import type { Cluster } from './cluster';
import { setComponents, type Components } from './components';

export async function bootComponents(cluster: Cluster, api: ApiServer): Promise<Components> {
  const deps = componentDeps(api, cluster.loop, cluster.rand);
  const c: Components = { deps, kubelets: new Map(), proxies: new Map() };
  setComponents(cluster, c);
  for (let i = 1; i <= cluster.options.nodes; i++) {
    const k = new Kubelet(deps, { nodeName: `node-${i}`, index: i });
    c.kubelets.set(k.nodeName, k);
    await k.start();
    const p = new KubeProxy(deps, k.nodeName);
    c.proxies.set(p.nodeName, p);
    await p.start();
  }
  c.controllerManager = new ControllerManager(deps);
  await c.controllerManager.start();
  c.scheduler = new Scheduler(deps, deps.informerFactory('kube-scheduler'));
  await c.scheduler.start();
  cluster.onStop(() => {
    c.scheduler?.stop();
    c.controllerManager?.stop();
    for (const k of c.kubelets.values()) k.stop();
    for (const p of c.proxies.values()) p.stop();
  });
  return c;
}

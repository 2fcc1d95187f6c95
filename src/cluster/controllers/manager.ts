// cmd/kube-controller-manager/app/controllermanager.go: one process running the controllers over one shared
// informer factory (one watch per resource for all of them).
import type { SharedInformerFactory } from '../client/types';
import { DeploymentController } from './deployment/controller';
import { EndpointsController } from './endpoint/controller';
import { GarbageCollector } from './garbagecollector/controller';
import { NamespaceController } from './namespace/controller';
import { NodeLifecycleController } from './nodelifecycle/controller';
import { PodGCController } from './podgc/controller';
import { ReplicaSetController } from './replicaset/controller';
import { TaintEvictionController } from './tainteviction/controller';
import type { ComponentDeps } from './util/deps';

export class ControllerManager {
  readonly factory: SharedInformerFactory;
  readonly deployment: DeploymentController;
  readonly replicaSet: ReplicaSetController;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly taintEviction: TaintEvictionController;
  readonly endpoints: EndpointsController;
  readonly garbageCollector: GarbageCollector;
  readonly podGC: PodGCController;
  readonly namespace: NamespaceController;

  constructor(deps: ComponentDeps) {
    this.factory = deps.informerFactory('kube-controller-manager');
    this.deployment = new DeploymentController(deps, this.factory);
    this.replicaSet = new ReplicaSetController(deps, this.factory);
    this.nodeLifecycle = new NodeLifecycleController(deps, this.factory);
    this.taintEviction = new TaintEvictionController(deps, this.factory);
    this.endpoints = new EndpointsController(deps, this.factory);
    this.garbageCollector = new GarbageCollector(deps, this.factory);
    this.podGC = new PodGCController(deps, this.factory);
    this.namespace = new NamespaceController(deps, this.factory);
  }

  async start(): Promise<void> {
    await this.factory.start();
    this.nodeLifecycle.start();
    this.podGC.start();
  }

  stop(): void {
    this.nodeLifecycle.stop();
    this.podGC.stop();
    this.taintEviction.stop();
    this.factory.stop();
  }
}

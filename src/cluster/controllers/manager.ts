// cmd/kube-controller-manager/app/controllermanager.go: one process running the controllers over one shared
// informer factory (one watch per resource for all of them).
import type { SharedInformerFactory } from '../client/types';
import { DeploymentController } from './deployment/controller';
import { ReplicaSetController } from './replicaset/controller';
import type { ComponentDeps } from './util/deps';

export class ControllerManager {
  readonly factory: SharedInformerFactory;
  readonly deployment: DeploymentController;
  readonly replicaSet: ReplicaSetController;

  constructor(deps: ComponentDeps) {
    this.factory = deps.informerFactory('kube-controller-manager');
    this.deployment = new DeploymentController(deps, this.factory);
    this.replicaSet = new ReplicaSetController(deps, this.factory);
  }

  async start(): Promise<void> {
    await this.factory.start();
  }

  stop(): void {
    this.factory.stop();
  }
}

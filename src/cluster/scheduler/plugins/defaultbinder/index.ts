// pkg/scheduler/framework/plugins/defaultbinder/default_binder.go: POST pods/NAME/binding.
import type { Pod } from '../../../apiserver/types';
import type { BindPlugin, CycleState, Status } from '../../framework/types';

export class DefaultBinder implements BindPlugin {
  readonly name = 'DefaultBinder';
  constructor(private readonly bindFn: (namespace: string, name: string, node: string) => Promise<void>) {}
  async bind(_s: CycleState, pod: Pod, nodeName: string): Promise<Status | null> {
    await this.bindFn(pod.metadata.namespace ?? 'default', pod.metadata.name, nodeName);
    return null;
  }
}

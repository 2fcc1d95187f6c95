// pkg/scheduler/apis/config/v1/default_plugins.go: the default profile, as a plain list of plugins and the
// weights their scores are multiplied by.
import type { Handle, Plugin } from '../framework/types';
import { NodeUnschedulable } from './nodeunschedulable';
import { NodeName } from './nodename';
import { TaintToleration } from './tainttoleration';
import { NodeAffinity } from './nodeaffinity';
import { NodePorts } from './nodeports';
import { NodeResourcesFit } from './noderesources/fit';
import { NodeResourcesBalancedAllocation } from './noderesources/balanced_allocation';
import { ImageLocality } from './imagelocality';
import { PodTopologySpread } from './podtopologyspread';
import { InterPodAffinity } from './interpodaffinity';
import { DefaultPreemption } from './defaultpreemption';
import { DefaultBinder } from './defaultbinder';

export interface ProfilePlugin {
  plugin: Plugin;
  /** Score weight (0 = the plugin does not score). */
  weight: number;
}

export interface Profile {
  schedulerName: string;
  plugins: ProfilePlugin[];
}

/** The `default-scheduler` profile: filters run in this order, scores are summed with these weights. */
export function defaultProfile(handle: Handle, bind: (ns: string, name: string, node: string) => Promise<void>): Profile {
  return {
    schedulerName: 'default-scheduler',
    plugins: [
      { plugin: new NodeUnschedulable(), weight: 0 },
      { plugin: new NodeName(), weight: 0 },
      { plugin: new TaintToleration(), weight: 3 },
      { plugin: new NodeAffinity(), weight: 2 },
      { plugin: new NodePorts(), weight: 0 },
      { plugin: new NodeResourcesFit(), weight: 1 },
      { plugin: new PodTopologySpread(handle), weight: 2 },
      { plugin: new InterPodAffinity(handle), weight: 2 },
      { plugin: new NodeResourcesBalancedAllocation(), weight: 1 },
      { plugin: new ImageLocality(handle), weight: 1 },
      { plugin: new DefaultPreemption(handle), weight: 0 },
      { plugin: new DefaultBinder(bind), weight: 0 },
    ],
  };
}

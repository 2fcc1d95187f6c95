// pkg/scheduler/framework/runtime/framework.go: runs a profile's plugins at each extension point, in order —
// the first Filter that says no decides a node's verdict; scores are normalized then multiplied by weight.
import type { Pod } from '../../apiserver/types';
import type { Profile } from '../plugins/registry';
import type { NodeInfo } from './nodeinfo';
import {
  hasBind, hasFilter, hasPostFilter, hasPreFilter, hasPreScore, hasReserve, hasScore,
  type BindPlugin, type CycleState, type FilterPlugin, type NodeScore, type PostFilterPlugin, type PostFilterResult,
  type PreFilterPlugin, type PreScorePlugin, type ReservePlugin, type ScorePlugin, type Status,
} from './types';

export interface PluginScores {
  /** plugin → normalized score (0..100), before the weight. */
  byPlugin: Map<string, number>;
  total: number;
}

export class Framework {
  readonly preFilter: PreFilterPlugin[];
  readonly filter: FilterPlugin[];
  readonly postFilter: PostFilterPlugin[];
  readonly preScore: PreScorePlugin[];
  readonly score: Array<{ plugin: ScorePlugin; weight: number }>;
  readonly reserve: ReservePlugin[];
  readonly bind: BindPlugin[];

  constructor(readonly profile: Profile) {
    const all = profile.plugins.map((p) => p.plugin);
    this.preFilter = all.filter(hasPreFilter);
    this.filter = all.filter(hasFilter);
    this.postFilter = all.filter(hasPostFilter);
    this.preScore = all.filter(hasPreScore);
    this.score = profile.plugins.filter((p) => p.weight > 0 && hasScore(p.plugin)).map((p) => ({ plugin: p.plugin as ScorePlugin, weight: p.weight }));
    this.reserve = all.filter(hasReserve);
    this.bind = all.filter(hasBind);
  }

  get name(): string {
    return this.profile.schedulerName;
  }

  runPreFilter(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | null {
    for (const p of this.preFilter) {
      const s = p.preFilter(state, pod, nodes);
      if (s && s.code !== 'Success' && s.code !== 'Skip') return { ...s, plugin: p.name };
    }
    return null;
  }

  /** The first plugin that rejects the node, or null when it passes them all. */
  runFilter(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
    for (const p of this.filter) {
      const s = p.filter(state, pod, node);
      if (s && s.code !== 'Success') return { ...s, plugin: p.name };
    }
    return null;
  }

  runPostFilter(state: CycleState, pod: Pod, statuses: Map<string, Status>, numAllNodes: number): PostFilterResult | undefined {
    let last: PostFilterResult | undefined;
    for (const p of this.postFilter) {
      last = p.postFilter(state, pod, statuses, numAllNodes);
      if (last.status.code === 'Success') return last;
    }
    return last;
  }

  /** Score plugins whose PreScore said Skip do not score this cycle. */
  runPreScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Set<string> {
    const skipped = new Set<string>();
    for (const p of this.preScore) {
      const s = p.preScore(state, pod, nodes);
      if (s?.code === 'Skip') skipped.add(p.name);
    }
    return skipped;
  }

  runScore(state: CycleState, pod: Pod, nodes: NodeInfo[], skipped: Set<string>): Map<string, PluginScores> {
    const result = new Map<string, PluginScores>(nodes.map((n) => [n.name, { byPlugin: new Map(), total: 0 }]));
    for (const { plugin, weight } of this.score) {
      if (skipped.has(plugin.name)) continue;
      const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: plugin.score(state, pod, n) }));
      plugin.normalizeScore?.(state, pod, scores);
      for (const s of scores) {
        const r = result.get(s.name)!;
        r.byPlugin.set(plugin.name, s.score);
        r.total += s.score * weight;
      }
    }
    return result;
  }

  runReserve(state: CycleState, pod: Pod, nodeName: string): Status | null {
    for (const p of this.reserve) {
      const s = p.reserve(state, pod, nodeName);
      if (s && s.code !== 'Success') return s;
    }
    return null;
  }

  async runBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | null> {
    for (const p of this.bind) {
      const s = await p.bind(state, pod, nodeName);
      if (s?.code === 'Skip') continue;
      return s;
    }
    return null;
  }
}

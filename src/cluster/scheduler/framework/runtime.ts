// pkg/scheduler/framework/runtime/framework.go: runs a profile's plugins at each extension point, in order —
// the first Filter that says no decides a node's verdict; scores are normalized then multiplied by weight.
import type { Pod } from '../../apiserver/types';
import type { Profile } from '../plugins/registry';
import type { NodeInfo } from './nodeinfo';
import {
  hasBind, hasFilter, hasPostFilter, hasPreFilter, hasPreFilterExtensions, hasPreScore, hasReserve, hasScore, type FilterRunner, type PreFilterExtensions,
  type BindPlugin, type CycleState, type FilterPlugin, type Plugin, type NodeScore, type PostFilterPlugin, type PostFilterResult,
  type PreFilterPlugin, type PreScorePlugin, type ReservePlugin, type ScorePlugin, type Status,
} from './types';

export interface PluginScores {
  /** plugin → normalized score (0..100), before the weight. */
  byPlugin: Map<string, number>;
  total: number;
}

/**
 * One node's scores, read from the cycle's per-plugin columns. Speed: at 5,000 nodes a cycle scores 500 of them;
 * a Map per node (and a Map from node name to it) cost more than the scoring, so the Map is built only when
 * `explain` asks for it.
 */
class NodeScores implements PluginScores {
  constructor(
    private readonly columns: Array<{ name: string; scores: Float64Array | undefined }>,
    private readonly i: number,
    readonly total: number,
  ) {}
  get byPlugin(): Map<string, number> {
    const m = new Map<string, number>();
    for (const c of this.columns) if (c.scores) m.set(c.name, c.scores[this.i]!);
    return m;
  }
}

/** A cycle's scores: each node's total, and (for explain) its scores by plugin. */
export interface ScoreTable {
  totals: Float64Array;
  row(i: number): PluginScores;
}

const NO_LINES: string[] = [];

export class Framework implements FilterRunner {
  readonly preFilter: PreFilterPlugin[];
  readonly filter: FilterPlugin[];
  readonly postFilter: PostFilterPlugin[];
  readonly preScore: PreScorePlugin[];
  readonly score: Array<{ plugin: ScorePlugin; weight: number }>;
  readonly reserve: ReservePlugin[];
  readonly bind: BindPlugin[];
  private readonly describers: Plugin[];
  private readonly extensions: Array<Plugin & PreFilterExtensions>;
  /** The Filter list without the plugins a PreFilter skipped, by their names (a few combinations at most). */
  private readonly filtersWithout = new Map<string, FilterPlugin[]>();

  constructor(readonly profile: Profile) {
    const all = profile.plugins.map((p) => p.plugin);
    this.preFilter = all.filter(hasPreFilter);
    this.filter = all.filter(hasFilter);
    this.postFilter = all.filter(hasPostFilter);
    this.preScore = all.filter(hasPreScore);
    this.score = profile.plugins.filter((p) => p.weight > 0 && hasScore(p.plugin)).map((p) => ({ plugin: p.plugin as ScorePlugin, weight: p.weight }));
    this.reserve = all.filter(hasReserve);
    this.bind = all.filter(hasBind);
    this.describers = all.filter((p) => typeof p.describeState === 'function');
    this.extensions = all.filter(hasPreFilterExtensions);
  }

  /** RunPreFilterExtensionAddPod. */
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: Pod, node: NodeInfo): void {
    for (const p of this.extensions) p.addPod(state, podToSchedule, podToAdd, node);
  }

  /** RunPreFilterExtensionRemovePod. */
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: Pod, node: NodeInfo): void {
    for (const p of this.extensions) p.removePod(state, podToSchedule, podToRemove, node);
  }

  /** Each plugin's own account of the cycle, for `explain` (empty for most pods). */
  describeState(state: CycleState): string[] {
    let out: string[] | undefined;
    for (const p of this.describers) {
      const lines = p.describeState!(state);
      if (lines) for (const line of lines) (out ??= []).push(`${p.name}: ${line}`);
    }
    return out ?? NO_LINES;
  }

  get name(): string {
    return this.profile.schedulerName;
  }

  runPreFilter(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | null {
    let skipped: Set<string> | undefined;
    for (const p of this.preFilter) {
      const s = p.preFilter(state, pod, nodes);
      if (s?.code === 'Skip') (skipped ??= new Set()).add(p.name);
      else if (s && s.code !== 'Success') return { ...s, plugin: p.name };
    }
    // Speed: a Filter whose PreFilter said Skip is not called once per node (500 calls a cycle at 5,000 nodes).
    if (skipped) {
      const key = [...skipped].join(',');
      let list = this.filtersWithout.get(key);
      if (!list) this.filtersWithout.set(key, (list = this.filter.filter((p) => !skipped.has(p.name))));
      state.filterPlugins = list;
    }
    return null;
  }

  /** The first plugin that rejects the node, or null when it passes them all. */
  runFilter(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
    const filters = state.filterPlugins ?? this.filter;
    for (let i = 0; i < filters.length; i++) {
      const p = filters[i]!;
      const s = p.filter(state, pod, node);
      if (s && s.code !== 'Success') return { ...s, plugin: p.name };
    }
    return null;
  }

  runPostFilter(state: CycleState, pod: Pod, statuses: Map<string, Status>, numAllNodes: number): PostFilterResult | undefined {
    let last: PostFilterResult | undefined;
    for (const p of this.postFilter) {
      last = p.postFilter(state, pod, statuses, numAllNodes, this);
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

  /** Reused by every cycle's scoring: NormalizeScore works on NodeScore objects, kept once and refilled. */
  private scratch: NodeScore[] = [];

  /** Each node's scores, in the order of `nodes`. */
  runScore(state: CycleState, pod: Pod, nodes: NodeInfo[], skipped: Set<string>): ScoreTable {
    const n = nodes.length;
    const totals = new Float64Array(n);
    // explain keeps the last cycles: plain number columns are all that stays alive after the cycle.
    const columns: Array<{ name: string; scores: Float64Array | undefined }> = [];
    if (this.scratch.length !== n) this.scratch = Array.from({ length: n }, () => ({ name: '', score: 0 }));
    const scores = this.scratch;
    for (let i = 0; i < n; i++) scores[i]!.name = nodes[i]!.name;
    for (const { plugin, weight } of this.score) {
      if (skipped.has(plugin.name)) {
        columns.push({ name: plugin.name, scores: undefined });
        continue;
      }
      const column = new Float64Array(n);
      if (plugin.normalizeScore) {
        for (let i = 0; i < n; i++) scores[i]!.score = plugin.score(state, pod, nodes[i]!);
        plugin.normalizeScore(state, pod, scores);
        for (let i = 0; i < n; i++) column[i] = scores[i]!.score;
      } else for (let i = 0; i < n; i++) column[i] = plugin.score(state, pod, nodes[i]!);
      for (let i = 0; i < n; i++) totals[i] += column[i]! * weight;
      columns.push({ name: plugin.name, scores: column });
    }
    return { totals, row: (i) => new NodeScores(columns, i, totals[i]!) };
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

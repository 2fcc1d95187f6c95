// pkg/scheduler/framework/plugins/podtopologyspread/{filtering.go,scoring.go,common.go}: spreads pods that
// select each other over topology domains. Hard (DoNotSchedule) constraints filter; soft ones score. A pod with
// no constraints of its own gets the system defaults (hostname maxSkew 3, zone maxSkew 5, both
// ScheduleAnyway) with a selector built from the Services and ReplicaSet that select it.
import type { LabelSelector, Pod, TopologySpreadConstraint } from '../../../apiserver/types';
import { mapSelectorMatches, selectorMatches } from '../../../controllers/util/labels';
import { podMatchesNodeSelectorAndAffinity } from '../nodeaffinity';
import type { NodeInfo } from '../../framework/nodeinfo';
import {
  MAX_NODE_SCORE, skip, StateSlot, unresolvable, unschedulable,
  type CycleState, type FilterPlugin, type Handle, type NodeScore, type PreFilterExtensions, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type Status,
} from '../../framework/types';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + ' (missing required label)';

export const SYSTEM_DEFAULT_CONSTRAINTS: Array<Omit<TopologySpreadConstraint, 'labelSelector'>> = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
  /** The selector compiled once per cycle. */
  matches: (labels: Record<string, string> | undefined) => boolean;
  /** The selector as text: what a node's memoized count was taken with. */
  key: string;
}

/**
 * selectorMatches, compiled: counting runs it on every pod of every scored node, and Object.entries on each call
 * was most of a scheduling cycle's cost at 5,000 nodes.
 */
function compileSelector(selector: LabelSelector): Constraint['matches'] {
  if (selector.matchExpressions?.length) return (labels) => selectorMatches(selector, labels);
  const keys = Object.keys(selector.matchLabels ?? {});
  const values = keys.map((k) => selector.matchLabels![k]!);
  return (labels) => {
    if (!labels) return keys.length === 0;
    for (let i = 0; i < keys.length; i++) if (labels[keys[i]!] !== values[i]) return false;
    return true;
  };
}

/** Selector texts, interned: a memo's key is then compared by identity. */
const selectorKeys = new Map<string, string>();

function constraint(maxSkew: number, topologyKey: string, selector: LabelSelector, namespace: string): Constraint {
  const text = `${namespace}\u0000${JSON.stringify(selector)}`;
  let key = selectorKeys.get(text);
  if (key === undefined) selectorKeys.set(text, (key = text));
  return { maxSkew, topologyKey, selector, matches: compileSelector(selector), key };
}

/**
 * Speed: each node keeps the last count taken on it, with the selector and the node's pod generation it was taken
 * at. Scoring 500 nodes per pod for a 10,000-pod Deployment counts the same selector on nodes whose pods mostly
 * did not change since the last cycle; the memo makes those counts one comparison.
 */
function countMatching(node: NodeInfo, c: Constraint, namespace: string): number {
  const key = c.key;
  const memo = node.spreadMemo;
  if (memo && memo.generation === node.generation && memo.key === key) return memo.count;
  const n = countPods(node, c, namespace);
  if (memo) {
    memo.key = key;
    memo.generation = node.generation;
    memo.count = n;
  } else node.spreadMemo = { key, generation: node.generation, count: n };
  return n;
}

function countPods(node: NodeInfo, c: Constraint, namespace: string): number {
  let n = 0;
  for (const p of node.pods.values())
    if ((p.metadata.namespace ?? 'default') === namespace && !p.metadata.deletionTimestamp && c.matches(p.metadata.labels)) n++;
  return n;
}

function hasAllKeys(node: NodeInfo, cs: Constraint[]): boolean {
  const l = node.node.metadata.labels ?? {};
  return cs.every((c) => c.topologyKey in l);
}

interface FilterState {
  constraints: Constraint[];
  /** `key=value` → matching pods. */
  counts: Map<string, number>;
  /** key → the smallest count over its domains. */
  minMatch: Map<string, number>;
}

interface ScoreState {
  constraints: Constraint[];
  ignored: Set<string>;
  counts: Map<string, number>;
  weights: number[];
}

const FILTER_KEY = 'PreFilterPodTopologySpread';
const SCORE_KEY = 'PreScorePodTopologySpread';

export class PodTopologySpread implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';
  private readonly filterSlot = new StateSlot<FilterState>(FILTER_KEY);
  private readonly scoreSlot = new StateSlot<ScoreState>(SCORE_KEY);
  constructor(private readonly handle: Handle) {}

  private constraints(pod: Pod, when: 'DoNotSchedule' | 'ScheduleAnyway'): { cs: Constraint[]; systemDefaulted: boolean } {
    const own = pod.spec.topologySpreadConstraints ?? [];
    const ns = pod.metadata.namespace ?? 'default';
    if (own.length > 0) {
      return {
        cs: own.filter((c) => c.whenUnsatisfiable === when).map((c) => constraint(c.maxSkew, c.topologyKey, c.labelSelector ?? {}, ns)),
        systemDefaulted: false,
      };
    }
    if (when === 'DoNotSchedule') return { cs: [], systemDefaulted: true };
    const selector = this.defaultSelector(pod);
    if (!selector) return { cs: [], systemDefaulted: true };
    return { cs: SYSTEM_DEFAULT_CONSTRAINTS.map((c) => constraint(c.maxSkew, c.topologyKey, selector, ns)), systemDefaulted: true };
  }

  /** helper.DefaultSelector: the union of the selectors of the Services and the ReplicaSet that select the pod. */
  private defaultSelector(pod: Pod): LabelSelector | undefined {
    const ns = pod.metadata.namespace ?? 'default';
    const matchLabels: Record<string, string> = {};
    const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
    for (const svc of this.handle.servicesInNamespace(ns))
      if (mapSelectorMatches(svc.spec.selector, pod.metadata.labels)) Object.assign(matchLabels, svc.spec.selector);
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'ReplicaSet');
    if (owner) {
      const rs = this.handle.replicaSet(ns, owner.name);
      if (rs) {
        Object.assign(matchLabels, rs.spec.selector.matchLabels ?? {});
        matchExpressions.push(...(rs.spec.selector.matchExpressions ?? []));
      }
    }
    if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return undefined;
    return { matchLabels, matchExpressions };
  }

  preFilter(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | null {
    const { cs } = this.constraints(pod, 'DoNotSchedule');
    if (cs.length === 0) return skip(); // no hard constraint: Filter is left out of the cycle
    const ns = pod.metadata.namespace ?? 'default';
    const counts = new Map<string, number>();
    for (const n of nodes) {
      if (!podMatchesNodeSelectorAndAffinity(pod, n) || !hasAllKeys(n, cs)) continue;
      for (const c of cs) {
        const pair = `${c.topologyKey}=${n.node.metadata.labels![c.topologyKey]}`;
        counts.set(pair, (counts.get(pair) ?? 0) + countMatching(n, c, ns));
      }
    }
    const minMatch = new Map<string, number>();
    for (const [pair, n] of counts) {
      const key = pair.slice(0, pair.indexOf('='));
      minMatch.set(key, Math.min(minMatch.get(key) ?? Infinity, n));
    }
    state.write(FILTER_KEY, { constraints: cs, counts, minMatch } satisfies FilterState);
    return null;
  }

  /** PreFilterExtensions.AddPod (preemption puts a pod back): updateWithPod with +1. */
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: Pod, node: NodeInfo): void {
    this.updateWithPod(state, podToSchedule, podToAdd, node, 1);
  }

  /** PreFilterExtensions.RemovePod (preemption tries the node without a victim): updateWithPod with −1. */
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: Pod, node: NodeInfo): void {
    this.updateWithPod(state, podToSchedule, podToRemove, node, -1);
  }

  /**
   * updateWithPod: a matching pod of the preemptor's namespace, on a node PreFilter counted, moves its domain's
   * count by `by` and the smallest count of its topology key with it. In place, as InterPodAffinity's: preemption
   * gives every pod back before it leaves the node.
   */
  private updateWithPod(state: CycleState, preemptor: Pod, p: Pod, node: NodeInfo, by: number): void {
    const s = this.filterSlot.read(state);
    if (!s || (p.metadata.namespace ?? 'default') !== (preemptor.metadata.namespace ?? 'default') || p.metadata.deletionTimestamp) return;
    if (!podMatchesNodeSelectorAndAffinity(preemptor, node) || !hasAllKeys(node, s.constraints)) return;
    const labels = node.node.metadata.labels!;
    for (const c of s.constraints) {
      if (!c.matches(p.metadata.labels)) continue;
      const pair = `${c.topologyKey}=${labels[c.topologyKey]}`;
      const was = s.counts.get(pair) ?? 0;
      const now = was + by;
      s.counts.set(pair, now);
      const min = s.minMatch.get(c.topologyKey) ?? 0;
      if (now < min) s.minMatch.set(c.topologyKey, now);
      else if (was === min && now > min) {
        // The domain that held the smallest count grew: the smallest is found again over the key's domains.
        let m = Infinity;
        const prefix = `${c.topologyKey}=`;
        for (const [k, n] of s.counts) if (k.startsWith(prefix)) m = Math.min(m, n);
        s.minMatch.set(c.topologyKey, m);
      }
    }
    state.write(FILTER_KEY, s);
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
    const s = this.filterSlot.read(state);
    if (!s) return null;
    const labels = node.node.metadata.labels ?? {};
    for (const c of s.constraints) {
      if (!(c.topologyKey in labels)) return unresolvable(ErrReasonNodeLabelNotMatch);
      const self = c.matches(pod.metadata.labels) ? 1 : 0;
      const count = s.counts.get(`${c.topologyKey}=${labels[c.topologyKey]}`) ?? 0;
      const min = s.minMatch.get(c.topologyKey) ?? 0;
      if (count + self - min > c.maxSkew) return unschedulable(ErrReasonConstraintsNotMatch);
    }
    return null;
  }

  preScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | null {
    const { cs, systemDefaulted } = this.constraints(pod, 'ScheduleAnyway');
    if (cs.length === 0) return skip();
    const requireAll = (pod.spec.topologySpreadConstraints?.length ?? 0) > 0 || !systemDefaulted;
    const ignored = new Set<string>();
    const sizes = cs.map(() => new Set<string>());
    const counts = new Map<string, number>();
    for (const n of nodes) {
      if (requireAll && !hasAllKeys(n, cs)) {
        ignored.add(n.name);
        continue;
      }
      cs.forEach((c, i) => {
        if (c.topologyKey === LABEL_HOSTNAME) return;
        const v = n.node.metadata.labels?.[c.topologyKey];
        if (v === undefined) return;
        sizes[i]!.add(v);
        counts.set(`${c.topologyKey}=${v}`, 0);
      });
    }
    // Count matching pods in each domain seen among the candidate nodes, over every node of the cluster.
    const ns = pod.metadata.namespace ?? 'default';
    if (counts.size > 0) {
      for (const n of this.handle.allNodes()) {
        if (!podMatchesNodeSelectorAndAffinity(pod, n)) continue;
        for (const c of cs) {
          if (c.topologyKey === LABEL_HOSTNAME) continue;
          const pair = `${c.topologyKey}=${n.node.metadata.labels?.[c.topologyKey]}`;
          if (counts.has(pair)) counts.set(pair, counts.get(pair)! + countMatching(n, c, ns));
        }
      }
    }
    const weights = cs.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? nodes.length - ignored.size : sizes[i]!.size) + 2));
    state.write(SCORE_KEY, { constraints: cs, ignored, counts, weights } satisfies ScoreState);
    return null;
  }

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const s = this.scoreSlot.read(state);
    if (!s || (s.ignored.size > 0 && s.ignored.has(node.name))) return 0;
    const labels = node.node.metadata.labels ?? {};
    let score = 0;
    const cs = s.constraints;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (!(c.topologyKey in labels)) continue;
      const cnt =
        c.topologyKey === LABEL_HOSTNAME
          ? countMatching(node, c, pod.metadata.namespace ?? 'default')
          : (s.counts.get(`${c.topologyKey}=${labels[c.topologyKey]}`) ?? 0);
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    }
    return Math.round(score);
  }

  /** Fewer matching pods → higher score: 100 * (max + min - s) / max. */
  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    const s = state.read<ScoreState>(SCORE_KEY);
    if (!s) return;
    let min = Infinity;
    let max = 0;
    for (const sc of scores) {
      if (s.ignored.has(sc.name)) continue;
      min = Math.min(min, sc.score);
      max = Math.max(max, sc.score);
    }
    for (const sc of scores) {
      if (s.ignored.has(sc.name)) sc.score = 0;
      else if (max === 0) sc.score = MAX_NODE_SCORE;
      else sc.score = Math.trunc((MAX_NODE_SCORE * (max + min - sc.score)) / max);
    }
  }
}

// pkg/scheduler/framework/plugins/interpodaffinity/plugin.go: the InterPodAffinity plugin — podAffinity and
// podAntiAffinity. Required terms filter (filtering.go), preferred terms score (scoring.go). A pod without pod
// affinity costs next to nothing: only nodes holding pods with affinity are looked at (the cache keeps them).
import type { Pod } from '../../../apiserver/types';
import type { NodeInfo } from '../../framework/nodeinfo';
import {
  skip, StateSlot, unresolvable, unschedulable,
  type CycleState, type FilterPlugin, type Handle, type NodeScore, type PreFilterExtensions, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type Status,
} from '../../framework/types';
import {
  ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch,
  existingAntiAffinityCounts, incomingAffinityAntiAffinityCounts, satisfyExistingPodsAntiAffinity, satisfyPodAffinity, satisfyPodAntiAffinity, updateWithPod,
  type PreFilterState,
} from './filtering';
import { nodeScore, normalize, processExistingPod, type PreScoreState, type ScoreMap } from './scoring';
import { mergeNamespaces, podAffinityInfo, podMatchesAllAffinityTerms, type AffinityTerm } from './terms';

export { ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch };

const PRE_FILTER_KEY = 'PreFilterInterPodAffinity';
const PRE_SCORE_KEY = 'PreScoreInterPodAffinity';
const SKIP: Status = Object.freeze(skip()) as Status;

/**
 * The queueing hint for an assigned pod added (isSchedulableAfterPodChange): only a pod that matches all of the
 * waiting pod's required affinity terms can make it schedulable — a new pod never lifts an anti-affinity refusal.
 */
export function isSchedulableAfterPodAdd(waiting: Pod, added: Pod): boolean {
  return podMatchesAllAffinityTerms(podAffinityInfo(waiting).requiredAffinityTerms, added);
}

export class InterPodAffinity implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'InterPodAffinity';
  private readonly filterSlot = new StateSlot<PreFilterState>(PRE_FILTER_KEY);
  private readonly scoreSlot = new StateSlot<PreScoreState>(PRE_SCORE_KEY);

  constructor(private readonly handle: Handle) {}

  private nsLabels(pod: Pod): Record<string, string> | undefined {
    const ns = pod.metadata.namespace ?? 'default';
    return this.handle.namespaceLabels?.(ns) ?? { 'kubernetes.io/metadata.name': ns };
  }

  private listNamespaces = (): Array<{ name: string; labels: Record<string, string> }> => this.handle.namespaces?.() ?? [];

  private nodesWithRequiredAntiAffinity(nodes: NodeInfo[]): ReadonlySet<NodeInfo> {
    return this.handle.havePodsWithRequiredAntiAffinityList?.() ?? new Set(nodes.filter((n) => n.podsWithRequiredAntiAffinity.size > 0));
  }

  private nodesWithAffinity(): ReadonlySet<NodeInfo> {
    return this.handle.havePodsWithAffinityList?.() ?? new Set(this.handle.allNodes().filter((n) => n.podsWithAffinity.size > 0));
  }

  preFilter(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | null {
    const info = podAffinityInfo(pod);
    const ownTerms = info.requiredAffinityTerms.length > 0 || info.requiredAntiAffinityTerms.length > 0;
    const withAnti = this.nodesWithRequiredAntiAffinity(nodes);
    if (!ownTerms && withAnti.size === 0) return SKIP; // the common pod: nothing to count
    const nsLabels = this.nsLabels(pod);
    const existing = existingAntiAffinityCounts(pod, nsLabels, withAnti);
    if (existing.size === 0 && !ownTerms) return SKIP;
    const requiredAffinityTerms = mergeNamespaces(info.requiredAffinityTerms, this.listNamespaces);
    const requiredAntiAffinityTerms = mergeNamespaces(info.requiredAntiAffinityTerms, this.listNamespaces);
    const { affinityCounts, antiAffinityCounts } = incomingAffinityAntiAffinityCounts(requiredAffinityTerms, requiredAntiAffinityTerms, nodes);
    state.write(PRE_FILTER_KEY, {
      pod,
      nsLabels,
      requiredAffinityTerms,
      requiredAntiAffinityTerms,
      existingAntiAffinityCounts: existing,
      affinityCounts,
      antiAffinityCounts,
    } satisfies PreFilterState);
    return null;
  }

  /** PreFilterExtensions.AddPod (preemption puts a pod back). */
  addPod(state: CycleState, _podToSchedule: Pod, podToAdd: Pod, node: NodeInfo): void {
    const s = this.filterSlot.read(state);
    if (!s) return;
    updateWithPod(s, podToAdd, node, 1);
    state.write(PRE_FILTER_KEY, s);
  }

  /** PreFilterExtensions.RemovePod (preemption tries a node without a victim). */
  removePod(state: CycleState, _podToSchedule: Pod, podToRemove: Pod, node: NodeInfo): void {
    const s = this.filterSlot.read(state);
    if (!s) return;
    updateWithPod(s, podToRemove, node, -1);
    state.write(PRE_FILTER_KEY, s);
  }

  /** Affinity not met is UnschedulableAndUnresolvable (preemption cannot create a pod); anti-affinity may be. */
  filter(state: CycleState, _pod: Pod, node: NodeInfo): Status | null {
    const s = this.filterSlot.read(state);
    if (!s) return null;
    if (!satisfyPodAffinity(s, node)) return unresolvable(ErrReasonAffinityRulesNotMatch);
    if (!satisfyPodAntiAffinity(s, node)) return unschedulable(ErrReasonAntiAffinityRulesNotMatch);
    if (!satisfyExistingPodsAntiAffinity(s, node)) return unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
    return null;
  }

  preScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | null {
    if (nodes.length === 0) return SKIP;
    const info = podAffinityInfo(pod);
    const hasConstraints = info.preferredAffinityTerms.length > 0 || info.preferredAntiAffinityTerms.length > 0;
    if (!hasConstraints && this.nodesWithAffinity().size === 0) return SKIP; // no pod anywhere could change a score
    const incoming = {
      pod,
      preferredAffinityTerms: mergeNamespaces(info.preferredAffinityTerms, this.listNamespaces),
      preferredAntiAffinityTerms: mergeNamespaces(info.preferredAntiAffinityTerms, this.listNamespaces),
      nsLabels: this.nsLabels(pod),
    };
    const topologyScore: ScoreMap = new Map();
    // Unless the pod has preferred terms of its own, only pods with affinity can change a domain's score.
    const all = hasConstraints ? this.handle.allNodes() : this.nodesWithAffinity();
    for (const node of all) {
      const pods = hasConstraints ? node.pods : node.podsWithAffinity;
      for (const existing of pods.values()) processExistingPod(topologyScore, incoming, existing, node);
    }
    if (topologyScore.size === 0) return SKIP;
    state.write(PRE_SCORE_KEY, { topologyScore } satisfies PreScoreState);
    return null;
  }

  /** For explain: the counts Filter and Score answered from, by topology domain. */
  describeState(state: CycleState): string[] | undefined {
    const f = this.filterSlot.read(state);
    const sc = this.scoreSlot.read(state);
    if (!f && !sc) return undefined;
    const out: string[] = [];
    if (f) {
      const terms = (ts: AffinityTerm[]) => ts.map((t) => t.text).join('; ');
      if (f.requiredAffinityTerms.length) {
        const first = f.affinityCounts.size === 0 && podMatchesAllAffinityTerms(f.requiredAffinityTerms, f.pod);
        out.push(`required affinity [${terms(f.requiredAffinityTerms)}]: matching pods ${domains(f.affinityCounts)}${first ? ' (the pod matches its own terms: as the first of its group it may go anywhere)' : ''}`);
      }
      if (f.requiredAntiAffinityTerms.length) out.push(`required anti-affinity [${terms(f.requiredAntiAffinityTerms)}]: matching pods ${domains(f.antiAffinityCounts)}`);
      if (f.existingAntiAffinityCounts.size) out.push(`existing pods whose required anti-affinity matches this pod ${domains(f.existingAntiAffinityCounts)}`);
    }
    if (sc) {
      const scores = new Map<string, number>();
      for (const [k, vs] of sc.topologyScore) for (const [v, n] of vs) scores.set(`${k}=${v}`, n);
      out.push(`preferred terms (the pod's, and existing pods' towards it): weight ${domains(scores, true)}`);
    }
    return out;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const s = this.scoreSlot.read(state);
    return s ? nodeScore(s, node) : 0;
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): void {
    const s = this.scoreSlot.read(state);
    if (!s || s.topologyScore.size === 0) return;
    normalize(scores);
  }
}

/** `in kubernetes.io/hostname=node-1 (1), … 2 more domains`, or `in no domain`. */
function domains(counts: Map<string, number>, signed = false): string {
  if (counts.size === 0) return 'in no domain';
  const all = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const shown = all.slice(0, 6).map(([pair, n]) => `${pair} (${signed && n > 0 ? '+' : ''}${n})`);
  return `in ${shown.join(', ')}${all.length > 6 ? `, … ${all.length - 6} more domains` : ''}`;
}

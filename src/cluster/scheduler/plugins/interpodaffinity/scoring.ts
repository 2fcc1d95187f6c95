// pkg/scheduler/framework/plugins/interpodaffinity/scoring.go: PreScore adds up, per topology domain, the weights
// of preferred terms that existing pods satisfy — the incoming pod's preferred affinity (+weight) and anti-affinity
// (−weight) matched by existing pods, and, symmetrically, existing pods' required affinity (+hardPodAffinityWeight),
// preferred affinity (+weight) and preferred anti-affinity (−weight) matched by the incoming pod. A node scores the
// sum over the domains it belongs to; NormalizeScore maps the lowest to 0 and the highest to 100.
import type { Pod } from '../../../apiserver/types';
import type { Labels } from '../../../controllers/util/labels';
import type { NodeInfo } from '../../framework/nodeinfo';
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/types';
import { podAffinityInfo, termMatches, type AffinityTerm, type WeightedAffinityTerm } from './terms';

/** InterPodAffinityArgs.HardPodAffinityWeight's default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

/** scoreMap: topologyKey → topology value → score. */
export type ScoreMap = Map<string, Map<string, number>>;

export interface PreScoreState {
  topologyScore: ScoreMap;
}

function processTerm(m: ScoreMap, t: AffinityTerm, weight: number, podToCheck: Pod, nsLabels: Labels, node: NodeInfo, multiplier: number): void {
  const v = node.node.metadata.labels?.[t.topologyKey];
  if (v === undefined || !termMatches(t, podToCheck, nsLabels)) return;
  let values = m.get(t.topologyKey);
  if (!values) m.set(t.topologyKey, (values = new Map()));
  values.set(v, (values.get(v) ?? 0) + weight * multiplier);
}

function processTerms(m: ScoreMap, terms: WeightedAffinityTerm[], podToCheck: Pod, nsLabels: Labels, node: NodeInfo, multiplier: number): void {
  for (const t of terms) processTerm(m, t, t.weight, podToCheck, nsLabels, node, multiplier);
}

/** processExistingPod: one existing pod's contribution to the incoming pod's domain scores. */
export function processExistingPod(
  m: ScoreMap,
  incoming: { pod: Pod; preferredAffinityTerms: WeightedAffinityTerm[]; preferredAntiAffinityTerms: WeightedAffinityTerm[]; nsLabels: Labels },
  existing: Pod,
  node: NodeInfo,
): void {
  const labels = node.node.metadata.labels;
  if (!labels) return;
  // The incoming pod's terms had their namespaceSelector merged: no namespace labels needed for the existing pod.
  processTerms(m, incoming.preferredAffinityTerms, existing, undefined, node, 1);
  processTerms(m, incoming.preferredAntiAffinityTerms, existing, undefined, node, -1);
  const info = podAffinityInfo(existing);
  for (const t of info.requiredAffinityTerms) processTerm(m, t, HARD_POD_AFFINITY_WEIGHT, incoming.pod, incoming.nsLabels, node, 1);
  processTerms(m, info.preferredAffinityTerms, incoming.pod, incoming.nsLabels, node, 1);
  processTerms(m, info.preferredAntiAffinityTerms, incoming.pod, incoming.nsLabels, node, -1);
}

/** Score: the sum of the domain scores of the node's topology pairs. */
export function nodeScore(s: PreScoreState, node: NodeInfo): number {
  const labels = node.node.metadata.labels ?? {};
  let score = 0;
  for (const [key, values] of s.topologyScore) {
    const v = labels[key];
    if (v !== undefined) score += values.get(v) ?? 0;
  }
  return score;
}

/** NormalizeScore: (score − min) / (max − min) × 100, truncated; all equal → 0. */
export function normalize(scores: NodeScore[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s.score > max) max = s.score;
    if (s.score < min) min = s.score;
  }
  const diff = max - min;
  for (const s of scores) s.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s.score - min) / diff)) : 0;
}

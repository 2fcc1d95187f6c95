// pkg/scheduler/framework/plugins/interpodaffinity/filtering.go: PreFilter counts, per topology pair
// (`kubernetes.io/hostname=node-2`, `topology.kubernetes.io/zone=zone-a`), the existing pods that match the incoming
// pod's required (anti-)affinity terms and the existing pods whose required anti-affinity matches the incoming pod;
// Filter then answers for each node from those counts alone.
//
// Worked example: web-1 and web-2 run on node-1 and node-2 with
//   podAntiAffinity.required: [{labelSelector: {app: web}, topologyKey: kubernetes.io/hostname}]
// A third web pod arrives. antiAffinityCounts = {hostname=node-1: 1, hostname=node-2: 1}, so node-1 and node-2 fail
// ("node(s) didn't match pod anti-affinity rules") and node-3 passes. Both running pods carry the same term, which
// also matches the newcomer: existingAntiAffinityCounts holds the same pairs (the symmetric check).
import type { Pod } from '../../../apiserver/types';
import type { Labels } from '../../../controllers/util/labels';
import type { NodeInfo } from '../../framework/nodeinfo';
import { podAffinityInfo, podMatchesAllAffinityTerms, termMatches, type AffinityTerm } from './terms';

export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

/** topologyToMatchedTermCount: `key=value` → how many pods (label keys cannot contain "="). */
export type TopologyCounts = Map<string, number>;

export interface PreFilterState {
  pod: Pod;
  /** The incoming pod's namespace labels (existing pods' namespaceSelectors match them). */
  nsLabels: Labels;
  /** The incoming pod's required terms, namespaceSelector merged into namespaces. */
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  /** Existing pods whose required anti-affinity terms match the incoming pod, by their node's topology pair. */
  existingAntiAffinityCounts: TopologyCounts;
  /** Existing pods matching ALL of the incoming pod's required affinity terms. */
  affinityCounts: TopologyCounts;
  /** Existing pods matching any of the incoming pod's required anti-affinity terms. */
  antiAffinityCounts: TopologyCounts;
}

function bump(m: TopologyCounts, node: NodeInfo, key: string, by: number): void {
  const v = node.node.metadata.labels?.[key];
  if (v === undefined) return;
  const pair = `${key}=${v}`;
  const n = (m.get(pair) ?? 0) + by;
  if (n === 0) m.delete(pair);
  else m.set(pair, n);
}

/** getExistingAntiAffinityCounts: only nodes holding pods with required anti-affinity are walked. */
export function existingAntiAffinityCounts(pod: Pod, nsLabels: Labels, nodes: Iterable<NodeInfo>): TopologyCounts {
  const counts: TopologyCounts = new Map();
  for (const node of nodes)
    for (const existing of node.podsWithRequiredAntiAffinity.values())
      for (const t of podAffinityInfo(existing).requiredAntiAffinityTerms) if (termMatches(t, pod, nsLabels)) bump(counts, node, t.topologyKey, 1);
  return counts;
}

/** getIncomingAffinityAntiAffinityCounts: every pod on every node against the incoming pod's required terms. */
export function incomingAffinityAntiAffinityCounts(
  affinityTerms: AffinityTerm[],
  antiAffinityTerms: AffinityTerm[],
  nodes: NodeInfo[],
): { affinityCounts: TopologyCounts; antiAffinityCounts: TopologyCounts } {
  const affinityCounts: TopologyCounts = new Map();
  const antiAffinityCounts: TopologyCounts = new Map();
  if (affinityTerms.length === 0 && antiAffinityTerms.length === 0) return { affinityCounts, antiAffinityCounts };
  for (const node of nodes) {
    for (const existing of node.pods.values()) {
      if (podMatchesAllAffinityTerms(affinityTerms, existing)) for (const t of affinityTerms) bump(affinityCounts, node, t.topologyKey, 1);
      // The incoming pod's namespaceSelector was merged into its namespaces: no namespace labels needed here.
      for (const t of antiAffinityTerms) if (termMatches(t, existing, undefined)) bump(antiAffinityCounts, node, t.topologyKey, 1);
    }
  }
  return { affinityCounts, antiAffinityCounts };
}

/**
 * updateWithPod: the counts with `p` added to (by = 1) or taken off (by = −1) `node` — what preemption asks when it
 * tries removing victims. Speed: the counts change in place (copying them per try cost seconds a cycle at 5,000
 * nodes with hostname terms); preemption gives every pod back before it leaves the node, so the cycle ends with
 * the counts it started with.
 */
export function updateWithPod(s: PreFilterState, p: Pod, node: NodeInfo, by: number): void {
  for (const t of podAffinityInfo(p).requiredAntiAffinityTerms) if (termMatches(t, s.pod, s.nsLabels)) bump(s.existingAntiAffinityCounts, node, t.topologyKey, by);
  if (podMatchesAllAffinityTerms(s.requiredAffinityTerms, p)) for (const t of s.requiredAffinityTerms) bump(s.affinityCounts, node, t.topologyKey, by);
  for (const t of s.requiredAntiAffinityTerms) if (termMatches(t, p, undefined)) bump(s.antiAffinityCounts, node, t.topologyKey, by);
}

/** Would placing the pod here put it in a topology domain where an existing pod's anti-affinity forbids it? */
export function satisfyExistingPodsAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  const labels = node.node.metadata.labels ?? {};
  for (const k in labels) if ((s.existingAntiAffinityCounts.get(`${k}=${labels[k]}`) ?? 0) > 0) return false;
  return true;
}

/** No pod matching one of the incoming pod's anti-affinity terms may share the term's domain with this node. */
export function satisfyPodAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const labels = node.node.metadata.labels ?? {};
  for (const t of s.requiredAntiAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v !== undefined && (s.antiAffinityCounts.get(`${t.topologyKey}=${v}`) ?? 0) > 0) return false;
  }
  return true;
}

/**
 * Every affinity term's topology key must be on the node, and each domain must already hold a matching pod — unless
 * no pod anywhere matches and the pod matches its own terms: the first pod of a group that wants to be together
 * may go anywhere (else a Deployment with affinity to itself would never start).
 */
export function satisfyPodAffinity(s: PreFilterState, node: NodeInfo): boolean {
  const labels = node.node.metadata.labels ?? {};
  let podsExist = true;
  for (const t of s.requiredAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v === undefined) return false;
    if ((s.affinityCounts.get(`${t.topologyKey}=${v}`) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(s.requiredAffinityTerms, s.pod);
}

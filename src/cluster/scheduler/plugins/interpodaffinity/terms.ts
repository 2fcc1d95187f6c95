// pkg/scheduler/framework/types.go (AffinityTerm, WeightedAffinityTerm, NewPodInfo): a pod's inter-pod affinity
// terms, parsed once per pod object, and AffinityTerm.Matches — does a pod fall under a term?
//
// A term says "pods matching labelSelector, in these namespaces, counted per topologyKey domain". With neither
// namespaces nor namespaceSelector it means the pod's own namespace; namespaceSelector {} means every namespace.
import type { LabelSelector, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '../../../apiserver/types';
import { selectorMatches, selectorString, type Labels } from '../../../controllers/util/labels';

export type Matcher = (labels: Labels) => boolean;

/** labels.Nothing() (a nil selector) and labels.Everything() (an empty one). */
export const NOTHING: Matcher = () => false;
export const EVERYTHING: Matcher = () => true;

/** metav1.LabelSelectorAsSelector, compiled: terms are matched against many pods per cycle. */
export function compileSelector(sel: LabelSelector | undefined | null): Matcher {
  if (!sel) return NOTHING;
  const keys = Object.keys(sel.matchLabels ?? {});
  if (sel.matchExpressions?.length) return (l) => selectorMatches(sel, l);
  if (keys.length === 0) return EVERYTHING;
  const values = keys.map((k) => sel.matchLabels![k]!);
  return (l) => {
    if (!l) return false;
    for (let i = 0; i < keys.length; i++) if (l[keys[i]!] !== values[i]) return false;
    return true;
  };
}

export interface AffinityTerm {
  namespaces: Set<string>;
  namespaceSelector: Matcher;
  /** The namespaceSelector as written (PreFilter merges a non-empty one into `namespaces`). */
  namespaceSelectorSpec: LabelSelector | undefined;
  selector: Matcher;
  topologyKey: string;
  /** `app=web per kubernetes.io/hostname`, for explain. */
  text: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** The affinity parts of framework.PodInfo. */
export interface PodAffinityInfo {
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
}

const NONE: PodAffinityInfo = Object.freeze({
  requiredAffinityTerms: [],
  requiredAntiAffinityTerms: [],
  preferredAffinityTerms: [],
  preferredAntiAffinityTerms: [],
}) as PodAffinityInfo;

export function hasPodAffinity(pod: Pod): boolean {
  const a = pod.spec.affinity;
  return !!a && (!!a.podAffinity || !!a.podAntiAffinity);
}

/** getNamespacesFromPodAffinityTerm: no namespaces and no namespaceSelector means the pod's own namespace. */
function newAffinityTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set<string>();
  if (!t.namespaces?.length && !t.namespaceSelector) namespaces.add(pod.metadata.namespace ?? 'default');
  else for (const n of t.namespaces ?? []) namespaces.add(n);
  return {
    namespaces,
    namespaceSelector: compileSelector(t.namespaceSelector),
    namespaceSelectorSpec: t.namespaceSelector,
    selector: compileSelector(t.labelSelector),
    topologyKey: t.topologyKey,
    text: `${t.labelSelector ? selectorString(t.labelSelector) || '(all pods)' : '(no pods)'} per ${t.topologyKey}`,
  };
}

function weighted(pod: Pod, ts: WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (ts ?? []).filter((t) => t.weight !== 0).map((t) => ({ ...newAffinityTerm(pod, t.podAffinityTerm), weight: t.weight }));
}

/** Parsed once per pod object: the scheduler's cache holds the same objects cycle after cycle. */
const parsed = new WeakMap<Pod, PodAffinityInfo>();

export function podAffinityInfo(pod: Pod): PodAffinityInfo {
  if (!hasPodAffinity(pod)) return NONE;
  let info = parsed.get(pod);
  if (info) return info;
  const { podAffinity, podAntiAffinity } = pod.spec.affinity!;
  info = {
    requiredAffinityTerms: (podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newAffinityTerm(pod, t)),
    requiredAntiAffinityTerms: (podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newAffinityTerm(pod, t)),
    preferredAffinityTerms: weighted(pod, podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: weighted(pod, podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
  parsed.set(pod, info);
  return info;
}

/**
 * AffinityTerm.Matches: the pod is in one of the term's namespaces (or its namespace's labels match the
 * namespaceSelector), and its labels match the term's selector.
 */
export function termMatches(t: AffinityTerm, pod: Pod, nsLabels: Labels): boolean {
  if (t.namespaces.has(pod.metadata.namespace ?? 'default') || t.namespaceSelector(nsLabels ?? {})) return t.selector(pod.metadata.labels);
  return false;
}

/** podMatchesAllAffinityTerms: true only when there are terms and the pod matches every one. */
export function podMatchesAllAffinityTerms(terms: AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, undefined)) return false;
  return true;
}

/**
 * mergeAffinityTermNamespacesIfNotEmpty: for the incoming pod, a non-empty namespaceSelector is turned into the
 * names of the namespaces it selects now, so matching an existing pod needs no lookup of that pod's namespace.
 */
export function mergeNamespaces<T extends AffinityTerm>(terms: T[], namespaces: () => Array<{ name: string; labels: Record<string, string> }>): T[] {
  return terms.map((t) => {
    const spec = t.namespaceSelectorSpec;
    if (!spec || (!spec.matchExpressions?.length && Object.keys(spec.matchLabels ?? {}).length === 0)) return t;
    const merged = new Set(t.namespaces);
    for (const ns of namespaces()) if (t.namespaceSelector(ns.labels)) merged.add(ns.name);
    return { ...t, namespaces: merged, namespaceSelector: NOTHING };
  });
}

// pkg/scheduler/framework/interface.go: the extension points every plugin implements a few of, the Status a
// plugin answers with, and CycleState (data a plugin keeps between its PreFilter and Filter, PreScore and Score).
import type { Pod, Service, ReplicaSet } from '../../apiserver/types';
import type { NodeInfo } from './nodeinfo';

/** framework.MaxNodeScore: every normalized score lies in 0..100. */
export const MAX_NODE_SCORE = 100;

/** framework.Code */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

export interface Status {
  code: Code;
  /** What a learner sees in FailedScheduling: `Insufficient cpu`, `node(s) were unschedulable` … */
  reasons: string[];
  /** The plugin that answered (set by the framework). */
  plugin?: string;
}

export const success = (): Status => ({ code: 'Success', reasons: [] });
export const unschedulable = (...reasons: string[]): Status => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons });
export const skip = (): Status => ({ code: 'Skip', reasons: [] });
export const isSuccess = (s: Status | null | undefined): boolean => !s || s.code === 'Success';

/** framework.CycleState: per-cycle scratch space, keyed by plugin. */
export class CycleState {
  private data = new Map<string, unknown>();
  /** Bumped by every write (a StateSlot's cached read is then stale). */
  version = 0;
  /** SkipFilterPlugins: the plugins whose PreFilter said Skip do not filter this cycle (set by the framework). */
  filterPlugins: FilterPlugin[] | undefined = undefined;
  write(key: string, value: unknown): void {
    this.data.set(key, value);
    this.version++;
  }
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}

/**
 * One CycleState key as a plugin reads it from Filter or Score. Speed: those run once per node (500 times a cycle
 * at 5,000 nodes); the slot looks the key up once per cycle and state version, not once per node.
 */
export class StateSlot<T> {
  private state: CycleState | undefined;
  private version = -1;
  private value: T | undefined;
  constructor(readonly key: string) {}
  read(state: CycleState): T | undefined {
    if (state !== this.state || state.version !== this.version) {
      this.state = state;
      this.version = state.version;
      this.value = state.read<T>(this.key);
    }
    return this.value;
  }
}

/**
 * framework.Handle, the little a plugin may ask of the scheduler beyond the pod and the node: listers over the
 * informer caches (the default topology spread needs the Services and ReplicaSets that select a pod).
 */
export interface Handle {
  servicesInNamespace(namespace: string): Service[];
  replicaSet(namespace: string, name: string): ReplicaSet | undefined;
  /** Every node the scheduler knows (for ImageLocality's spread and topology domains). */
  allNodes(): NodeInfo[];
  /** HavePodsWithAffinityList: nodes holding pods with pod (anti-)affinity (InterPodAffinity; else all nodes are walked). */
  havePodsWithAffinityList?(): ReadonlySet<NodeInfo>;
  /** HavePodsWithRequiredAntiAffinityList: nodes holding pods with required pod anti-affinity. */
  havePodsWithRequiredAntiAffinityList?(): ReadonlySet<NodeInfo>;
  /** The namespace lister: a namespace's labels (undefined when unknown), for namespaceSelector. */
  namespaceLabels?(namespace: string): Record<string, string> | undefined;
  /** Every namespace's name and labels, for namespaceSelector. */
  namespaces?(): Array<{ name: string; labels: Record<string, string> }>;
}

export interface Plugin {
  readonly name: string;
  /** For `explain`: what the plugin counted this cycle, in a line or two (nothing when it had nothing to do). */
  describeState?(state: CycleState): string[] | undefined;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | null;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | null;
}

/**
 * PreFilterExtensions: preemption asks "would the pod fit here without these pods?"; a plugin whose PreFilter
 * counted pods (InterPodAffinity) updates its state for a pod taken away or put back, instead of counting again.
 */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: Pod, node: NodeInfo): void;
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: Pod, node: NodeInfo): void;
}

/** What PostFilter may ask of the framework: the Filter plugins, and the PreFilter extensions. */
export interface FilterRunner extends PreFilterExtensions {
  runFilter(state: CycleState, pod: Pod, node: NodeInfo): Status | null;
}

/** PostFilter runs when no node fits (DefaultPreemption); its message joins FailedScheduling's. */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, statuses: Map<string, Status>, numAllNodes: number, fwk: FilterRunner): PostFilterResult;
}

export interface PostFilterResult {
  status: Status;
  /** For FailedScheduling: `preemption: 0/3 nodes are available: …`. */
  message?: string;
  /** Preemption found room here by evicting `victims`. */
  nominatedNodeName?: string;
  victims?: Pod[];
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status | null;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  /** ScoreExtensions.NormalizeScore: maps raw scores onto 0..MAX_NODE_SCORE in place. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | null;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | null>;
}

export function hasPreFilter(p: Plugin): p is PreFilterPlugin {
  return typeof (p as PreFilterPlugin).preFilter === 'function';
}
export function hasFilter(p: Plugin): p is FilterPlugin {
  return typeof (p as FilterPlugin).filter === 'function';
}
export function hasPreFilterExtensions(p: Plugin): p is Plugin & PreFilterExtensions {
  return typeof (p as Partial<PreFilterExtensions>).addPod === 'function' && typeof (p as Partial<PreFilterExtensions>).removePod === 'function';
}
export function hasPostFilter(p: Plugin): p is PostFilterPlugin {
  return typeof (p as PostFilterPlugin).postFilter === 'function';
}
export function hasPreScore(p: Plugin): p is PreScorePlugin {
  return typeof (p as PreScorePlugin).preScore === 'function';
}
export function hasScore(p: Plugin): p is ScorePlugin {
  return typeof (p as ScorePlugin).score === 'function';
}
export function hasReserve(p: Plugin): p is ReservePlugin {
  return typeof (p as ReservePlugin).reserve === 'function';
}
export function hasBind(p: Plugin): p is BindPlugin {
  return typeof (p as BindPlugin).bind === 'function';
}

/**
 * pkg/scheduler/framework/plugins/helper/normalize_score.go DefaultNormalizeScore: scales so the highest
 * raw score becomes maxPriority; with reverse, the lowest wins.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    let score = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
}

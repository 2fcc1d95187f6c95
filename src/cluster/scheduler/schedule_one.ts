// pkg/scheduler/schedule_one.go: one scheduling cycle for one pod — PreFilter, Filter over the nodes starting at
// a rotating index until enough feasible nodes are found, PostFilter when none fit, PreScore, Score,
// NormalizeScore, and selectHost (the highest total, ties broken at random by reservoir sampling).
import type { Pod } from '../apiserver/types';
import type { Rand } from '../sim/rand';
import type { NodeInfo } from './framework/nodeinfo';
import type { Framework, PluginScores, ScoreTable } from './framework/runtime';
import { CycleState, type PostFilterResult, type Status } from './framework/types';

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
export const BASE_PERCENTAGE_OF_NODES_TO_SCORE = 50;

/** How many feasible nodes are enough: all below 100 nodes; else (50 − N/125)% with floors of 5% and 100 nodes. */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentageOfNodesToScore;
  if (pct <= 0) {
    pct = BASE_PERCENTAGE_OF_NODES_TO_SCORE - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** One row of `explain`: a node's filter verdict and, when feasible, its scores. */
export interface NodeVerdict {
  node: string;
  /** null: passed every filter. Only nodes looked at have a verdict (the rest: enough feasible were found). */
  status: Status | null;
  evaluated: boolean;
  scores?: PluginScores;
}

export interface ScheduleResult {
  pod: string;
  numAllNodes: number;
  verdicts: NodeVerdict[];
  /** How many nodes the filters looked at. */
  numEvaluated: number;
  feasible: string[];
  suggestedHost?: string;
  /** The FailedScheduling message when no node fits. */
  fitError?: string;
  postFilter?: PostFilterResult;
  /** What plugins counted this cycle (InterPodAffinity's matching pods per topology domain), for explain. */
  notes?: string[];
  /** Where the next cycle starts looking. */
  nextStartNodeIndex: number;
  /** Plugins whose weights applied, in order (for the table header). */
  scorePlugins: Array<{ name: string; weight: number }>;
}

/** framework.FitError.Error(): `0/3 nodes are available: 3 Insufficient cpu. preemption: …`. */
export function fitErrorMessage(numAllNodes: number, statuses: Map<string, Status>, preFilterMsg?: string, postFilterMsg?: string): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const histogram = new Map<string, number>();
    for (const st of statuses.values()) for (const r of st.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
    const parts = [...histogram].map(([r, n]) => `${n} ${r}`).sort();
    if (parts.length) msg += ` ${parts.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}

export function schedulePod(fwk: Framework, pod: Pod, nodes: NodeInfo[], startIndex: number, rand: Rand, key = `${pod.metadata.namespace}/${pod.metadata.name}`): ScheduleResult {
  const state = new CycleState();
  const n = nodes.length;
  const result: ScheduleResult = {
    pod: key,
    numAllNodes: n,
    verdicts: [],
    numEvaluated: 0,
    feasible: [],
    nextStartNodeIndex: startIndex,
    scorePlugins: fwk.score.map((s) => ({ name: s.plugin.name, weight: s.weight })),
  };
  if (n === 0) {
    result.fitError = 'no nodes available to schedule pods';
    return result;
  }
  const statuses = new Map<string, Status>();
  const pre = fwk.runPreFilter(state, pod, nodes);
  const notes = fwk.describeState(state);
  if (notes.length) result.notes = notes;
  if (pre) {
    for (const node of nodes) {
      statuses.set(node.name, pre);
      result.verdicts.push({ node: node.name, status: pre, evaluated: true });
    }
    result.numEvaluated = n;
    const post = fwk.runPostFilter(state, pod, statuses, n);
    result.postFilter = post;
    result.fitError = fitErrorMessage(n, statuses, pre.reasons.join(', '), post?.message);
    return result;
  }

  const want = numFeasibleNodesToFind(n);
  const start = startIndex % n;
  // Speed: only the nodes looked at get a verdict (500 of 5,000), as upstream's diagnosis holds only those; a
  // row per node and a Map by name made every cycle O(all nodes) in time and memory.
  const looked: NodeInfo[] = [];
  const verdictOf: Array<Status | null> = [];
  /** For each node looked at, its place among the feasible ones (-1: filtered out). */
  const feasibleAt: number[] = [];
  const feasibleNodes: NodeInfo[] = [];
  let processed = 0;
  for (let i = 0; i < n && feasibleNodes.length < want; i++) {
    const node = nodes[(start + i) % n]!;
    processed++;
    const st = fwk.runFilter(state, pod, node);
    looked.push(node);
    verdictOf.push(st);
    if (st) {
      statuses.set(node.name, st);
      feasibleAt.push(-1);
    } else {
      feasibleAt.push(feasibleNodes.length);
      feasibleNodes.push(node);
    }
  }
  result.nextStartNodeIndex = (start + processed) % n;
  result.numEvaluated = processed;
  result.feasible = feasibleNodes.map((f) => f.name);
  let scores: ScoreTable | undefined;
  // The rows are built when someone reads them (explain, the step's detail): the scheduler keeps the last 256
  // cycles, and 500 row objects per cycle kept alive were most of the garbage collector's work at scale.
  // Rows come in the nodes' own order: when the search wrapped past node n-1, the wrapped part comes first.
  const wrapped = Math.max(0, start + processed - n);
  lazyVerdicts(result, (limit) => {
    const rows: NodeVerdict[] = [];
    for (let j = 0; j < Math.min(limit, processed); j++) {
      const e = j < wrapped ? processed - wrapped + j : j - wrapped;
      const st = verdictOf[e]!;
      const f = feasibleAt[e]!;
      rows.push(st ? { node: looked[e]!.name, status: st, evaluated: true } : { node: looked[e]!.name, status: null, evaluated: true, scores: scores?.row(f) });
    }
    return rows;
  });

  if (feasibleNodes.length === 0) {
    const post = fwk.runPostFilter(state, pod, statuses, n);
    result.postFilter = post;
    result.fitError = fitErrorMessage(n, statuses, undefined, post?.status.code === 'Success' ? undefined : post?.message);
    return result;
  }
  if (feasibleNodes.length === 1) {
    result.suggestedHost = feasibleNodes[0]!.name;
    return result;
  }
  const skipped = fwk.runPreScore(state, pod, feasibleNodes);
  scores = fwk.runScore(state, pod, feasibleNodes, skipped);
  const after = fwk.describeState(state);
  if (after.length) result.notes = [...(result.notes ?? []), ...after.filter((l) => !result.notes?.includes(l))];
  const totals = new Array<{ name: string; total: number }>(feasibleNodes.length);
  for (let i = 0; i < feasibleNodes.length; i++) totals[i] = { name: feasibleNodes[i]!.name, total: scores.totals[i]! };
  result.suggestedHost = selectHost(totals, rand);
  return result;
}

const builders = new WeakMap<ScheduleResult, (limit: number) => NodeVerdict[]>();

/** The first `k` rows of `result.verdicts`, built alone when the rest were not (for a step's detail). */
export function verdictsHead(result: ScheduleResult, k: number): NodeVerdict[] {
  const build = builders.get(result);
  return build ? build(k) : result.verdicts.slice(0, k);
}

/** `result.verdicts`, built on first read and kept. */
function lazyVerdicts(result: ScheduleResult, build: (limit: number) => NodeVerdict[]): void {
  let rows: NodeVerdict[] | undefined;
  builders.set(result, (limit) => (rows ? rows.slice(0, limit) : build(limit)));
  Object.defineProperty(result, 'verdicts', {
    enumerable: true,
    configurable: true,
    get: () => (rows ??= build(Infinity)),
    set: (v: NodeVerdict[]) => {
      rows = v;
    },
  });
}

/** The highest total wins; among equals each is kept with probability 1/k (reservoir sampling). */
export function selectHost(list: Array<{ name: string; total: number }>, rand: Rand): string {
  let best = list[0]!;
  let count = 1;
  for (let i = 1; i < list.length; i++) {
    const s = list[i]!;
    if (s.total > best.total) {
      best = s;
      count = 1;
    } else if (s.total === best.total) {
      count++;
      if (rand.int(count) === 0) best = s;
    }
  }
  return best.name;
}

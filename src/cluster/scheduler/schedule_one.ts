// pkg/scheduler/schedule_one.go: one scheduling cycle for one pod — PreFilter, Filter over the nodes starting at
// a rotating index until enough feasible nodes are found, PostFilter when none fit, PreScore, Score,
// NormalizeScore, and selectHost (the highest total, ties broken at random by reservoir sampling).
import type { Pod } from '../apiserver/types';
import type { Rand } from '../sim/rand';
import type { NodeInfo } from './framework/nodeinfo';
import type { Framework, PluginScores } from './framework/runtime';
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
  feasible: string[];
  suggestedHost?: string;
  /** The FailedScheduling message when no node fits. */
  fitError?: string;
  postFilter?: PostFilterResult;
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
  if (pre) {
    for (const node of nodes) {
      statuses.set(node.name, pre);
      result.verdicts.push({ node: node.name, status: pre, evaluated: true });
    }
    const post = fwk.runPostFilter(state, pod, statuses, n);
    result.postFilter = post;
    result.fitError = fitErrorMessage(n, statuses, pre.reasons.join(', '), post?.message);
    return result;
  }

  const want = numFeasibleNodesToFind(n);
  const start = startIndex % n;
  // Speed: only the nodes looked at get a verdict (500 of 5,000), as upstream's diagnosis holds only those; a
  // row per node and a Map by name made every cycle O(all nodes) in time and memory.
  const evaluated: NodeVerdict[] = [];
  const feasibleNodes: NodeInfo[] = [];
  const feasibleVerdicts: NodeVerdict[] = [];
  let processed = 0;
  for (let i = 0; i < n && feasibleNodes.length < want; i++) {
    const node = nodes[(start + i) % n]!;
    processed++;
    const st = fwk.runFilter(state, pod, node);
    const v: NodeVerdict = { node: node.name, status: st, evaluated: true };
    evaluated.push(v);
    if (st) statuses.set(node.name, st);
    else {
      feasibleNodes.push(node);
      feasibleVerdicts.push(v);
    }
  }
  result.nextStartNodeIndex = (start + processed) % n;
  // In the nodes' own order: the search wrapped past the end when it went beyond node n-1.
  result.verdicts = start + processed > n ? [...evaluated.slice(n - start), ...evaluated.slice(0, n - start)] : evaluated;
  result.feasible = feasibleNodes.map((f) => f.name);

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
  const scores = fwk.runScore(state, pod, feasibleNodes, skipped);
  const totals = new Array<{ name: string; total: number }>(feasibleNodes.length);
  for (let i = 0; i < feasibleNodes.length; i++) {
    feasibleVerdicts[i]!.scores = scores[i];
    totals[i] = { name: feasibleNodes[i]!.name, total: scores[i]!.total };
  }
  result.suggestedHost = selectHost(totals, rand);
  return result;
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

import { describe, expect, it } from 'vitest';
import { Rand } from '../../src/cluster/sim/rand';
import { Framework } from '../../src/cluster/scheduler/framework/runtime';
import { defaultProfile } from '../../src/cluster/scheduler/plugins/registry';
import { numFeasibleNodesToFind, schedulePod, selectHost } from '../../src/cluster/scheduler/schedule_one';
import { CycleState } from '../../src/cluster/scheduler/framework/types';
import { NodeResourcesFit, leastRequestedScore } from '../../src/cluster/scheduler/plugins/noderesources/fit';
import { balancedScore } from '../../src/cluster/scheduler/plugins/noderesources/balanced_allocation';
import { TaintToleration } from '../../src/cluster/scheduler/plugins/tainttoleration';
import { NodeUnschedulable } from '../../src/cluster/scheduler/plugins/nodeunschedulable';
import { NodeAffinity } from '../../src/cluster/scheduler/plugins/nodeaffinity';
import { NodePorts } from '../../src/cluster/scheduler/plugins/nodeports';
import { calculatePriority } from '../../src/cluster/scheduler/plugins/imagelocality';
import { handleFor, infos, node, pod, replicaSet } from './helpers';

const fw = (nodes = infos()) => new Framework(defaultProfile(handleFor(nodes), async () => {}));

describe('numFeasibleNodesToFind (percentageOfNodesToScore)', () => {
  it('looks at every node below 100, then 50 − N/125 percent with floors of 5% and 100 nodes', () => {
    expect(numFeasibleNodesToFind(3)).toBe(3);
    expect(numFeasibleNodesToFind(99)).toBe(99);
    expect(numFeasibleNodesToFind(100)).toBe(100);
    expect(numFeasibleNodesToFind(150)).toBe(100);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(6000)).toBe(300);
  });
});

describe('filter plugins', () => {
  it('NodeResourcesFit reports Insufficient cpu / memory and Too many pods', () => {
    const p = new NodeResourcesFit();
    const [n] = infos(node('node-1', { cpu: '1', memory: '1Gi', pods: '1' }));
    const s = new CycleState();
    const big = pod('big', { cpu: '2', memory: '2Gi' });
    p.preFilter(s, big);
    expect(p.filter(s, big, n!)?.reasons).toEqual(['Insufficient cpu', 'Insufficient memory']);
    n!.addPod(pod('other', { nodeName: 'node-1' }));
    const small = pod('small', { cpu: '10m' });
    p.preFilter(s, small);
    expect(p.filter(s, small, n!)?.reasons).toEqual(['Too many pods']);
  });

  it('TaintToleration names the untolerated taint; tolerations let the pod through', () => {
    const [n] = infos(node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
    const p = pod('x');
    const st = new TaintToleration().filter(new CycleState(), p, n!);
    expect(st?.code).toBe('UnschedulableAndUnresolvable');
    expect(st?.reasons).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    p.spec.tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }];
    expect(new TaintToleration().filter(new CycleState(), p, n!)).toBeNull();
  });

  it('NodeUnschedulable, NodeAffinity (nodeSelector) and NodePorts speak upstream words', () => {
    const [cordoned] = infos(node('n', { unschedulable: true }));
    expect(new NodeUnschedulable().filter(new CycleState(), pod('x'), cordoned!)?.reasons).toEqual(['node(s) were unschedulable']);
    const p = pod('x');
    p.spec.nodeSelector = { disktype: 'ssd' };
    const [plain, ssd] = infos(node('a'), node('b', { labels: { disktype: 'ssd' } }));
    expect(new NodeAffinity().filter(new CycleState(), p, plain!)?.reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
    expect(new NodeAffinity().filter(new CycleState(), p, ssd!)).toBeNull();
    plain!.addPod(pod('web', { hostPort: 8080, nodeName: 'a' }));
    expect(new NodePorts().filter(new CycleState(), pod('y', { hostPort: 8080 }), plain!)?.reasons).toEqual([
      "node(s) didn't have free ports for the requested pod ports",
    ]);
  });
});

describe('score plugins', () => {
  it('LeastAllocated, BalancedAllocation and ImageLocality follow upstream arithmetic', () => {
    expect(leastRequestedScore(100, 2000)).toBe(95);
    expect(leastRequestedScore(3000, 2000)).toBe(0);
    expect(balancedScore([1000, 1024], [2000, 4096])).toBe(87); // fractions .5 and .25 → std .125
    expect(calculatePriority(0, 1)).toBe(0);
    expect(calculatePriority(1000 * 1024 * 1024, 1)).toBe(100);
  });
});

describe('a scheduling cycle', () => {
  it('an oversized pod gets the real FailedScheduling message', () => {
    const nodes = infos(node('node-1'), node('node-2'), node('node-3'));
    const r = schedulePod(fw(nodes), pod('huge', { cpu: '64' }), nodes, 0, new Rand(1));
    expect(r.suggestedHost).toBeUndefined();
    expect(r.fitError).toBe(
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
    );
    expect(r.verdicts.map((v) => v.status?.plugin)).toEqual(['NodeResourcesFit', 'NodeResourcesFit', 'NodeResourcesFit']);
  });

  it('mixes reasons, sorted, and says preemption cannot help unresolvable nodes', () => {
    const nodes = infos(
      node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
      node('node-1', { cpu: '1' }),
      node('node-2', { cpu: '1' }),
    );
    const r = schedulePod(fw(nodes), pod('p', { cpu: '1500m' }), nodes, 0, new Rand(1));
    expect(r.fitError).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..',
    );
  });

  it("spreads a ReplicaSet's pods over nodes (default topology spread + least allocated)", () => {
    const nodes = infos(node('node-1'), node('node-2'), node('node-3'));
    const rs = replicaSet('web-abc', { app: 'web' });
    const f = new Framework(defaultProfile(handleFor(nodes, [rs]), async () => {}));
    const rand = new Rand(7);
    let start = 0;
    const placed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = pod(`web-abc-${i}`, { labels: { app: 'web' }, owner: 'web-abc' });
      const r = schedulePod(f, p, nodes, start, rand);
      start = r.nextStartNodeIndex;
      placed.push(r.suggestedHost!);
      p.spec.nodeName = r.suggestedHost;
      nodes.find((n) => n.name === r.suggestedHost)!.addPod(p);
    }
    const counts = ['node-1', 'node-2', 'node-3'].map((n) => placed.filter((x) => x === n).length);
    expect(counts).toEqual([2, 2, 2]);
  });

  it('rotates the start index and breaks ties at random, reproducibly', () => {
    const list = [{ name: 'a', total: 5 }, { name: 'b', total: 5 }, { name: 'c', total: 4 }];
    const picks = (seed: number) => Array.from({ length: 20 }, ((r) => () => selectHost(list, r))(new Rand(seed)));
    expect(picks(3)).toEqual(picks(3));
    expect(new Set(picks(3))).toEqual(new Set(['a', 'b']));
  });

  it('looks at only enough nodes and starts the next cycle where this one stopped', () => {
    const nodes = infos(...Array.from({ length: 150 }, (_, i) => node(`node-${i + 1}`)));
    const f = fw(nodes);
    const r1 = schedulePod(f, pod('a'), nodes, 0, new Rand(1));
    expect(r1.verdicts.filter((v) => v.evaluated)).toHaveLength(100);
    expect(r1.feasible).toHaveLength(100);
    expect(r1.nextStartNodeIndex).toBe(100);
    const r2 = schedulePod(f, pod('b'), nodes, r1.nextStartNodeIndex, new Rand(1));
    expect(r2.feasible[0]).toBe('node-101');
    expect(r2.nextStartNodeIndex).toBe(50);
  });

  it('PodTopologySpread DoNotSchedule: a node that would push the skew past maxSkew is filtered out', () => {
    const nodes = infos(node('node-1'), node('node-2'), node('node-3'));
    for (const i of [0, 1]) nodes[0]!.addPod(pod(`w-${i}`, { labels: { app: 'w' }, nodeName: 'node-1' }));
    nodes[1]!.addPod(pod('w-2', { labels: { app: 'w' }, nodeName: 'node-2' }));
    const p = pod('new', { labels: { app: 'w' } });
    p.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'w' } } }];
    const r = schedulePod(fw(nodes), p, nodes, 0, new Rand(1));
    expect(r.verdicts.map((v) => v.status?.reasons[0] ?? 'passed')).toEqual([
      "node(s) didn't match pod topology spread constraints",
      "node(s) didn't match pod topology spread constraints",
      'passed',
    ]);
    expect(r.suggestedHost).toBe('node-3');
  });

  it('PodTopologySpread and preemption: taking a matching pod away lowers its domain\'s count, so evicting it can make room', () => {
    // Zone a holds one low-priority web pod; zone b has no web pod but is full of a higher-priority one. In zone a
    // the newcomer would make the skew 2; without `low` it is 1 — the victim upstream's preemption picks.
    const nodes = infos(node('node-a', { labels: { 'topology.kubernetes.io/zone': 'a' } }), node('node-b', { labels: { 'topology.kubernetes.io/zone': 'b' } }));
    nodes[0]!.addPod(pod('low', { labels: { app: 'w' }, nodeName: 'node-a', priority: 0 }));
    nodes[1]!.addPod(pod('big', { cpu: '2', nodeName: 'node-b', priority: 1000 }));
    const p = pod('new', { labels: { app: 'w' }, cpu: '100m', priority: 500 });
    p.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'w' } } }];
    const r = schedulePod(fw(nodes), p, nodes, 0, new Rand(1));
    expect(r.fitError).toBe("0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints.");
    expect(r.postFilter?.nominatedNodeName).toBe('node-a');
    expect(r.postFilter?.victims?.map((v) => v.metadata.name)).toEqual(['low']);
  });
});

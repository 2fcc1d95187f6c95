import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeEvent, Pod, PodAffinityTerm } from '../../src/cluster/apiserver/types';
import { SchedulerCache } from '../../src/cluster/scheduler/cache';
import { NodeInfo } from '../../src/cluster/scheduler/framework/nodeinfo';
import { Framework } from '../../src/cluster/scheduler/framework/runtime';
import { CycleState } from '../../src/cluster/scheduler/framework/types';
import { InterPodAffinity } from '../../src/cluster/scheduler/plugins/interpodaffinity';
import { defaultProfile } from '../../src/cluster/scheduler/plugins/registry';
import { schedulePod } from '../../src/cluster/scheduler/schedule_one';
import { Rand } from '../../src/cluster/sim/rand';
import { startCluster, type TestCluster } from '../cluster/helpers';
import { handleFor, infos, node, pod } from './helpers';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const term = (labels: Record<string, string>, topologyKey = HOST, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});

function withAffinity(p: Pod, a: NonNullable<Pod['spec']['affinity']>): Pod {
  p.spec.affinity = a;
  return p;
}

/** Schedules `p` over `nodes` with the default profile and, when it fits, places it there. */
function place(nodes: NodeInfo[], p: Pod, seed = 1): ReturnType<typeof schedulePod> {
  const f = new Framework(defaultProfile(handleFor(nodes), async () => {}));
  const r = schedulePod(f, p, nodes, 0, new Rand(seed));
  if (r.suggestedHost) {
    p.spec.nodeName = r.suggestedHost;
    nodes.find((n) => n.name === r.suggestedHost)!.addPod(p);
  }
  return r;
}

const antiWeb = () => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' })] } });

describe('InterPodAffinity filter', () => {
  it('required anti-affinity on the hostname spreads replicas one per node, then the next one fits nowhere with upstream words', () => {
    const nodes = infos(node('node-1'), node('node-2'), node('node-3'));
    const placed = [0, 1, 2].map((i) => place(nodes, withAffinity(pod(`web-${i}`, { labels: { app: 'web' } }), antiWeb())).suggestedHost);
    expect(new Set(placed)).toEqual(new Set(['node-1', 'node-2', 'node-3']));
    const r = place(nodes, withAffinity(pod('web-3', { labels: { app: 'web' } }), antiWeb()));
    expect(r.suggestedHost).toBeUndefined();
    expect(r.fitError).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
    );
    expect(r.verdicts.map((v) => [v.status?.plugin, v.status?.code])).toEqual([
      ['InterPodAffinity', 'Unschedulable'],
      ['InterPodAffinity', 'Unschedulable'],
      ['InterPodAffinity', 'Unschedulable'],
    ]);
  });

  it('required affinity co-locates with the cache; a node without a matching pod is UnschedulableAndUnresolvable', () => {
    const nodes = infos(node('node-1'), node('node-2'), node('node-3'));
    nodes[1]!.addPod(pod('cache', { labels: { app: 'cache' }, nodeName: 'node-2' }));
    const a = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' })] } };
    for (let i = 0; i < 3; i++) expect(place(nodes, withAffinity(pod(`app-${i}`, { labels: { app: 'api' } }), a)).suggestedHost).toBe('node-2');
    nodes[1]!.removePod(nodes[1]!.pods.get('default/cache')!);
    const r = place(nodes, withAffinity(pod('late', { labels: { app: 'api' } }), a));
    expect(r.fitError).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
    );
    expect(r.verdicts[0]!.status!.code).toBe('UnschedulableAndUnresolvable');
  });

  it('the first pod of a group whose affinity matches itself may go anywhere; the rest follow it', () => {
    const nodes = infos(node('node-1', { labels: { [ZONE]: 'a' } }), node('node-2', { labels: { [ZONE]: 'b' } }), node('node-3', { labels: { [ZONE]: 'b' } }));
    const a = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } };
    const first = place(nodes, withAffinity(pod('db-0', { labels: { app: 'db' } }), a));
    expect(first.feasible).toHaveLength(3);
    expect(first.notes?.[0]).toBe(
      'InterPodAffinity: required affinity [app=db per topology.kubernetes.io/zone]: matching pods in no domain (the pod matches its own terms: as the first of its group it may go anywhere)',
    );
    const zone = nodes.find((n) => n.name === first.suggestedHost)!.node.metadata.labels![ZONE];
    for (let i = 1; i < 5; i++) {
      const host = place(nodes, withAffinity(pod(`db-${i}`, { labels: { app: 'db' } }), a)).suggestedHost!;
      expect(nodes.find((n) => n.name === host)!.node.metadata.labels![ZONE]).toBe(zone);
    }
    // A pod whose affinity does NOT match itself gets no such pass.
    const fresh = infos(node('node-1'), node('node-2'));
    const r = place(fresh, withAffinity(pod('lonely', { labels: { app: 'other' } }), a));
    expect(r.suggestedHost).toBeUndefined();
    expect(r.fitError).toContain("2 node(s) didn't match pod affinity rules");
  });

  it("an existing pod's required anti-affinity keeps a matching newcomer out of its domain (the newcomer has no affinity)", () => {
    const nodes = infos(node('node-1', { labels: { [ZONE]: 'a' } }), node('node-2', { labels: { [ZONE]: 'a' } }), node('node-3', { labels: { [ZONE]: 'b' } }));
    const loner = withAffinity(pod('loner', { labels: { app: 'loner' }, nodeName: 'node-1' }), {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ tier: 'batch' }, ZONE)] },
    });
    nodes[0]!.addPod(loner);
    const r = place(nodes, pod('job', { labels: { tier: 'batch' } }));
    expect(r.suggestedHost).toBe('node-3');
    expect(r.verdicts.map((v) => v.status?.reasons[0] ?? 'passed')).toEqual([
      "node(s) didn't satisfy existing pods anti-affinity rules",
      "node(s) didn't satisfy existing pods anti-affinity rules",
      'passed',
    ]);
    // A pod the term does not select is not affected.
    expect(place(nodes, pod('web', { labels: { tier: 'web' } })).feasible).toHaveLength(3);
  });

  it('terms look in the pod’s own namespace unless they name namespaces', () => {
    const nodes = infos(node('node-1'), node('node-2'));
    const other = pod('cache', { labels: { app: 'cache' }, nodeName: 'node-1' });
    other.metadata.namespace = 'shop';
    nodes[0]!.addPod(other);
    const own = withAffinity(pod('a', { labels: { app: 'api' } }), { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' })] } });
    expect(place(nodes, own).feasible).toEqual(['node-1', 'node-2']);
    const named = withAffinity(pod('b', { labels: { app: 'api' } }), {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' }, HOST, { namespaces: ['shop'] })] },
    });
    expect(place(nodes, named).feasible).toEqual(['node-2']);
    const everywhere = withAffinity(pod('c', { labels: { app: 'api' } }), {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' }, HOST, { namespaceSelector: {} })] },
    });
    expect(place(nodes, everywhere).feasible).toEqual(['node-2']);
    // namespaceSelector: the namespaces whose labels match, as the namespace lister knows them now.
    const labelled = withAffinity(pod('d', { labels: { app: 'api' } }), {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' }, HOST, { namespaceSelector: { matchLabels: { team: 'shop' } } })] },
    });
    const namespaces: Array<{ name: string; labels: Record<string, string> }> = [
      { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } },
      { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', team: 'shop' } },
    ];
    const handle = { ...handleFor(nodes), namespaces: () => namespaces, namespaceLabels: (ns: string) => namespaces.find((n) => n.name === ns)?.labels };
    const r = schedulePod(new Framework(defaultProfile(handle, async () => {})), labelled, nodes, 0, new Rand(1));
    expect(r.feasible).toEqual(['node-2']);
    namespaces[1]!.labels.team = 'other';
    expect(schedulePod(new Framework(defaultProfile(handle, async () => {})), labelled, nodes, 0, new Rand(1)).feasible).toEqual(['node-1', 'node-2']);
  });

  it('preemption: a higher-priority pod evicts the lower-priority pod its anti-affinity objects to, and no other', () => {
    const nodes = infos(node('node-1'), node('node-2'));
    nodes[0]!.addPod(pod('batch-1', { labels: { app: 'batch' }, nodeName: 'node-1', priority: 0 }));
    nodes[0]!.addPod(pod('other-1', { labels: { app: 'other' }, nodeName: 'node-1', priority: 0 }));
    nodes[1]!.addPod(pod('batch-2', { labels: { app: 'batch' }, nodeName: 'node-2', priority: 1000 }));
    const p = withAffinity(pod('urgent', { labels: { app: 'urgent' }, priority: 500 }), {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'batch' })] },
    });
    const r = place(nodes, p);
    expect(r.suggestedHost).toBeUndefined();
    expect(r.fitError).toBe("0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.");
    expect(r.postFilter?.nominatedNodeName).toBe('node-1');
    expect(r.postFilter?.victims?.map((v) => v.metadata.name)).toEqual(['batch-1']);
    // Of equal priority there is nobody to evict: upstream's words.
    const same = withAffinity(pod('peer', { labels: { app: 'peer' }, priority: 0 }), {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'batch' })] },
    });
    expect(place(nodes, same).fitError).toBe(
      "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..",
    );
  });

  it('preemption tries each node from the counts the cycle started with: evicting one of two pods in a zone never helps', () => {
    // Both web pods share zone a; the urgent pod's anti-affinity is per zone. Taking web-1 off node-1 leaves web-2 in
    // the zone, and the other way round: no node has victims. (A try that did not give its pods back would let the
    // second node's try believe the zone empty, and evict a pod for nothing.)
    const nodes = infos(node('node-1', { labels: { [ZONE]: 'a' } }), node('node-2', { labels: { [ZONE]: 'a' } }));
    nodes[0]!.addPod(pod('web-1', { labels: { app: 'web' }, nodeName: 'node-1', priority: 0 }));
    nodes[1]!.addPod(pod('web-2', { labels: { app: 'web' }, nodeName: 'node-2', priority: 0 }));
    const urgent = withAffinity(pod('urgent', { labels: { app: 'urgent' }, priority: 500 }), {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, ZONE)] },
    });
    const r = place(nodes, urgent);
    expect(r.postFilter?.victims).toBeUndefined();
    expect(r.fitError).toBe(
      "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..",
    );
  });

  it('a pod without pod affinity skips the plugin when no pod has required anti-affinity', () => {
    const nodes = infos(node('node-1'));
    const plugin = new InterPodAffinity(handleFor(nodes));
    const state = new CycleState();
    expect(plugin.preFilter(state, pod('plain'), nodes)?.code).toBe('Skip');
    expect(plugin.preScore(state, pod('plain'), nodes)?.code).toBe('Skip');
  });
});

describe('InterPodAffinity speed', () => {
  it("a pod without pod affinity never walks other nodes' pods: only the nodes the cache lists as holding pods with affinity", () => {
    const cache = new SchedulerCache();
    for (let i = 1; i <= 200; i++) cache.addOrUpdateNode(node(`node-${i}`));
    for (let i = 1; i <= 200; i++) cache.addPod(pod(`plain-${i}`, { labels: { app: 'plain' }, nodeName: `node-${i}` }));
    cache.addPod(withAffinity(pod('loner', { labels: { app: 'loner' }, nodeName: 'node-7' }), antiWeb()));
    expect([...cache.havePodsWithRequiredAntiAffinityList()].map((n) => n.name)).toEqual(['node-7']);
    let walked = 0;
    for (const n of cache.list()) {
      const values = n.pods.values.bind(n.pods);
      n.pods.values = () => {
        walked++;
        return values();
      };
    }
    const handle = {
      ...handleFor(cache.list()),
      havePodsWithAffinityList: () => cache.havePodsWithAffinityList(),
      havePodsWithRequiredAntiAffinityList: () => cache.havePodsWithRequiredAntiAffinityList(),
    };
    const plugin = new InterPodAffinity(handle);
    const state = new CycleState();
    expect(plugin.preFilter(state, pod('plain-new', { labels: { app: 'plain' } }), cache.list())?.code).toBe('Skip');
    expect(plugin.preScore(state, pod('plain-new', { labels: { app: 'plain' } }), cache.list())?.code).toBe('Skip');
    // A web pod is what loner's anti-affinity rejects: only node-7 is looked at, and only its pods with affinity.
    expect(plugin.preFilter(state, pod('web-new', { labels: { app: 'web' } }), cache.list())).toBeNull();
    expect(plugin.filter(state, pod('web-new'), cache.get('node-7')!)?.reasons).toEqual(["node(s) didn't satisfy existing pods anti-affinity rules"]);
    expect(plugin.filter(state, pod('web-new'), cache.get('node-8')!)).toBeNull();
    expect(walked).toBe(0);
    // Once loner is gone the lists are empty again.
    cache.removePod(cache.get('node-7')!.pods.get('default/loner')!);
    expect([...cache.havePodsWithAffinityList()]).toEqual([]);
  });
});

describe('InterPodAffinity score', () => {
  it('preferred anti-affinity steers the pod away from matching pods; preferred affinity towards them', () => {
    const nodes = infos(node('node-1'), node('node-2'), node('node-3'));
    nodes[0]!.addPod(pod('cache', { labels: { app: 'cache' }, nodeName: 'node-1' }));
    nodes[1]!.addPod(pod('noisy', { labels: { app: 'noisy' }, nodeName: 'node-2' }));
    const prefer = withAffinity(pod('api', { labels: { app: 'api' } }), {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term({ app: 'cache' }) }] },
    });
    const r = place(nodes, prefer);
    expect(r.suggestedHost).toBe('node-1');
    const byNode = Object.fromEntries(r.verdicts.map((v) => [v.node, v.scores!.byPlugin.get('InterPodAffinity')]));
    expect(byNode).toEqual({ 'node-1': 100, 'node-2': 0, 'node-3': 0 });

    const avoid = withAffinity(pod('quiet', { labels: { app: 'quiet' } }), {
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term({ app: 'noisy' }) }] },
    });
    const r2 = place(nodes, avoid);
    expect(r2.suggestedHost).not.toBe('node-2');
    const s2 = Object.fromEntries(r2.verdicts.map((v) => [v.node, v.scores!.byPlugin.get('InterPodAffinity')]));
    expect(s2['node-2']).toBe(0);
    expect(s2['node-3']).toBe(100);
  });

  it("existing pods' preferred terms count too (symmetry): a newcomer they prefer scores higher on their node", () => {
    const nodes = infos(node('node-1'), node('node-2'));
    nodes[1]!.addPod(
      withAffinity(pod('frontend', { labels: { app: 'frontend' }, nodeName: 'node-2' }), {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term({ app: 'cache' }) }] },
      }),
    );
    const r = place(nodes, pod('cache', { labels: { app: 'cache' } }));
    expect(r.suggestedHost).toBe('node-2');
    expect(r.verdicts.map((v) => v.scores!.byPlugin.get('InterPodAffinity'))).toEqual([0, 100]);
    expect(r.notes).toEqual(["InterPodAffinity: preferred terms (the pod's, and existing pods' towards it): weight in kubernetes.io/hostname=node-2 (+50)"]);
  });

  it('same seed, same placements', () => {
    const run = (seed: number) => {
      const nodes = infos(...Array.from({ length: 8 }, (_, i) => node(`node-${i + 1}`, { labels: { [ZONE]: `z${i % 3}` } })));
      const soft = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term({ app: 'w' }, ZONE) }] } };
      return Array.from({ length: 12 }, (_, i) => place(nodes, withAffinity(pod(`w-${i}`, { labels: { app: 'w' } }), soft), seed + i).suggestedHost);
    };
    expect(run(5)).toEqual(run(5));
  });
});

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});

const DEPLOYMENT = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchLabels:
                app: web
            topologyKey: kubernetes.io/hostname
      containers:
      - name: nginx
        image: nginx
`;

describe('InterPodAffinity in the cluster', () => {
  it('kubectl apply of a Deployment with anti-affinity: 3 replicas on 3 nodes, the 4th Pending with the real message in describe and explain', async () => {
    t = await startCluster({ nodes: 3 });
    const f = join(mkdtempSync(join(tmpdir(), 'ipa-')), 'web.yaml');
    writeFileSync(f, DEPLOYMENT(3));
    await t.sh(`kubectl apply -f ${f}`);
    const api = t.cluster.api!.client('test');
    let pods = (await api.list<Pod>('pods', 'default')).items;
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    await t.sh('kubectl scale deployment web --replicas=4');
    pods = (await api.list<Pod>('pods', 'default')).items;
    const pending = pods.filter((p) => !p.spec.nodeName);
    expect(pending).toHaveLength(1);
    const msg =
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..";
    const ev = (await api.list<KubeEvent>('events', 'default')).items.find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.message).toBe(msg);
    const name = pending[0]!.metadata.name;
    expect(await t.sh(`kubectl describe pod ${name}`)).toContain(`Warning  FailedScheduling  0s    default-scheduler  ${msg}`);
    expect(await t.sh(`kubectl get pod ${name} -o jsonpath={.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey}`)).toContain(HOST);
    const explain = await t.sh(`explain ${name}`);
    expect(explain).toMatch(/node-1\s+InterPodAffinity: node\(s\) didn't match pod anti-affinity rules/);
    expect(explain).toContain('PODAFFINITY(×2)');
    expect(explain).toContain(
      'InterPodAffinity: required anti-affinity [app=web per kubernetes.io/hostname]: matching pods in kubernetes.io/hostname=node-1 (1), kubernetes.io/hostname=node-2 (1), kubernetes.io/hostname=node-3 (1)',
    );
    expect(explain).toContain('InterPodAffinity: existing pods whose required anti-affinity matches this pod in kubernetes.io/hostname=node-1 (1)');
    // Scaling back down removes the unscheduled replica first.
    await t.sh('kubectl scale deployment web --replicas=3');
    expect((await api.list<Pod>('pods', 'default')).items.filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp)).toHaveLength(0);
  });

  it('a pod waiting for its affinity target is scheduled as soon as the target is bound', async () => {
    t = await startCluster({ nodes: 3 });
    const dir = mkdtempSync(join(tmpdir(), 'ipa-'));
    const f = join(dir, 'api.yaml');
    writeFileSync(
      f,
      `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels:
    app: api
spec:
  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector:
          matchLabels:
            app: cache
        topologyKey: kubernetes.io/hostname
  containers:
  - name: api
    image: nginx
`,
    );
    await t.sh(`kubectl apply -f ${f}`);
    const api = t.cluster.api!.client('test');
    expect((await api.get<Pod>('pods', 'api', 'default')).spec.nodeName).toBeUndefined();
    const attempts = () => t!.cluster.loop.recent(10_000).filter((r) => r.component === 'kube-scheduler' && r.title.includes('default/api')).length;
    const before = attempts();
    // The queueing hint: a pod that does not match api's affinity cannot help it, so api is not tried again.
    await t.sh('kubectl run other --image=nginx --labels=app=other');
    expect((await api.get<Pod>('pods', 'other', 'default')).spec.nodeName).toBeDefined();
    expect(attempts()).toBe(before);
    expect(await t.sh('queues')).toMatch(/unschedulablePods[^\n]*\n?[^\n]*default\/api/);
    await t.sh('kubectl run cache --image=redis --labels=app=cache');
    const cache = await api.get<Pod>('pods', 'cache', 'default');
    expect((await api.get<Pod>('pods', 'api', 'default')).spec.nodeName).toBe(cache.spec.nodeName);
  });

  it('same seed, same script: the same placements, events and explain output', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'ipa-')), 'web.yaml');
    writeFileSync(f, DEPLOYMENT(4).replace('requiredDuringSchedulingIgnoredDuringExecution:\n          - labelSelector:', 'preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n            podAffinityTerm:\n              labelSelector:').replace('              matchLabels:\n                app: web\n            topologyKey', '                matchLabels:\n                  app: web\n              topologyKey'));
    const session = async () => {
      const c = await startCluster({ nodes: 3, seed: '7' });
      try {
        await c.sh(`kubectl apply -f ${f}`);
        const pods = (await c.cluster.api!.client('test').list<Pod>('pods', 'default')).items;
        expect(pods.filter((p) => p.spec.nodeName)).toHaveLength(4);
        const out = [await c.sh('kubectl get pods -o wide'), await c.sh('kubectl get events')];
        for (const p of pods) out.push(await c.sh(`explain ${p.metadata.name}`));
        return out.join('\n');
      } finally {
        await c.cluster.stop();
      }
    };
    const a = await session();
    expect(a).toContain('InterPodAffinity: preferred terms');
    expect(await session()).toBe(a);
  });

  it('the apiserver rejects a term without topologyKey, as upstream validation does', async () => {
    t = await startCluster({ nodes: 1 });
    const f = join(mkdtempSync(join(tmpdir(), 'ipa-')), 'bad.yaml');
    writeFileSync(f, DEPLOYMENT(1).replace('            topologyKey: kubernetes.io/hostname\n', ''));
    const r = await t.run(`kubectl apply -f ${f}`);
    expect(r.ok).toBe(false);
    expect(r.err).toContain(
      'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
    );
    writeFileSync(
      f,
      DEPLOYMENT(1).replace(
        'requiredDuringSchedulingIgnoredDuringExecution:\n          - labelSelector:',
        'preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 0\n            podAffinityTerm:\n              topologyKey: kubernetes.io/hostname\n              labelSelector:',
      ).replace('              matchLabels:\n                app: web\n            topologyKey: kubernetes.io/hostname\n', '                matchLabels:\n                  app: web\n'),
    );
    const weight = await t.run(`kubectl apply -f ${f}`);
    expect(weight.err).toContain(
      'spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
    );
    writeFileSync(f, DEPLOYMENT(1).replace('topologyKey:', 'topologykey:'));
    const typo = await t.run(`kubectl apply -f ${f}`);
    expect(typo.ok).toBe(false);
    expect(typo.err).toContain('unknown field "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologykey"');
  });
});

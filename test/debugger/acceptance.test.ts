// Issue 5's acceptance, on the whole mini-cluster (API server, kubectl, controllers, scheduler, kubelets), run
// in-process through the same shell the REPL, scripts and the TUI use. Checks look at the cluster's state
// (the store) where they can, and at the debugger's own output where that is the point.
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/sim/cluster';
import { prefixEnd } from '../../src/cluster/store/types';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function start(seed = '1') {
  const out: string[] = [];
  const err: string[] = [];
  cluster = await Cluster.start({ nodes: 3, seed }, { out: (t) => out.push(t), err: (t) => err.push(t) });
  const c = cluster;
  return {
    c,
    out,
    err,
    async exec(line: string): Promise<string> {
      const from = out.length;
      const ok = await c.shell.exec(line);
      if (!ok) throw new Error(`${line}: ${err.join('\n')}`);
      return out.slice(from).join('\n');
    },
    async objects(resource: string): Promise<Array<{ metadata: { name: string }; status?: { phase?: string }; spec?: { nodeName?: string } }>> {
      const prefix = `/registry/${resource}/`;
      const r = await c.kv.range({ key: prefix, rangeEnd: prefixEnd(prefix) });
      return r.kvs.map((kv) => JSON.parse(kv.value));
    },
  };
}

describe('issue 5 acceptance', () => {
  it('1. break replicaset-controller stops with the ReplicaSet created and no pods; step shows observe / compare / act; unbreak and run finish with 2 Running pods', async () => {
    const k = await start();
    await k.exec('mode step');
    await k.exec('kubectl create deployment web --image=nginx --replicas=2');
    expect(await k.exec('break replicaset-controller')).toBe('Breakpoint 1 at replicaset-controller');
    const stop = await k.exec('run');
    expect(stop).toMatch(/^Breakpoint 1, replicaset-controller: stopped before step (\d+) \(ran \d+ steps\)\nnext: step \1 {2}replicaset-controller {2}reconcile {2}.*default\/web-/);
    expect(await k.objects('replicasets')).toHaveLength(1);
    expect(await k.objects('pods')).toHaveLength(0);

    const step = await k.exec('step');
    const rec = k.c.loop.recent(1)[0]!;
    expect(rec.component).toBe('replicaset-controller');
    expect(rec.detail?.observe?.join(' ')).toMatch(/replicas=2/);
    expect(rec.detail?.compare?.join(' ')).toMatch(/desired 2, actual 0/);
    expect(rec.detail?.act?.filter((l) => l.startsWith('POST pods'))).toHaveLength(2);
    expect(step).toMatch(/^step \d+ {2}replicaset-controller {2}reconcile .*\n {2}observe {2}.*\n(.*\n)* {2}compare {2}desired 2, actual 0.*create 2 pods\n {2}act {6}POST pods/);
    expect(await k.objects('pods')).toHaveLength(2);

    expect(await k.exec('unbreak 1')).toBe('Deleted breakpoint 1 (replicaset-controller)');
    expect(await k.exec('run')).toMatch(/^ran \d+ steps \(\d+–\d+\); idle at step \d+, rev \d+/);
    const pods = await k.objects('pods');
    expect(pods.map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
    expect(pods.every((p) => /^node-[123]$/.test(p.spec?.nodeName ?? ''))).toBe(true);
    expect(await k.exec('status')).toMatch(/^nodes {8}3\npods {9}2 \(2 Running\)$/m);
  });

  it('1b. in mode auto a breakpoint stops the run that follows a kubectl line, and says so', async () => {
    const k = await start();
    await k.exec('break kube-scheduler');
    const out = await k.exec('kubectl create deployment web --image=nginx --replicas=2');
    expect(out).toMatch(/^deployment\.apps\/web created\nBreakpoint 1, kube-scheduler: stopped before step \d+/);
    expect((await k.objects('pods')).every((p) => !p.spec?.nodeName)).toBe(true);
    await k.exec('unbreak 1');
    await k.exec('run');
    expect((await k.objects('pods')).map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
  });

  it('1c. time advance stops at a breakpoint too, with the clock where it stopped', async () => {
    const k = await start();
    await k.exec('break node-lifecycle-controller');
    const out = await k.exec('time advance 30s');
    expect(out).toMatch(/^Breakpoint 1, node-lifecycle-controller: stopped before step \d+ \(ran \d+ steps?\)\nnext: step \d+ {2}node-lifecycle-controller/);
    expect(out).toMatch(/advanced 5s of 30s/);
    expect(k.c.clock.elapsed()).toBe(5_000);
  });

  it('2. trace follows a new pod from its etcd revision through the watch cache to each watcher and what each did', async () => {
    const k = await start();
    await k.exec('kubectl create deployment web --image=nginx --replicas=1');
    const [pod] = await k.objects('pods');
    const name = pod!.metadata.name;
    const key = `/registry/pods/default/${name}`;
    const created = (await k.c.kv.range({ key })).kvs[0]!.createRevision;
    const out = await k.exec(`trace 10 pods/${name}`);
    const blocks = out.split('\n\n');
    // The creation: the ReplicaSet controller's POST, etcd's revision, the watch cache, then every watcher.
    const first = blocks[0]!.split('\n');
    expect(first[0]).toBe(`rev ${created}  PUT ${key}  (replicaset-controller create at step ${first[0]!.match(/at step (\d+)/)?.[1]})`);
    expect(first[1]).toMatch(new RegExp(`^  etcd {12}delivered rev ${created} on the pods watch stream at step \\d+$`));
    expect(first[2]).toMatch(new RegExp(`^  kube-apiserver  watch cache: ADDED pods default/${name}, cache holds \\d+/\\d+ events; dispatched to \\d+ watchers$`));
    expect(blocks[0]).toMatch(/^ {4}kube-scheduler +ADDED +received at step \d+ → informer at step \d+ → \w+ at step \d+: bind pods /m);
    expect(blocks[0]).toMatch(/^ {4}kube-controller-manager +ADDED +received at step \d+ → informer at step \d+/m);
    // The bind: now the pod's kubelet sees it (its watch selects spec.nodeName) and starts it.
    const bind = blocks.find((b) => b.includes('(kube-scheduler bind'))!;
    const node = (await k.objects('pods'))[0]!.spec!.nodeName!;
    expect(bind).toMatch(new RegExp(`^ {4}kubelet/${node} +ADDED +received at step \\d+ → informer at step \\d+ → .* at step \\d+: .*updateStatus pods ${name}`, 'm'));
  });

  it('3. queues names each component\'s pending items', async () => {
    const k = await start();
    await k.exec('mode step');
    await k.exec('kubectl create deployment web --image=nginx --replicas=2');
    let q = await k.exec('queues');
    expect(q).toMatch(/^etcd\n {2}ready {2}watch-event: .*PUT \/registry\/deployments\/default\/web$/m);
    expect(q).toMatch(/^kube-apiserver\n( {2}.*\n)* {2}watch cache pods: \d+\/\d+ events/m);
    expect(q).toMatch(/^timers \(virtual time now /m);
    expect(q).toMatch(/kubelet\/node-1 {2}\w+: renew lease/);
    // Run to just before the scheduler's first cycle: its queue holds the new pods.
    await k.exec('break kube-scheduler:schedule');
    await k.exec('run');
    q = await k.exec('queues kube-scheduler');
    expect(q).toMatch(/^kube-scheduler\n {2}ready {2}schedule: /);
    expect(q.match(/activeQ default\/web-\w+-\w{5}/g)).toHaveLength(2);
  });

  it('same seed, same script: the same debugger output, byte for byte', async () => {
    const script = ['mode step', 'kubectl create deployment web --image=nginx --replicas=2', 'break replicaset-controller', 'run', 'step', 'unbreak 1', 'run', 'trace 2 pods', 'status'];
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const k = await start('7');
      for (const l of script) await k.exec(l);
      runs.push(k.out.join('\n'));
      await cluster!.stop();
      cluster = undefined;
    }
    expect(runs[1]).toBe(runs[0]);
  });
});

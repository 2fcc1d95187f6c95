import { beforeEach, describe, expect, it } from 'vitest';
import { harness, work, type Harness } from './harness';
import { queueSummary } from '../../src/cluster/sim/lines/debugger';

/**
 * A fake `create` line that sets off a chain shaped like a Deployment's: etcd delivers the event, the watch
 * cache dispatches it, the deployment controller creates a ReplicaSet, the ReplicaSet controller creates two pods.
 */
function registerFakeCreate(h: Harness, log: string[]): void {
  const loop = h.cluster.loop;
  const deliver = (key: string, then: () => void) => {
    h.revision.value++;
    loop.enqueue(
      work('etcd', 'watch-event', `PUT ${key} rev ${h.revision.value}`, {
        log,
        then: () => loop.enqueue(work('kube-apiserver', 'dispatch', `ADDED ${key}`, { log, then })),
      }),
    );
  };
  h.cluster.shell.register({
    name: 'fake-create',
    summary: 'test',
    help: 'test',
    mutates: () => true,
    run() {
      deliver('/registry/deployments/default/web', () =>
        loop.enqueue(
          work('deployment-controller', 'reconcile', 'sync Deployment default/web', {
            log,
            detail: { observe: ['Deployment default/web wants 2 replicas'], compare: ['no ReplicaSet yet'], act: ['POST replicasets web-abc'] },
            then: () =>
              deliver('/registry/replicasets/default/web-abc', () =>
                loop.enqueue(
                  work('replicaset-controller', 'reconcile', 'sync ReplicaSet default/web-abc', {
                    log,
                    detail: { observe: ['desired 2 replicas', 'actual 0 pods'], compare: ['2 missing'], act: ['create 2 pods'] },
                    then: () => {
                      deliver('/registry/pods/default/web-abc-1', () => loop.enqueue(work('kube-scheduler', 'schedule', 'schedule default/web-abc-1', { log, phase: 'filter', detail: { phases: ['filter', 'score', 'bind'], lines: ['bound to node-1'] } })));
                      deliver('/registry/pods/default/web-abc-2', () => loop.enqueue(work('kube-scheduler', 'schedule', 'schedule default/web-abc-2', { log, phase: 'filter' })));
                    },
                  }),
                ),
              ),
          }),
        ),
      );
    },
  });
}

describe('step, run and breakpoints', () => {
  let h: Harness;
  let log: string[];
  beforeEach(async () => {
    h = await harness();
    log = [];
    registerFakeCreate(h, log);
  });

  it('in mode step nothing moves until step or run; step shows observe / compare / act', async () => {
    expect(await h.exec('mode step')).toContain('mode step');
    await h.exec('fake-create');
    expect(log).toEqual([]);
    expect(await h.exec('break replicaset-controller')).toBe('Breakpoint 1 at replicaset-controller');
    const stop = await h.exec('run');
    expect(stop).toMatch(/^Breakpoint 1, replicaset-controller: stopped before step 6 \(ran 5 steps\)$/m);
    expect(stop).toContain('next: step 6  replicaset-controller  reconcile  sync ReplicaSet default/web-abc');
    expect(await h.exec('status')).toMatch(/^stopped {6}at Breakpoint 1, replicaset-controller, before step 6$/m);
    expect(log.some((l) => l.startsWith('replicaset-controller'))).toBe(false);

    const step = await h.exec('step');
    expect(step.split('\n').slice(0, 6)).toEqual([
      'step 6  replicaset-controller  reconcile  sync ReplicaSet default/web-abc',
      '  observe  desired 2 replicas',
      '           actual 0 pods',
      '  compare  2 missing',
      '  act      create 2 pods',
      'next: step 7  etcd  watch-event  PUT /registry/pods/default/web-abc-1 rev 4',
    ]);
    expect(await h.exec('breaks')).toMatch(/^Num\s+What\s+Hits\n1\s+replicaset-controller\s+1$/);
    expect(await h.exec('status')).not.toContain('stopped'); // the step moved off the stop
    expect(await h.exec('unbreak 1')).toBe('Deleted breakpoint 1 (replicaset-controller)');
    expect(await h.exec('breaks')).toBe('No breakpoints.');
    const done = await h.exec('run');
    expect(done).toMatch(/^ran 6 steps \(7–12\); idle at step 12, rev 5, 2026-01-01T00:00:00Z \(\+0s\)$/);
    expect(log.filter((l) => l.startsWith('kube-scheduler'))).toHaveLength(2);
  });

  it('a second run goes on past the breakpoint it stopped at, and stops at the next hit', async () => {
    await h.exec('mode step');
    await h.exec('fake-create');
    await h.exec('break etcd');
    // The run starts right before an etcd step: it stops there at once, before doing anything.
    expect(await h.exec('run')).toMatch(/^Breakpoint 1, etcd: stopped before step 1 \(ran 0 steps\)/);
    expect(log).toEqual([]);
    expect(await h.exec('run')).toMatch(/^Breakpoint 1, etcd: stopped before step 4 \(ran 3 steps\)/);
    expect(log).toEqual(['etcd PUT /registry/deployments/default/web rev 2', 'kube-apiserver ADDED /registry/deployments/default/web', 'deployment-controller sync Deployment default/web']);
  });

  it('in mode auto a mutating line runs the cluster, and a breakpoint stops that run and says so', async () => {
    await h.exec('break kube-scheduler:filter');
    const out = await h.exec('fake-create');
    expect(out).toMatch(/^Breakpoint 1, kube-scheduler:filter: stopped before step 11 \(ran 10 steps\)$/m);
    expect(log.filter((l) => l.startsWith('kube-scheduler'))).toEqual([]);
    await h.exec('unbreak 1');
    await h.exec('run');
    expect(log.filter((l) => l.startsWith('kube-scheduler'))).toHaveLength(2);
  });

  it('phases: a reconcile stops at observe / compare / act; other phases do not match it', async () => {
    await h.exec('mode step');
    await h.exec('fake-create');
    await h.exec('break replicaset-controller:bind');
    await h.exec('break deployment-controller:act');
    expect(await h.exec('run')).toMatch(/^Breakpoint 2, deployment-controller:act: stopped before step 3/);
  });

  it('a scheduling step shows its phases', async () => {
    await h.exec('fake-create');
    await h.exec('mode step');
    h.cluster.loop.enqueue(work('kube-scheduler', 'schedule', 'schedule default/x', { detail: { phases: ['filter', 'score', 'bind'], lines: ['bound default/x to node-2'] } }));
    const out = await h.exec('step');
    expect(out).toContain('  phases   filter → score → bind\n  bound default/x to node-2');
  });

  it('kubelet alone means every kubelet; kubelet/NODE one of them', async () => {
    await h.exec('mode step');
    for (const n of [1, 2, 3]) h.cluster.loop.enqueue(work(`kubelet/node-${n}`, 'sync', `sync pod on node-${n}`, { log }));
    await h.exec('break kubelet/node-3');
    await h.exec('break kubelet');
    const stop = await h.exec('run'); // stops at once before node-1's sync: `kubelet` matches it
    expect(stop).toMatch(/^Breakpoint 2, kubelet: stopped before step 1/);
    await h.exec('unbreak 2');
    expect(await h.exec('run')).toMatch(/^Breakpoint 1, kubelet\/node-3: stopped before step 3 \(ran 2 steps\)/);
  });

  it('step N runs N steps; step with nothing to do says so and what comes next', async () => {
    await h.exec('mode step');
    await h.exec('fake-create');
    const out = await h.exec('step 3');
    expect(out.split('\n').filter((l) => l.startsWith('step '))).toHaveLength(3);
    await h.exec('run');
    h.cluster.loop.after(10_000, work('kubelet/node-1', 'timer', 'renew lease node-1'));
    const idle = await h.exec('step');
    expect(idle).toBe('nothing to do at 2026-01-01T00:00:00Z (+0s)\nnext: in 10s, kubelet/node-1 timer: renew lease node-1 (`time advance` moves the clock)');
  });

  it('Cluster.advance (time advance) stops at a breakpoint too, with the clock where the stop happened', async () => {
    h.cluster.loop.after(10_000, work('kubelet/node-1', 'lease', 'renew lease node-1', { log }));
    h.cluster.loop.after(20_000, work('kubelet/node-2', 'lease', 'renew lease node-2', { log }));
    await h.exec('break kubelet/node-2');
    const r = await h.cluster.advance(30_000);
    expect(r.reason).toBe('break');
    expect(h.out.at(-2)).toBe('Breakpoint 1, kubelet/node-2: stopped before step 2 (ran 1 step)');
    expect(log).toEqual(['kubelet/node-1 renew lease node-1']);
    expect(h.cluster.clock.elapsed()).toBe(20_000);
    await h.exec('run');
    expect(log).toHaveLength(2);
  });

  it('step passes a short wait, as run does', async () => {
    await h.exec('mode step');
    h.cluster.loop.after(2_000, work('kubelet/node-1', 'sync', 'image pulled nginx'), { short: true });
    expect(await h.exec('step')).toMatch(/^step 1  kubelet\/node-1  sync  image pulled nginx/);
    expect(h.cluster.clock.elapsed()).toBe(2_000);
  });
});

describe('mistakes get one clear line and change nothing', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  const fails = async (line: string) => {
    const ok = await h.cluster.shell.exec(line);
    expect(ok).toBe(false);
    return h.err.pop();
  };

  it('unknown components, nodes, ids and numbers', async () => {
    expect(await fails('break replicaset-controler')).toBe(
      'Error: unknown component "replicaset-controler"; did you mean "replicaset-controller"?; components are etcd, kube-apiserver, kube-scheduler, deployment-controller, replicaset-controller, node-lifecycle-controller, taint-eviction-controller, endpoints-controller, garbage-collector, namespace-controller, kubelet, kube-proxy, kubelet/NODE, kube-proxy/NODE',
    );
    expect(await fails('break kubelet/node-9')).toBe('Error: unknown node "node-9" in "kubelet/node-9" (nodes: node-1, node-2, node-3)');
    expect(await fails('break')).toMatch(/^Error: usage: break COMPONENT\[:PHASE\]/);
    expect(await fails('break etcd:')).toMatch(/^Error: bad breakpoint "etcd:"/);
    expect(await fails('unbreak 7')).toBe('Error: no breakpoint number 7 (see `breaks`)');
    expect(await fails('unbreak x')).toMatch(/^Error: bad breakpoint number "x"/);
    expect(await fails('step 0')).toBe('Error: step: N must be a whole number of 1 or more, got "0"');
    expect(await fails('mode fast')).toBe('Error: usage: mode auto|step (got "fast")');
    expect(await h.exec('breaks')).toBe('No breakpoints.');
    expect(h.cluster.mode).toBe('auto');
  });

  it('numbers keep counting after a delete, as gdb does; a duplicate gets a note', async () => {
    await h.exec('break etcd');
    await h.exec('unbreak 1');
    expect(await h.exec('break etcd')).toBe('Breakpoint 2 at etcd');
    expect(await h.exec('break etcd')).toBe('Note: breakpoint 2 also set at etcd.\nBreakpoint 3 at etcd');
    expect(await h.exec('unbreak all')).toBe('Deleted 2 breakpoints.');
    expect(h.cluster.breakpoints).toBeUndefined();
  });
});

describe('queues and status', () => {
  it('queues names each component\'s pending items, its own queues, and the timers', async () => {
    const h = await harness();
    await h.exec('mode step');
    const loop = h.cluster.loop;
    loop.enqueue(work('kube-apiserver', 'dispatch', 'ADDED pods default/web-1 → kube-scheduler'));
    loop.enqueue(work('etcd', 'watch-event', 'PUT /registry/pods/default/web-1'));
    loop.enqueue(work('kubelet/node-2', 'sync', 'sync pod default/web-1'));
    loop.registerQueue('kube-scheduler', () => ['activeQ: default/web-1', 'backoffQ: (empty)']);
    loop.registerQueue('replicaset-controller', () => ['workqueue: default/web-abc']);
    loop.registerQueue('kubelet/node-1', () => []);
    loop.registerQueue('kubelet/node-10', () => []);
    loop.registerQueue('kubelet/node-2-pod-workers', () => ['default/web-1 (working)']);
    loop.after(10_000, work('kubelet/node-1', 'timer', 'renew lease node-1'));
    loop.after(1_500, work('kubelet/node-2', 'sync', 'image pulled nginx'), { short: true });
    expect((await h.exec('queues')).split('\n')).toEqual([
      'etcd',
      '  ready  watch-event: PUT /registry/pods/default/web-1',
      'kube-apiserver',
      '  ready  dispatch: ADDED pods default/web-1 → kube-scheduler',
      'kube-scheduler',
      '  activeQ: default/web-1',
      '  backoffQ: (empty)',
      'replicaset-controller',
      '  workqueue: default/web-abc',
      'kubelet/node-2',
      '  ready  sync: sync pod default/web-1',
      '  pod-workers: default/web-1 (working)',
      'timers (virtual time now 2026-01-01T00:00:00Z)',
      '  in 1.5s    kubelet/node-2  sync: image pulled nginx (short wait: run passes it)',
      '  in 10s     kubelet/node-1  timer: renew lease node-1',
      'idle: kubelet/node-1, kubelet/node-10',
    ]);
    expect(queueSummary(h.cluster)).toEqual([
      'etcd  1 ready',
      '  watch-event: PUT /registry/pods/default/web-1',
      'kube-apiserver  1 ready',
      '  dispatch: ADDED pods default/web-1 → kube-scheduler',
      'kubelet/node-2  1 ready',
      '  sync: sync pod default/web-1',
      'kube-scheduler  activeQ: default/web-1 (+1)',
      'replicaset-controller  workqueue: default/web-abc',
      'timers  2, next in 1.5s: kubelet/node-2 image pulled nginx',
    ]);
    expect((await h.exec('queues kubelet')).split('\n')[0]).toBe('kubelet/node-2');
    expect(await h.exec('queues kube-proxy')).toBe('kube-proxy: nothing pending');
  });

  it('status shows step, revision, time, mode, store, nodes and pods', async () => {
    const h = await harness();
    h.revision.value = 42;
    h.keys.set('/registry/minions/node-1', '{}');
    h.keys.set('/registry/minions/node-2', '{}');
    h.keys.set('/registry/pods/default/a', JSON.stringify({ status: { phase: 'Running' } }));
    h.keys.set('/registry/pods/default/b', JSON.stringify({ status: { phase: 'Pending' } }));
    h.keys.set('/registry/pods/default/c', JSON.stringify({ status: { phase: 'Running' } }));
    h.cluster.loop.enqueue(work('etcd', 'watch-event', 'x'));
    await h.exec('step');
    await h.exec('break kube-scheduler:bind');
    expect((await h.exec('status')).split('\n')).toEqual([
      'step         1',
      'revision     42',
      'time         2026-01-01T00:00:00Z (+0s)',
      'mode         auto',
      'store        memory (embedded etcd)',
      'nodes        2',
      'pods         3 (1 Pending, 2 Running)',
      'pending      0 ready, 0 timers',
      'breakpoints  1 kube-scheduler:bind',
    ]);
  });

  it('a bare cluster says it has no API server', async () => {
    const h = await harness({ bare: true });
    expect(await h.exec('status')).toContain('cluster      bare: an etcd alone, no API server');
  });
});

describe('phases', () => {
  it('score and the other scheduling-cycle points stop before the scheduling step; bind before the bind step; a word no step uses gets a note', async () => {
    const h = await harness();
    await h.exec('mode step');
    const log: string[] = [];
    h.cluster.loop.enqueue(work('kube-scheduler', 'informer', 'informer pods: Added default/a', { log }));
    await h.exec('step');
    h.cluster.loop.enqueue(work('kube-scheduler', 'schedule', 'scheduling cycle', { log, phase: 'filter' }));
    h.cluster.loop.enqueue(work('kube-scheduler', 'bind', 'bind default/a to node-1', { log, phase: 'bind' }));
    expect(await h.exec('break kube-scheduler:score')).toBe('Breakpoint 1 at kube-scheduler:score');
    expect(await h.exec('break kube-scheduler:postbind')).toBe('Breakpoint 2 at kube-scheduler:postbind');
    expect(await h.exec('break kube-scheduler:frobnicate')).toBe(
      'Breakpoint 3 at kube-scheduler:frobnicate\nNote: no kube-scheduler step so far had phase or kind "frobnicate" (seen: informer); it stops before the first that does.',
    );
    expect(await h.exec('break etcd:txn')).toMatch(/^Breakpoint 4 at etcd:txn\nNote: a txn is not a step of its own/);
    expect(await h.exec('run')).toMatch(/^Breakpoint 1, kube-scheduler:score: stopped before step 2/);
    expect(await h.exec('run')).toMatch(/^Breakpoint 2, kube-scheduler:postbind: stopped before step 3/);
  });
});

describe('runInSlices (the TUI\'s r)', () => {
  it('runs to idle in slices, reporting progress between them, and stops at breakpoints as run does', async () => {
    const h = await harness();
    const { debuggerFor } = await import('../../src/cluster/sim/debugger');
    for (let i = 0; i < 1200; i++) h.cluster.loop.enqueue(work(i === 1100 ? 'kube-scheduler' : 'etcd', 'watch-event', `e${i}`));
    const seen: number[] = [];
    await h.exec('break kube-scheduler');
    const r = await debuggerFor(h.cluster).runInSlices(500, { progress: (n) => seen.push(n) });
    expect(r).toMatchObject({ reason: 'break', steps: 1100 });
    expect(seen).toEqual([500, 1000]);
    expect(h.out.at(-2)).toBe('Breakpoint 1, kube-scheduler: stopped before step 1101 (ran 1100 steps)');
    await h.exec('unbreak 1');
    expect(await debuggerFor(h.cluster).runInSlices(500)).toEqual({ reason: 'idle', steps: 100 });
  });

  it('ends early when cancelled (Ctrl-C in the TUI)', async () => {
    const h = await harness();
    const { debuggerFor } = await import('../../src/cluster/sim/debugger');
    for (let i = 0; i < 1200; i++) h.cluster.loop.enqueue(work('etcd', 'watch-event', `e${i}`));
    const r = await debuggerFor(h.cluster).runInSlices(500, { cancelled: () => true });
    expect(r).toMatchObject({ steps: 500, interrupted: true });
    expect(h.cluster.loop.pendingCount).toBe(700);
  });
});

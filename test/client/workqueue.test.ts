import { describe, expect, it } from 'vitest';
import { Loop } from '../../src/cluster/sim/loop';
import { ItemExponentialFailureRateLimiter, RateLimitingQueue } from '../../src/cluster/client/workqueue';
import { runWorker } from '../../src/cluster/client/worker';

describe('WorkQueue', () => {
  it('de-duplicates keys waiting in the queue', () => {
    const loop = new Loop();
    const q = new RateLimitingQueue('replicaset-controller', loop);
    q.add('default/a');
    q.add('default/b');
    q.add('default/a');
    expect(q.len()).toBe(2);
    expect(q.pending()).toEqual(['default/a', 'default/b']);
    expect(loop.queues()).toEqual([{ component: 'replicaset-controller', items: ['default/a', 'default/b'] }]);
  });

  it('never hands one key to two workers: a key re-added while processing waits for done', () => {
    const loop = new Loop();
    const q = new RateLimitingQueue('c', loop);
    q.add('k');
    expect(q.get()).toBe('k');
    q.add('k');
    q.add('k');
    expect(q.len()).toBe(0);
    expect(q.get()).toBeUndefined();
    q.done('k');
    expect(q.pending()).toEqual(['k']);
    expect(q.get()).toBe('k');
    q.done('k');
    expect(q.len()).toBe(0);
  });

  it('backs off per item: 5 ms doubling, capped at 1000 s, forgotten on success', () => {
    const rl = new ItemExponentialFailureRateLimiter();
    const waits = Array.from({ length: 5 }, () => rl.when('a'));
    expect(waits).toEqual([5, 10, 20, 40, 80]);
    expect(rl.when('b')).toBe(5);
    for (let i = 0; i < 30; i++) rl.when('a');
    expect(rl.when('a')).toBe(1000_000);
    expect(rl.numRequeues('a')).toBe(36);
    rl.forget('a');
    expect(rl.when('a')).toBe(5);
  });

  it('requeues with backoff on the virtual clock (short waits that run passes through)', async () => {
    const loop = new Loop();
    const q = new RateLimitingQueue('deployment-controller', loop);
    const t0 = loop.now();
    const ran: number[] = [];
    let failures = 3;
    runWorker(q, loop, () => {
      ran.push(loop.now() - t0);
      if (failures-- > 0) return { requeue: true, observe: ['x'] };
      return { observe: ['desired 2'], compare: ['actual 0'], act: ['create 2 pods'] };
    });
    q.add('default/web');
    await loop.run();
    expect(ran).toEqual([0, 5, 15, 35]);
    expect(q.numRequeues('default/web')).toBe(0);
    const steps = loop.recent(20).filter((r) => r.kind === 'reconcile');
    expect(steps).toHaveLength(4);
    expect(steps[0]).toMatchObject({ component: 'deployment-controller', title: 'reconcile default/web' });
    expect(steps[3]!.detail).toMatchObject({ observe: ['desired 2'], compare: ['actual 0'], act: ['create 2 pods'] });
  });

  it('addAfter keeps the earliest time and shows the waiting key in queues', async () => {
    const loop = new Loop();
    const q = new RateLimitingQueue('c', loop);
    const ran: string[] = [];
    runWorker(q, loop, (k) => {
      ran.push(`${k}@${loop.clock.elapsed()}`);
    });
    q.addAfter('a', 10_000);
    q.addAfter('a', 2_000);
    q.addAfter('a', 5_000);
    expect(loop.queues()[0]!.items).toEqual(['a (in 2000 ms)']);
    await loop.run();
    expect(ran).toEqual(['a@2000']);
  });

  it('a failing reconcile shows its error on the step and is retried', async () => {
    const loop = new Loop();
    const q = new RateLimitingQueue('c', loop);
    let n = 0;
    runWorker(q, loop, () => {
      if (n++ === 0) throw new Error('Operation cannot be fulfilled');
      return undefined;
    });
    q.add('k');
    await loop.run();
    const steps = loop.recent(10).filter((r) => r.kind === 'reconcile');
    expect(steps.map((s) => s.error)).toEqual(['Operation cannot be fulfilled', undefined]);
  });
});

// Growth (issue 9): the cost of one operation as the cluster grows by tens — pods held by the API server, and
// watchers on one resource — so that a path that grows worse than n log n shows (keys are in the store section).
// Each figure is CPU time per operation; the ratio 1e5 ÷ 1e3 is shown with the growth it may have.
import { figure, quick, section } from './harness';
import { ApiServer } from '../src/cluster/apiserver/server';
import type { Pod } from '../src/cluster/apiserver/types';
import { Loop } from '../src/cluster/sim/loop';
import { Rand } from '../src/cluster/sim/rand';
import { createMemoryStore } from '../src/cluster/store/memory';

function pod(name: string, node: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'growth' } },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] },
  };
}

async function boot(): Promise<{ loop: Loop; api: ApiServer }> {
  const loop = new Loop(undefined, { historyLimit: 100 });
  const api = new ApiServer(createMemoryStore(loop), loop, new Rand('growth'));
  await api.start();
  await api.bootstrap();
  await loop.run();
  return { loop, api };
}

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

section('growth', async () => {
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const fmt = (n: number) => n.toLocaleString('en-US');
  const BATCH = 1000;

  // 1. Pods: create one more pod (API server → etcd txn → watch → watch cache → one informer's watcher) with n
  //    pods already held, and update one (GuaranteedUpdate: read, write, fan-out).
  const createCost: number[] = [];
  {
    // Warm the JIT on a throwaway server first, so the smallest size is not measured cold.
    const warm = await boot();
    const w = warm.api.client('bench');
    for (let i = 0; i < 3000; i++) {
      const p = await w.create<Pod>('pods', pod(`w-${i}`, `node-${i % 50}`));
      if (i % 3 === 0) await w.update<Pod>('pods', { ...p, metadata: { ...p.metadata, labels: { app: 'growth', v: 'w' } } });
    }
    await warm.loop.run();
    await warm.api.stop();
  }
  {
    const { loop, api } = await boot();
    const c = api.client('bench');
    let seen = 0;
    await c.watch('pods', undefined, {}, () => seen++);
    let made = 0;
    for (const n of sizes) {
      while (made < n - BATCH) await c.create<Pod>('pods', pod(`p-${made}`, `node-${made++ % 5000}`));
      await loop.run();
      let best = Infinity;
      // Best of a few short batches (the last one brings the count to n).
      for (let r = 0; r < 4; r++) {
        const t0 = cpu();
        for (let i = 0; i < BATCH >> 2; i++) await c.create<Pod>('pods', pod(`p-${made}`, `node-${made++ % 5000}`));
        await loop.run();
        best = Math.min(best, (cpu() - t0) / (BATCH >> 2));
      }
      createCost.push(best);
      figure({ name: `pod create + watch delivery @${fmt(n)} pods`, value: Math.round(best * 10) / 10, unit: 'µs' });
      const t0 = cpu();
      for (let i = 0; i < 200; i++) {
        const name = `p-${(i * 7919) % made}`;
        const cur = await c.get<Pod>('pods', name, 'default');
        await c.update<Pod>('pods', { ...cur, metadata: { ...cur.metadata, labels: { app: 'growth', v: String(i) } } });
      }
      await loop.run();
      figure({ name: `pod get + update + watch delivery @${fmt(n)} pods`, value: Math.round(((cpu() - t0) / 200) * 10) / 10, unit: 'µs' });
    }
    if (seen < made) throw new Error(`the watcher saw ${seen} of ${made} pods`);
    await api.stop();
  }
  const r1 = createCost[createCost.length - 1]! / createCost[0]!;
  const span = sizes[sizes.length - 1]! / sizes[0]!;
  // Over 100× the pods a per-operation cost may grow by log n at most (5/3 from 1e3 to 1e5); 3× leaves room for
  // the CPU caches that a larger heap misses.
  figure({ name: `pod create cost ${fmt(sizes[sizes.length - 1]!)} ÷ ${fmt(sizes[0]!)} pods (${span}× the pods)`, value: Math.round(r1 * 100) / 100, unit: '×', goal: '≤ 3× (log n)', ok: r1 <= 3 });

  // 2. Watchers: one change fanned out to w watchers of pods; CPU per delivery (each is a loop step).
  const perDelivery: number[] = [];
  for (const w of sizes) {
    const { loop, api } = await boot();
    const c = api.client('bench');
    let delivered = 0;
    for (let i = 0; i < w; i++) await api.client(`watcher-${i}`).watch('pods', undefined, {}, () => delivered++);
    let cur = await c.create<Pod>('pods', pod('fan', 'node-1'));
    await loop.run();
    let best = Infinity;
    for (let r = 0; r < (w >= 100_000 ? 3 : 8); r++) {
      cur = await c.update<Pod>('pods', { ...cur, metadata: { ...cur.metadata, labels: { app: 'growth', r: String(r) } } });
      const before = delivered;
      const t0 = cpu();
      await loop.run();
      best = Math.min(best, (cpu() - t0) / (delivered - before));
      if (delivered - before !== w) throw new Error(`a change reached ${delivered - before} of ${w} watchers`);
    }
    perDelivery.push(best);
    figure({ name: `one delivery to one of ${fmt(w)} watchers`, value: Math.round(best * 1000) / 1000, unit: 'µs' });
    await api.stop();
  }
  const r2 = perDelivery[perDelivery.length - 1]! / perDelivery[0]!;
  figure({ name: `delivery cost ${fmt(sizes[sizes.length - 1]!)} ÷ ${fmt(sizes[0]!)} watchers`, value: Math.round(r2 * 100) / 100, unit: '×', goal: '≤ 3× (flat)', ok: r2 <= 3 });
});

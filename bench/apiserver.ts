// kube-apiserver's watch cache: one change fanned out to 10,000 watchers (each delivery a loop step), list from
// the watch cache against a quorum list from etcd at 10,000 pods, and the cost of one event with 5,000
// kubelets watching through the spec.nodeName index.
import { performance } from 'node:perf_hooks';
import { figure, section } from './harness';
import { Loop } from '../src/cluster/sim/loop';
import { Rand } from '../src/cluster/sim/rand';
import { createMemoryStore } from '../src/cluster/store/memory';
import { ApiServer } from '../src/cluster/apiserver/server';
import type { Pod } from '../src/cluster/apiserver/types';

function pod(name: string, nodeName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'bench' } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.14.2' }], ...(nodeName ? { nodeName } : {}) },
  };
}

async function boot(): Promise<{ loop: Loop; api: ApiServer }> {
  const loop = new Loop(undefined, { historyLimit: 200 });
  const api = new ApiServer(createMemoryStore(loop), loop, new Rand('bench'));
  await api.start();
  await api.bootstrap();
  await loop.run();
  return { loop, api };
}

section('apiserver', async () => {
  // 1. Fan-out: 10,000 watchers on pods, one change at a time.
  {
    const { loop, api } = await boot();
    const WATCHERS = 10_000;
    let delivered = 0;
    for (let i = 0; i < WATCHERS; i++) {
      await api.client(`watcher-${i}`).watch('pods', undefined, {}, () => {
        delivered++;
      });
    }
    const kubectl = api.client('kubectl');
    let cur = await kubectl.create<Pod>('pods', pod('fan'));
    await loop.run();
    const ROUNDS = 20;
    let best = Infinity;
    const times: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      cur = await kubectl.update<Pod>('pods', { ...cur, metadata: { ...cur.metadata, labels: { app: 'bench', r: String(r) } } });
      const before = delivered;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await loop.run();
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      if (delivered - before !== WATCHERS) throw new Error(`a change reached ${delivered - before} of ${WATCHERS} watchers`);
      best = Math.min(best, ms);
      times.push(ms);
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
    const medianCpu = [...cpu].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
    figure({
      name: `fan-out of one change to ${WATCHERS.toLocaleString('en')} pod watchers (best of ${ROUNDS})`,
      value: Math.round(WATCHERS / (best / 1000)),
      unit: 'deliveries/s',
      goal: '≥ 1,000,000/s',
      ok: WATCHERS / (best / 1000) >= 1_000_000,
    });
    figure({ name: 'fan-out, median round (wall clock; shared CPUs slow it)', value: Math.round(WATCHERS / (median / 1000)), unit: 'deliveries/s' });
    figure({ name: 'fan-out, median round (per CPU second)', value: Math.round(WATCHERS / (medianCpu / 1000)), unit: 'deliveries/s' });
    figure({ name: 'one fan-out (best)', value: Math.round(best * 100) / 100, unit: 'ms' });
  }

  // 2. List from the watch cache ("0") against a quorum list from etcd ("") at 10,000 pods.
  {
    const { loop, api } = await boot();
    const kubectl = api.client('kubectl');
    const PODS = 10_000;
    for (let i = 0; i < PODS; i++) await kubectl.create<Pod>('pods', pod(`p-${i}`, `node-${i % 100}`));
    await loop.run();
    const time = async (rv: string) => {
      let best = Infinity;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        const l = await kubectl.list('pods', undefined, { resourceVersion: rv });
        best = Math.min(best, performance.now() - t0);
        if (l.items.length !== PODS) throw new Error(`listed ${l.items.length} pods`);
      }
      return best;
    };
    const fromEtcd = await time('');
    const fromCache = await time('0');
    figure({ name: `list ${PODS.toLocaleString('en')} pods from etcd (resourceVersion "")`, value: Math.round(fromEtcd * 100) / 100, unit: 'ms' });
    figure({ name: `list ${PODS.toLocaleString('en')} pods from the watch cache (resourceVersion "0")`, value: Math.round(fromCache * 100) / 100, unit: 'ms' });
    figure({ name: 'etcd list ÷ cache list', value: Math.round((fromEtcd / fromCache) * 10) / 10, unit: '×', goal: '> 1×', ok: fromEtcd > fromCache });
    const t0 = performance.now();
    const mine = await kubectl.list('pods', undefined, { resourceVersion: '0', fieldSelector: 'spec.nodeName=node-7' });
    figure({ name: `one node's pods from the cache (spec.nodeName index, ${mine.items.length} of ${PODS})`, value: Math.round((performance.now() - t0) * 1000) / 1000, unit: 'ms' });
  }

  // 3. 5,000 kubelets watching pods by spec.nodeName: an event visits one watcher, not 5,000, so its cost is
  //    about what it is with no watchers at all (plus the one dispatch).
  {
    const NODES = 5_000;
    const perEvent = async (watchers: number): Promise<number> => {
      const { loop, api } = await boot();
      let delivered = 0;
      for (let i = 0; i < watchers; i++) {
        await api.client(`kubelet/node-${i}`).watch('pods', undefined, { fieldSelector: `spec.nodeName=node-${i}` }, () => {
          delivered++;
        });
      }
      const kubectl = api.client('kubectl');
      const N = 500;
      let best = Infinity;
      for (let r = 0; r < 4; r++) {
        for (let i = 0; i < N; i++) await kubectl.create<Pod>('pods', pod(`k-${r}-${i}`, `node-${(i * 7) % NODES}`));
        const t0 = performance.now();
        await loop.run();
        best = Math.min(best, ((performance.now() - t0) * 1000) / N);
      }
      if (watchers && delivered !== N * 4) throw new Error(`${delivered} deliveries for ${N * 4} pods`);
      return best;
    };
    const none = await perEvent(0);
    const indexed = await perEvent(NODES);
    figure({ name: 'one pod event, no watchers', value: Math.round(none * 10) / 10, unit: 'µs' });
    figure({ name: `one pod event, ${NODES.toLocaleString('en')} kubelets watching by spec.nodeName`, value: Math.round(indexed * 10) / 10, unit: 'µs' });
    figure({ name: `cost with ${NODES.toLocaleString('en')} indexed watchers ÷ cost with none`, value: Math.round((indexed / none) * 100) / 100, unit: '×', goal: '≤ 3×', ok: indexed / none <= 3 });
  }
});

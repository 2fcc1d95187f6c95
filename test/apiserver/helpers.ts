import { Loop } from '../../src/cluster/sim/loop';
import { Rand } from '../../src/cluster/sim/rand';
import { createMemoryStore } from '../../src/cluster/store/memory';
import { ApiServer, type ApiServerOptions } from '../../src/cluster/apiserver/server';
import type { Pod, Deployment } from '../../src/cluster/apiserver/types';

export async function startApi(opts: ApiServerOptions = {}) {
  const loop = new Loop();
  const kv = createMemoryStore(loop);
  const api = new ApiServer(kv, loop, new Rand('test'), opts);
  await api.start();
  await api.bootstrap();
  await loop.run();
  return { loop, kv, api, client: api.client('kubectl') };
}

export function pod(name: string, extra: Partial<Pod['spec']> = {}, labels: Record<string, string> = { app: 'web' }): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'c', image: 'nginx:1.14.2' }], ...extra },
  };
}

export function deployment(name: string, replicas = 3): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] } },
    },
  };
}

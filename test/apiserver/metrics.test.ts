// Where a read was served, as kube-apiserver's /metrics counts it, and `kubectl get --raw` to see it.
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/sim/cluster';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function start() {
  let out = '';
  let err = '';
  cluster = await Cluster.start({ nodes: 1, seed: '1' }, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) });
  const c = cluster;
  return async (line: string) => {
    out = '';
    err = '';
    const ok = await c.shell.exec(line);
    return { ok, out, err };
  };
}

/** The value of one sample in /metrics (0 when the counter has not been touched). */
function sample(metrics: string, name: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

const CACHE_PODS = 'apiserver_cache_list_total{index="",resource_prefix="/pods"}';
const ETCD_PODS = 'etcd_requests_total{operation="listWithCount",type="pods"}';

describe('reads from the watch cache and from etcd', () => {
  it('a list with resourceVersion=0 is served by the watch cache, a list without one by etcd', async () => {
    const run = await start();
    const m0 = (await run('kubectl get --raw /metrics')).out;

    const cached = await run('kubectl get --raw "/api/v1/namespaces/kube-system/pods?resourceVersion=0"');
    expect(JSON.parse(cached.out)).toMatchObject({ kind: 'PodList', apiVersion: 'v1', items: [] });
    const m1 = (await run('kubectl get --raw /metrics')).out;
    expect(sample(m1, CACHE_PODS)).toBe(sample(m0, CACHE_PODS) + 1);
    expect(sample(m1, ETCD_PODS)).toBe(sample(m0, ETCD_PODS));

    await run('kubectl get --raw /api/v1/namespaces/kube-system/pods');
    const m2 = (await run('kubectl get --raw /metrics')).out;
    expect(sample(m2, ETCD_PODS)).toBe(sample(m1, ETCD_PODS) + 1);
    expect(sample(m2, CACHE_PODS)).toBe(sample(m1, CACHE_PODS));
  });

  it('--raw gets one object by its REST path, and refuses paths and arguments as kubectl does', async () => {
    const run = await start();
    await run('kubectl create deployment web --image=nginx');
    const dep = await run('kubectl get --raw /apis/apps/v1/namespaces/default/deployments/web');
    expect(JSON.parse(dep.out)).toMatchObject({ kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } });
    expect((await run('kubectl get --raw /api/v1/deployments')).err.trim()).toBe(
      'Error from server (NotFound): the server could not find the requested resource',
    );
    expect((await run('kubectl get --raw /api/v1/namespaces/default/pods/nope')).err.trim()).toBe('Error from server (NotFound): pods "nope" not found');
    expect((await run('kubectl get pods --raw /metrics')).err.trim()).toBe('error: arguments may not be passed when --raw is specified');
  });
});

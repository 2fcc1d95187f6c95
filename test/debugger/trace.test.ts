import { describe, expect, it } from 'vitest';
import { harness, work } from './harness';

describe('trace', () => {
  it('follows a change from its etcd revision through the watch cache to each watcher and its reaction', async () => {
    const h = await harness();
    const loop = h.cluster.loop;
    // Steps 1–6: the write, etcd's delivery, two dispatches, the informers, and the scheduler's cycle.
    for (const [c, k, t] of [
      ['replicaset-controller', 'reconcile', 'sync ReplicaSet default/web-abc'],
      ['etcd', 'watch-event', 'deliver rev 7'],
      ['kube-apiserver', 'dispatch', 'dispatch ADDED pods default/web-abc-x1 → kube-scheduler'],
      ['kube-apiserver', 'dispatch', 'dispatch ADDED pods default/web-abc-x1 → replicaset-controller'],
      ['kube-scheduler', 'informer', 'ADDED pods default/web-abc-x1'],
      ['replicaset-controller', 'informer', 'ADDED pods default/web-abc-x1: enqueue default/web-abc'],
      ['kube-scheduler', 'schedule', 'schedule default/web-abc-x1'],
    ] as const)
      loop.enqueue(work(c, k, t));
    await loop.run();
    const changes = [
      {
        revision: 7, resource: 'pods', key: '/registry/pods/default/web-abc-x1', namespace: 'default', name: 'web-abc-x1',
        etcdType: 'PUT', type: 'ADDED', writer: 'replicaset-controller', verb: 'create', writeStep: 1, cacheStep: 2, cacheSize: 12, cacheCapacity: 100,
        watchers: [
          { who: 'kube-scheduler', type: 'ADDED', dispatchStep: 3, informerStep: 5 },
          { who: 'replicaset-controller', type: 'ADDED', dispatchStep: 4, informerStep: 6 },
          { who: 'kubelet/node-1', type: 'ADDED' },
        ],
        moreWatchers: 0,
      },
      {
        revision: 8, resource: 'pods', key: '/registry/pods/default/web-abc-x1', namespace: 'default', name: 'web-abc-x1',
        etcdType: 'PUT', type: 'MODIFIED', writer: 'kube-scheduler', verb: 'bind', writeStep: 7, watchers: [], moreWatchers: 0,
      },
    ];
    changes.push({
      revision: 9, resource: 'leases', key: '/registry/leases/kube-node-lease/node-1', namespace: 'kube-node-lease', name: 'node-1',
      etcdType: 'PUT', type: 'MODIFIED', writer: 'kubelet/node-1', verb: 'update', writeStep: 7, watchers: [], moreWatchers: 0,
    } as (typeof changes)[number]);
    (h.cluster as unknown as { api: unknown }).api = { traces: { recent: (n = 10) => changes.slice(-n) } };
    // Node heartbeats stay out of a plain `trace`, and in `trace leases`.
    expect(await h.exec('trace 1')).toMatch(/^rev 8 /);
    expect(await h.exec('trace 1 leases')).toMatch(/^rev 9  PUT \/registry\/leases\/kube-node-lease\/node-1  \(kubelet\/node-1 update\)/);
    const out = await h.exec('trace 1 rs');
    expect(out).toBe('no recent changes to replicasets');
    expect((await h.exec('trace 2 pods')).split('\n').slice(0, 6)).toEqual([
      'rev 7  PUT /registry/pods/default/web-abc-x1  (replicaset-controller create at step 1)',
      '  etcd            delivered rev 7 on the pods watch stream at step 2',
      '  kube-apiserver  watch cache: ADDED pods default/web-abc-x1, cache holds 12/100 events; dispatched to 3 watchers',
      '    kube-scheduler         ADDED    received at step 3 → informer at step 5 → schedule at step 7: bind pods web-abc-x1 → rev 8',
      '    replicaset-controller  ADDED    received at step 4 → informer at step 6 → cache updated, nothing more to do',
      '    kubelet/node-1         ADDED    queued for dispatch (not delivered yet)',
    ]);
  });

  it("a node's status update is not answered by the next pod bound to that node, nor by its lease renewal", async () => {
    const h = await harness();
    const loop = h.cluster.loop;
    for (const [c, k, t] of [
      ['kubelet/node-1', 'sync', 'updateStatus node node-1'],
      ['etcd', 'watch-event', 'deliver rev 5'],
      ['kube-apiserver', 'dispatch', 'dispatch MODIFIED nodes node-1 → kube-scheduler'],
      ['kube-apiserver', 'dispatch', 'dispatch MODIFIED nodes node-1 → kubelet/node-1'],
      ['kube-scheduler', 'informer', 'MODIFIED nodes node-1'],
      ['kubelet/node-1', 'informer', 'MODIFIED nodes node-1'],
      ['kubelet/node-1', 'lease', 'renew lease kube-node-lease/node-1'],
      ['kube-scheduler', 'bind', 'bind default/hello to node-1'],
    ] as const)
      loop.enqueue(work(c, k, t));
    await loop.run();
    const changes = [
      {
        revision: 5, resource: 'nodes', key: '/registry/minions/node-1', name: 'node-1', etcdType: 'PUT', type: 'MODIFIED',
        writer: 'kubelet/node-1', verb: 'updateStatus', writeStep: 1, cacheStep: 2, cacheSize: 3, cacheCapacity: 100,
        watchers: [
          { who: 'kube-scheduler', type: 'MODIFIED', dispatchStep: 3, informerStep: 5 },
          { who: 'kubelet/node-1', type: 'MODIFIED', dispatchStep: 4, informerStep: 6 },
        ],
        moreWatchers: 0,
      },
    ];
    (h.cluster as unknown as { api: unknown }).api = { traces: { recent: (n = 10) => changes.slice(-n) } };
    expect((await h.exec('trace 1 nodes')).split('\n').slice(3)).toEqual([
      '    kube-scheduler  MODIFIED received at step 3 → informer at step 5 → cache updated, nothing more to do',
      '    kubelet/node-1  MODIFIED received at step 4 → informer at step 6 → cache updated, nothing more to do',
    ]);
  });

  it('a bare cluster has no watch cache to trace through: one clear line', async () => {
    const h = await harness({ bare: true });
    expect(await h.cluster.shell.exec('trace')).toBe(false);
    expect(h.err.pop()).toMatch(/^Error: trace follows changes through the API server's watch cache, and this cluster is bare/);
  });
});

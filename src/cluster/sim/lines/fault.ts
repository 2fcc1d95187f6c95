// The `fault` line: break the cluster on purpose and watch it heal. node-down stops a kubelet (no heartbeats,
// no pod syncs — a crashed kubelet or a partitioned node); node-up brings it back; etcd-wipe loses every object
// (why etcd is critical, and why `etcdctl snapshot save` matters).
import type { Cluster } from '../cluster';
import { componentsOf } from '../components';
import { lineFail } from '../shell';

export function registerFaultLine(cluster: Cluster): void {
  cluster.shell.register({
    name: 'fault',
    summary: 'inject a failure: fault node-down NODE | node-up NODE | etcd-wipe | etcd-member-down|up NAME',
    help: [
      'fault node-down NODE',
      '  The node’s kubelet stops: no Lease renewals, no status, no pod syncs (its containers keep running).',
      '  After the 40s grace period the node lifecycle controller marks it Ready=Unknown and taints it',
      '  node.kubernetes.io/unreachable; 300s later (the pods’ default toleration) its pods are evicted and',
      '  their ReplicaSets replace them on other nodes. Try: fault node-down node-1; time advance 50s; kubectl get nodes',
      'fault node-up NODE',
      '  The kubelet comes back: it renews its Lease, reports Ready and finishes what happened meanwhile.',
      'fault etcd-wipe',
      '  Every key in etcd is gone, as if its data directory were lost. The API server and every informer',
      '  notice; kubelets stop the containers of pods that no longer exist. `etcdctl snapshot restore FILE`',
      '  (after an earlier `etcdctl snapshot save FILE`) brings the cluster back.',
      'fault etcd-member-down NAME   (with --store local-etcd:N or memory:N)',
      '  Stops one etcd member. While a majority of members is up, etcd still commits every write; below',
      '  it, every write and every quorum read fails with "etcdserver: request timed out".',
      'fault etcd-member-up NAME',
      '  Starts the member again; it catches up from the others.',
    ].join('\n'),
    mutates: () => true,
    async run({ args, io }) {
      const [what, node] = args;
      const comps = componentsOf(cluster);
      if (what === 'node-down' || what === 'node-up') {
        if (!node) lineFail(`fault ${what} needs a node name, e.g. "fault ${what} node-1"`);
        const k = comps?.kubelets.get(node!);
        if (!k) lineFail(`node "${node}" not found (nodes: ${[...(comps?.kubelets.keys() ?? [])].join(', ') || 'none'})`);
        if (what === 'node-down') {
          if (k!.down) lineFail(`node "${node}" is already down`);
          k!.setDown();
          io.out(`node/${node} down: its kubelet stopped heartbeating and syncing pods`);
        } else {
          if (!k!.down) lineFail(`node "${node}" is not down`);
          k!.setUp();
          io.out(`node/${node} up: its kubelet renews its lease and resyncs its pods`);
        }
        return;
      }
      if (what === 'etcd-wipe') {
        await cluster.kv.wipe();
        io.out('etcd wiped: every key is gone (revision kept moving); components will notice');
        return;
      }
      if (what === 'etcd-member-down' || what === 'etcd-member-up') {
        const members = cluster.kv.members;
        if (!members) lineFail(`fault ${what} needs etcd members kubetutor runs itself: start the cluster with --store local-etcd:3 (or memory:3)`);
        if (!node) lineFail(`fault ${what} needs a member name (members: ${members!.list().map((m) => m.name).join(', ')})`);
        const member = members!.list().find((m) => m.name === node);
        if (!member) lineFail(`no etcd member "${node}" (members: ${members!.list().map((m) => m.name).join(', ')})`);
        const down = what === 'etcd-member-down';
        if (member!.up !== down) lineFail(`etcd member "${node}" is already ${down ? 'down' : 'up'}`);
        await (down ? members!.stop(node!) : members!.start(node!));
        const list = members!.list();
        const up = list.filter((m) => m.up).length;
        const quorum = Math.floor(list.length / 2) + 1;
        io.out(`etcd member ${node} ${down ? 'stopped' : 'started'}: ${up} of ${list.length} up, quorum is ${quorum} — ${up >= quorum ? 'writes commit' : 'writes fail: no quorum'}`);
        return;
      }
      lineFail(`unknown fault "${what ?? ''}"; use node-down NODE, node-up NODE, etcd-wipe, etcd-member-down NAME or etcd-member-up NAME`);
    },
    complete: (words, partial, c) => {
      if (words.length === 0) return ['node-down', 'node-up', 'etcd-wipe', 'etcd-member-down', 'etcd-member-up'].filter((w) => w.startsWith(partial));
      if (words[0] === 'etcd-member-down' || words[0] === 'etcd-member-up') return ((c as Cluster).kv.members?.list() ?? []).map((m) => m.name).filter((n) => n.startsWith(partial));
      if (words[0] === 'node-down' || words[0] === 'node-up') return [...(componentsOf(c as Cluster)?.kubelets.keys() ?? [])].filter((n) => n.startsWith(partial));
      return [];
    },
  });
}

// `watch-cache [RESOURCE [SIZE]]`: kube-apiserver's watch caches (storage/cacher/watch_cache.go) made visible —
// each resource's window of recent events, the oldest resourceVersion a watch may resume from, and its
// watchers — and the window's size settable (upstream: --watch-cache-sizes=pods#1000), to see 410 Gone happen.
import type { Cluster } from '../cluster';
import type { ResourceName } from '../../apiserver/api';
import { RESOURCE_NAMES } from '../../apiserver/registry';
import { lineFail } from '../shell';

const ALIASES: Record<string, ResourceName> = {
  po: 'pods', pod: 'pods', no: 'nodes', node: 'nodes', ns: 'namespaces', namespace: 'namespaces',
  svc: 'services', service: 'services', ep: 'endpoints', deploy: 'deployments', deployment: 'deployments',
  rs: 'replicasets', replicaset: 'replicasets', ev: 'events', event: 'events', lease: 'leases',
};

function resolve(word: string): ResourceName | undefined {
  const w = word.toLowerCase();
  if ((RESOURCE_NAMES as string[]).includes(w)) return w as ResourceName;
  return ALIASES[w];
}

export function registerWatchCacheLine(cluster: Cluster): void {
  cluster.shell.register({
    name: 'watch-cache',
    summary: "show kube-apiserver's watch caches (window, oldest resourceVersion, watchers), or resize one",
    help: [
      'watch-cache [RESOURCE [SIZE]]',
      'watch-cache restart',
      '  Each resource has one watch cache: the current objects plus a window of its most recent events. A watch',
      '  that resumes from a resourceVersion older than the window gets 410 Gone ("too old resource version")',
      '  and its informer relists. With RESOURCE, shows that cache and its watchers; with SIZE, sets its window',
      '  (kube-apiserver --watch-cache-sizes=RESOURCE#SIZE), keeping the newest events. `restart` does what',
      '  restarting kube-apiserver does: every cache relists from etcd, every watch ends with 410 Gone, and every',
      '  informer lists again (watch the `list` steps).',
      'Examples:',
      '  watch-cache',
      '  watch-cache pods',
      '  watch-cache pods 5',
      '  watch-cache restart',
    ].join('\n'),
    mutates: (args) => args.length >= 2 || args[0] === 'restart',
    async run({ args, io }) {
      const api = cluster.api;
      if (!api) lineFail('no API server: this cluster is bare (an etcd alone)');
      if (args.length > 2) lineFail('usage: watch-cache [RESOURCE [SIZE]]');
      if (args.length === 0) {
        const rows = api.summaries().map((s) => [s.resource, `${s.window}/${s.capacity}`, String(s.resourceVersion), String(s.oldest - 1), String(s.objects), String(s.watchers)]);
        const head = ['RESOURCE', 'WINDOW', 'RV', 'OLDEST-RESUMABLE', 'OBJECTS', 'WATCHERS'];
        const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        for (const r of [head, ...rows]) io.out(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join(''));
        return;
      }
      if (args[0] === 'restart') {
        if (args.length > 1) lineFail('usage: watch-cache restart');
        const watchers = api.summaries().reduce((n, x) => n + x.watchers, 0);
        await api.resync();
        io.out(`kube-apiserver restarted: every watch cache relisted from etcd; ${watchers} watches end with 410 Gone and their informers relist`);
        return;
      }
      const resource = resolve(args[0]!);
      if (!resource) lineFail(`the server doesn't have a resource type "${args[0]}"`);
      const cacher = api.cacher(resource);
      if (args.length === 2) {
        const size = Number(args[1]);
        if (!Number.isInteger(size) || size < 1) lineFail(`invalid size "${args[1]}": a whole number of events, at least 1`);
        cacher.watchCache.setCapacity(size);
        io.out(`watch cache ${resource}: window ${size} events (oldest resumable resourceVersion ${cacher.watchCache.oldest() - 1})`);
        return;
      }
      const s = cacher.summary();
      io.out(`watch cache ${resource}: ${s.window}/${s.capacity} events, rv ${s.resourceVersion}, ${s.objects} objects`);
      io.out(`  a watch may resume from resourceVersion ${s.oldest - 1} or later; older gets 410 Gone`);
      const evs = cacher.watchCache.events().slice(-10);
      if (evs.length) io.out(`  last ${evs.length} events:`);
      for (const e of evs) io.out(`    rv ${e.resourceVersion}  ${e.type.padEnd(8)} ${e.key}`);
      const ws = cacher.listWatchers();
      io.out(`  ${ws.length} watcher${ws.length === 1 ? '' : 's'}${s.indexedWatchers ? ` (${s.indexedWatchers} indexed by ${cacher.info.triggerField})` : ''}:`);
      for (const w of ws.slice(0, 20)) {
        const sel = [w.namespace ? `namespace=${w.namespace}` : '', w.label ? `-l ${w.label}` : '', w.field ? `--field-selector ${w.field}` : ''].filter(Boolean).join(' ');
        io.out(`    ${w.who}${sel ? `  ${sel}` : ''}  (${w.delivered} delivered)`);
      }
      if (ws.length > 20) io.out(`    … and ${ws.length - 20} more`);
    },
    complete: (words, partial) => (words.length === 0 ? [...RESOURCE_NAMES, 'restart'].filter((r) => r.startsWith(partial)) : []),
  });
}

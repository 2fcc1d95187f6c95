// The `curl` line: what a request to a ClusterIP meets on a node — kube-proxy's rules (KUBE-SVC → one of the
// KUBE-SEP chains at random, with the cluster's seeded source) and then the pod. Verbose lines (`* …`, like
// curl -v) go to stderr, the body to stdout.
import type { Pod } from '../../apiserver/types';
import type { Cluster } from '../cluster';
import { componentsOf } from '../components';
import { pickEndpoint } from '../../node/kube_proxy';
import { parseImage } from '../../node/runtime';
import { LineError, lineFail } from '../shell';

const NGINX_PAGE = [
  '<!DOCTYPE html>',
  '<html>',
  '<head>',
  '<title>Welcome to nginx!</title>',
  '</head>',
  '<body>',
  '<h1>Welcome to nginx!</h1>',
  '<p>If you see this page, the nginx web server is successfully installed and working.</p>',
  '</body>',
  '</html>',
];

function parseTarget(url: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:https?:\/\/)?([0-9.]+|[a-z0-9.-]+)(?::(\d+))?(\/.*)?$/i.exec(url);
  if (!m) return undefined;
  return { host: m[1]!, port: m[2] ? Number(m[2]) : 80, path: m[3] ?? '/' };
}

export function registerCurlLine(cluster: Cluster): void {
  cluster.shell.register({
    name: 'curl',
    summary: 'send a request to a ClusterIP:PORT (or a pod IP) and see which pod kube-proxy picks',
    help: [
      'curl [--node NODE] [http://]IP[:PORT][/PATH]',
      '  Follows a request as a pod on NODE (default: the first node) would send it: to a Service ClusterIP,',
      '  kube-proxy’s rules on that node pick one ready endpoint at random (each equally likely); to a pod IP,',
      '  it goes straight to the pod; to a node IP and a NodePort, KUBE-NODEPORTS sends it on to the Service.',
      '  nginx pods answer with their welcome page.',
      '  Example: kubectl expose deployment nginx-deployment --port=80; kubectl get svc; curl 10.96.x.y:80',
    ].join('\n'),
    async run({ args, io }) {
      let node: string | undefined;
      const rest: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (a === '--node') node = args[++i];
        else if (a.startsWith('--node=')) node = a.slice(7);
        else if (a === '-s' || a === '-v' || a === '--silent') continue;
        else rest.push(a);
      }
      if (rest.length !== 1) lineFail('curl needs one URL, e.g. "curl 10.96.0.10:80"');
      const target = parseTarget(rest[0]!);
      if (!target) throw new LineError(`curl: (3) URL rejected: Malformed input to a URL function`);
      const comps = componentsOf(cluster);
      if (!comps || !cluster.api) lineFail('the cluster has no nodes (started with --bare?)');
      const proxyNode = node ?? [...comps!.proxies.keys()][0];
      const proxy = proxyNode ? comps!.proxies.get(proxyNode) : undefined;
      if (!proxy) lineFail(`node "${node}" not found`);
      const { host, port, path } = target;
      const fail = (code: number, msg: string): never => {
        throw new LineError(`curl: (${code}) ${msg}`);
      };
      let podIP = host;
      let podPort = port;
      const nodeIPs = [...comps!.kubelets.values()].map((k) => k.nodeIP);
      const rule = proxy!.lookup(host, port, 'TCP', nodeIPs);
      if (rule) {
        const via = rule.clusterIP === host ? '' : ` via KUBE-NODEPORTS (nodePort ${port})`;
        io.err(`* ${proxy!.component}: ${host}:${port}${via} matches ${rule.chain} (service ${rule.servicePortName}, ${rule.endpoints.length} endpoint${rule.endpoints.length === 1 ? '' : 's'})`);
        if (rule.endpoints.length === 0) fail(7, `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`);
        const picked = pickEndpoint(rule, cluster.rand)!;
        const e = picked.endpoint;
        io.err(`* ${e.chain} (probability ${picked.probability.toFixed(5)}): DNAT to ${e.ip}:${e.port}${e.pod ? ` — pod ${e.pod}${e.nodeName ? ` on ${e.nodeName}` : ''}` : ''}`);
        podIP = e.ip;
        podPort = e.port;
      } else if (!host.startsWith('10.244.')) {
        fail(28, `Failed to connect to ${host} port ${port} after 130000 ms: Connection timed out`);
      }
      // The pod behind the address.
      const pods = await cluster.api!.client('curl').list<Pod>('pods');
      const pod = pods.items.find((p) => p.status?.podIP === podIP && !p.metadata.deletionTimestamp);
      if (!pod || pod.status?.phase !== 'Running') fail(7, `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`);
      const listens = pod!.spec.containers.some((c) => {
        const repo = parseImage(c.image).repo;
        const serves = /(^|\/)nginx$/.test(repo) && podPort === 80;
        return serves || (c.ports ?? []).some((p) => p.containerPort === podPort && /(^|\/)nginx$/.test(repo));
      });
      if (!listens) fail(7, `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`);
      // `fault app-unhealthy|app-hang|app-slow-start`: the app behind the port answers 500, not at all, or not yet.
      const server = pod!.spec.containers.find((c) => /(^|\/)nginx$/.test(parseImage(c.image).repo));
      const fault = server && comps!.kubelets.get(pod!.spec.nodeName ?? '')?.appFault(`${pod!.metadata.namespace ?? 'default'}/${pod!.metadata.name}`, server.name);
      if (fault?.mode === 'starting') fail(7, `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`);
      io.err(`* connected to ${podIP}:${podPort} (pod ${pod!.metadata.namespace}/${pod!.metadata.name})`);
      if (fault?.mode === 'hang') fail(28, 'Operation timed out after 130000 milliseconds with 0 bytes received');
      if (fault?.mode === 'unhealthy') {
        io.out(['<html>', '<head><title>500 Internal Server Error</title></head>', '<body>', '<center><h1>500 Internal Server Error</h1></center>', '<hr><center>nginx</center>', '</body>', '</html>'].join('\n'));
        return;
      }
      if (path !== '/' && path !== '/index.html') {
        io.out(['<html>', '<head><title>404 Not Found</title></head>', '<body>', '<center><h1>404 Not Found</h1></center>', '<hr><center>nginx</center>', '</body>', '</html>'].join('\n'));
        return;
      }
      io.out(NGINX_PAGE.join('\n'));
    },
  });
}

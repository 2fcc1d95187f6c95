// The `fault` line: break the cluster on purpose and watch it heal. node-down stops a kubelet (no heartbeats,
// no pod syncs — a crashed kubelet or a partitioned node); node-up brings it back; etcd-wipe loses every object
// (why etcd is critical, and why `etcdctl snapshot save` matters); app-unhealthy / app-hang / app-healthy change
// what the app in a container answers its probes (watch liveness restart it and readiness take it out of service).
import { ApiError } from '../../apiserver/api';
import type { Pod } from '../../apiserver/types';
import type { AppFault } from '../../node/prober';
import type { Cluster } from '../cluster';
import { parseDuration } from '../clock';
import { componentsOf } from '../components';
import { apiErrorText } from '../kubectl/env';
import { LineError, lineFail } from '../shell';

const APP_FAULTS = ['app-unhealthy', 'app-hang', 'app-slow-start', 'app-healthy'];

/** `fault app-unhealthy|app-hang|app-healthy POD [CONTAINER] [-n NS] [--persistent]`, `fault app-slow-start POD [CONTAINER] DURATION`. */
async function appFault(cluster: Cluster, what: string, args: string[], out: (t: string) => void, err: (t: string) => void): Promise<void> {
  let namespace = 'default';
  let persistent = false;
  const rest: string[] = [];
  let containerFlag: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n' || a === '--namespace') namespace = args[++i] ?? '';
    else if (a.startsWith('--namespace=')) namespace = a.slice(12);
    else if (a === '--persistent' && what !== 'app-slow-start') persistent = true;
    else if (a === '-c' || a === '--container') containerFlag = args[++i] ?? '';
    else if (a.startsWith('-')) lineFail(`unknown flag ${a} for fault ${what} (flags: -n NAMESPACE, -c CONTAINER${what === 'app-healthy' || what === 'app-slow-start' ? '' : ', --persistent'})`);
    else rest.push(a);
  }
  let startMs: number | undefined;
  if (what === 'app-slow-start') {
    // The last word is the start-up time: fault app-slow-start POD [CONTAINER] DURATION.
    const last = rest.length > 1 ? rest.pop()! : undefined;
    startMs = last === undefined ? undefined : parseDuration(last);
    if (last === undefined || startMs === undefined || startMs <= 0)
      lineFail(`fault app-slow-start needs a pod name and how long each start takes, e.g. "fault app-slow-start web-7d4b9c8f6d-x2x9k 60s"${last !== undefined ? ` (not a duration: "${last}")` : ''}`);
  }
  const [podName, containerPositional, extra] = rest;
  if (extra !== undefined) lineFail(`fault ${what} takes one pod and at most one container; "${extra}" is one word too many`);
  const containerArg = containerFlag ?? containerPositional;
  if (!podName) lineFail(`fault ${what} needs a pod name, e.g. "fault ${what} web-7d4b9c8f6d-x2x9k${what === 'app-slow-start' ? ' 60s' : ''}"`);
  if (persistent && what === 'app-healthy') lineFail('--persistent goes with app-unhealthy or app-hang');
  if (!cluster.api) lineFail('the cluster has no API server (started with --bare?)');
  let pod: Pod;
  try {
    pod = await cluster.api!.client('kubectl').get<Pod>('pods', podName!, namespace);
  } catch (e) {
    if (e instanceof ApiError) throw new LineError(apiErrorText(e));
    throw e;
  }
  const names = pod.spec.containers.map((c) => c.name);
  let container = containerArg;
  if (container === undefined) {
    container = names[0]!;
    if (names.length > 1) err(`Defaulted container "${container}" out of: ${names.join(', ')}`);
  } else if (!names.includes(container)) throw new LineError(`error: container ${container} is not valid for pod ${podName}`);
  const kubelet = pod.spec.nodeName ? componentsOf(cluster)?.kubelets.get(pod.spec.nodeName) : undefined;
  const podKey = `${namespace}/${podName}`;
  const fault: AppFault | undefined =
    what === 'app-healthy'
      ? undefined
      : what === 'app-slow-start'
        ? { mode: 'starting', persistent: true, startMs }
        : { mode: what === 'app-hang' ? 'hang' : 'unhealthy', persistent };
  if (!kubelet || !kubelet.setAppFault(podKey, container!, fault)) lineFail(`pod "${podName}" has no running container ${container} yet (phase ${pod.status?.phase ?? 'Pending'}): wait for it to start`);
  const spec = pod.spec.containers.find((c) => c.name === container)!;
  const probes = [spec.livenessProbe && 'liveness', spec.readinessProbe && 'readiness', spec.startupProbe && 'startup'].filter(Boolean);
  const probed = probes.length ? ` (its ${probes.join(', ')} probe${probes.length > 1 ? 's' : ''} will notice on the next run)` : ' (it has no probes: nothing in the cluster will notice)';
  if (what === 'app-slow-start')
    out(`pod/${podName}: the app in container ${container} now takes ${formatSeconds(startMs!)} to start: until then it listens on nothing (this start and every restart)${probed}`);
  else if (what === 'app-healthy') out(`pod/${podName}: the app in container ${container} is healthy again${probed}`);
  else if (what === 'app-hang')
    out(`pod/${podName}: the app in container ${container} hangs: probes time out${persistent ? ', even after a restart' : ' until the container restarts'}${probed}`);
  else out(`pod/${podName}: the app in container ${container} is unhealthy: HTTP 500, refused connections, exit 1${persistent ? ', even after a restart' : ' until the container restarts'}${probed}`);
}

export function registerFaultLine(cluster: Cluster): void {
  cluster.shell.register({
    name: 'fault',
    summary: 'inject a failure: fault node-down|node-up NODE | etcd-wipe | etcd-member-down|up NAME | app-unhealthy|app-hang|app-slow-start|app-healthy POD',
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
      'fault app-unhealthy POD [CONTAINER] [-n NAMESPACE] [--persistent]',
      '  The app in the container (default: the first) turns unhealthy: httpGet probes get HTTP 500, tcpSocket',
      '  probes a refused connection, exec probes exit 1. A liveness probe restarts the container after',
      '  failureThreshold failures in a row; a readiness probe marks it not ready and its Service stops',
      '  sending it traffic. The fault lives in the process, so a restart cures it, unless --persistent',
      '  (a bad config: every new container is unhealthy too, and the restarts back off).',
      '  Try: fault app-unhealthy POD; time advance 30s; kubectl describe pod POD',
      'fault app-hang POD [CONTAINER] [-n NAMESPACE] [--persistent]',
      '  The app stops answering: every probe times out after timeoutSeconds.',
      'fault app-slow-start POD [CONTAINER] DURATION [-n NAMESPACE]',
      '  The app takes DURATION (e.g. 60s) to start, counted from when its container started, and again after',
      '  every restart: until then probes meet refused connections. A liveness probe without a startup probe',
      '  kills such an app before it is up, over and over; a startup probe gives it time.',
      'fault app-healthy POD [CONTAINER] [-n NAMESPACE]',
      '  The app answers its probes again; after successThreshold passes a not-ready container is ready again.',
    ].join('\n'),
    mutates: () => true,
    async run({ args, io }) {
      const [what, node] = args;
      if (what && APP_FAULTS.includes(what)) return appFault(cluster, what, args.slice(1), io.out, io.err);
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
      lineFail(`unknown fault "${what ?? ''}"; use node-down NODE, node-up NODE, etcd-wipe, etcd-member-down NAME, etcd-member-up NAME, app-unhealthy POD, app-hang POD, app-slow-start POD DURATION or app-healthy POD`);
    },
    complete: (words, partial, c) => {
      if (words.length === 0) return ['node-down', 'node-up', 'etcd-wipe', 'etcd-member-down', 'etcd-member-up', ...APP_FAULTS].filter((w) => w.startsWith(partial));
      if (APP_FAULTS.includes(words[0]!) && words.length === 1) return podNames(c as Cluster).filter((n) => n.startsWith(partial));
      if (words[0] === 'etcd-member-down' || words[0] === 'etcd-member-up') return ((c as Cluster).kv.members?.list() ?? []).map((m) => m.name).filter((n) => n.startsWith(partial));
      if (words[0] === 'node-down' || words[0] === 'node-up') return [...(componentsOf(c as Cluster)?.kubelets.keys() ?? [])].filter((n) => n.startsWith(partial));
      return [];
    },
  });
}

/** Pod names for completion: the pods the kubelets run (no API call: completion must be instant). */
function podNames(cluster: Cluster): string[] {
  const out: string[] = [];
  for (const k of componentsOf(cluster)?.kubelets.values() ?? []) out.push(...k.podNames());
  return out.sort();
}

/** 60000 → "60s", 90500 → "90.5s". */
function formatSeconds(ms: number): string {
  const sec = ms / 1000;
  return `${Number.isInteger(sec) ? sec : sec.toFixed(1)}s`;
}

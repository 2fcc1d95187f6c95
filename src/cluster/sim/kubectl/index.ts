// The `kubectl` line of the cluster shell (k8s.io/kubectl/pkg/cmd/cmd.go: the root command and its verbs).
// Each verb lives in its own module and talks to kube-apiserver only through the Client interface, as the
// user agent "kubectl".
import { distance } from 'fastest-levenshtein';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '../../apiserver/api';
import type { Endpoints, KubeObject } from '../../apiserver/types';
import type { Cluster } from '../cluster';
import { LineError, type LineCommand } from '../shell';
import { describeObject } from './describe';
import { runEvents } from './events';
import { asLineError, isNotFound, type KubectlEnv } from './env';
import { bool, parseFlags, str, type FlagSpec } from './flags';
import { parseResourceArgs, runGet } from './get';
import { runAnnotate, runApply, runCreateFromFiles, runDelete, runLabel, runPatch, runReplace } from './mutate';
import { runCordon, runDrain, runTaint } from './nodes';
import { RESOURCE_TYPES, lookupType, typeWords } from './resources';
import { printYAML } from './output';
import { TABLE_OPTIONS, tabbed } from './tabwriter';
import { runCreateDeployment, runCreateNamespace, runExpose, runRollout, runRun, runScale, runSet } from './workloads';

interface Verb {
  summary: string;
  mutates?: (rest: string[]) => boolean;
  run(env: KubectlEnv, rest: string[]): Promise<void>;
}

const DESCRIBE_FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'show-events', type: 'bool' },
];

async function runDescribe(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('describe', argv, DESCRIBE_FLAGS);
  if (p.args.length === 0) {
    throw new LineError(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.',
    );
  }
  const ns = str(p, 'namespace') ?? 'default';
  const allNs = bool(p, 'all-namespaces');
  const selector = str(p, 'selector');
  const targets: Array<{ type: (typeof RESOURCE_TYPES)[number]; name: string; ns: string }> = [];
  const errors: string[] = [];
  for (const req of parseResourceArgs('describe', p.args)) {
    const listNs = req.type.namespaced && !allNs ? ns : undefined;
    if (req.names) {
      for (const name of req.names) {
        try {
          await env.client.get(req.type.resource, name, req.type.namespaced ? ns : undefined);
          targets.push({ type: req.type, name, ns });
        } catch (err) {
          if (!isNotFound(err)) throw asLineError(err);
          // describe falls back to every object whose name starts with NAME
          const list = await env.client.list(req.type.resource, req.type.namespaced ? ns : undefined).catch((e) => {
            throw asLineError(e);
          });
          const matched = list.items.filter((o) => o.metadata.name.startsWith(name));
          if (matched.length === 0) errors.push(asLineError(err).text);
          for (const o of matched) targets.push({ type: req.type, name: o.metadata.name, ns });
        }
      }
    } else {
      const list = await env.client.list(req.type.resource, listNs, { labelSelector: selector }).catch((e) => {
        throw asLineError(e);
      });
      for (const o of list.items) targets.push({ type: req.type, name: o.metadata.name, ns: o.metadata.namespace ?? ns });
    }
  }
  let out = '';
  for (const t of targets) {
    const text = await describeObject(env.client, t.type, t.name, t.ns, env.now()).catch((e) => {
      throw asLineError(e);
    });
    out += out === '' ? text : `\n\n${text}`;
  }
  if (out !== '') env.io.out(out);
  else if (errors.length === 0) {
    const allNamespaced = !allNs && parseResourceArgs('describe', p.args).every((r) => r.type.namespaced);
    env.io.err(allNamespaced ? `No resources found in ${ns} namespace.` : 'No resources found');
  }
  if (errors.length) throw new LineError(errors.join('\n'));
}

/**
 * kubectl api-resources (pkg/cmd/apiresources): sorted by API group, then by name (the core group first);
 * --namespaced=true|false keeps one kind, -o name prints RESOURCE.GROUP, --no-headers drops the header.
 */
async function runApiResources(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('api-resources', argv, [
    { name: 'namespaced', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'no-headers', type: 'bool' },
  ]);
  const output = str(p, 'output') ?? '';
  if (output === 'wide') throw new LineError('error: -o wide (the VERBS column) is not simulated here; kubectl api-resources lists the types');
  if (output !== '' && output !== 'name') throw new LineError(`error: --output ${output} is not available`);
  const byGroupThenName = (a: (typeof RESOURCE_TYPES)[number], b: (typeof RESOURCE_TYPES)[number]) =>
    a.group < b.group ? -1 : a.group > b.group ? 1 : a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0;
  const types = [...RESOURCE_TYPES].sort(byGroupThenName).filter((r) => !p.set.has('namespaced') || r.namespaced === bool(p, 'namespaced'));
  if (output === 'name') {
    for (const r of types) env.io.out(r.group ? `${r.resource}.${r.group}` : r.resource);
    return;
  }
  let t = bool(p, 'no-headers') ? '' : 'NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\n';
  for (const r of types) {
    t += `${r.resource}\t${r.shortNames.join(',')}\t${r.group ? `${r.group}/${r.version}` : r.version}\t${r.namespaced}\t${r.kind}\n`;
  }
  env.io.out(tabbed(t, TABLE_OPTIONS));
}

const VERBS: Record<string, Verb> = {
  get: { summary: 'Display one or many resources', run: runGet },
  describe: { summary: 'Show details of a specific resource or group of resources', run: runDescribe },
  events: { summary: 'List events', run: runEvents },
  apply: { summary: 'Apply a configuration to a resource by file name', mutates: () => true, run: runApply },
  create: {
    summary: 'Create a resource from a file or a deployment',
    mutates: () => true,
    run: (env, rest) =>
      rest[0] === 'deployment' || rest[0] === 'deploy'
        ? runCreateDeployment(env, rest.slice(1))
        : rest[0] === 'namespace' || rest[0] === 'ns'
          ? runCreateNamespace(env, rest.slice(1))
          : runCreateFromFiles(env, rest),
  },
  replace: { summary: 'Replace a resource by file name', mutates: () => true, run: runReplace },
  patch: { summary: 'Update fields of a resource (strategic merge, JSON merge or JSON patch)', mutates: () => true, run: runPatch },
  delete: { summary: 'Delete resources by file names, resources and names, or by resources and label selector', mutates: () => true, run: runDelete },
  label: { summary: 'Update the labels on a resource', mutates: () => true, run: runLabel },
  annotate: { summary: 'Update the annotations on a resource', mutates: () => true, run: runAnnotate },
  run: { summary: 'Run a particular image on the cluster (a bare Pod)', mutates: () => true, run: runRun },
  scale: { summary: 'Set a new size for a deployment or replica set', mutates: () => true, run: runScale },
  set: { summary: 'Set specific features on objects (set image)', mutates: () => true, run: runSet },
  rollout: {
    summary: 'Manage the rollout of a deployment (status, history, undo, restart, pause, resume)',
    mutates: (rest) => ['undo', 'restart', 'pause', 'resume'].includes(rest[0] ?? ''),
    run: runRollout,
  },
  expose: { summary: 'Take a deployment, replica set, service or pod and expose it as a new Service', mutates: () => true, run: runExpose },
  cordon: { summary: 'Mark node as unschedulable', mutates: () => true, run: (env, rest) => runCordon(env, rest, true) },
  uncordon: { summary: 'Mark node as schedulable', mutates: () => true, run: (env, rest) => runCordon(env, rest, false) },
  drain: { summary: 'Drain node in preparation for maintenance', mutates: () => true, run: runDrain },
  taint: { summary: 'Update the taints on one or more nodes', mutates: () => true, run: runTaint },
  'api-resources': { summary: 'Print the supported API resources on the server', run: runApiResources },
  'api-versions': {
    summary: 'Print the supported API versions on the server, in the form of "group/version"',
    // api-versions.go: every group/version discovery lists, sorted
    run: async (env, rest) => {
      parseFlags('api-versions', rest, []);
      const gvs = new Set(RESOURCE_TYPES.map((r) => (r.group ? `${r.group}/${r.version}` : r.version)));
      env.io.out([...gvs].sort().join('\n'));
    },
  },
  version: { summary: 'Print the client and server version information', run: runVersion },
  'cluster-info': { summary: 'Display addresses of the control plane', run: runClusterInfo },
  help: { summary: 'Help about any command', run: async (env) => env.io.out(HELP) },
};

/** Verbs of the real kubectl that this mini-cluster cannot honour, and why, in one line each. */
const NOT_HERE: Record<string, string> = {
  logs: 'the mini-cluster runs no real processes, so its containers write no logs; `kubectl describe pod` and `kubectl get events` show what happened to them',
  exec: 'the mini-cluster runs no real processes, so there is no shell to exec into',
  attach: 'the mini-cluster runs no real processes, so there is nothing to attach to',
  'port-forward': 'the mini-cluster has no network; `curl CLUSTER_IP:PORT` shows which pod kube-proxy would pick',
  cp: 'the mini-cluster runs no real containers, so there are no files to copy',
  top: 'the mini-cluster has no metrics-server; `kubectl describe node` shows the requests and limits on each node',
  edit: 'there is no editor in the cluster shell; use `kubectl patch`, `kubectl apply -f FILE` or `kubectl replace -f FILE`',
  explain: 'the mini-cluster has no OpenAPI schema to explain',
  config: 'the cluster shell talks to one cluster only; there is no kubeconfig',
  auth: 'the mini-cluster has no authorization layer: every request is allowed',
};

async function runClusterInfo(env: KubectlEnv): Promise<void> {
  const ep = await env.client.get<Endpoints>('endpoints', 'kubernetes', 'default').catch((e) => {
    throw asLineError(e);
  });
  const addr = ep.subsets?.[0]?.addresses?.[0]?.ip ?? '127.0.0.1';
  const port = ep.subsets?.[0]?.ports?.[0]?.port ?? 6443;
  env.io.out(`Kubernetes control plane is running at https://${addr}:${port}\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.`);
}

/** The release the mini-cluster plays (the kubelets report the same). */
const VERSION = 'v1.31.0';

async function runVersion(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('version', argv, [{ name: 'client', type: 'bool' }, { name: 'output', short: 'o', type: 'string' }]);
  // version.Info in its field order (the build's commit, date and Go version are left out rather than made up)
  const [major, minor] = VERSION.replace(/^v/, '').split('.');
  const client = { major, minor, gitVersion: VERSION, gitTreeState: 'clean', compiler: 'gc', platform: 'linux/amd64' };
  const doc = { clientVersion: client, kustomizeVersion: 'v5.4.2', ...(bool(p, 'client') ? {} : { serverVersion: client }) };
  const output = str(p, 'output');
  if (output === 'json') {
    env.io.out(JSON.stringify(doc, null, 2));
    return;
  }
  if (output === 'yaml') {
    env.io.out(printYAML(doc).replace(/\n$/, ''));
    return;
  }
  if (output !== undefined && output !== '') throw new LineError("error: --output must be 'yaml' or 'json'");
  env.io.out(`Client Version: ${VERSION}\nKustomize Version: v5.4.2${bool(p, 'client') ? '' : `\nServer Version: ${VERSION}`}`);
}

const HELP = `kubectl controls the mini-cluster's API server, as the real kubectl controls a Kubernetes cluster.

Basic Commands:
  create         Create a resource from a file (-f), a deployment or a namespace
  expose         Take a deployment, replica set, service or pod and expose it as a new Service
  run            Run a particular image on the cluster (a bare Pod)
  get            Display one or many resources
  delete         Delete resources by file names, resources and names, or by resources and label selector
  set            Set specific features on objects (set image)

Deploy Commands:
  rollout        Manage the rollout of a deployment (status, history, undo, restart, pause, resume)
  scale          Set a new size for a deployment or replica set

Cluster Management Commands:
  cordon         Mark node as unschedulable
  uncordon       Mark node as schedulable
  drain          Drain node in preparation for maintenance
  taint          Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe       Show details of a specific resource or group of resources
  events         List events

Advanced Commands:
  apply          Apply a configuration to a resource by file name
  replace        Replace a resource by file name
  patch          Update fields of a resource (strategic merge, JSON merge or JSON patch)

Settings Commands:
  label          Update the labels on a resource
  annotate       Update the annotations on a resource

Other Commands:
  api-resources  Print the supported API resources on the server
  api-versions   Print the supported API versions on the server, in the form of "group/version"
  cluster-info   Display addresses of the control plane
  version        Print the client and server version information

Examples:
  kubectl apply -f web.yaml
  kubectl get pods -o wide
  kubectl get pods -w            (keeps printing rows as later lines change pods, until the next -w)
  kubectl describe deployment web
  kubectl create deployment web --image=nginx:1.14.2 --replicas=3
  kubectl set image deployment/web nginx=nginx:1.16.1
  kubectl rollout status deployment/web
  kubectl rollout undo deployment/web
  kubectl drain node-1 --ignore-daemonsets`;

/** Splits off the verb, skipping global flags that come before it (`kubectl -n kube-system get pods`). */
function splitVerb(args: string[]): { verb?: string; rest: string[] } {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n' || a === '--namespace') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return { verb: a, rest: [...args.slice(0, i), ...args.slice(i + 1)] };
  }
  return { verb: undefined, rest: args };
}

/** Runs one kubectl command line (the words after `kubectl`). */
export async function runKubectl(env: KubectlEnv, args: string[]): Promise<void> {
  const { verb, rest } = splitVerb(args);
  if (!verb) {
    env.io.out(HELP);
    return;
  }
  const v = VERBS[verb];
  if (!v && NOT_HERE[verb]) throw new LineError(`error: "kubectl ${verb}" is not available here: ${NOT_HERE[verb]}`);
  if (!v) {
    // cobra's SuggestionsFor: commands within two edits, or that start with what was typed.
    const hints = Object.keys(VERBS).filter((c) => distance(verb, c) <= 2 || c.startsWith(verb));
    const did = hints.length ? `\n\nDid you mean this?\n${hints.map((h) => `\t${h}`).join('\n')}` : '';
    throw new LineError(`error: unknown command "${verb}" for "kubectl"${did}`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    env.io.out(`${v.summary}.\n\nUsage:\n  kubectl ${verb} [flags]\n\nSee "help kubectl" for the lines this mini-cluster understands.`);
    return;
  }
  await v.run(env, rest);
}

export function kubectlMutates(args: string[]): boolean {
  const { verb, rest } = splitVerb(args);
  if (!verb) return false;
  return VERBS[verb]?.mutates?.(rest) ?? false;
}

/** The API as kubectl sees it; a bare etcd has no API server, and kubectl says what it would say. */
function clientOf(cluster: Cluster, dryRun = false): Client {
  const api = cluster.api;
  if (!api) throw new LineError('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
  return api.client('kubectl', { dryRun });
}

const watches = new WeakMap<Cluster, () => void>();

export function envFor(cluster: Cluster): KubectlEnv {
  return {
    // looked up when a verb first talks to the API: `kubectl help` works on a bare etcd too
    get client() {
      return clientOf(cluster);
    },
    get dryRunClient() {
      return clientOf(cluster, true);
    },
    // a --watch keeps printing after its own line: always to the shell's current output
    io: { out: (t) => cluster.shell.io.out(t), err: (t) => cluster.shell.io.err(t) },
    now: () => cluster.clock.now(),
    cwd: process.cwd(),
    runLoop:
      cluster.mode === 'auto'
        ? async () => {
            await cluster.run();
          }
        : undefined,
    onStop: (fn) => cluster.onStop(fn),
    foregroundWatch: (stop) => {
      watches.get(cluster)?.();
      watches.set(cluster, stop);
    },
  };
}

// ---- completion ----

const VALUE_FLAGS = new Set(['-n', '--namespace', '-l', '--selector', '-o', '--output', '-f', '--filename', '--image', '--replicas', '--port', '--target-port', '--to-revision', '--field-selector', '--name', '--type', '--grace-period']);

const FLAGS_BY_VERB: Record<string, string[]> = {
  get: ['--all-namespaces', '--selector', '--output', '--watch', '--show-labels', '--label-columns', '--no-headers', '--field-selector', '--namespace'],
  describe: ['--all-namespaces', '--selector', '--namespace'],
  apply: ['--filename', '--namespace', '--dry-run'],
  create: ['--filename', '--image', '--replicas', '--port', '--namespace', '--dry-run'],
  replace: ['--filename', '--force', '--namespace', '--raw', '--dry-run'],
  patch: ['--patch', '--type', '--namespace', '--dry-run'],
  delete: ['--filename', '--selector', '--all', '--grace-period', '--force', '--namespace', '--dry-run'],
  label: ['--overwrite', '--selector', '--all', '--namespace', '--dry-run'],
  annotate: ['--overwrite', '--selector', '--all', '--namespace', '--dry-run'],
  run: ['--image', '--port', '--labels', '--env', '--restart', '--command', '--dry-run', '--namespace'],
  scale: ['--replicas', '--namespace', '--dry-run'],
  rollout: ['--to-revision', '--namespace', '--dry-run'],
  expose: ['--port', '--target-port', '--name', '--type', '--namespace', '--dry-run'],
  drain: ['--ignore-daemonsets', '--force', '--delete-emptydir-data', '--grace-period', '--dry-run'],
  cordon: ['--selector', '--dry-run'],
  uncordon: ['--selector', '--dry-run'],
  taint: ['--overwrite', '--all', '--selector', '--dry-run'],
  set: ['--dry-run', '--namespace'],
};

async function names(cluster: Cluster, resource: string, ns: string | undefined): Promise<string[]> {
  const t = lookupType(resource);
  if (!t) return [];
  try {
    const list = await clientOf(cluster).list<KubeObject>(t.resource, t.namespaced ? (ns ?? 'default') : undefined);
    return list.items.map((o) => o.metadata.name);
  } catch {
    return [];
  }
}

function files(partial: string): string[] {
  const dir = partial.includes('/') ? partial.slice(0, partial.lastIndexOf('/') + 1) : '';
  try {
    return readdirSync(path.resolve(process.cwd(), dir || '.'))
      .filter((f) => !f.startsWith('.'))
      .map((f) => {
        const full = dir + f;
        try {
          return statSync(path.resolve(process.cwd(), full)).isDirectory() ? `${full}/` : full;
        } catch {
          return full;
        }
      })
      .filter((f) => f.startsWith(partial));
  } catch {
    return [];
  }
}

export async function completeKubectl(words: string[], partial: string, cluster: Cluster): Promise<string[]> {
  const { verb, rest } = splitVerb(words);
  const prev = words[words.length - 1];
  if (prev === '-n' || prev === '--namespace') return names(cluster, 'namespaces', undefined);
  if (prev === '-o' || prev === '--output') return ['wide', 'yaml', 'json', 'name'];
  if (prev === '-f' || prev === '--filename') return files(partial);
  if (!verb) return Object.keys(VERBS);
  if (partial.startsWith('-')) return FLAGS_BY_VERB[verb] ?? ['--namespace'];
  const ni = words.findIndex((w) => w === '-n' || w === '--namespace');
  const ns = ni >= 0 ? words[ni + 1] : undefined;
  const positional = rest.filter((w, i) => !w.startsWith('-') && !VALUE_FLAGS.has(rest[i - 1] ?? ''));
  if (verb === 'cordon' || verb === 'uncordon' || verb === 'drain') return names(cluster, 'nodes', undefined);
  if (verb === 'taint') return positional.length === 0 ? ['nodes', 'node'] : positional.length === 1 ? names(cluster, 'nodes', undefined) : [];
  if (verb === 'rollout' && positional.length === 0) return ['status', 'history', 'undo', 'restart', 'pause', 'resume'];
  if (verb === 'set' && positional.length === 0) return ['image'];
  if (verb === 'create' && positional.length === 0) return ['deployment', 'namespace'];
  if (verb === 'run') return [];
  const typed = verb === 'rollout' || verb === 'set' ? positional.slice(1) : positional;
  const kinds = verb === 'rollout' ? ['deployment', 'deployments', 'deploy'] : verb === 'scale' ? ['deployment', 'deploy', 'replicaset', 'rs'] : verb === 'expose' ? ['deployment', 'deploy', 'service', 'svc', 'replicaset', 'rs', 'pod'] : typeWords();
  if (['apply', 'replace', 'api-resources'].includes(verb)) return [];
  if (typed.length === 0) {
    if (partial.includes('/')) {
      const type = partial.slice(0, partial.indexOf('/'));
      return (await names(cluster, type, ns)).map((n) => `${type}/${n}`);
    }
    return verb === 'get' ? [...kinds, 'all'] : kinds;
  }
  const type = typed[0]!.split(',')[0]!;
  if (type.includes('/')) return [];
  return names(cluster, type, ns);
}

export function kubectlLine(): LineCommand<Cluster> {
  return {
    name: 'kubectl',
    summary: 'the real kubectl: get, describe, apply, create, replace, delete, label, scale, set image, rollout, expose, cordon, drain',
    help: HELP,
    mutates: kubectlMutates,
    async run({ cluster, args }) {
      await runKubectl(envFor(cluster), args);
    },
    complete: (words, partial, cluster) => completeKubectl(words, partial, cluster),
  };
}

export function registerKubectl(cluster: Cluster): void {
  cluster.shell.register(kubectlLine());
}

// The imperative workload verbs (k8s.io/kubectl/pkg/cmd/create/create_deployment.go, scale/, set/set_image.go,
// rollout/ with polymorphichelpers' DeploymentStatusViewer, DeploymentHistoryViewer and DeploymentRollbacker,
// expose/): each is a read, a change, and an update through the API; the controllers do the rest.
import type { Container, Deployment, KubeObject, Namespace, ReplicaSet, Service, ServicePort } from '../../apiserver/types';
import { ApiError } from '../../apiserver/api';
import { LineError } from '../shell';
import { asLineError, type KubectlEnv } from './env';
import { bool, int, parseFlags, str, strs, usageError, type FlagSpec, type Parsed } from './flags';
import { objectRef } from './output';
import { DRY_RUN_FLAG, asBuilt, dryRunStrategy, printResult, withDryRun, writer, type DryRunStrategy } from './dryrun';
import { podTemplateText, replicaSetsOf, canonicalJSON } from './describe';
import { lookupType, qualifiedSingular, requireType, type ResourceType } from './resources';
import { DESCRIBE_OPTIONS, tabbed } from './tabwriter';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** `deployment/web`, `deploy web`, `deployment.apps/web` → one (type, name); kubectl's single-resource form. */
function oneResource(command: string, args: string[], allowed: string[]): { type: ResourceType; name: string; rest: string[] } {
  if (args.length === 0) throw usageError(command, 'required resource not specified');
  let type: ResourceType;
  let name: string;
  let rest: string[];
  if (args[0]!.includes('/')) {
    const [t, n] = [args[0]!.slice(0, args[0]!.indexOf('/')), args[0]!.slice(args[0]!.indexOf('/') + 1)];
    type = requireType(t);
    name = n;
    rest = args.slice(1);
  } else {
    type = requireType(args[0]!);
    if (args.length < 2) throw new LineError(`error: resource(s) were provided, but no name was specified`);
    name = args[1]!;
    rest = args.slice(2);
  }
  if (!allowed.includes(type.resource)) {
    throw new LineError(`error: no ${command.split(' ').pop()} defined for ${type.kind}, ${type.group ? `${type.group}/${type.version}` : type.version}`);
  }
  return { type, name, rest };
}

async function getOrFail<T extends KubeObject>(env: KubectlEnv, type: ResourceType, name: string, ns: string): Promise<T> {
  try {
    return await env.client.get<T>(type.resource, name, type.namespaced ? ns : undefined);
  } catch (err) {
    throw asLineError(err);
  }
}

/** The update a verb ends with; a client dry run sends nothing, a server dry run sends it with dryRun=All. */
async function updateOrFail<T extends KubeObject>(env: KubectlEnv, type: ResourceType, obj: T, strategy: DryRunStrategy = 'none'): Promise<T> {
  if (strategy === 'client') return obj;
  try {
    return await writer(env, strategy).update<T>(type.resource, obj);
  } catch (err) {
    throw asLineError(err);
  }
}

/** The create a generator verb ends with (create deployment, create namespace, run, expose). */
async function createOrFail<T extends KubeObject>(env: KubectlEnv, resource: ResourceType['resource'], obj: T, ns: string | undefined, strategy: DryRunStrategy): Promise<T> {
  try {
    return await writer(env, strategy).create<T>(resource, obj, ns);
  } catch (err) {
    throw asLineError(err);
  }
}

// ---- create deployment ----

const CREATE_DEPLOYMENT_FLAGS: FlagSpec[] = [
  { name: 'image', type: 'strings' },
  { name: 'replicas', short: 'r', type: 'int' },
  { name: 'port', type: 'int' },
  DRY_RUN_FLAG,
  { name: 'output', short: 'o', type: 'string' },
];

/** The container name kubectl derives from an image: `registry/nginx:1.14` → `nginx`. */
export function containerNameFor(image: string): string {
  let name = image.split('/').pop()!;
  name = name.split('@')[0]!.split(':')[0]!;
  return name.replace(/_/g, '-');
}

export async function runCreateDeployment(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('create deployment', argv, CREATE_DEPLOYMENT_FLAGS);
  const strategy = dryRunStrategy(env, p);
  const images = strs(p, 'image');
  if (p.args.length === 0) throw usageError('create deployment', 'exactly one NAME is required, got 0');
  if (p.args.length > 1) throw usageError('create deployment', `exactly one NAME is required, got ${p.args.length}`);
  if (images.length === 0) throw new LineError('error: required flag(s) "image" not set');
  const name = p.args[0]!;
  const ns = str(p, 'namespace') ?? 'default';
  const replicas = int(p, 'replicas') ?? 1;
  const port = int(p, 'port');
  if (port !== undefined && images.length > 1) throw new LineError('error: cannot specify port when more than one image is specified');
  const seen = new Map<string, number>();
  const containers: Container[] = images.map((image) => {
    let cname = containerNameFor(image);
    const n = seen.get(cname) ?? 0;
    seen.set(cname, n + 1);
    if (n > 0) cname = `${cname}-${n}`;
    const ctr: Container = { name: cname, image };
    if (port !== undefined && port >= 0) ctr.ports = [{ containerPort: port }];
    (ctr as Container & { resources: object }).resources = {};
    return ctr;
  });
  const labels = { app: name };
  const dep: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { ...labels } },
    spec: {
      replicas,
      selector: { matchLabels: { ...labels } },
      template: { metadata: { labels: { ...labels } }, spec: { containers } },
      strategy: {} as Deployment['spec']['strategy'],
    },
  };
  const out = str(p, 'output');
  if (strategy === 'client') {
    // as kubectl prints an object it built: zero timestamps as null, an empty status
    const shown = {
      ...dep,
      metadata: { creationTimestamp: null, labels: dep.metadata.labels, name },
      spec: { ...dep.spec, template: { ...dep.spec.template, metadata: { creationTimestamp: null, ...dep.spec.template.metadata } } },
      status: {},
    };
    printResult(env, out, shown, `deployment.apps/${name}`, 'created', strategy);
    return;
  }
  delete dep.spec.strategy;
  const created = await createOrFail(env, 'deployments', dep, ns, strategy);
  printResult(env, out, created, `deployment.apps/${name}`, 'created', strategy);
}

// ---- scale ----

const SCALE_FLAGS: FlagSpec[] = [
  { name: 'replicas', type: 'int' },
  { name: 'current-replicas', type: 'int' },
  { name: 'resource-version', type: 'string' },
  DRY_RUN_FLAG,
];

export async function runScale(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('scale', argv, SCALE_FLAGS);
  const strategy = dryRunStrategy(env, p);
  const replicas = int(p, 'replicas');
  if (replicas === undefined) throw new LineError('error: required flag(s) "replicas" not set');
  if (replicas < 0) throw new LineError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const { type, name } = oneResource('scale', p.args, ['deployments', 'replicasets']);
  const ns = str(p, 'namespace') ?? 'default';
  const obj = await getOrFail<Deployment | ReplicaSet>(env, type, name, ns);
  const current = int(p, 'current-replicas');
  if (current !== undefined && (obj.spec.replicas ?? 1) !== current) {
    throw new LineError(`error: Expected replicas to be ${current}, was ${obj.spec.replicas ?? 1}`);
  }
  const rv = str(p, 'resource-version');
  const updated = { ...obj, metadata: { ...obj.metadata, ...(rv ? { resourceVersion: rv } : {}) }, spec: { ...obj.spec, replicas } };
  await updateOrFail(env, type, updated, strategy);
  env.io.out(`${qualifiedSingular(type)}/${name} ${withDryRun('scaled', strategy)}`);
}

// ---- set image ----

export async function runSet(env: KubectlEnv, argv: string[]): Promise<void> {
  const [what, ...rest] = argv;
  if (what !== 'image') {
    throw new LineError(what ? `error: unknown command "${what}" for "kubectl set"` : 'error: specify a subcommand: image');
  }
  const p = parseFlags('set image', rest, [DRY_RUN_FLAG, { name: 'output', short: 'o', type: 'string' }]);
  const strategy = dryRunStrategy(env, p);
  const pairs = p.args.filter((a) => a.includes('='));
  const resArgs = p.args.filter((a) => !a.includes('='));
  if (pairs.length === 0) throw usageError('set image', 'at least one image update is required');
  const { type, name } = oneResource('set image', resArgs, ['deployments', 'replicasets', 'pods']);
  const ns = str(p, 'namespace') ?? 'default';
  const obj = await getOrFail<Deployment | ReplicaSet | KubeObject>(env, type, name, ns);
  const spec = type.resource === 'pods' ? (obj.spec as { containers: Container[] }) : (obj as Deployment).spec.template.spec;
  const updatedSpec = JSON.parse(JSON.stringify(spec)) as { containers: Container[]; initContainers?: Container[] };
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    const cname = pair.slice(0, i);
    const image = pair.slice(i + 1);
    const all = [...updatedSpec.containers, ...(updatedSpec.initContainers ?? [])];
    const matched = cname === '*' ? all : all.filter((c) => c.name === cname);
    if (matched.length === 0) throw new LineError(`error: unable to find container named "${cname}"`);
    for (const c of matched) c.image = image;
  }
  // set_image.go: an empty patch (every image already as asked) sends nothing and prints nothing
  if (JSON.stringify(updatedSpec) === JSON.stringify(spec)) return;
  const updated =
    type.resource === 'pods'
      ? { ...obj, spec: updatedSpec }
      : { ...obj, spec: { ...(obj as Deployment).spec, template: { ...(obj as Deployment).spec.template, spec: updatedSpec } } };
  const result = await updateOrFail(env, type, updated as KubeObject, strategy);
  printResult(env, str(p, 'output'), result, `${qualifiedSingular(type)}/${name}`, 'image updated', strategy);
}

// ---- rollout ----

const ROLLOUT_FLAGS: FlagSpec[] = [
  { name: 'to-revision', type: 'int' },
  { name: 'revision', type: 'int' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'timeout', type: 'string' },
];

/** The rollout verbs that change the Deployment take --dry-run (status and history only read). */
const ROLLOUT_WRITE_FLAGS: FlagSpec[] = [...ROLLOUT_FLAGS, DRY_RUN_FLAG];

/** DeploymentStatusViewer.Status: the line kubectl prints for a deployment's rollout, and whether it is done. */
export function rolloutStatus(d: Deployment): { message: string; done: boolean; error?: string } {
  const st = d.status ?? {};
  const name = d.metadata.name;
  if ((d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const cond = st.conditions?.find((c) => c.type === 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return { message: '', done: true, error: `error: deployment "${name}" exceeded its progress deadline` };
    const want = d.spec.replicas ?? 1;
    const updated = st.updatedReplicas ?? 0;
    if (updated < want) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`, done: false };
    }
    if ((st.replicas ?? 0) > updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...`, done: false };
    }
    if ((st.availableReplicas ?? 0) < updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false };
    }
    return { message: `deployment "${name}" successfully rolled out`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...', done: false };
}

function revisionOf(rs: ReplicaSet): number | undefined {
  const v = rs.metadata.annotations?.[REVISION];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return parseInt(v, 10);
}

export async function runRollout(env: KubectlEnv, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const subs = ['status', 'history', 'undo', 'restart', 'pause', 'resume'];
  if (!sub || !subs.includes(sub)) {
    throw new LineError(sub ? `error: unknown command "${sub}" for "kubectl rollout"` : `error: specify a subcommand: ${subs.join(', ')}`);
  }
  const p = parseFlags(`rollout ${sub}`, rest, sub === 'status' || sub === 'history' ? ROLLOUT_FLAGS : ROLLOUT_WRITE_FLAGS);
  const strategy = sub === 'status' || sub === 'history' ? 'none' : dryRunStrategy(env, p);
  const { type, name } = oneResource(`rollout ${sub}`, p.args, ['deployments']);
  const ns = str(p, 'namespace') ?? 'default';
  const d = await getOrFail<Deployment>(env, type, name, ns);
  if (sub === 'status') return rolloutStatusCmd(env, p, d);
  if (sub === 'history') return rolloutHistory(env, p, d);
  if (sub === 'pause' || sub === 'resume') {
    const pause = sub === 'pause';
    if (!!d.spec.paused === pause) throw new LineError(`error: deployments.apps "${name}" ${pause ? 'is already paused' : 'is not paused'}`);
    await updateOrFail(env, type, { ...d, spec: { ...d.spec, paused: pause || undefined } }, strategy);
    env.io.out(`deployment.apps/${name} ${withDryRun(pause ? 'paused' : 'resumed', strategy)}`);
    return;
  }
  if (sub === 'restart') {
    if (d.spec.paused) throw new LineError(`error: deployments.apps "${name}" can't restart paused deployment (run rollout resume first)`);
    const tpl = JSON.parse(JSON.stringify(d.spec.template)) as Deployment['spec']['template'];
    tpl.metadata = { ...(tpl.metadata ?? {}), annotations: { ...(tpl.metadata?.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': new Date(env.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') } };
    await updateOrFail(env, type, { ...d, spec: { ...d.spec, template: tpl } }, strategy);
    env.io.out(`deployment.apps/${name} ${withDryRun('restarted', strategy)}`);
    return;
  }
  return rolloutUndo(env, p, d, strategy);
}

async function rolloutStatusCmd(env: KubectlEnv, p: Parsed, d: Deployment): Promise<void> {
  let last = '';
  let failure: string | undefined;
  const show = (dep: Deployment): boolean => {
    const s = rolloutStatus(dep);
    if (s.error) {
      failure = s.error;
      return true;
    }
    if (s.message !== last) env.io.out(s.message);
    last = s.message;
    return s.done;
  };
  if (show(d) || !env.runLoop || p.flags.watch === false) {
    if (failure) throw new LineError(failure);
    return;
  }
  // kubectl watches the Deployment until the rollout is done; here the loop runs until it settles, and each
  // change of the rollout's state prints kubectl's line for it.
  let done = false;
  const handle = await env.client
    .watch<Deployment>('deployments', d.metadata.namespace, { fieldSelector: `metadata.name=${d.metadata.name}`, resourceVersion: d.metadata.resourceVersion }, (ev) => {
      if (done || (ev.type !== 'ADDED' && ev.type !== 'MODIFIED')) return;
      const dep = ev.object as Deployment;
      if (dep.metadata.name !== d.metadata.name) return;
      done = show(dep);
    })
    .catch((e) => {
      throw asLineError(e);
    });
  try {
    await env.runLoop();
  } finally {
    handle.stop();
  }
  if (failure) throw new LineError(failure);
}

async function rolloutHistory(env: KubectlEnv, p: Parsed, d: Deployment): Promise<void> {
  const { all } = await replicaSetsOf(env.client, d);
  const byRev = new Map<number, ReplicaSet>();
  for (const rs of all) {
    const r = revisionOf(rs);
    if (r !== undefined) byRev.set(r, rs);
  }
  const ref = `deployment.apps/${d.metadata.name}`;
  const want = int(p, 'revision') ?? 0;
  if (want > 0) {
    const rs = byRev.get(want);
    if (!rs) throw new LineError(`error: unable to find the specified revision`);
    // the ReplicaSet's own template (pod-template-hash label included), with the RS's change-cause
    const tpl = JSON.parse(JSON.stringify(rs.spec.template)) as ReplicaSet['spec']['template'];
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
    if (cause) tpl.metadata = { ...(tpl.metadata ?? {}), annotations: { ...(tpl.metadata?.annotations ?? {}), [CHANGE_CAUSE]: cause } };
    env.io.out(`${ref} with revision #${want}\n${podTemplateText(tpl)}\n`);
    return;
  }
  if (byRev.size === 0) {
    env.io.out(`${ref} \nNo rollout history found.\n`);
    return;
  }
  let table = 'REVISION\tCHANGE-CAUSE\n';
  for (const r of [...byRev.keys()].sort((a, b) => a - b)) {
    table += `${r}\t${byRev.get(r)!.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}\n`;
  }
  env.io.out(`${ref} \n${tabbed(table, DESCRIBE_OPTIONS)}\n`);
}

async function rolloutUndo(env: KubectlEnv, p: Parsed, d: Deployment, strategy: DryRunStrategy): Promise<void> {
  const toRevision = int(p, 'to-revision') ?? 0;
  if (toRevision < 0) throw new LineError('error: revision must be a positive integer: ' + toRevision);
  if (d.spec.paused) throw new LineError(`error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`);
  const { all } = await replicaSetsOf(env.client, d);
  let target: ReplicaSet | undefined;
  if (toRevision > 0) {
    target = all.find((rs) => revisionOf(rs) === toRevision);
    if (!target) throw new LineError(`error: unable to find specified revision ${toRevision} in history`);
  } else {
    let latest: ReplicaSet | undefined;
    let latestRev = -1;
    let prevRev = -1;
    for (const rs of all) {
      const v = revisionOf(rs);
      if (v === undefined) continue;
      if (latestRev < v) {
        prevRev = latestRev;
        target = latest;
        latestRev = v;
        latest = rs;
      } else if (prevRev < v) {
        prevRev = v;
        target = rs;
      }
    }
    if (!target) throw new LineError(`error: no rollout history found for deployment "${d.metadata.name}"`);
  }
  const tpl = JSON.parse(JSON.stringify(target.spec.template)) as ReplicaSet['spec']['template'];
  if (tpl.metadata?.labels) delete tpl.metadata.labels['pod-template-hash'];
  if (canonicalJSON(tpl) === canonicalJSON(d.spec.template)) {
    env.io.out(`deployment.apps/${d.metadata.name} ${withDryRun(`skipped rollback (current template already matches revision ${revisionOf(target)})`, strategy)}`);
    return;
  }
  if (strategy === 'client') {
    // DeploymentRollbacker with a client dry run: the template it would roll back to, printed as the operation
    env.io.out(`deployment.apps/${d.metadata.name} ${withDryRun(podTemplateText(tpl), strategy)}`);
    return;
  }
  const annotations = { ...(d.metadata.annotations ?? {}) };
  const cause = target.metadata.annotations?.[CHANGE_CAUSE];
  if (cause) annotations[CHANGE_CAUSE] = cause;
  else delete annotations[CHANGE_CAUSE];
  await updateOrFail(env, lookupType('deployments')!, { ...d, metadata: { ...d.metadata, annotations }, spec: { ...d.spec, template: tpl } }, strategy);
  env.io.out(`deployment.apps/${d.metadata.name} ${withDryRun('rolled back', strategy)}`);
}

// ---- expose ----

const EXPOSE_FLAGS: FlagSpec[] = [
  { name: 'port', type: 'string' },
  { name: 'target-port', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'protocol', type: 'string' },
  { name: 'selector', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'cluster-ip', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
];

export async function runExpose(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('expose', argv, EXPOSE_FLAGS);
  const strategy = dryRunStrategy(env, p);
  const { type, name } = oneResource('expose', p.args, ['deployments', 'replicasets', 'services', 'pods']);
  const ns = str(p, 'namespace') ?? 'default';
  const obj = await getOrFail<KubeObject>(env, type, name, ns);
  let selector: Record<string, string> | undefined;
  let containerPorts: number[] = [];
  if (type.resource === 'deployments' || type.resource === 'replicasets') {
    const w = obj as Deployment;
    if (w.spec.selector.matchExpressions?.length) {
      throw new LineError(`error: couldn't convert expressions - "${JSON.stringify(w.spec.selector.matchExpressions)}" to map: operator "${w.spec.selector.matchExpressions[0]!.operator}" cannot be converted into the old label selector format`);
    }
    selector = { ...(w.spec.selector.matchLabels ?? {}) };
    containerPorts = (w.spec.template.spec.containers ?? []).flatMap((c) => (c.ports ?? []).map((x) => x.containerPort));
  } else if (type.resource === 'services') {
    selector = (obj as Service).spec.selector;
    containerPorts = ((obj as Service).spec.ports ?? []).map((x) => x.port);
  } else {
    selector = obj.metadata.labels;
    containerPorts = ((obj.spec as { containers?: Container[] }).containers ?? []).flatMap((c) => (c.ports ?? []).map((x) => x.containerPort));
  }
  const sel = str(p, 'selector');
  if (sel) selector = Object.fromEntries(sel.split(',').map((kv) => kv.split('=') as [string, string]));
  if (!selector || Object.keys(selector).length === 0) {
    throw new LineError(`error: couldn't retrieve selectors via --selector flag or introspection: the ${type.kind} has no selector`);
  }
  const portFlag = str(p, 'port');
  const ports: number[] = portFlag ? portFlag.split(',').map((x) => parseInt(x, 10)) : containerPorts;
  if (ports.length === 0 || ports.some((x) => !Number.isFinite(x))) {
    throw new LineError(`error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples`);
  }
  const protocol = (str(p, 'protocol') ?? 'TCP') as ServicePort['protocol'];
  const target = str(p, 'target-port');
  const svcName = str(p, 'name') ?? name;
  const svcType = str(p, 'type');
  if (svcType && !['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(svcType)) {
    throw new LineError(`error: invalid service type "${svcType}"`);
  }
  const svcPorts: ServicePort[] = ports.map((port, i) => {
    const sp: ServicePort = { port, protocol };
    if (ports.length > 1) sp.name = `port-${i + 1}`;
    sp.targetPort = target !== undefined ? (/^\d+$/.test(target) ? parseInt(target, 10) : target) : port;
    return sp;
  });
  const labelsFlag = str(p, 'labels');
  const labels = labelsFlag ? Object.fromEntries(labelsFlag.split(',').map((kv) => kv.split('=') as [string, string])) : obj.metadata.labels;
  const svc: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: svcName, namespace: ns, ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}) },
    spec: { ports: svcPorts, selector, ...(svcType ? { type: svcType as Service['spec']['type'] } : {}) },
  };
  const clusterIP = str(p, 'cluster-ip');
  if (clusterIP) svc.spec.clusterIP = clusterIP;
  let shown: Record<string, unknown> | Service;
  if (strategy === 'client') {
    // the generator's object carries a namespace only when -n named one
    const built = asBuilt(svc, { loadBalancer: {} }) as { metadata: Record<string, unknown> };
    if (str(p, 'namespace') === undefined) delete built.metadata.namespace;
    shown = built;
  } else shown = await createOrFail(env, 'services', svc, ns, strategy);
  printResult(env, str(p, 'output'), shown, objectRef(svc), 'exposed', strategy);
}


// ---- run (a bare Pod, as kubectl run builds it) ----

const RUN_FLAGS: FlagSpec[] = [
  { name: 'image', type: 'string' },
  { name: 'port', type: 'int' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'env', type: 'strings' },
  { name: 'restart', type: 'string' },
  { name: 'command', type: 'bool' },
  DRY_RUN_FLAG,
  { name: 'output', short: 'o', type: 'string' },
  { name: 'image-pull-policy', type: 'string' },
  // attaching: real kubectl flags the mini-cluster recognises only to say it cannot attach
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'rm', type: 'bool' },
  { name: 'attach', type: 'bool' },
];

export async function runRun(env: KubectlEnv, argv: string[]): Promise<void> {
  const dash = argv.indexOf('--');
  const before = dash >= 0 ? argv.slice(0, dash) : argv;
  const after = dash >= 0 ? argv.slice(dash + 1) : [];
  const p = parseFlags('run', before, RUN_FLAGS);
  const strategy = dryRunStrategy(env, p);
  if (bool(p, 'stdin') || bool(p, 'tty') || bool(p, 'attach') || bool(p, 'rm')) {
    throw new LineError(
      'error: "kubectl run -i/-t/--rm" is not available here: the mini-cluster runs no real processes, so there is no terminal to attach to; without those flags the pod is created and runs',
    );
  }
  if (p.args.length === 0) throw usageError('run', 'NAME is required for run');
  const name = p.args[0]!;
  const extra = [...p.args.slice(1), ...after];
  const image = str(p, 'image');
  if (!image) throw new LineError('error: required flag(s) "image" not set');
  const restart = str(p, 'restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new LineError(`error: invalid restart policy: ${restart}`);
  const ns = str(p, 'namespace') ?? 'default';
  const labelsFlag = str(p, 'labels');
  const labels: Record<string, string> = labelsFlag ? Object.fromEntries(labelsFlag.split(',').map((kv) => kv.split('=') as [string, string])) : { run: name };
  const ctr: Container & { env?: Array<{ name: string; value: string }>; resources?: object } = { name, image };
  if (extra.length) {
    if (bool(p, 'command')) ctr.command = extra;
    else ctr.args = extra;
  }
  const envs = strs(p, 'env');
  if (envs.length) ctr.env = envs.map((e) => ({ name: e.slice(0, e.indexOf('=')), value: e.slice(e.indexOf('=') + 1) }));
  const port = int(p, 'port');
  if (port !== undefined) ctr.ports = [{ containerPort: port }];
  const pullPolicy = str(p, 'image-pull-policy');
  if (pullPolicy) ctr.imagePullPolicy = pullPolicy as Container['imagePullPolicy'];
  ctr.resources = {};
  const pod = {
    apiVersion: 'v1' as const,
    kind: 'Pod' as const,
    metadata: { name, namespace: ns, labels },
    spec: { containers: [ctr], dnsPolicy: 'ClusterFirst', restartPolicy: restart as 'Always' | 'OnFailure' | 'Never' },
  };
  const out = str(p, 'output');
  const shown = strategy === 'client' ? { ...pod, metadata: { creationTimestamp: null, labels, name }, status: {} } : await createOrFail(env, 'pods', pod, ns, strategy);
  printResult(env, out, shown, `pod/${name}`, 'created', strategy);
}

export async function runCreateNamespace(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('create namespace', argv, [DRY_RUN_FLAG, { name: 'output', short: 'o', type: 'string' }]);
  const strategy = dryRunStrategy(env, p);
  if (p.args.length !== 1) throw usageError('create namespace', `exactly one NAME is required, got ${p.args.length}`);
  const name = p.args[0]!;
  const ns: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  const shown = strategy === 'client' ? { ...asBuilt(ns), spec: {} } : await createOrFail(env, 'namespaces', ns, undefined, strategy);
  printResult(env, str(p, 'output'), shown, `namespace/${name}`, 'created', strategy);
}

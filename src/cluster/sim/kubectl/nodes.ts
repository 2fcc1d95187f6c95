// kubectl cordon / uncordon / drain (k8s.io/kubectl/pkg/cmd/drain/drain.go and pkg/drain/{cordon,filters}.go):
// cordon sets spec.unschedulable; drain cordons, sorts the node's pods through drain's filters (mirror pods
// skipped, DaemonSet pods need --ignore-daemonsets, pods without a controller need --force, emptyDir data
// needs --delete-emptydir-data), then evicts what is left.
import type { Node, Pod, Taint } from '../../apiserver/types';
import { ApiError } from '../../apiserver/api';
import { LineError } from '../shell';
import { apiErrorText, asLineError, type KubectlEnv } from './env';
import { bool, int, parseFlags, str, usageError, type FlagSpec } from './flags';
import { DRY_RUN_FLAG, dryRunStrategy, withDryRun, writer, type DryRunStrategy } from './dryrun';

const CORDON_FLAGS: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string' },
  DRY_RUN_FLAG,
];

const DRAIN_FLAGS: FlagSpec[] = [
  ...CORDON_FLAGS,
  { name: 'ignore-daemonsets', type: 'bool' },
  { name: 'force', type: 'bool' },
  { name: 'delete-emptydir-data', type: 'bool' },
  { name: 'delete-local-data', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'timeout', type: 'string' },
  { name: 'disable-eviction', type: 'bool' },
  { name: 'pod-selector', type: 'string' },
  { name: 'skip-wait-for-delete-timeout', type: 'int' },
];

async function nodesFor(env: KubectlEnv, command: string, args: string[], selector: string | undefined): Promise<Node[]> {
  if (args.length === 0 && selector === undefined) throw usageError(command, 'USAGE: ' + command + ' NODE [flags]');
  if (selector !== undefined) {
    const list = await env.client.list<Node>('nodes', undefined, { labelSelector: selector }).catch((e) => {
      throw asLineError(e);
    });
    return list.items;
  }
  const out: Node[] = [];
  for (const a of args) {
    const name = a.startsWith('node/') || a.startsWith('nodes/') ? a.slice(a.indexOf('/') + 1) : a;
    try {
      out.push(await env.client.get<Node>('nodes', name));
    } catch (err) {
      throw asLineError(err);
    }
  }
  return out;
}

/** CordonHelper: whether an update was needed; a client dry run sends none, a server dry run sends it with dryRun=All. */
async function setUnschedulable(env: KubectlEnv, node: Node, value: boolean, strategy: DryRunStrategy): Promise<boolean> {
  if (!!node.spec?.unschedulable === value) return false;
  if (strategy === 'client') return true;
  const spec = { ...(node.spec ?? {}) };
  if (value) spec.unschedulable = true;
  else delete spec.unschedulable;
  try {
    await writer(env, strategy).update<Node>('nodes', { ...node, spec });
  } catch (err) {
    throw asLineError(err);
  }
  return true;
}

export async function runCordon(env: KubectlEnv, argv: string[], cordon: boolean): Promise<void> {
  const command = cordon ? 'cordon' : 'uncordon';
  const p = parseFlags(command, argv, CORDON_FLAGS);
  const strategy = dryRunStrategy(env, p);
  for (const node of await nodesFor(env, command, p.args, str(p, 'selector'))) {
    const changed = await setUnschedulable(env, node, cordon, strategy);
    env.io.out(`node/${node.metadata.name} ${withDryRun(`${changed ? '' : 'already '}${command}ed`, strategy)}`);
  }
}

export async function runDrain(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('drain', argv, DRAIN_FLAGS);
  const strategy = dryRunStrategy(env, p);
  const nodes = await nodesFor(env, 'drain', p.args, str(p, 'selector'));
  const force = bool(p, 'force');
  const ignoreDS = bool(p, 'ignore-daemonsets');
  const deleteEmptyDir = bool(p, 'delete-emptydir-data') || bool(p, 'delete-local-data');
  const grace = int(p, 'grace-period');
  for (const node of nodes) {
    const name = node.metadata.name;
    const changed = await setUnschedulable(env, node, true, strategy);
    env.io.out(`node/${name} ${withDryRun(`${changed ? '' : 'already '}cordoned`, strategy)}`);

    const list = await env.client.list<Pod>('pods', undefined, { fieldSelector: `spec.nodeName=${name}`, labelSelector: str(p, 'pod-selector') }).catch((e) => {
      throw asLineError(e);
    });
    const pods = list.items.filter((pod) => pod.spec.nodeName === name);
    const unmanaged: string[] = [];
    const daemonSet: string[] = [];
    const localStorage: string[] = [];
    const toEvict: Pod[] = [];
    for (const pod of pods) {
      const id = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (pod.metadata.annotations?.['kubernetes.io/config.mirror']) continue;
      const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
      const ctl = pod.metadata.ownerReferences?.find((r) => r.controller);
      if (!finished && ctl?.kind === 'DaemonSet') {
        daemonSet.push(id);
        continue;
      }
      if (!finished && !ctl) unmanaged.push(id);
      const volumes = pod.spec.volumes ?? [];
      if (!finished && volumes.some((v) => v.emptyDir)) localStorage.push(id);
      toEvict.push(pod);
    }
    const errs: string[] = [];
    if (unmanaged.length && !force) errs.push(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.join(', ')}`);
    if (daemonSet.length && !ignoreDS) errs.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemonSet.join(', ')}`);
    if (localStorage.length && !deleteEmptyDir) errs.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${localStorage.join(', ')}`);
    if (errs.length) {
      // an aggregate of one error prints as the error, of several as [a, b]
      const joined = errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`;
      throw new LineError(
        `error: unable to drain node "${name}" due to error: ${joined}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${errs.join('\n')}`,
      );
    }
    const warnings: string[] = [];
    if (unmanaged.length) warnings.push(`deleting Pods that declare no controller: ${unmanaged.join(', ')}`);
    if (daemonSet.length) warnings.push(`ignoring DaemonSet-managed Pods: ${daemonSet.join(', ')}`);
    if (localStorage.length) warnings.push(`deleting Pods with local storage: ${localStorage.join(', ')}`);
    if (warnings.length) env.io.err(`Warning: ${warnings.join('; ')}`);
    // drain.go: a client dry run names the pods it would evict, and evicts none
    for (const pod of toEvict) env.io.out(withDryRun(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}`, strategy));
    if (strategy === 'client') {
      env.io.out(`node/${name} ${withDryRun('drained', strategy)}`);
      continue;
    }
    for (const pod of toEvict) {
      try {
        await writer(env, strategy).delete('pods', pod.metadata.name, pod.metadata.namespace, grace !== undefined && grace >= 0 ? { gracePeriodSeconds: grace } : {});
        // a server dry run's eviction is not waited for (pkg/drain skips waitForDelete)
        if (strategy === 'none') env.io.out(`pod/${pod.metadata.name} evicted`);
      } catch (err) {
        if (err instanceof ApiError && err.status.code === 404) continue;
        if (err instanceof ApiError) throw new LineError(`error: unable to drain node "${name}" due to error: ${apiErrorText(err)}, continuing command...`);
        throw err;
      }
    }
    env.io.out(`node/${name} ${withDryRun('drained', strategy)}`);
  }
}

// ---- taint (k8s.io/kubectl/pkg/cmd/taint/taint.go) ----

const TAINT_FLAGS: FlagSpec[] = [
  { name: 'overwrite', type: 'bool' },
  { name: 'all', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  DRY_RUN_FLAG,
];

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

interface TaintSpec {
  key: string;
  value?: string;
  effect?: Taint['effect'];
}

/** `key=value:Effect` adds, `key:Effect-` / `key-` removes (utils.ParseTaints). */
function parseTaintArg(spec: string): { add?: TaintSpec; remove?: TaintSpec } {
  const removing = spec.endsWith('-');
  const body = removing ? spec.slice(0, -1) : spec;
  const colon = body.lastIndexOf(':');
  const kv = colon >= 0 ? body.slice(0, colon) : body;
  const effect = colon >= 0 ? body.slice(colon + 1) : undefined;
  const eq = kv.indexOf('=');
  const key = eq >= 0 ? kv.slice(0, eq) : kv;
  const value = eq >= 0 ? kv.slice(eq + 1) : undefined;
  if (key === '') throw new LineError(`error: invalid taint spec: ${spec}, invalid key`);
  if (effect !== undefined && !EFFECTS.includes(effect)) {
    throw new LineError(`error: invalid taint spec: ${spec}, invalid taint effect: ${effect}, unsupported taint effect`);
  }
  if (removing) return { remove: { key, effect: effect as Taint['effect'] | undefined } };
  if (effect === undefined) throw new LineError(`error: invalid taint spec: ${spec}, invalid taint spec`);
  return { add: { key, value: value || undefined, effect: effect as Taint['effect'] } };
}

export async function runTaint(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('taint', argv, TAINT_FLAGS);
  const strategy = dryRunStrategy(env, p);
  const [typeWord, ...rest] = p.args;
  if (!typeWord) throw usageError('taint', 'at least one taint update is required');
  const nodeArg = typeWord.includes('/') ? typeWord.slice(typeWord.indexOf('/') + 1) : undefined;
  const typeName = typeWord.includes('/') ? typeWord.slice(0, typeWord.indexOf('/')) : typeWord;
  if (!['node', 'nodes', 'no'].includes(typeName)) throw new LineError(`error: invalid resource type ${typeName}, only node types are supported`);
  const names = nodeArg !== undefined ? [nodeArg] : [];
  const specs: string[] = [];
  for (const a of rest) (a.includes(':') || a.includes('=') || a.endsWith('-') ? specs : names).push(a);
  if (specs.length === 0) throw usageError('taint', 'at least one taint update is required');
  const add: TaintSpec[] = [];
  const remove: TaintSpec[] = [];
  for (const s of specs) {
    const t = parseTaintArg(s);
    if (t.add) add.push(t.add);
    if (t.remove) remove.push(t.remove);
  }
  let nodes: Node[];
  if (bool(p, 'all') || str(p, 'selector') !== undefined) {
    const list = await env.client.list<Node>('nodes', undefined, { labelSelector: str(p, 'selector') }).catch((e) => {
      throw asLineError(e);
    });
    nodes = list.items;
  } else {
    if (names.length === 0) throw usageError('taint', 'resource(s) were provided, but no name was specified');
    nodes = await nodesFor(env, 'taint', names, undefined);
  }
  for (const node of nodes) {
    let taints = [...(node.spec?.taints ?? [])];
    for (const r of remove) {
      const before = taints.length;
      taints = taints.filter((t) => !(t.key === r.key && (r.effect === undefined || t.effect === r.effect)));
      if (taints.length === before) throw new LineError(`error: taint "${r.effect ? `${r.key}:${r.effect}` : r.key}" not found`);
    }
    for (const a of add) {
      const i = taints.findIndex((t) => t.key === a.key && t.effect === a.effect);
      if (i >= 0 && !bool(p, 'overwrite')) {
        throw new LineError(`error: node ${node.metadata.name} already has ${a.key} taint(s) with same effect(s) and --overwrite is false`);
      }
      const taint: Taint = { key: a.key, effect: a.effect! };
      if (a.value !== undefined) taint.value = a.value;
      if (a.effect === 'NoExecute') taint.timeAdded = new Date(env.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (i >= 0) taints[i] = taint;
      else taints.push(taint);
    }
    const spec = { ...(node.spec ?? {}) };
    if (taints.length) spec.taints = taints;
    else delete spec.taints;
    try {
      if (strategy !== 'client') await writer(env, strategy).update<Node>('nodes', { ...node, spec });
    } catch (err) {
      throw asLineError(err);
    }
    env.io.out(`node/${node.metadata.name} ${withDryRun(add.length === 0 ? 'untainted' : 'tainted', strategy)}`);
  }
}

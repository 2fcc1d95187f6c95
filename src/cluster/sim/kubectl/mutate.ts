// The object-changing verbs: apply -f (k8s.io/kubectl/pkg/cmd/apply: create or three-way merge against the
// last-applied-configuration annotation; created / configured / unchanged), create -f, replace -f (a PUT that
// carries the file's resourceVersion, so a stale one gets the API's 409), delete (names, -l, --all, -f) and
// label (k=v, k-, --overwrite).
import { parse as parseYAML } from 'yaml';
import type { KubeObject, Namespace } from '../../apiserver/types';
import { ApiError, type DeleteOptions } from '../../apiserver/api';
import { LineError } from '../shell';
import { apiErrorText, apiErrorWithSource, asLineError, failedObject, failedText, isNotFound, type FailedObject, type KubectlEnv } from './env';
import { bool, int, parseFlags, str, strs, usageError, type FlagSpec } from './flags';
import { loadManifests, type Manifest } from './manifests';
import { objectRef } from './output';
import { parseResourceArgs } from './get';
import { qualifiedSingular, type ResourceType } from './resources';
import { canonicalJSON, sortKeys } from './describe';
import { DRY_RUN_FLAG, dryRunStrategy, printResult, withDryRun, writer, type DryRunStrategy } from './dryrun';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const FILE_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'validate', type: 'string' },
  { name: 'force', type: 'bool' },
  { name: 'save-config', type: 'bool' },
];

type Json = Record<string, unknown>;

function isMap(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * A three-way merge in the spirit of strategic merge patch: fields in the file win, fields that were in the
 * last applied file but are gone from this one are removed, everything else (defaults, status, what
 * controllers wrote) is kept. Lists of named items (containers, ports) merge item by item.
 */
export function applyMerge(live: unknown, desired: unknown, last: unknown): unknown {
  if (isMap(live) && isMap(desired)) {
    const out: Json = { ...live };
    for (const [k, v] of Object.entries(desired)) out[k] = applyMerge(live[k], v, isMap(last) ? last[k] : undefined);
    if (isMap(last)) for (const k of Object.keys(last)) if (!(k in desired)) delete out[k];
    return out;
  }
  if (Array.isArray(live) && Array.isArray(desired)) {
    const hasName = (d: unknown) => isMap(d) && typeof d.name === 'string';
    const named = desired.length > 0 ? desired.every(hasName) : live.length > 0 && live.every(hasName);
    if (named) {
      // The list's merge key: a volume mount is keyed by its mountPath, the others (containers, volumes…) by name.
      const keyOf = (x: unknown) => (isMap(x) ? (typeof x.mountPath === 'string' ? x.mountPath : x.name) : undefined);
      const find = (list: unknown, k: unknown) => (Array.isArray(list) ? list.find((x) => keyOf(x) === k) : undefined);
      const out = desired.map((d) => {
        const k = keyOf(d);
        const l = find(live, k);
        return l === undefined ? clone(d) : applyMerge(l, d, find(last, k));
      });
      // Items only the server has (neither in this file nor in the last applied one: the ServiceAccount plugin's
      // token volume and mounts, say) stay, after the item they followed, as strategic merge patch keeps them.
      const wanted = new Set(desired.map(keyOf));
      let after = -1;
      for (const l of live) {
        const k = keyOf(l);
        if (wanted.has(k)) after = out.findIndex((x) => keyOf(x) === k);
        else if (k !== undefined && find(last, k) === undefined) out.splice(++after, 0, clone(l));
      }
      return out;
    }
    if (live.length === desired.length && desired.every(isMap)) {
      return desired.map((d, i) => applyMerge(live[i], d, Array.isArray(last) ? last[i] : undefined));
    }
  }
  return clone(desired);
}

function namespaceFor(m: Manifest, flagNs: string | undefined): string | undefined {
  if (!m.type.namespaced) return undefined;
  const objNs = m.obj.metadata.namespace;
  if (objNs && flagNs && objNs !== flagNs) {
    throw new LineError(
      `error: the namespace from the provided object "${objNs}" does not match the namespace "${flagNs}". You must pass '--namespace=${objNs}' to perform this operation.`,
    );
  }
  return objNs ?? flagNs ?? 'default';
}

function prepared(m: Manifest, ns: string | undefined): KubeObject {
  const obj = clone(m.obj);
  if (ns) obj.metadata.namespace = ns;
  return obj;
}

function readFiles(env: KubectlEnv, command: string, files: string[]): Manifest[] {
  if (files.length === 0) throw new LineError(command === 'apply' ? 'error: must specify one of -f and -k' : `error: must specify one of -f and -k\n\nSee 'kubectl ${command} -h' for help and examples`);
  return loadManifests(files, env.cwd, env.stdin);
}

function lastAppliedValue(obj: KubeObject): string {
  const copy = clone(obj);
  delete copy.metadata.annotations?.[LAST_APPLIED];
  if (copy.metadata.annotations && Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  return `${JSON.stringify(sortKeys(copy))}\n`;
}

export async function runApply(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('apply', argv, FILE_FLAGS);
  if (p.args.length > 0) throw new LineError(`error: Unexpected args: [${p.args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`);
  const strategy = dryRunStrategy(env, p);
  const output = str(p, 'output');
  const w = writer(env, strategy);
  const manifests = readFiles(env, 'apply', strs(p, 'filename'));
  const flagNs = str(p, 'namespace');
  const plan = manifests.map((m) => ({ m, ns: namespaceFor(m, flagNs) }));
  const errors: FailedObject[] = [];
  for (const { m, ns } of plan) {
    const obj = prepared(m, ns);
    obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedValue(prepared(m, ns)) };
    const ref = objectRef(obj);
    let live: KubeObject | undefined;
    try {
      live = await env.client.get(m.type.resource, obj.metadata.name, ns);
    } catch (err) {
      if (!isNotFound(err)) {
        errors.push(err instanceof ApiError ? failedObject(err, 'retrieving current configuration of', m.source) : { alone: String(err), among: String(err) });
        continue;
      }
    }
    try {
      if (!live) {
        // a client dry run only reads: it prints the object it would have sent
        const created = strategy === 'client' ? obj : await w.create(m.type.resource, obj, ns);
        printResult(env, output, created, ref, 'created', strategy);
        continue;
      }
      let last: unknown;
      try {
        last = JSON.parse(live.metadata.annotations?.[LAST_APPLIED] ?? 'null');
      } catch {
        last = undefined;
      }
      if (live.metadata.annotations?.[LAST_APPLIED] === undefined) {
        env.io.err(
          `Warning: resource ${m.type.resource}/${live.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
        );
      }
      const desired = clone(obj) as unknown as Json;
      delete desired.status;
      const merged = applyMerge(live, desired, last) as KubeObject;
      merged.metadata.resourceVersion = live.metadata.resourceVersion;
      if (canonicalJSON(merged) === canonicalJSON(live)) {
        printResult(env, output, live, ref, 'unchanged', strategy);
        continue;
      }
      const updated = strategy === 'client' ? merged : await w.update(m.type.resource, merged);
      printResult(env, output, updated, ref, 'configured', strategy);
    } catch (err) {
      if (err instanceof ApiError) errors.push(failedObject(err, live ? 'applying patch' : 'creating', m.source));
      else throw err;
    }
  }
  if (errors.length) throw new LineError(failedText(errors));
}

export async function runCreateFromFiles(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('create', argv, FILE_FLAGS);
  const strategy = dryRunStrategy(env, p);
  const w = writer(env, strategy);
  const manifests = readFiles(env, 'create', strs(p, 'filename'));
  const flagNs = str(p, 'namespace');
  const plan = manifests.map((m) => ({ m, ns: namespaceFor(m, flagNs) }));
  const errors: FailedObject[] = [];
  for (const { m, ns } of plan) {
    const obj = prepared(m, ns);
    if (bool(p, 'save-config')) obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedValue(prepared(m, ns)) };
    try {
      const created = strategy === 'client' ? obj : await w.create(m.type.resource, obj, ns);
      printResult(env, str(p, 'output'), created, objectRef(obj), 'created', strategy);
    } catch (err) {
      if (err instanceof ApiError) errors.push(failedObject(err, 'creating', m.source));
      else throw err;
    }
  }
  if (errors.length) throw new LineError(failedText(errors));
}

const REPLACE_FLAGS: FlagSpec[] = [...FILE_FLAGS, { name: 'raw', type: 'string' }];

export async function runReplace(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('replace', argv, REPLACE_FLAGS);
  const raw = str(p, 'raw');
  if (raw !== undefined) return replaceRaw(env, raw, strs(p, 'filename'));
  const strategy = dryRunStrategy(env, p);
  // replace.go's Validate: a forced replace is a real delete and create, never a dry run
  if (bool(p, 'force') && strategy !== 'none') throw new LineError('error: --dry-run can not be used when --force is set');
  const w = writer(env, strategy);
  const output = str(p, 'output');
  const manifests = readFiles(env, 'replace', strs(p, 'filename'));
  const flagNs = str(p, 'namespace');
  const plan = manifests.map((m) => ({ m, ns: namespaceFor(m, flagNs) }));
  const errors: FailedObject[] = [];
  for (const { m, ns } of plan) {
    const obj = prepared(m, ns);
    try {
      if (bool(p, 'force')) {
        // --force: delete, then create
        try {
          await env.client.delete(m.type.resource, obj.metadata.name, ns, { gracePeriodSeconds: 0 });
          env.io.out(`${qualifiedSingular(m.type)} "${obj.metadata.name}" deleted`);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        delete obj.metadata.resourceVersion;
        const created = await env.client.create(m.type.resource, obj, ns);
        printResult(env, output, created, objectRef(obj), 'replaced', strategy);
        continue;
      }
      const replaced = strategy === 'client' ? obj : await w.update(m.type.resource, obj);
      printResult(env, output, replaced, objectRef(obj), 'replaced', strategy);
    } catch (err) {
      if (err instanceof ApiError) errors.push(failedObject(err, 'replacing', m.source));
      else throw err;
    }
  }
  if (errors.length) throw new LineError(failedText(errors));
}

/**
 * `kubectl replace --raw PATH -f FILE`: a PUT of the file's body to PATH, the response body printed as it is.
 * The one PATH the cluster answers is a namespace's finalize subresource (/api/v1/namespaces/NAME/finalize), the
 * last resort for a namespace stuck in Terminating: it skips the namespace controller's clean-up.
 */
async function replaceRaw(env: KubectlEnv, raw: string, files: string[]): Promise<void> {
  if (files.length !== 1) throw new LineError('error: --raw can only use a single local file or stdin');
  const m = /^\/api\/v1\/namespaces\/([^/?]+)\/finalize$/.exec(raw);
  if (!m) throw new LineError('Error from server (NotFound): the server could not find the requested resource');
  const [manifest] = loadManifests(files, env.cwd, env.stdin);
  const obj = manifest!.obj as Namespace;
  if (obj.kind !== 'Namespace') throw new LineError(`Error from server (BadRequest): the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  if (obj.metadata?.name !== m[1]) {
    throw new LineError(`Error from server (BadRequest): the name of the object (${obj.metadata?.name ?? ''}) does not match the name on the URL (${m[1]})`);
  }
  try {
    const out = await env.client.finalize(obj);
    // The body as the API server encodes it: Go's field order.
    const meta: Record<string, unknown> = {};
    const order = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers'];
    for (const k of [...order, ...Object.keys(out.metadata)]) {
      const v = (out.metadata as unknown as Record<string, unknown>)[k];
      if (v !== undefined && !(k in meta)) meta[k] = v;
    }
    env.io.out(JSON.stringify({ kind: out.kind, apiVersion: out.apiVersion, metadata: meta, spec: out.spec ?? {}, status: out.status }));
  } catch (err) {
    throw asLineError(err);
  }
}

const DELETE_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'force', type: 'bool' },
  { name: 'now', type: 'bool' },
  { name: 'wait', type: 'bool' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'cascade', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
];

interface Target {
  type: ResourceType;
  name: string;
  ns: string | undefined;
  source?: string;
}

function deletedLine(type: ResourceType, name: string, force: boolean, strategy: DryRunStrategy = 'none'): string {
  return `${qualifiedSingular(type)} "${name}" ${withDryRun(force ? 'force deleted' : 'deleted', strategy)}`;
}

export async function runDelete(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('delete', argv, DELETE_FLAGS);
  const strategy = dryRunStrategy(env, p);
  const w = writer(env, strategy);
  const files = strs(p, 'filename');
  const flagNs = str(p, 'namespace');
  const namespace = flagNs ?? 'default';
  const allNs = bool(p, 'all-namespaces');
  const selector = str(p, 'selector');
  let grace = int(p, 'grace-period');
  if (bool(p, 'now')) grace = 1;
  if (bool(p, 'force') && grace === undefined) grace = 0;
  const forced = bool(p, 'force') && grace === 0;
  const cascade = str(p, 'cascade');
  const opts: DeleteOptions = {};
  if (grace !== undefined && grace >= 0) opts.gracePeriodSeconds = grace;
  // kubectl sends --cascade=background (its default) as an explicit propagationPolicy
  if (cascade === 'orphan' || cascade === 'false') opts.propagationPolicy = 'Orphan';
  else if (cascade === 'foreground') opts.propagationPolicy = 'Foreground';
  else if (cascade === undefined || cascade === 'background' || cascade === 'true') opts.propagationPolicy = 'Background';
  else throw new LineError(`error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`);

  const targets: Target[] = [];
  if (files.length > 0) {
    if (p.args.length > 0) throw new LineError('error: Unexpected args: [' + p.args.join(' ') + ']');
    for (const m of loadManifests(files, env.cwd, env.stdin)) {
      targets.push({ type: m.type, name: m.obj.metadata.name, ns: namespaceFor(m, flagNs), source: m.source });
    }
  } else {
    if (p.args.length === 0) {
      throw new LineError(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    const requests = parseResourceArgs('delete', p.args);
    for (const req of requests) {
      const ns = req.type.namespaced && !allNs ? namespace : undefined;
      if (req.names) {
        if (selector !== undefined) throw new LineError('error: name cannot be provided when a selector is specified');
        if (bool(p, 'all')) throw new LineError('error: name cannot be provided when everything is selected (--all)');
        for (const name of req.names) targets.push({ type: req.type, name, ns: req.type.namespaced ? namespace : undefined });
        continue;
      }
      if (selector === undefined && !bool(p, 'all')) throw new LineError('error: resource(s) were provided, but no name was specified');
      const list = await env.client.list(req.type.resource, ns, { labelSelector: selector }).catch((e) => {
        throw asLineError(e);
      });
      for (const o of list.items) targets.push({ type: req.type, name: o.metadata.name, ns: req.type.namespaced ? o.metadata.namespace : undefined });
    }
    if (targets.length === 0) {
      env.io.err('No resources found');
      return;
    }
  }
  if (forced) {
    env.io.err(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.',
    );
  }
  const errors: string[] = [];
  for (const t of targets) {
    try {
      // a client dry run reads each object (a missing one fails as it would), and deletes nothing
      if (strategy === 'client') await env.client.get(t.type.resource, t.name, t.ns);
      else await w.delete(t.type.resource, t.name, t.ns, opts);
      env.io.out(deletedLine(t.type, t.name, forced, strategy));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status.code === 404 && bool(p, 'ignore-not-found')) continue;
      errors.push(t.source ? apiErrorWithSource(err, 'deleting', t.source) : apiErrorText(err));
    }
  }
  if (errors.length) throw new LineError(errors.join('\n'));
}

const LABEL_FLAGS: FlagSpec[] = [
  { name: 'overwrite', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'list', type: 'bool' },
  { name: 'resource-version', type: 'string' },
  DRY_RUN_FLAG,
];

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Shared by label and annotate: `k=v` sets, `k-` removes, the rest name resources. */
export function parseLabelArgs(args: string[], annotate = false): { resources: string[]; set: Record<string, string>; remove: string[] } {
  const resources: string[] = [];
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const a of args) {
    if (a.includes('=')) {
      const i = a.indexOf('=');
      const k = a.slice(0, i);
      const v = a.slice(i + 1);
      if (!LABEL_KEY.test(k) || (!annotate && !LABEL_VALUE.test(v))) throw new LineError(`error: invalid ${annotate ? 'annotation' : 'label'} spec: ${a}`);
      set[k] = v;
    } else if (a.endsWith('-') && a.length > 1) {
      remove.push(a.slice(0, -1));
    } else resources.push(a);
  }
  return { resources, set, remove };
}

export const runLabel = (env: KubectlEnv, argv: string[]) => runMeta(env, argv, 'label');
export const runAnnotate = (env: KubectlEnv, argv: string[]) => runMeta(env, argv, 'annotate');

async function runMeta(env: KubectlEnv, argv: string[], verb: 'label' | 'annotate'): Promise<void> {
  const annotate = verb === 'annotate';
  const noun = annotate ? 'annotation' : 'label';
  const p = parseFlags(verb, argv, LABEL_FLAGS);
  const strategy = dryRunStrategy(env, p);
  const w = writer(env, strategy);
  const { resources, set, remove } = parseLabelArgs(p.args, annotate);
  if (resources.length === 0) throw usageError(verb, 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (Object.keys(set).length === 0 && remove.length === 0 && !bool(p, 'list')) throw usageError(verb, `at least one ${noun} update is required`);
  for (const k of remove) if (k in set) throw new LineError(`error: can not both modify and remove ${annotate ? 'an annotation' : 'a label'} in the same command`);
  const namespace = str(p, 'namespace') ?? 'default';
  const selector = str(p, 'selector');
  const targets: Array<{ type: ResourceType; obj?: KubeObject; name: string }> = [];
  for (const req of parseResourceArgs(verb, resources)) {
    const ns = req.type.namespaced ? namespace : undefined;
    if (req.names) for (const name of req.names) targets.push({ type: req.type, name });
    else {
      if (selector === undefined && !bool(p, 'all')) throw new LineError('error: resource(s) were provided, but no name was specified');
      const list = await env.client.list(req.type.resource, bool(p, 'all-namespaces') ? undefined : ns, { labelSelector: selector }).catch((e) => {
        throw asLineError(e);
      });
      for (const o of list.items) targets.push({ type: req.type, obj: o, name: o.metadata.name });
    }
  }
  const errors: string[] = [];
  for (const t of targets) {
    try {
      const obj = t.obj ?? (await env.client.get(t.type.resource, t.name, t.type.namespaced ? namespace : undefined));
      const field = annotate ? 'annotations' : 'labels';
      const current = { ...(obj.metadata[field] ?? {}) };
      if (bool(p, 'list')) {
        for (const k of Object.keys(current).sort()) env.io.out(`${k}=${current[k]}`);
        continue;
      }
      if (!bool(p, 'overwrite')) {
        for (const [k, v] of Object.entries(set)) {
          if (k in current && current[k] !== v) {
            throw new LineError(
              annotate
                ? `error: --overwrite is false but found the following declared annotation(s): '${k}' already has a value (${current[k]})`
                : `error: '${k}' already has a value (${current[k]}), and --overwrite is false`,
            );
          }
        }
      }
      const before = canonicalJSON(current);
      for (const k of remove) delete current[k];
      Object.assign(current, set);
      const ref = `${qualifiedSingular(t.type)}/${obj.metadata.name}`;
      if (canonicalJSON(current) === before) {
        env.io.out(`${ref} ${withDryRun(annotate ? 'annotated' : 'not labeled', strategy)}`);
        continue;
      }
      const rv = str(p, 'resource-version');
      const updated = { ...obj, metadata: { ...obj.metadata, [field]: current, ...(rv ? { resourceVersion: rv } : {}) } };
      if (strategy !== 'client') await w.update(t.type.resource, updated);
      const onlyRemoved = Object.keys(set).length === 0 && remove.length > 0;
      env.io.out(`${ref} ${withDryRun(annotate ? 'annotated' : onlyRemoved ? 'unlabeled' : 'labeled', strategy)}`);
    } catch (err) {
      if (err instanceof LineError) throw err;
      if (!(err instanceof ApiError)) throw err;
      errors.push(apiErrorText(err));
    }
  }
  if (errors.length) throw new LineError(errors.join('\n'));
}

// ---- patch (k8s.io/kubectl/pkg/cmd/patch/patch.go) ----

const PATCH_FLAGS: FlagSpec[] = [
  { name: 'patch', short: 'p', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
];

/** RFC 7386 JSON merge patch: maps merge, null deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return clone(patch);
  const out: Json = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** The merge keys strategic merge patch uses for the lists a learner patches (containers, ports…). */
const MERGE_KEYS = ['name', 'containerPort', 'port', 'key', 'type', 'ip'];

/** Strategic merge patch, as far as these types go: like a merge patch, but lists of keyed items merge. */
export function strategicPatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch) && Array.isArray(target) && patch.every(isMap) && target.every(isMap)) {
    const key = MERGE_KEYS.find((k) => patch.every((p) => k in (p as Json)) && target.every((t) => k in (t as Json)));
    if (key) {
      const out = target.map((t) => clone(t));
      for (const p of patch as Json[]) {
        if ((p as Json).$patch === 'delete') {
          const i = out.findIndex((t) => (t as Json)[key] === p[key]);
          if (i >= 0) out.splice(i, 1);
          continue;
        }
        const i = out.findIndex((t) => (t as Json)[key] === p[key]);
        if (i >= 0) out[i] = strategicPatch(out[i], p) as Json;
        else out.push(clone(p));
      }
      return out;
    }
  }
  if (!isMap(patch)) return clone(patch);
  const out: Json = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicPatch(out[k], v);
  }
  return out;
}

/** RFC 6902 JSON patch: add, remove, replace, test, move, copy with JSON pointers. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new LineError('error: unable to parse the patch as a JSON patch: expected an array of operations');
  let doc = clone(target);
  const split = (ptr: string) =>
    ptr === '' ? [] : ptr.replace(/^\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parentOf = (path: string[]): [unknown, string] => {
    let cur: unknown = doc;
    for (const seg of path.slice(0, -1)) {
      cur = Array.isArray(cur) ? cur[Number(seg)] : isMap(cur) ? cur[seg] : undefined;
      if (cur === undefined) throw new LineError(`error: unable to apply the patch: doc is missing path: "/${path.join('/')}"`);
    }
    return [cur, path[path.length - 1]!];
  };
  const get = (path: string[]) => {
    let cur: unknown = doc;
    for (const seg of path) cur = Array.isArray(cur) ? cur[Number(seg)] : isMap(cur) ? cur[seg] : undefined;
    return cur;
  };
  const put = (path: string[], value: unknown, insert: boolean) => {
    if (path.length === 0) {
      doc = value;
      return;
    }
    const [parent, last] = parentOf(path);
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (insert) parent.splice(i, 0, value);
      else parent[i] = value;
    } else if (isMap(parent)) {
      if (!insert && !(last in parent)) throw new LineError(`error: unable to apply the patch: replace operation does not apply: doc is missing key: /${path.join('/')}`);
      parent[last] = value;
    }
  };
  const del = (path: string[]) => {
    const [parent, last] = parentOf(path);
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else if (isMap(parent)) {
      if (!(last in parent)) throw new LineError(`error: unable to apply the patch: remove operation does not apply: doc is missing path: "/${path.join('/')}"`);
      delete parent[last];
    }
  };
  for (const op of ops as Json[]) {
    const path = split(String(op.path ?? ''));
    switch (op.op) {
      case 'add':
        put(path, clone(op.value), true);
        break;
      case 'replace':
        put(path, clone(op.value), false);
        break;
      case 'remove':
        del(path);
        break;
      case 'test':
        if (canonicalJSON(get(path)) !== canonicalJSON(op.value)) throw new LineError(`error: unable to apply the patch: testing value /${path.join('/')} failed: test failed`);
        break;
      case 'move':
      case 'copy': {
        const from = split(String(op.from ?? ''));
        const v = clone(get(from));
        if (op.op === 'move') del(from);
        put(path, v, true);
        break;
      }
      default:
        throw new LineError(`error: unable to apply the patch: Unexpected kind: ${String(op.op)}`);
    }
  }
  return doc;
}

export async function runPatch(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('patch', argv, PATCH_FLAGS);
  const strategy = dryRunStrategy(env, p);
  const w = writer(env, strategy);
  const text = str(p, 'patch');
  if (text === undefined) throw new LineError('error: must specify --patch or --patch-file containing the contents of the patch');
  const type = str(p, 'type') ?? 'strategic';
  if (!['strategic', 'merge', 'json'].includes(type)) {
    throw new LineError(`error: --type must be one of [json merge strategic], not "${type}"`);
  }
  let patch: unknown;
  try {
    patch = parseYAML(text);
  } catch (e) {
    throw new LineError(`error: unable to parse "${text}": yaml: ${(e as Error).message.split('\n')[0]!.replace(/:$/, '')}`);
  }
  const requests = parseResourceArgs('patch', p.args);
  if (requests.length !== 1 || !requests[0]!.names || requests[0]!.names.length !== 1) {
    throw new LineError('error: resource(s) were provided, but no name was specified');
  }
  const { type: rt, names } = requests[0]!;
  const ns = rt.namespaced ? (str(p, 'namespace') ?? 'default') : undefined;
  let live: KubeObject;
  try {
    live = await env.client.get(rt.resource, names![0]!, ns);
  } catch (err) {
    throw asLineError(err);
  }
  const patched = (type === 'json' ? jsonPatch(live, patch) : type === 'merge' ? mergePatch(live, patch) : strategicPatch(live, patch)) as KubeObject;
  const ref = `${qualifiedSingular(rt)}/${live.metadata.name}`;
  const output = str(p, 'output');
  // patch.go: a client dry run applies the patch locally and always says "patched"
  if (strategy === 'client') return printResult(env, output, patched, ref, 'patched', strategy);
  if (canonicalJSON(patched) === canonicalJSON(live)) return printResult(env, output, live, ref, 'patched (no change)', strategy);
  patched.metadata = { ...patched.metadata, resourceVersion: live.metadata.resourceVersion };
  let result: KubeObject;
  try {
    // the status, if patched, goes through the status subresource's rules: a PUT keeps the stored status
    result = await w.update(rt.resource, patched);
  } catch (err) {
    throw asLineError(err);
  }
  printResult(env, output, result, ref, 'patched', strategy);
}

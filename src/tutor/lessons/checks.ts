// The check language of the lessons: small declarative tests of the cluster's *state* (Learn Git Branching
// compares the state reached with the goal, never the text printed). Each check reads the cluster through the
// API (`Client`) or the store (`KV`), exactly as a component or etcdctl would, and says what it found.
//
//   check:                                   check:
//     all:                                     deploymentReady: { name: web, image: nginx:1.25 }
//       - exists: { resource: deployments, name: web }
//       - count: { resource: pods, selector: app=web, phase: Running, atLeast: 3 }
//       - key: { key: /registry/deployments/default/web }
//       - revision: { grewBy: 1 }             # relative to the start of the step
import type { Client, ResourceName } from '../../cluster/apiserver/api';
import type { KubeObject } from '../../cluster/apiserver/types';
import { prefixEnd, type KV } from '../../cluster/store/types';
import { statSync } from 'node:fs';
import path from 'node:path';

export type Scalar = string | number | boolean;

/** A number compared: at least one of equals / atLeast / atMost. */
export interface Cmp {
  equals?: number;
  atLeast?: number;
  atMost?: number;
}

export interface ObjRef {
  resource: ResourceName;
  name: string;
  /** Namespaced resources default to `default`; nodes and namespaces have none. */
  namespace?: string;
}

export interface FieldCmp {
  equals?: Scalar;
  notEquals?: Scalar;
  atLeast?: number;
  contains?: Scalar;
  exists?: boolean;
}

export type Check =
  | { kind: 'all'; checks: Check[] }
  | { kind: 'any'; checks: Check[] }
  | { kind: 'not'; check: Check }
  | { kind: 'exists'; ref: ObjRef }
  | { kind: 'absent'; ref: ObjRef }
  | {
      kind: 'count';
      resource: ResourceName;
      namespace?: string;
      selector?: string;
      where: Record<string, Scalar>;
      includeTerminating: boolean;
      /** Only objects that did not exist when the step began (a replacement, a new ReplicaSet). */
      new: boolean;
      cmp: Cmp;
    }
  | { kind: 'field'; ref: ObjRef; path: string; cmp: FieldCmp }
  | { kind: 'changed'; ref: ObjRef }
  | { kind: 'key'; key: string; value?: string }
  | { kind: 'noKey'; key: string }
  | { kind: 'keys'; prefix: string; cmp: Cmp }
  | { kind: 'revision'; atLeast?: number; grewBy?: number }
  | { kind: 'compacted'; revision: number }
  | { kind: 'nodeCondition'; node: string; type: string; status: string }
  | { kind: 'taint'; node: string; key: string; effect?: string }
  | { kind: 'deploymentReady'; name: string; namespace: string; image?: string; replicas?: number }
  | { kind: 'endpoints'; service: string; namespace: string; cmp: Cmp }
  | { kind: 'file'; name: string }
  /** How many etcd members are up (a cluster started with --store local-etcd:N or memory:N). */
  | { kind: 'etcdMembers'; up: Cmp };

export const CHECK_KINDS = [
  'all',
  'any',
  'not',
  'exists',
  'absent',
  'count',
  'field',
  'changed',
  'key',
  'noKey',
  'keys',
  'revision',
  'compacted',
  'nodeCondition',
  'taint',
  'deploymentReady',
  'endpoints',
  'file',
  'etcdMembers',
] as const;

const RESOURCES: ResourceName[] = [
  'namespaces',
  'nodes',
  'pods',
  'services',
  'endpoints',
  'deployments',
  'replicasets',
  'events',
  'leases',
];
const CLUSTER_SCOPED = new Set<ResourceName>(['namespaces', 'nodes']);
/** Checks that need the API server (a full cluster, not `bare`). */
const NEEDS_API = new Set<Check['kind']>(['exists', 'absent', 'count', 'field', 'changed', 'nodeCondition', 'taint', 'deploymentReady', 'endpoints']);

// ---------------------------------------------------------------------------------------------------------
// Parsing: YAML value → Check, with the path of the mistake.

export class CheckSyntaxError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(message);
    this.name = 'CheckSyntaxError';
  }
}

type Raw = Record<string, unknown>;

function isObj(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseCheck(raw: unknown, where = 'check'): Check {
  if (!isObj(raw)) throw new CheckSyntaxError(where, 'a check is a mapping with one kind, such as `exists:` or `all:`');
  const keys = Object.keys(raw);
  if (keys.length !== 1)
    throw new CheckSyntaxError(where, `a check has exactly one kind, found ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'none'} (wrap several in \`all:\`)`);
  const kind = keys[0]!;
  const body = raw[kind];
  const at = `${where}.${kind}`;
  switch (kind) {
    case 'all':
    case 'any': {
      if (!Array.isArray(body) || body.length === 0) throw new CheckSyntaxError(at, `"${kind}" takes a non-empty list of checks`);
      return { kind, checks: body.map((c, i) => parseCheck(c, `${at}[${i}]`)) };
    }
    case 'not':
      return { kind, check: parseCheck(body, at) };
    case 'exists':
    case 'absent':
      return { kind, ref: objRef(body, at) };
    case 'changed':
      return { kind, ref: objRef(body, at) };
    case 'count': {
      const b = fields(body, at, ['resource', 'namespace', 'selector', 'phase', 'where', 'includeTerminating', 'new', 'equals', 'atLeast', 'atMost']);
      const where: Record<string, Scalar> = {};
      if (b.where !== undefined) {
        if (!isObj(b.where)) throw new CheckSyntaxError(`${at}.where`, '"where" maps field paths to values');
        for (const [k, v] of Object.entries(b.where)) where[k] = scalar(v, `${at}.where.${k}`);
      }
      if (b.phase !== undefined) where['status.phase'] = str(b.phase, `${at}.phase`);
      return {
        kind,
        resource: resource(b.resource, at),
        namespace: optStr(b.namespace, `${at}.namespace`),
        selector: optStr(b.selector, `${at}.selector`),
        where,
        includeTerminating: b.includeTerminating === true,
        new: b.new === true,
        cmp: cmp(b, at),
      };
    }
    case 'field': {
      const b = fields(body, at, ['resource', 'name', 'namespace', 'path', 'equals', 'notEquals', 'atLeast', 'contains', 'exists']);
      const c: FieldCmp = {};
      if (b.equals !== undefined) c.equals = scalar(b.equals, `${at}.equals`);
      if (b.notEquals !== undefined) c.notEquals = scalar(b.notEquals, `${at}.notEquals`);
      if (b.atLeast !== undefined) c.atLeast = num(b.atLeast, `${at}.atLeast`);
      if (b.contains !== undefined) c.contains = scalar(b.contains, `${at}.contains`);
      if (b.exists !== undefined) {
        if (typeof b.exists !== 'boolean') throw new CheckSyntaxError(`${at}.exists`, '"exists" is true or false');
        c.exists = b.exists;
      }
      if (Object.keys(c).length === 0) throw new CheckSyntaxError(at, 'say what the field must be: equals, notEquals, atLeast, contains or exists');
      const path = str(b.path, `${at}.path`);
      parsePath(path, `${at}.path`);
      return { kind, ref: objRef({ resource: b.resource, name: b.name, namespace: b.namespace }, at), path, cmp: c };
    }
    case 'key': {
      const b = fields(body, at, ['key', 'value']);
      return { kind, key: str(b.key, `${at}.key`), value: b.value === undefined ? undefined : String(scalar(b.value, `${at}.value`)) };
    }
    case 'noKey': {
      const b = fields(body, at, ['key']);
      return { kind, key: str(b.key, `${at}.key`) };
    }
    case 'keys': {
      const b = fields(body, at, ['prefix', 'equals', 'atLeast', 'atMost']);
      return { kind, prefix: str(b.prefix, `${at}.prefix`), cmp: cmp(b, at) };
    }
    case 'revision': {
      const b = fields(body, at, ['atLeast', 'grewBy']);
      if (b.atLeast === undefined && b.grewBy === undefined) throw new CheckSyntaxError(at, 'say atLeast (a revision) or grewBy (writes since the step began)');
      return {
        kind,
        atLeast: b.atLeast === undefined ? undefined : num(b.atLeast, `${at}.atLeast`),
        grewBy: b.grewBy === undefined ? undefined : num(b.grewBy, `${at}.grewBy`),
      };
    }
    case 'compacted': {
      const b = fields(body, at, ['revision']);
      return { kind, revision: num(b.revision, `${at}.revision`) };
    }
    case 'nodeCondition': {
      const b = fields(body, at, ['node', 'type', 'status']);
      return { kind, node: str(b.node, `${at}.node`), type: str(b.type, `${at}.type`), status: str(b.status, `${at}.status`) };
    }
    case 'taint': {
      const b = fields(body, at, ['node', 'key', 'effect']);
      return { kind, node: str(b.node, `${at}.node`), key: str(b.key, `${at}.key`), effect: optStr(b.effect, `${at}.effect`) };
    }
    case 'deploymentReady': {
      const b = fields(body, at, ['name', 'namespace', 'image', 'replicas']);
      return {
        kind,
        name: str(b.name, `${at}.name`),
        namespace: optStr(b.namespace, `${at}.namespace`) ?? 'default',
        image: optStr(b.image, `${at}.image`),
        replicas: b.replicas === undefined ? undefined : num(b.replicas, `${at}.replicas`),
      };
    }
    case 'file': {
      const b = fields(body, at, ['name']);
      const name = str(b.name, `${at}.name`);
      if (name.includes('/')) throw new CheckSyntaxError(`${at}.name`, 'a file of the demo\'s working folder, without folders');
      return { kind, name };
    }
    case 'endpoints': {
      const b = fields(body, at, ['service', 'namespace', 'equals', 'atLeast', 'atMost']);
      return { kind, service: str(b.service, `${at}.service`), namespace: optStr(b.namespace, `${at}.namespace`) ?? 'default', cmp: cmp(b, at) };
    }
    case 'etcdMembers': {
      const b = fields(body, at, ['up']);
      const up = b.up;
      if (typeof up !== 'object' || up === null) throw new CheckSyntaxError(`${at}.up`, 'a comparison such as { equals: 2 } or { atMost: 1 }');
      return { kind, up: cmp(up as Raw, `${at}.up`) };
    }
    default:
      throw new CheckSyntaxError(where, `unknown check "${kind}" (one of ${CHECK_KINDS.join(', ')})`);
  }
}

function fields(body: unknown, at: string, allowed: string[]): Raw {
  if (!isObj(body)) throw new CheckSyntaxError(at, `expected a mapping with ${allowed.slice(0, 3).join(', ')}…`);
  for (const k of Object.keys(body)) if (!allowed.includes(k)) throw new CheckSyntaxError(`${at}.${k}`, `unknown field "${k}" (allowed: ${allowed.join(', ')})`);
  return body;
}

function str(v: unknown, at: string): string {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || v === '') throw new CheckSyntaxError(at, 'expected a non-empty string');
  return v;
}
function optStr(v: unknown, at: string): string | undefined {
  return v === undefined ? undefined : str(v, at);
}
function num(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new CheckSyntaxError(at, 'expected a number');
  return v;
}
function scalar(v: unknown, at: string): Scalar {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new CheckSyntaxError(at, 'expected a string, number or boolean');
}
function resource(v: unknown, at: string): ResourceName {
  const r = str(v, `${at}.resource`);
  if (!RESOURCES.includes(r as ResourceName)) throw new CheckSyntaxError(`${at}.resource`, `unknown resource "${r}" (one of ${RESOURCES.join(', ')})`);
  return r as ResourceName;
}
function objRef(body: unknown, at: string): ObjRef {
  const b = fields(body, at, ['resource', 'name', 'namespace']);
  const r = resource(b.resource, at);
  return { resource: r, name: str(b.name, `${at}.name`), namespace: CLUSTER_SCOPED.has(r) ? undefined : (optStr(b.namespace, `${at}.namespace`) ?? 'default') };
}
function cmp(b: Raw, at: string): Cmp {
  const c: Cmp = {};
  if (b.equals !== undefined) c.equals = num(b.equals, `${at}.equals`);
  if (b.atLeast !== undefined) c.atLeast = num(b.atLeast, `${at}.atLeast`);
  if (b.atMost !== undefined) c.atMost = num(b.atMost, `${at}.atMost`);
  if (Object.keys(c).length === 0) throw new CheckSyntaxError(at, 'say how many: equals, atLeast or atMost');
  return c;
}

/** `spec.template.spec.containers[0].image`, `metadata.annotations["deployment.kubernetes.io/revision"]`. */
export function parsePath(path: string, at = 'path'): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /\s*(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["([^"]+)"\]|\['([^']+)'\])/y;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m || (i === 0 && path[0] === '.')) throw new CheckSyntaxError(at, `cannot read the path "${path}" at column ${i + 1}`);
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push((m[3] ?? m[4])!);
    i = re.lastIndex;
  }
  if (out.length === 0) throw new CheckSyntaxError(at, 'the path is empty');
  return out;
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of parsePath(path)) {
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------------------
// Describing: what a check asks for, in words.

function cmpWords(c: Cmp): string {
  const parts: string[] = [];
  if (c.equals !== undefined) parts.push(`exactly ${c.equals}`);
  if (c.atLeast !== undefined) parts.push(`at least ${c.atLeast}`);
  if (c.atMost !== undefined) parts.push(`at most ${c.atMost}`);
  return parts.join(' and ');
}

function refWords(r: ObjRef): string {
  return `${r.resource}/${r.name}${r.namespace && r.namespace !== 'default' ? ` in ${r.namespace}` : ''}`;
}

export function describeCheck(c: Check): string {
  switch (c.kind) {
    case 'all':
      return c.checks.map(describeCheck).join('; and ');
    case 'any':
      return `one of: ${c.checks.map(describeCheck).join('; or ')}`;
    case 'not':
      return `not (${describeCheck(c.check)})`;
    case 'exists':
      return `${refWords(c.ref)} exists`;
    case 'absent':
      return `${refWords(c.ref)} is gone`;
    case 'count': {
      const filters = [c.selector ? `-l ${c.selector}` : '', ...Object.entries(c.where).map(([k, v]) => `${k}=${v}`)].filter(Boolean);
      return `${cmpWords(c.cmp)}${c.new ? ' new' : ''} ${c.resource}${filters.length ? ` with ${filters.join(', ')}` : ''}`;
    }
    case 'field':
      return `${refWords(c.ref)} has ${c.path} ${fieldCmpWords(c.cmp)}`;
    case 'changed':
      return `${refWords(c.ref)} was written (its resourceVersion moved)`;
    case 'key':
      return c.value === undefined ? `etcd holds the key ${c.key}` : `etcd holds ${c.key} = ${c.value}`;
    case 'noKey':
      return `etcd no longer holds ${c.key}`;
    case 'keys':
      return `${cmpWords(c.cmp)} keys under ${c.prefix}`;
    case 'revision':
      return [c.atLeast !== undefined ? `etcd's revision is at least ${c.atLeast}` : '', c.grewBy !== undefined ? `etcd's revision grew by at least ${c.grewBy}` : '']
        .filter(Boolean)
        .join(' and ');
    case 'compacted':
      return `etcd's history at revision ${c.revision} has been compacted`;
    case 'nodeCondition':
      return `node ${c.node} has ${c.type}=${c.status}`;
    case 'taint':
      return `node ${c.node} has the taint ${c.key}${c.effect ? `:${c.effect}` : ''}`;
    case 'deploymentReady':
      return `deployment ${c.name} has ${c.replicas ?? 'all its'} replicas Running and ready${c.image ? ` on ${c.image}` : ''}`;
    case 'endpoints':
      return `service ${c.service} has ${cmpWords(c.cmp)} ready endpoints`;
    case 'file':
      return `the file ${c.name} exists in the demo's folder and is not empty`;
    case 'etcdMembers':
      return `${cmpWords(c.up)} etcd members up`;
  }
}

function fieldCmpWords(c: FieldCmp): string {
  const parts: string[] = [];
  if (c.equals !== undefined) parts.push(`= ${c.equals}`);
  if (c.notEquals !== undefined) parts.push(`≠ ${c.notEquals}`);
  if (c.atLeast !== undefined) parts.push(`≥ ${c.atLeast}`);
  if (c.contains !== undefined) parts.push(`containing ${c.contains}`);
  if (c.exists !== undefined) parts.push(c.exists ? 'set' : 'unset');
  return parts.join(' and ');
}

// ---------------------------------------------------------------------------------------------------------
// Evaluating.

export interface CheckTarget {
  kv: KV;
  /** The demo's working folder, for `file`. */
  workdir?: string;
  /** Absent on a bare etcd: object checks then fail with a clear reason. */
  api?: Client;
}

/** What was true when the step began (for `revision.grewBy` and `changed`). */
export interface Baseline {
  revision: number;
  resourceVersions: Map<string, string | undefined>;
  /** For `count` with `new`: the uids that matched when the step began, by the check's identity. */
  uids: Map<string, Set<string>>;
}

export interface CheckResult {
  ok: boolean;
  /** What the check found, in one line: `2 pods with -l app=web, status.phase=Running (want at least 3)`. */
  found: string;
}

export function needsApi(c: Check): boolean {
  if (c.kind === 'all' || c.kind === 'any') return c.checks.some(needsApi);
  if (c.kind === 'not') return needsApi(c.check);
  return NEEDS_API.has(c.kind);
}

async function currentRevision(kv: KV): Promise<number> {
  const r = await kv.range({ key: '\0', limit: 1, countOnly: true });
  return r.header.revision;
}

function refKey(r: ObjRef): string {
  return `${r.resource}/${r.namespace ?? ''}/${r.name}`;
}

function collect(c: Check, out: Check[]): void {
  if (c.kind === 'all' || c.kind === 'any') c.checks.forEach((x) => collect(x, out));
  else if (c.kind === 'not') collect(c.check, out);
  else if (c.kind === 'changed' || (c.kind === 'count' && c.new) || (c.kind === 'revision' && c.grewBy !== undefined)) out.push(c);
}

function countKey(c: Extract<Check, { kind: 'count' }>): string {
  return JSON.stringify([c.resource, c.namespace, c.selector]);
}

async function listFor(c: Extract<Check, { kind: 'count' }>, client: Client): Promise<KubeObject[]> {
  const list = await client.list<KubeObject>(c.resource, CLUSTER_SCOPED.has(c.resource) ? undefined : (c.namespace ?? 'default'), c.selector ? { labelSelector: c.selector } : {});
  return list.items;
}

/** Records what `revision.grewBy` and `changed` compare against. Call when a step begins. */
export async function captureBaseline(c: Check | undefined, t: CheckTarget): Promise<Baseline> {
  const found: Check[] = [];
  if (c) collect(c, found);
  // Read etcd only for what the check compares against: a step may begin while etcd has no quorum.
  const revision = found.some((x) => x.kind === 'revision') ? await currentRevision(t.kv) : 0;
  const b: Baseline = { revision, resourceVersions: new Map(), uids: new Map() };
  if (!c || !t.api) return b;
  for (const x of found) {
    if (x.kind === 'changed') {
      const obj = await getOrUndefined(t.api, x.ref);
      b.resourceVersions.set(refKey(x.ref), obj?.metadata.resourceVersion);
    } else if (x.kind === 'count') {
      b.uids.set(countKey(x), new Set((await listFor(x, t.api)).map((o) => o.metadata.uid ?? o.metadata.name)));
    }
  }
  return b;
}

function isNotFound(err: unknown): boolean {
  const e = err as { code?: unknown; status?: { code?: unknown } };
  return e?.code === 404 || e?.status?.code === 404;
}

async function getOrUndefined(api: Client, r: ObjRef): Promise<KubeObject | undefined> {
  try {
    return await api.get<KubeObject>(r.resource, r.name, r.namespace);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function cmpOk(n: number, c: Cmp): boolean {
  return (c.equals === undefined || n === c.equals) && (c.atLeast === undefined || n >= c.atLeast) && (c.atMost === undefined || n <= c.atMost);
}

function scalarEq(a: unknown, b: Scalar): boolean {
  if (a === undefined || a === null) return false;
  if (typeof a === 'object') return false;
  return String(a) === String(b);
}

function fieldOk(v: unknown, c: FieldCmp): boolean {
  if (c.exists !== undefined && (v !== undefined && v !== null) !== c.exists) return false;
  if (c.equals !== undefined && !scalarEq(v, c.equals)) return false;
  if (c.notEquals !== undefined && scalarEq(v, c.notEquals)) return false;
  if (c.atLeast !== undefined && !(Number(v) >= c.atLeast)) return false;
  if (c.contains !== undefined) {
    if (Array.isArray(v)) {
      if (!v.some((x) => scalarEq(x, c.contains!) || (typeof x === 'object' && JSON.stringify(x).includes(String(c.contains))))) return false;
    } else if (typeof v === 'string') {
      if (!v.includes(String(c.contains))) return false;
    } else return false;
  }
  return true;
}

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function want(c: Cmp): string {
  return `want ${cmpWords(c)}`;
}

function api(t: CheckTarget): Client {
  if (!t.api) throw new Error('this check reads objects through the API server, and this demo runs a bare etcd');
  return t.api;
}

/** Evaluates a check against the cluster's state now. Never throws for a state that is simply not there yet. */
export async function evaluateCheck(c: Check, t: CheckTarget, base?: Baseline): Promise<CheckResult> {
  switch (c.kind) {
    case 'all': {
      const founds: string[] = [];
      for (const sub of c.checks) {
        const r = await evaluateCheck(sub, t, base);
        if (!r.ok) return r;
        founds.push(r.found);
      }
      return { ok: true, found: founds.join('; ') };
    }
    case 'any': {
      const founds: string[] = [];
      for (const sub of c.checks) {
        const r = await evaluateCheck(sub, t, base);
        if (r.ok) return r;
        founds.push(r.found);
      }
      return { ok: false, found: founds.join('; ') };
    }
    case 'not': {
      const r = await evaluateCheck(c.check, t, base);
      return { ok: !r.ok, found: r.found };
    }
    case 'exists': {
      const o = await getOrUndefined(api(t), c.ref);
      return { ok: o !== undefined, found: o ? `${refWords(c.ref)} exists` : `${refWords(c.ref)} not found` };
    }
    case 'absent': {
      const o = await getOrUndefined(api(t), c.ref);
      return { ok: o === undefined, found: o ? `${refWords(c.ref)} still exists` : `${refWords(c.ref)} not found` };
    }
    case 'count': {
      const items = await listFor(c, api(t));
      const old = c.new ? (base?.uids.get(countKey(c)) ?? new Set<string>()) : undefined;
      const n = items.filter(
        (o) =>
          (c.includeTerminating || !o.metadata.deletionTimestamp) &&
          !old?.has(o.metadata.uid ?? o.metadata.name) &&
          Object.entries(c.where).every(([p, v]) => scalarEq(getPath(o, p), v)),
      ).length;
      return { ok: cmpOk(n, c.cmp), found: `${n} ${c.resource} match (${want(c.cmp)})` };
    }
    case 'field': {
      const o = await getOrUndefined(api(t), c.ref);
      if (!o) return { ok: false, found: `${refWords(c.ref)} not found` };
      const v = getPath(o, c.path);
      return { ok: fieldOk(v, c.cmp), found: `${c.path} is ${show(v)}` };
    }
    case 'changed': {
      const o = await getOrUndefined(api(t), c.ref);
      const before = base?.resourceVersions.get(refKey(c.ref));
      const now = o?.metadata.resourceVersion;
      if (!o) return { ok: false, found: `${refWords(c.ref)} not found` };
      return { ok: now !== before, found: now === before ? `resourceVersion still ${now}` : `resourceVersion ${before ?? '(none)'} → ${now}` };
    }
    case 'key': {
      const r = await t.kv.range({ key: c.key });
      const kv = r.kvs[0];
      if (!kv) return { ok: false, found: `no key ${c.key}` };
      if (c.value !== undefined && kv.value !== c.value) return { ok: false, found: `${c.key} = ${truncate(kv.value)} (want ${c.value})` };
      return { ok: true, found: `${c.key} = ${truncate(kv.value)}` };
    }
    case 'noKey': {
      const r = await t.kv.range({ key: c.key, countOnly: true });
      return { ok: r.count === 0, found: r.count === 0 ? `no key ${c.key}` : `${c.key} is still there` };
    }
    case 'keys': {
      const r = await t.kv.range({ key: c.prefix, rangeEnd: prefixEnd(c.prefix), countOnly: true });
      return { ok: cmpOk(r.count, c.cmp), found: `${r.count} keys under ${c.prefix} (${want(c.cmp)})` };
    }
    case 'revision': {
      const rev = await currentRevision(t.kv);
      const grew = rev - (base?.revision ?? rev);
      const ok = (c.atLeast === undefined || rev >= c.atLeast) && (c.grewBy === undefined || grew >= c.grewBy);
      return { ok, found: `revision ${rev}${c.grewBy !== undefined ? ` (+${grew} since the step began)` : ''}` };
    }
    case 'compacted': {
      try {
        await t.kv.range({ key: '\0', limit: 1, countOnly: true, revision: c.revision });
        return { ok: false, found: `revision ${c.revision} can still be read` };
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'compacted') return { ok: true, found: `revision ${c.revision} has been compacted` };
        if (code === 'future-revision') return { ok: false, found: `revision ${c.revision} is in the future` };
        throw err;
      }
    }
    case 'nodeCondition': {
      const n = await getOrUndefined(api(t), { resource: 'nodes', name: c.node });
      if (!n) return { ok: false, found: `node ${c.node} not found` };
      const cond = ((n.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []).find((x) => x.type === c.type);
      return { ok: cond?.status === c.status, found: `node ${c.node} ${c.type}=${cond?.status ?? '(none)'}` };
    }
    case 'taint': {
      const n = await getOrUndefined(api(t), { resource: 'nodes', name: c.node });
      if (!n) return { ok: false, found: `node ${c.node} not found` };
      const taints = (n.spec as { taints?: Array<{ key: string; effect: string; value?: string }> } | undefined)?.taints ?? [];
      const ok = taints.some((x) => x.key === c.key && (!c.effect || x.effect === c.effect));
      return { ok, found: taints.length ? `node ${c.node} taints: ${taints.map((x) => `${x.key}${x.value ? `=${x.value}` : ''}:${x.effect}`).join(', ')}` : `node ${c.node} has no taints` };
    }
    case 'deploymentReady':
      return deploymentReady(c, api(t));
    case 'endpoints': {
      const ep = await getOrUndefined(api(t), { resource: 'endpoints', name: c.service, namespace: c.namespace });
      if (!ep) return { ok: false, found: `endpoints/${c.service} not found` };
      const subsets = (ep as unknown as { subsets?: Array<{ addresses?: unknown[] }> }).subsets ?? [];
      const n = subsets.reduce((s, x) => s + (x.addresses?.length ?? 0), 0);
      return { ok: cmpOk(n, c.cmp), found: `${n} ready addresses (${want(c.cmp)})` };
    }
    case 'file': {
      if (!t.workdir) return { ok: false, found: 'this demo has no working folder' };
      try {
        const st = statSync(path.join(t.workdir, c.name));
        return { ok: st.isFile() && st.size > 0, found: `${c.name}: ${st.size} bytes` };
      } catch {
        return { ok: false, found: `no file ${c.name}` };
      }
    }
    case 'etcdMembers': {
      const members = t.kv.members?.list();
      if (!members) return { ok: false, found: 'this cluster\'s etcd has no members kubetutor runs (start it with --store local-etcd:3 or memory:3)' };
      const up = members.filter((m) => m.up);
      return { ok: cmpOk(up.length, c.up), found: `${up.length} of ${members.length} members up (${up.map((m) => m.name).join(', ') || 'none'})` };
    }
  }
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

interface DeploymentLike extends KubeObject {
  spec: { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
  status?: { replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number };
}

interface PodLike extends KubeObject {
  spec: { containers: Array<{ image: string }> };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> };
}

/** Every pod of the deployment Running and ready, none left over from an older template, status agreeing. */
async function deploymentReady(c: Extract<Check, { kind: 'deploymentReady' }>, client: Client): Promise<CheckResult> {
  const d = (await getOrUndefined(client, { resource: 'deployments', name: c.name, namespace: c.namespace })) as DeploymentLike | undefined;
  if (!d) return { ok: false, found: `deployment ${c.name} not found` };
  const desired = d.spec.replicas ?? 1;
  const labels = d.spec.selector?.matchLabels ?? {};
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = (await client.list<PodLike>('pods', c.namespace, selector ? { labelSelector: selector } : {})).items.filter((p) => !p.metadata.deletionTimestamp);
  const ready = pods.filter((p) => p.status?.phase === 'Running' && (p.status.conditions?.find((x) => x.type === 'Ready')?.status ?? 'True') === 'True');
  const onImage = c.image ? ready.filter((p) => p.spec.containers.every((x) => x.image === c.image)) : ready;
  const s = d.status ?? {};
  const problems: string[] = [];
  if (c.replicas !== undefined && desired !== c.replicas) problems.push(`spec.replicas is ${desired} (want ${c.replicas})`);
  if (onImage.length !== desired) problems.push(`${onImage.length}/${desired} pods Running and ready${c.image ? ` on ${c.image}` : ''}`);
  if (pods.length !== desired) problems.push(`${pods.length} pods in all`);
  if ((s.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) problems.push('the controller has not seen the latest spec yet');
  if ((s.updatedReplicas ?? 0) !== desired || (s.readyReplicas ?? 0) !== desired || (s.replicas ?? 0) !== desired)
    problems.push(`status: ${s.replicas ?? 0} replicas, ${s.updatedReplicas ?? 0} updated, ${s.readyReplicas ?? 0} ready`);
  if (problems.length) return { ok: false, found: `deployment ${c.name}: ${problems.join('; ')}` };
  return { ok: true, found: `deployment ${c.name}: ${desired}/${desired} pods Running and ready${c.image ? ` on ${c.image}` : ''}` };
}

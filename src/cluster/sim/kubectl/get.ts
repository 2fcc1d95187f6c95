// kubectl get (k8s.io/kubectl/pkg/cmd/get/get.go): types and names from the arguments, one table per type
// (a blank line between them, TYPE/NAME in the NAME column when several types are asked for), -o
// wide|yaml|json|name, "No resources found in NS namespace." on stderr, and --watch: the table, then one row
// per later change, lined up with the first table.
import type { ResourceName, WatchHandle } from '../../apiserver/api';
import type { KubeObject, Status } from '../../apiserver/types';
import { LineError } from '../shell';
import { apiErrorText, asLineError, emit, type KubectlEnv } from './env';
import { bool, parseFlags, str, type FlagSpec, type Parsed } from './flags';
import { objectRef, printJSON, printYAML, toList } from './output';
import { renderTable } from './printers';
import { ALL_CATEGORY, qualifiedSingular, requireType, typeByResource, type ResourceType } from './resources';
import { TABLE_OPTIONS, TabWriter } from './tabwriter';
import { ApiError } from '../../apiserver/api';
import { evalPath, executeJSONPath, fieldPath, formatValue } from './jsonpath';

export const GET_FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'label-columns', short: 'L', type: 'strings' },
  { name: 'no-headers', type: 'bool' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'sort-by', type: 'string' },
  { name: 'output-watch-events', type: 'bool' },
  { name: 'raw', type: 'string' },
];

const OUTPUTS = ['', 'wide', 'yaml', 'json', 'name'];

export interface Request {
  type: ResourceType;
  /** Undefined: every object of the type (subject to -l). */
  names?: string[];
}

/** Splits `pods,svc NAME…` / `pod/a deploy/b` into per-type requests, in the order given. */
export function parseResourceArgs(command: string, args: string[]): Request[] {
  if (args.length === 0) return [];
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new LineError(
        `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${command} resource/<resource_name>' instead of 'kubectl ${command} resource resource/<resource_name>'`,
      );
    }
    const out: Request[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      const type = requireType(a.slice(0, i));
      const name = a.slice(i + 1);
      if (name === '') throw new LineError(`error: arguments in resource/name form must have a single resource and name`);
      const prev = out.find((r) => r.type === type);
      if (prev) prev.names!.push(name);
      else out.push({ type, names: [name] });
    }
    return out;
  }
  const [typesArg, ...names] = args;
  const types: ResourceType[] = [];
  for (const word of typesArg!.split(',').filter((w) => w !== '')) {
    if (word === 'all') {
      for (const r of ALL_CATEGORY) types.push(typeByResource(r));
      continue;
    }
    const t = requireType(word);
    if (!types.includes(t)) types.push(t);
  }
  return types.map((type) => ({ type, names: names.length ? [...names] : undefined }));
}

function withTypeMeta(obj: KubeObject, type: ResourceType): KubeObject {
  if (obj.apiVersion && obj.kind) return obj;
  return { ...obj, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, kind: type.kind };
}

export async function runGet(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('get', argv, GET_FLAGS);
  const raw = str(p, 'raw');
  if (raw !== undefined) {
    // `kubectl get --raw PATH`: the server's body as it is — /metrics, or any API path with its query.
    if (p.args.length) throw new LineError('error: arguments may not be passed when --raw is specified');
    if (!env.client.getRaw) throw new LineError('error: this API server does not answer raw requests');
    try {
      env.io.out(await env.client.getRaw(raw));
    } catch (err) {
      throw asLineError(err);
    }
    return;
  }
  const rawOutput = str(p, 'output') ?? '';
  const template = /^(jsonpath|custom-columns)=/.exec(rawOutput) ? rawOutput.slice(rawOutput.indexOf('=') + 1) : undefined;
  const output = template !== undefined ? rawOutput.slice(0, rawOutput.indexOf('=')) : rawOutput;
  if (output === 'jsonpath' || output === 'custom-columns') {
    if (!template) throw new LineError(output === 'jsonpath' ? 'error: template format specified but no template given' : 'error: custom-columns format specified but no custom columns given');
  } else if (!OUTPUTS.includes(output)) {
    throw new LineError(
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
    );
  }
  if (p.args.length === 0) {
    throw new LineError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
    );
  }
  const requests = parseResourceArgs('get', p.args);
  const allNs = bool(p, 'all-namespaces');
  const namespace = str(p, 'namespace') ?? 'default';
  const selector = str(p, 'selector');
  const fieldSelector = str(p, 'field-selector');
  const watch = bool(p, 'watch') || bool(p, 'watch-only');
  if (allNs && requests.some((r) => r.names)) throw new LineError('error: a resource cannot be retrieved by name across all namespaces');
  if (selector !== undefined && requests.some((r) => r.names)) throw new LineError('error: name cannot be provided when a selector is specified');
  if (watch && requests.length > 1) {
    throw new LineError(`error: watch is only supported on individual resources and resource collections, but ${requests.length} resources were found`);
  }
  const multiType = requests.length > 1;
  const wide = output === 'wide';
  const tw = new TabWriter(TABLE_OPTIONS);
  const errors: string[] = [];
  const collected: KubeObject[] = [];
  let wrote = false;
  let lastRV = '';
  let single = false;

  for (const req of requests) {
    const ns = req.type.namespaced && !allNs ? namespace : undefined;
    let objs: KubeObject[] = [];
    if (req.names) {
      for (const name of req.names) {
        try {
          const obj = withTypeMeta(await env.client.get(req.type.resource, name, req.type.namespaced ? namespace : undefined), req.type);
          objs.push(obj);
          // a watch on named objects starts after what was just printed (upstream starts at "0" and drops
          // the synthetic ADDED event; starting after the object's own version shows the same)
          if (Number(obj.metadata.resourceVersion ?? 0) > Number(lastRV || 0)) lastRV = obj.metadata.resourceVersion!;
        } catch (err) {
          if (err instanceof ApiError) {
            if (!(err.status.code === 404 && bool(p, 'ignore-not-found'))) errors.push(apiErrorText(err));
          } else throw err;
        }
      }
      single = requests.length === 1 && req.names.length === 1;
    } else {
      try {
        const list = await env.client.list(req.type.resource, ns, { labelSelector: selector, fieldSelector });
        objs = list.items.map((o) => withTypeMeta(o, req.type));
        lastRV = list.metadata.resourceVersion;
      } catch (err) {
        if (err instanceof ApiError) {
          errors.push(apiErrorText(err));
          continue;
        }
        throw err;
      }
    }
    if (bool(p, 'watch-only')) continue;
    const sortBy = str(p, 'sort-by');
    if (sortBy) objs = sortObjects(objs, sortBy);
    if (output === 'json' || output === 'yaml' || output === 'jsonpath' || output === 'custom-columns') {
      collected.push(...objs);
      continue;
    }
    if (output === 'name') {
      for (const o of objs) env.io.out(objectRef(o));
      wrote ||= objs.length > 0;
      continue;
    }
    const table = renderTable(req.type.resource, objs, env.now(), {
      wide,
      withNamespace: allNs && req.type.namespaced,
      showLabels: bool(p, 'show-labels'),
      columnLabels: labelColumns(p),
      kindPrefix: multiType ? `${qualifiedSingular(req.type)}/` : undefined,
      noHeaders: bool(p, 'no-headers'),
      eventType: watch && bool(p, 'output-watch-events') ? 'ADDED' : undefined,
    });
    if (table === '') continue;
    if (wrote) env.io.out('');
    tw.resetWidths();
    tw.write(table);
    emit(env.io, 'out', tw.flush());
    wrote = true;
  }

  if ((output === 'json' || output === 'yaml' || output === 'jsonpath') && !bool(p, 'watch-only')) {
    const doc = single && collected.length === 1 ? collected[0] : toList(collected);
    if (!(single && collected.length === 0)) {
      if (output === 'jsonpath') {
        const text = executeJSONPath(template!, JSON.parse(JSON.stringify(doc)));
        if (text !== '') env.io.out(text.endsWith('\n') ? text : `${text}\n`);
      } else env.io.out(output === 'json' ? printJSON(doc) : printYAML(doc));
      wrote = true;
    }
  }
  if (output === 'custom-columns' && collected.length > 0) {
    env.io.out(customColumns(template!, collected, bool(p, 'no-headers')));
    wrote = true;
  }

  if (!wrote && errors.length === 0 && !watch && !(single && bool(p, 'ignore-not-found'))) {
    const allNamespaced = !allNs && requests.every((r) => r.type.namespaced);
    env.io.err(allNamespaced ? `No resources found in ${namespace} namespace.` : 'No resources found');
  }
  if (errors.length > 0) throw new LineError(errors.join('\n'));

  if (watch) await startWatch(env, p, requests[0]!, allNs, namespace, lastRV, tw, wrote, output);
}

async function startWatch(
  env: KubectlEnv,
  p: Parsed,
  req: Request,
  allNs: boolean,
  namespace: string,
  resourceVersion: string,
  tw: TabWriter,
  headersPrinted: boolean,
  output: string,
): Promise<void> {
  const ns = req.type.namespaced && !allNs ? namespace : undefined;
  const names = req.names;
  let printedHeaders = headersPrinted;
  let docs = 0;
  const resource: ResourceName = req.type.resource;
  let handle: WatchHandle | undefined;
  handle = await env.client.watch(
    resource,
    ns,
    {
      labelSelector: str(p, 'selector'),
      fieldSelector: names && names.length === 1 ? `metadata.name=${names[0]}` : str(p, 'field-selector'),
      resourceVersion: resourceVersion || undefined,
    },
    (ev) => {
      if (ev.type === 'BOOKMARK') return;
      if (ev.type === 'ERROR') {
        const st = ev.object as Status;
        env.io.err(`error: watch error: ${st.message}`);
        handle?.stop();
        return;
      }
      const obj = withTypeMeta(ev.object as KubeObject, req.type);
      if (names && !names.includes(obj.metadata.name)) return;
      const doc = bool(p, 'output-watch-events') ? { type: ev.type, object: obj } : obj;
      if (output === 'name') return env.io.out(objectRef(obj));
      if (output === 'json') return env.io.out(printJSON(doc));
      if (output === 'yaml') {
        env.io.out((docs++ > 0 ? '---\n' : '') + printYAML(doc));
        return;
      }
      tw.write(
        renderTable(resource, [obj], env.now(), {
          wide: output === 'wide',
          withNamespace: allNs && req.type.namespaced,
          showLabels: bool(p, 'show-labels'),
          columnLabels: labelColumns(p),
          noHeaders: printedHeaders || bool(p, 'no-headers'),
          eventType: bool(p, 'output-watch-events') ? ev.type : undefined,
        }),
      );
      printedHeaders = true;
      emit(env.io, 'out', tw.flush());
    },
  );
  env.foregroundWatch?.(() => handle?.stop());
  env.onStop?.(() => handle?.stop());
}


/** -L a,b -L c: the label keys, in order, blanks dropped. */
function labelColumns(p: Parsed): string[] | undefined {
  const keys = ((p.flags['label-columns'] as string[] | undefined) ?? []).map((k) => k.trim()).filter((k) => k !== '');
  return keys.length ? keys : undefined;
}

/** --sort-by: by the field's value (numbers as numbers), objects without it first, stable otherwise. */
function sortObjects(objs: KubeObject[], spec: string): KubeObject[] {
  const path = fieldPath(spec);
  const key = (o: KubeObject) => evalPath(path, o)[0];
  return objs
    .map((o, i) => ({ o, i, k: key(o) }))
    .sort((a, b) => {
      if (a.k === undefined || b.k === undefined) return (a.k === undefined ? 0 : 1) - (b.k === undefined ? 0 : 1) || a.i - b.i;
      if (typeof a.k === 'number' && typeof b.k === 'number') return a.k - b.k || a.i - b.i;
      const x = formatValue(a.k);
      const y = formatValue(b.k);
      return x < y ? -1 : x > y ? 1 : a.i - b.i;
    })
    .map((e) => e.o);
}

/** -o custom-columns=HEADER:.path,…: one column per spec, values comma-joined, `<none>` when missing. */
function customColumns(spec: string, objs: KubeObject[], noHeaders: boolean): string {
  const cols = spec.split(',').map((c) => {
    const i = c.indexOf(':');
    if (i < 0) throw new LineError(`error: unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
    return { header: c.slice(0, i), path: fieldPath(c.slice(i + 1)) };
  });
  const tw = new TabWriter(TABLE_OPTIONS);
  if (!noHeaders) tw.write(cols.map((c) => c.header).join('\t') + '\n');
  for (const o of objs) {
    tw.write(
      cols
        .map((c) => {
          const vals = evalPath(c.path, JSON.parse(JSON.stringify(o)));
          return vals.length === 0 || vals.every((v) => v === undefined) ? '<none>' : vals.map(formatValue).join(',');
        })
        .join('\t') + '\n',
    );
  }
  return tw.flush();
}

// Reading `-f FILE` the way kubectl's resource builder does (cli-runtime/pkg/resource: visitor.go,
// FileVisitor + StreamVisitor): a file, a directory of .yaml/.yml/.json files, or `-` for stdin; several YAML
// documents per file; each must name apiVersion and kind. Every file is read and checked before anything is
// sent, so a broken file changes nothing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../apiserver/types';
import { LineError } from '../shell';
import { notServedKind, typeByKind, type ResourceType } from './resources';

export interface Manifest {
  obj: KubeObject;
  type: ResourceType;
  /** The path as the user gave it (kubectl quotes it in messages). */
  source: string;
}

/** Expands `-f` values into files (directories: their .json/.yaml/.yml files, in name order). */
function expand(p: string, cwd: string): string[] {
  const full = path.resolve(cwd, p);
  if (!existsSync(full)) throw new LineError(`error: the path "${p}" does not exist`);
  if (statSync(full).isDirectory()) {
    return readdirSync(full)
      .filter((f) => /\.(json|ya?ml)$/.test(f))
      .sort()
      .map((f) => path.join(p, f));
  }
  return [p];
}

export function loadManifests(paths: string[], cwd: string = process.cwd(), stdin?: () => string): Manifest[] {
  const out: Manifest[] = [];
  for (const p of paths) {
    if (p === '-' && !stdin) {
      // the shell's own input is the script or the terminal; a manifest cannot come from it too
      throw new LineError('error: -f - (read from stdin) is not available in the cluster shell; save the manifest to a file and pass its path');
    }
    const files = p === '-' ? ['-'] : expand(p, cwd);
    for (const f of files) {
      const text = f === '-' ? stdin!() : readFileSync(path.resolve(cwd, f), 'utf8');
      out.push(...parseManifestText(text, f === '-' ? 'STDIN' : f));
    }
  }
  return out;
}

/** Parses one file's text. Errors name the file, line and column, in one line. */
export function parseManifestText(text: string, source: string): Manifest[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const out: Manifest[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const goYaml = goYamlError(err, text);
      if (goYaml) throw new LineError(`error: error parsing ${source}: error converting YAML to JSON: yaml: ${goYaml}`);
      const pos = err.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
      const msg = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
      throw new LineError(`error: error parsing ${source}: ${where}${msg}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue; // an empty document
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new LineError(`error: error parsing ${source}: the document is not a mapping (an object with apiVersion and kind)`);
    }
    const obj = value as Partial<KubeObject> & { items?: unknown[] };
    // a List: its items are the objects
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      for (const item of obj.items) out.push(check(item as Partial<KubeObject>, source));
      continue;
    }
    out.push(check(obj, source));
  }
  return out;
}

/**
 * The commonest YAML mistakes in go-yaml's words, as sigs.k8s.io/yaml reports them to kubectl (`yaml: line N: …`,
 * lines counted from 1); undefined for the rest, which keep the parser's own wording with line and column.
 */
function goYamlError(err: { code: string; pos: [number, number] }, text: string): string | undefined {
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const start = err.pos[0];
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return `line ${lineAt(start)}: found character that cannot start any token`;
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY': {
      // go-yaml stops at the `: ` that cannot open a mapping there
      const m = /:(?=[ \t\n]|$)/.exec(text.slice(start));
      return `line ${lineAt(m ? start + m.index : start)}: mapping values are not allowed in this context`;
    }
    default:
      return undefined;
  }
}

function check(obj: Partial<KubeObject>, source: string): Manifest {
  // kubectl's validation names every missing field, in a list when there are several
  const missing = [...(obj.apiVersion ? [] : ['apiVersion not set']), ...(obj.kind ? [] : ['kind not set'])];
  if (missing.length > 0) {
    const what = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
    throw new LineError(
      `error: error validating "${source}": error validating data: ${what}; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  }
  const name = obj.metadata?.name ?? '';
  const ns = obj.metadata?.namespace ?? '';
  const type = typeByKind(obj.apiVersion!, obj.kind!);
  if (!type) {
    const unserved = notServedKind(String(obj.apiVersion), String(obj.kind), source);
    if (unserved) throw unserved;
    throw new LineError(
      `error: resource mapping not found for name: "${name}" namespace: "${ns}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`,
    );
  }
  if (!obj.metadata || typeof obj.metadata !== 'object') (obj as KubeObject).metadata = { name: '' };
  return { obj: obj as KubeObject, type, source };
}

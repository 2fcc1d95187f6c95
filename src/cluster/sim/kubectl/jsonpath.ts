// The JSONPath templates kubectl takes in -o jsonpath=…, -o custom-columns=… and --sort-by
// (k8s.io/client-go/util/jsonpath): text with {…} actions; .field, ['field'], [n], [a:b], [*], ..field,
// [?(@.x == "y")], {range …}…{end}, "literals". Several results of one action print space-separated; a
// missing key prints nothing (kubectl's --allow-missing-template-keys=true).
import { LineError } from '../shell';
import { sortKeys } from './describe';

type Node = { kind: 'text'; text: string } | { kind: 'expr'; expr: string } | { kind: 'range'; expr: string; body: Node[] };

function parseTemplate(template: string): Node[] {
  const stack: Node[][] = [[]];
  const ranges: Array<{ expr: string }> = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1]!.push({ kind: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({ kind: 'text', text: template.slice(i, open) });
    const close = findClose(template, open);
    if (close < 0) throw new Error('unclosed action');
    const inner = template.slice(open + 1, close).trim();
    if (inner.startsWith('range ')) {
      ranges.push({ expr: inner.slice(6).trim() });
      stack.push([]);
    } else if (inner === 'end') {
      const r = ranges.pop();
      if (!r) throw new Error('not in range, nothing to end');
      const body = stack.pop()!;
      stack[stack.length - 1]!.push({ kind: 'range', expr: r.expr, body });
    } else stack[stack.length - 1]!.push({ kind: 'expr', expr: inner });
    i = close + 1;
  }
  if (ranges.length) throw new Error('unclosed range');
  return stack[0]!;
}

function findClose(s: string, open: number): number {
  let quote: string | null = null;
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return -1;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

/** Evaluates one path (`.items[*].metadata.name`) against `root`, relative paths against `current`. */
export function evalPath(path: string, root: unknown, current: unknown = root): unknown[] {
  let p = path.trim();
  if (p.startsWith('"') || p.startsWith("'")) return [unescape(p.slice(1, -1))];
  let nodes: unknown[] = [current];
  if (p.startsWith('$')) {
    nodes = [root];
    p = p.slice(1);
  } else if (p.startsWith('@')) p = p.slice(1);
  let i = 0;
  while (i < p.length) {
    if (p.startsWith('..', i)) {
      const m = /^[A-Za-z0-9_\-/*]+/.exec(p.slice(i + 2));
      const name = m ? m[0] : '';
      i += 2 + name.length;
      nodes = nodes.flatMap((n) => descend(n, name));
    } else if (p[i] === '.') {
      const m = /^[A-Za-z0-9_\-/]+|^\*/.exec(p.slice(i + 1));
      const name = m ? m[0] : '';
      i += 1 + name.length;
      if (name === '') continue;
      nodes = nodes.flatMap((n) => child(n, name));
    } else if (p[i] === '[') {
      const close = findBracket(p, i);
      const inner = p.slice(i + 1, close).trim();
      i = close + 1;
      nodes = nodes.flatMap((n) => subscript(n, inner, root));
    } else throw new Error(`unrecognized character in action: ${p[i]}`);
  }
  return nodes;
}

function findBracket(s: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error('unterminated array');
}

function child(n: unknown, name: string): unknown[] {
  if (name === '*') return n && typeof n === 'object' ? Object.values(n as object) : [];
  if (n && typeof n === 'object' && !Array.isArray(n) && name in (n as object)) return [(n as Record<string, unknown>)[name]];
  return [];
}

function descend(n: unknown, name: string): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    if (!Array.isArray(v) && (name === '*' || name in (v as object))) {
      if (name === '*') out.push(...Object.values(v as object));
      else out.push((v as Record<string, unknown>)[name]);
    }
    for (const c of Object.values(v as object)) walk(c);
  };
  walk(n);
  return out;
}

function subscript(n: unknown, inner: string, root: unknown): unknown[] {
  if (inner === '*') return Array.isArray(n) ? n : n && typeof n === 'object' ? Object.values(n as object) : [];
  if (/^['"].*['"]$/.test(inner)) return child(n, inner.slice(1, -1));
  if (inner.startsWith('?(') && inner.endsWith(')')) {
    if (!Array.isArray(n)) return [];
    return n.filter((item) => filterMatches(inner.slice(2, -1), item, root));
  }
  if (!Array.isArray(n)) return [];
  const slice = /^(-?\d*):(-?\d*)(?::(\d+))?$/.exec(inner);
  if (slice) {
    const len = n.length;
    const norm = (v: string, d: number) => (v === '' ? d : parseInt(v, 10) < 0 ? Math.max(0, len + parseInt(v, 10)) : Math.min(len, parseInt(v, 10)));
    const start = norm(slice[1]!, 0);
    const end = norm(slice[2]!, len);
    const step = slice[3] ? parseInt(slice[3], 10) : 1;
    const out: unknown[] = [];
    for (let k = start; k < end; k += step) out.push(n[k]);
    return out;
  }
  if (/^-?\d+$/.test(inner)) {
    const k = parseInt(inner, 10);
    const idx = k < 0 ? n.length + k : k;
    if (idx < 0 || idx >= n.length) throw new Error(`array index out of bounds: index ${k}, length ${n.length}`);
    return [n[idx]];
  }
  throw new Error(`invalid array index ${inner}`);
}

function literal(s: string): unknown {
  const t = s.trim();
  if (/^['"].*['"]$/.test(t)) return t.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(t)) return parseFloat(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return t;
}

function filterMatches(cond: string, item: unknown, root: unknown): boolean {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(cond);
  if (!m) return evalPath(cond, root, item).length > 0;
  const left = evalPath(m[1]!, root, item);
  if (left.length === 0) return false;
  const l = left[0];
  const r = m[3]!.trim().startsWith('@') || m[3]!.trim().startsWith('$') ? evalPath(m[3]!, root, item)[0] : literal(m[3]!);
  switch (m[2]) {
    case '==':
      return String(l) === String(r);
    case '!=':
      return String(l) !== String(r);
    case '<':
      return Number(l) < Number(r);
    case '>':
      return Number(l) > Number(r);
    case '<=':
      return Number(l) <= Number(r);
    default:
      return Number(l) >= Number(r);
  }
}

export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  if (v !== null && typeof v === 'object') return JSON.stringify(sortKeys(v)); // json.Marshal of a map sorts its keys
  return String(v);
}

function render(nodes: Node[], root: unknown, current: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'expr') out += evalPath(node.expr, root, current).map(formatValue).join(' ');
    else for (const item of evalPath(node.expr, root, current)) out += render(node.body, root, item);
  }
  return out;
}

/** `-o jsonpath=TEMPLATE`: kubectl's error text when the template does not parse or run. */
export function executeJSONPath(template: string, data: unknown): string {
  let nodes: Node[];
  try {
    nodes = parseTemplate(template);
  } catch (e) {
    throw new LineError(`error: error parsing jsonpath ${template}, ${(e as Error).message}`);
  }
  try {
    return render(nodes, data, data);
  } catch (e) {
    // kubectl goes on to dump the whole object; the first line says what went wrong
    throw new LineError(`error: error executing jsonpath "${template}": Error executing template: ${(e as Error).message}`);
  }
}

/** A --sort-by / custom-columns field: `.metadata.name` or `{.metadata.name}`. */
export function fieldPath(spec: string): string {
  const t = spec.trim();
  return t.startsWith('{') && t.endsWith('}') ? t.slice(1, -1) : t;
}

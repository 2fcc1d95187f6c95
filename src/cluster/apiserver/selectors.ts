// Models k8s.io/apimachinery/pkg/labels/selector.go (labels.Parse) and pkg/fields/selector.go
// (fields.ParseSelector), plus metav1.LabelSelectorAsSelector: how `-l` and `--field-selector` filter objects.
import type { LabelSelector } from './types';

export type LabelOp = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: LabelOp;
  values: string[];
}

/** A parsed label selector: every requirement must hold (AND). Empty selects everything. */
export class LabelSelectorMatcher {
  constructor(readonly requirements: Requirement[]) {}

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Record<string, string> | undefined): boolean {
    for (const r of this.requirements) {
      const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
      const v = has ? labels![r.key]! : undefined;
      switch (r.op) {
        case '=':
          if (v !== r.values[0]) return false;
          break;
        case '!=':
          if (v === r.values[0]) return false;
          break;
        case 'in':
          if (!has || !r.values.includes(v!)) return false;
          break;
        case 'notin':
          if (has && r.values.includes(v!)) return false;
          break;
        case 'exists':
          if (!has) return false;
          break;
        case '!':
          if (has) return false;
          break;
        case 'gt':
        case 'lt': {
          if (!has) return false;
          const n = Number(v);
          const bound = Number(r.values[0]);
          if (!Number.isFinite(n)) return false;
          if (r.op === 'gt' ? !(n > bound) : !(n < bound)) return false;
          break;
        }
      }
    }
    return true;
  }

  toString(): string {
    return this.requirements
      .map((r) => {
        switch (r.op) {
          case '=':
          case '!=':
            return `${r.key}${r.op}${r.values[0]}`;
          case 'in':
          case 'notin':
            return `${r.key} ${r.op} (${r.values.join(',')})`;
          case 'exists':
            return r.key;
          case '!':
            return `!${r.key}`;
          case 'gt':
            return `${r.key}>${r.values[0]}`;
          case 'lt':
            return `${r.key}<${r.values[0]}`;
        }
        return '';
      })
      .join(',');
  }
}

export const EVERYTHING = new LabelSelectorMatcher([]);

export class SelectorParseError extends Error {}

/** labels.Parse: `app=web,tier!=db`, `env in (a,b)`, `env notin (c)`, `key`, `!key`, `a==b`. */
export function parseLabelSelector(text: string | undefined): LabelSelectorMatcher {
  if (!text || !text.trim()) return EVERYTHING;
  const reqs: Requirement[] = [];
  let i = 0;
  const s = text;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const ident = (): string => {
    ws();
    const m = /^[A-Za-z0-9_.\-/]+/.exec(s.slice(i));
    if (!m) throw new SelectorParseError(`unable to parse requirement: found '${s[i] ?? ''}', expected: identifier`);
    i += m[0].length;
    return m[0];
  };
  const value = (): string => {
    ws();
    const m = /^[A-Za-z0-9_.\-]*/.exec(s.slice(i))!;
    i += m[0].length;
    return m[0];
  };
  for (;;) {
    ws();
    if (s[i] === '!') {
      i++;
      reqs.push({ key: ident(), op: '!', values: [] });
    } else {
      const key = ident();
      ws();
      const rest = s.slice(i);
      if (rest.startsWith('==')) {
        i += 2;
        reqs.push({ key, op: '=', values: [value()] });
      } else if (rest.startsWith('!=')) {
        i += 2;
        reqs.push({ key, op: '!=', values: [value()] });
      } else if (rest.startsWith('=')) {
        i += 1;
        reqs.push({ key, op: '=', values: [value()] });
      } else if (rest.startsWith('>') || rest.startsWith('<')) {
        i += 1;
        const v = value();
        if (!/^-?\d+$/.test(v)) throw new SelectorParseError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
        reqs.push({ key, op: rest[0] === '>' ? 'gt' : 'lt', values: [v] });
      } else if (/^(in|notin)\s*\(/.test(rest)) {
        const op = rest.startsWith('in') ? 'in' : 'notin';
        i += op.length;
        ws();
        i++; // (
        const values: string[] = [];
        for (;;) {
          values.push(value());
          ws();
          if (s[i] === ',') {
            i++;
            continue;
          }
          if (s[i] === ')') {
            i++;
            break;
          }
          throw new SelectorParseError(`unable to parse requirement: found '${s[i] ?? ''}', expected: ',', ')'`);
        }
        reqs.push({ key, op, values });
      } else {
        reqs.push({ key, op: 'exists', values: [] });
      }
    }
    ws();
    if (i >= s.length) break;
    if (s[i] === ',') {
      i++;
      continue;
    }
    throw new SelectorParseError(`unable to parse requirement: found '${s[i]}', expected: ',' or 'end of string'`);
  }
  return new LabelSelectorMatcher(reqs);
}

/** metav1.LabelSelectorAsSelector: matchLabels AND matchExpressions. An absent selector matches nothing. */
export function labelSelectorAsSelector(sel: LabelSelector | undefined | null): LabelSelectorMatcher | undefined {
  if (!sel) return undefined;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, op: '=', values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op: LabelOp = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return new LabelSelectorMatcher(reqs);
}

/** Whether `labels` are selected by a metav1.LabelSelector (empty selector = everything, absent = nothing). */
export function selectorMatches(sel: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  const m = labelSelectorAsSelector(sel);
  return m ? m.matches(labels) : false;
}

// ---- field selectors ----

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export class FieldSelectorMatcher {
  constructor(readonly requirements: FieldRequirement[]) {}
  get empty(): boolean {
    return this.requirements.length === 0;
  }
  matches(fields: (field: string) => string): boolean {
    for (const r of this.requirements) {
      const v = fields(r.field);
      if (r.op === '=' ? v !== r.value : v === r.value) return false;
    }
    return true;
  }
  /** The value a `field=value` requirement pins, if any (used for indexed triggers). */
  exact(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.op === '=') return r.value;
    return undefined;
  }
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.op}${r.value}`).join(',');
  }
}

export const ALL_FIELDS = new FieldSelectorMatcher([]);

/** fields.ParseSelector: `spec.nodeName=node-1,status.phase!=Running` (`==` also accepted). */
export function parseFieldSelector(text: string | undefined): FieldSelectorMatcher {
  if (!text || !text.trim()) return ALL_FIELDS;
  const reqs: FieldRequirement[] = [];
  for (const part of text.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const m = /^([^=!]+)(==|!=|=)(.*)$/.exec(p);
    if (!m) throw new SelectorParseError(`invalid selector: '${text}'; can't understand '${p}'`);
    reqs.push({ field: m[1]!.trim(), op: m[2] === '!=' ? '!=' : '=', value: m[3]!.trim() });
  }
  return new FieldSelectorMatcher(reqs);
}

// apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector and pkg/labels: matching a LabelSelector
// (matchLabels + matchExpressions) against an object's labels.
import type { LabelSelector, NodeSelectorRequirement, NodeSelectorTerm } from '../../apiserver/types';

export type Labels = Record<string, string> | undefined;

/** A nil selector matches nothing, an empty one ({}) everything: as metav1.LabelSelectorAsSelector. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const vals = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !vals.includes(l[req.key]!)) return false;
        break;
      case 'NotIn':
        if (has && vals.includes(l[req.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** A Service's selector (a plain map): an empty or missing map selects nothing (endpoints are then manual). */
export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Labels): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector)) if (l[k] !== v) return false;
  return true;
}

/** `app=nginx,tier=web` for messages and `kubectl`-style output. */
export function selectorString(selector: LabelSelector | undefined): string {
  if (!selector) return '<none>';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator.toLowerCase()} (${(r.values ?? []).join(',')})`);
  }
  return parts.join(',');
}

/** component-helpers/scheduling/corev1/nodeaffinity: one node selector requirement against labels. */
export function nodeRequirementMatches(req: NodeSelectorRequirement, labels: Labels): boolean {
  const l = labels ?? {};
  const has = Object.prototype.hasOwnProperty.call(l, req.key);
  const vals = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && vals.includes(l[req.key]!);
    case 'NotIn':
      return !has || !vals.includes(l[req.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || vals.length !== 1) return false;
      const a = Number(l[req.key]);
      const b = Number(vals[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return req.operator === 'Gt' ? a > b : a < b;
    }
  }
}

/** A term matches when every expression and field requirement matches; an empty term matches nothing. */
export function nodeTermMatches(term: NodeSelectorTerm, labels: Labels, nodeName: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!nodeRequirementMatches(r, labels)) return false;
  for (const r of fields) if (r.key !== 'metadata.name' || !nodeRequirementMatches(r, { 'metadata.name': nodeName })) return false;
  return true;
}

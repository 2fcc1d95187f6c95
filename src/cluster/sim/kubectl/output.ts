// kubectl's -o json / -o yaml / -o name printers (k8s.io/cli-runtime/pkg/printers: json.go, yaml.go, name.go).
// Objects reach kubectl as unstructured maps, so keys come out sorted; JSON is indented by four spaces; several
// objects form a `kind: List`.
import { stringify } from 'yaml';
import type { KubeObject } from '../../apiserver/types';
import { sortKeys } from './describe';
import { qualifiedSingular, typeByKind } from './resources';

export function toList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export function printJSON(obj: unknown): string {
  return `${JSON.stringify(sortKeys(obj), null, 4)}\n`;
}

export function printYAML(obj: unknown): string {
  return stringify(sortKeys(obj), { indentSeq: false, lineWidth: 0, version: '1.1' });
}

/** `pod/web-1`, `deployment.apps/web`. */
export function objectRef(obj: KubeObject): string {
  const t = typeByKind(obj.apiVersion ?? '', obj.kind);
  const kind = t ? qualifiedSingular(t) : obj.kind.toLowerCase();
  return `${kind}/${obj.metadata.name}`;
}

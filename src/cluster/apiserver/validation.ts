// Models pkg/apis/core/validation/validation.go and pkg/apis/apps/validation/validation.go: the checks whose
// failures a learner meets (names, required fields, selectors that must match the template, immutable fields),
// worded as upstream words them.
import { fieldErr, goValue, type FieldError } from './errors';
import { labelSelectorAsSelector } from './selectors';
import type { Container, Deployment, KubeObject, Pod, PodAffinity, PodAffinityTerm, PodSpec, ReplicaSet, Service, PodTemplateSpec, LabelSelector } from './types';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SERVICE_NAME_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['Namespace']);

export function validateObjectMeta(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const n = obj.metadata.name;
  if (!n) {
    errs.push(fieldErr.required('metadata.name', 'name or generateName is required'));
    return errs;
  }
  if (obj.kind === 'Service') {
    if (n.length > 63 || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(n)) errs.push(fieldErr.invalid('metadata.name', n, SERVICE_NAME_MSG));
  } else if (LABEL_NAMED.has(obj.kind)) {
    if (n.length > 63 || !DNS1123_LABEL.test(n)) errs.push(fieldErr.invalid('metadata.name', n, LABEL_MSG));
  } else if (n.length > 253 || !DNS1123_SUBDOMAIN.test(n)) {
    errs.push(fieldErr.invalid('metadata.name', n, SUBDOMAIN_MSG));
  }
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (typeof v !== 'string') errs.push(fieldErr.invalid(`metadata.labels`, v, 'must be a string'));
    else if (v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
      errs.push(
        fieldErr.invalid(
          'metadata.labels',
          v,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
      );
    }
    if (!k) errs.push(fieldErr.invalid('metadata.labels', k, 'name part must be non-empty'));
  }
  return errs;
}

function validateContainers(containers: Container[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!containers || containers.length === 0) {
    errs.push(fieldErr.required(path));
    return errs;
  }
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c.name) errs.push(fieldErr.required(`${p}.name`));
    else if (!DNS1123_LABEL.test(c.name)) errs.push(fieldErr.invalid(`${p}.name`, c.name, LABEL_MSG));
    else if (seen.has(c.name)) errs.push(fieldErr.duplicate(`${p}.name`, c.name));
    if (c.name) seen.add(c.name);
    if (!c.image || !String(c.image).trim()) errs.push(fieldErr.required(`${p}.image`));
    (c.ports ?? []).forEach((port, j) => {
      if (!(port.containerPort >= 1 && port.containerPort <= 65535)) {
        errs.push(fieldErr.invalid(`${p}.ports[${j}].containerPort`, port.containerPort, 'must be between 1 and 65535, inclusive'));
      }
    });
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) errs.push(...validateProbe(c[kind], `${p}.${kind}`, kind !== 'readinessProbe'));
  });
  return errs;
}

/** validateProbe + validateHandler: one handler; liveness and startup probes need successThreshold 1. */
function validateProbe(probe: Container['livenessProbe'], path: string, successMustBeOne: boolean): FieldError[] {
  if (!probe || typeof probe !== 'object') return [];
  const errs: FieldError[] = [];
  const handlers = (['exec', 'httpGet', 'tcpSocket', 'grpc'] as const).filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0) errs.push(fieldErr.required(path, 'must specify a handler type'));
  else if (handlers.length > 1) errs.push(fieldErr.forbidden(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    const v = probe[f];
    if (typeof v === 'number' && v < 0) errs.push(fieldErr.invalid(`${path}.${f}`, v, 'must be greater than or equal to 0'));
  }
  if (successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold !== 1) errs.push(fieldErr.invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  return errs;
}

export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec) return [fieldErr.required(path)];
  const errs = validateContainers(spec.containers, `${path}.containers`);
  if (spec.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    errs.push(fieldErr.notSupported(`${path}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) {
    errs.push(fieldErr.invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  const a = spec.affinity;
  if (a?.podAffinity) errs.push(...validatePodAffinity(a.podAffinity, `${path}.affinity.podAffinity`));
  if (a?.podAntiAffinity) errs.push(...validatePodAffinity(a.podAntiAffinity, `${path}.affinity.podAntiAffinity`));
  return errs;
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** unversionedvalidation.ValidateLabelName (validation.IsQualifiedName): `[prefix/]name`. */
function validateLabelName(v: string, path: string): FieldError[] {
  const parts = v.split('/');
  const name = parts[parts.length - 1]!;
  const errs: FieldError[] = [];
  if (parts.length > 2) return [fieldErr.invalid(path, v, QUALIFIED_NAME_MSG.replace('name part must', 'a qualified name must') + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")];
  if (parts.length === 2) {
    if (!parts[0]) errs.push(fieldErr.invalid(path, v, 'prefix part must be non-empty'));
    else if (!DNS1123_SUBDOMAIN.test(parts[0])) errs.push(fieldErr.invalid(path, v, `prefix part ${SUBDOMAIN_MSG}`));
  }
  if (!name) errs.push(fieldErr.invalid(path, v, 'name part must be non-empty'));
  else if (name.length > 63) errs.push(fieldErr.invalid(path, v, 'name part must be no more than 63 characters'));
  if (!QUALIFIED_NAME.test(name)) errs.push(fieldErr.invalid(path, v, QUALIFIED_NAME_MSG));
  return errs;
}

/** validatePodAffinityTerm: a topologyKey is required and must be a valid label key. */
function validatePodAffinityTerm(t: PodAffinityTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const ns of t.namespaces ?? []) if (ns.length > 63 || !DNS1123_LABEL.test(ns)) errs.push(fieldErr.invalid(`${path}.namespace`, ns, LABEL_MSG));
  const key = t.topologyKey ?? '';
  if (!key) errs.push(fieldErr.required(`${path}.topologyKey`, 'can not be empty'));
  errs.push(...validateLabelName(key, `${path}.topologyKey`));
  return errs;
}

/** validatePodAffinity / validatePodAntiAffinity: required terms, and preferred ones with a weight in 1..100. */
function validatePodAffinity(a: PodAffinity, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (a.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) =>
    errs.push(...validatePodAffinityTerm(t, `${path}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`)),
  );
  (a.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, i) => {
    const p = `${path}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (!(w.weight >= 1 && w.weight <= 100)) errs.push(fieldErr.invalid(`${p}.weight`, w.weight ?? 0, 'must be in the range 1-100'));
    errs.push(...validatePodAffinityTerm(w.podAffinityTerm ?? { topologyKey: '' }, `${p}.podAffinityTerm`));
  });
  return errs;
}

function validateWorkloadSpec(
  spec: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec } | undefined,
  restartAlways: boolean,
): FieldError[] {
  if (!spec) return [fieldErr.required('spec')];
  const errs: FieldError[] = [];
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) {
    errs.push(fieldErr.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const sel = spec.selector;
  const selector = labelSelectorAsSelector(sel);
  if (!sel) errs.push(fieldErr.required('spec.selector'));
  else if (selector!.empty) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.selector', body: `Invalid value: ${goLabelSelector(sel)}: empty selector is invalid for deployment` });
  }
  if (!spec.template) {
    errs.push(fieldErr.required('spec.template'));
    return errs;
  }
  // An absent selector selects nothing (labels.Nothing), so the template's labels cannot match it either.
  const labels = spec.template.metadata?.labels;
  if (!selector || (!selector.empty && !selector.matches(labels ?? {}))) {
    errs.push(fieldErr.invalid('spec.template.metadata.labels', labels ?? null, '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
  const rp = spec.template.spec?.restartPolicy;
  if (restartAlways && rp && rp !== 'Always') errs.push(fieldErr.notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  return errs;
}

function validateIntOrPercent(v: number | string | undefined, path: string): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === 'number') return v < 0 ? [fieldErr.invalid(path, v, 'must be greater than or equal to 0')] : [];
  if (!/^\d+%$/.test(v)) return [fieldErr.invalid(path, v, 'a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')')];
  return [];
}

/** Validation on create. */
export function validateCreate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj);
  switch (obj.kind) {
    case 'Pod':
      errs.push(...validatePodSpec((obj as Pod).spec, 'spec'));
      break;
    case 'Deployment': {
      const d = obj as Deployment;
      errs.push(...validateWorkloadSpec(d.spec, true));
      const ru = d.spec?.strategy?.rollingUpdate;
      if (ru) {
        errs.push(...validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
        errs.push(...validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
        const zero = (v: number | string | undefined) => v === 0 || v === '0%';
        if (zero(ru.maxSurge) && zero(ru.maxUnavailable)) {
          errs.push(fieldErr.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
        }
      }
      break;
    }
    case 'ReplicaSet':
      errs.push(...validateWorkloadSpec((obj as ReplicaSet).spec, true));
      break;
    case 'Service': {
      const s = obj as Service;
      if (!s.spec) {
        errs.push(fieldErr.required('spec'));
        break;
      }
      const headless = s.spec.clusterIP === 'None';
      if (!headless && (!s.spec.ports || s.spec.ports.length === 0) && s.spec.type !== 'ExternalName') {
        errs.push(fieldErr.required('spec.ports'));
      }
      (s.spec.ports ?? []).forEach((p, i) => {
        if (!(Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535)) {
          errs.push(fieldErr.invalid(`spec.ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
        }
        if ((s.spec.ports?.length ?? 0) > 1 && !p.name) errs.push(fieldErr.required(`spec.ports[${i}].name`));
      });
      if (s.spec.type && !['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(s.spec.type)) {
        errs.push(fieldErr.notSupported('spec.type', s.spec.type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']));
      }
      break;
    }
  }
  return errs;
}

/** A metav1.LabelSelector as Go's %#v prints it in field errors. */
function goLabelSelector(sel: LabelSelector | undefined): string {
  if (!sel) return '(*v1.LabelSelector)(nil)';
  const labels = sel.matchLabels && Object.keys(sel.matchLabels).length ? goValue(sel.matchLabels) : 'map[string]string(nil)';
  const exprs = sel.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${e.values?.length ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** Validation on update: the create checks plus the fields that may not change. */
export function validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateCreate(obj);
  switch (obj.kind) {
    case 'Pod': {
      const a = (obj as Pod).spec;
      const b = (old as Pod).spec;
      // Only images and added tolerations may change (nodeName is set through the binding subresource).
      const strip = (s: PodSpec) => ({
        ...s,
        containers: (s.containers ?? []).map((c) => ({ ...c, image: '' })),
        initContainers: (s.initContainers ?? []).map((c) => ({ ...c, image: '' })),
        tolerations: undefined,
        nodeName: undefined,
      });
      if (a && b && !same(strip(a), strip(b))) errs.push(fieldErr.forbidden('spec', POD_UPDATE_FORBIDDEN));
      if (a && b && b.nodeName && a.nodeName !== b.nodeName) errs.push(fieldErr.forbidden('spec', POD_UPDATE_FORBIDDEN));
      const oldTols = b?.tolerations ?? [];
      const newTols = a?.tolerations ?? [];
      if (!oldTols.every((t) => newTols.some((n) => same(n, t)))) errs.push(fieldErr.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
    case 'Deployment':
    case 'ReplicaSet': {
      const a = (obj as Deployment).spec?.selector;
      const b = (old as Deployment).spec?.selector;
      if (b && !same(a, b)) {
        errs.push({ type: 'FieldValueInvalid', field: 'spec.selector', body: `Invalid value: ${goLabelSelector(a)}: field is immutable` });
      }
      break;
    }
    case 'Service': {
      const a = (obj as Service).spec?.clusterIP;
      const b = (old as Service).spec?.clusterIP;
      if (b && a && a !== b) errs.push(fieldErr.invalid('spec.clusterIPs[0]', a, 'may not change once set'));
      break;
    }
  }
  return errs;
}

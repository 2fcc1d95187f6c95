// Models the decoding step of kube-apiserver's handlers (apimachinery's json serializer + sigs.k8s.io/json strict
// mode): a field of the wrong JSON type fails as Go's encoding/json words it ("json: cannot unmarshal string into
// Go struct field PodSpec.spec.containers of type []v1.Container"), and with fieldValidation=Strict (kubectl's
// default, --validate=strict) an unknown field fails too ("strict decoding error: unknown field
// "spec.replica""). The schema below lists the real fields of the structs a learner writes by hand; parts it
// does not spell out (volumes, affinity, env, status …) are accepted as they are.

type Scalar = 'string' | 'int32' | 'int64' | 'bool' | 'intstr' | 'quantity' | 'any';

interface StructSpec {
  /** The Go type's name, as encoding/json names it in errors: PodSpec, Container, ObjectMeta… */
  go: string;
  fields: Record<string, Field>;
}
type Field = Scalar | { struct: StructSpec } | { array: Field; go: string } | { map: Scalar; go: string };

const S = (go: string, fields: Record<string, Field>): { struct: StructSpec } => ({ struct: { go, fields } });
const arr = (of: Field, go: string): Field => ({ array: of, go });
const strMap: Field = { map: 'string', go: 'map[string]string' };
const qtyMap: Field = { map: 'quantity', go: 'v1.ResourceList' };

const objectMeta = S('ObjectMeta', {
  name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', uid: 'string',
  resourceVersion: 'string', generation: 'int64', creationTimestamp: 'any', deletionTimestamp: 'any',
  deletionGracePeriodSeconds: 'int64', labels: strMap, annotations: strMap, ownerReferences: 'any',
  finalizers: arr('string', '[]string'), managedFields: 'any',
});

const containerPort = S('ContainerPort', { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string' });

const resources = S('ResourceRequirements', { limits: qtyMap, requests: qtyMap, claims: 'any' });

const container = S('Container', {
  name: 'string', image: 'string', command: arr('string', '[]string'), args: arr('string', '[]string'),
  workingDir: 'string', ports: arr(containerPort, '[]v1.ContainerPort'), envFrom: 'any', env: 'any',
  resources, resizePolicy: 'any', restartPolicy: 'string', volumeMounts: 'any', volumeDevices: 'any',
  livenessProbe: 'any', readinessProbe: 'any', startupProbe: 'any', lifecycle: 'any',
  terminationMessagePath: 'string', terminationMessagePolicy: 'string', imagePullPolicy: 'string',
  securityContext: 'any', stdin: 'bool', stdinOnce: 'bool', tty: 'bool',
});

const toleration = S('Toleration', { key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'int64' });

const labelSelector = S('LabelSelector', { matchLabels: strMap, matchExpressions: 'any' });

const podAffinityTerm = S('PodAffinityTerm', {
  labelSelector, namespaces: arr('string', '[]string'), topologyKey: 'string', namespaceSelector: labelSelector,
  matchLabelKeys: arr('string', '[]string'), mismatchLabelKeys: arr('string', '[]string'),
});
const weightedPodAffinityTerm = S('WeightedPodAffinityTerm', { weight: 'int32', podAffinityTerm });
const podAffinityFields = {
  requiredDuringSchedulingIgnoredDuringExecution: arr(podAffinityTerm, '[]v1.PodAffinityTerm'),
  preferredDuringSchedulingIgnoredDuringExecution: arr(weightedPodAffinityTerm, '[]v1.WeightedPodAffinityTerm'),
};
const affinity = S('Affinity', {
  nodeAffinity: 'any',
  podAffinity: S('PodAffinity', podAffinityFields),
  podAntiAffinity: S('PodAntiAffinity', podAffinityFields),
});

const podSpec = S('PodSpec', {
  volumes: 'any', initContainers: arr(container, '[]v1.Container'), containers: arr(container, '[]v1.Container'),
  ephemeralContainers: 'any', restartPolicy: 'string', terminationGracePeriodSeconds: 'int64',
  activeDeadlineSeconds: 'int64', dnsPolicy: 'string', nodeSelector: strMap, serviceAccountName: 'string',
  serviceAccount: 'string', automountServiceAccountToken: 'bool', nodeName: 'string', hostNetwork: 'bool',
  hostPID: 'bool', hostIPC: 'bool', shareProcessNamespace: 'bool', securityContext: 'any', imagePullSecrets: 'any',
  hostname: 'string', subdomain: 'string', affinity, schedulerName: 'string',
  tolerations: arr(toleration, '[]v1.Toleration'), hostAliases: 'any', priorityClassName: 'string', priority: 'int32',
  dnsConfig: 'any', readinessGates: 'any', runtimeClassName: 'string', enableServiceLinks: 'bool',
  preemptionPolicy: 'string', overhead: 'any', topologySpreadConstraints: 'any', setHostnameAsFQDN: 'bool',
  os: 'any', hostUsers: 'bool', schedulingGates: 'any', resourceClaims: 'any', resources: 'any',
});

const podTemplate = S('PodTemplateSpec', { metadata: objectMeta, spec: podSpec });

const deploymentSpec = S('DeploymentSpec', {
  replicas: 'int32', selector: labelSelector, template: podTemplate,
  strategy: S('DeploymentStrategy', {
    type: 'string',
    rollingUpdate: S('RollingUpdateDeployment', { maxUnavailable: 'intstr', maxSurge: 'intstr' }),
  }),
  minReadySeconds: 'int32', revisionHistoryLimit: 'int32', paused: 'bool', progressDeadlineSeconds: 'int32',
});

const replicaSetSpec = S('ReplicaSetSpec', { replicas: 'int32', minReadySeconds: 'int32', selector: labelSelector, template: podTemplate });

const servicePort = S('ServicePort', { name: 'string', protocol: 'string', appProtocol: 'string', port: 'int32', targetPort: 'intstr', nodePort: 'int32' });

const serviceSpec = S('ServiceSpec', {
  ports: arr(servicePort, '[]v1.ServicePort'), selector: strMap, clusterIP: 'string', clusterIPs: arr('string', '[]string'),
  type: 'string', externalIPs: arr('string', '[]string'), sessionAffinity: 'string', loadBalancerIP: 'string',
  loadBalancerSourceRanges: arr('string', '[]string'), externalName: 'string', externalTrafficPolicy: 'string',
  healthCheckNodePort: 'int32', publishNotReadyAddresses: 'bool', sessionAffinityConfig: 'any',
  ipFamilies: arr('string', '[]v1.IPFamily'), ipFamilyPolicy: 'string', allocateLoadBalancerNodePorts: 'bool',
  loadBalancerClass: 'string', internalTrafficPolicy: 'string', trafficDistribution: 'string',
});

const top = (kind: string, rest: Record<string, Field>): StructSpec => ({
  go: kind,
  fields: { apiVersion: 'string', kind: 'string', metadata: objectMeta, ...rest },
});

/** The kinds whose shape is checked; others decode as they come. */
const KINDS: Record<string, StructSpec> = {
  Pod: top('Pod', { spec: podSpec, status: 'any' }),
  Deployment: top('Deployment', { spec: deploymentSpec, status: 'any' }),
  ReplicaSet: top('ReplicaSet', { spec: replicaSetSpec, status: 'any' }),
  Service: top('Service', { spec: serviceSpec, status: 'any' }),
  Namespace: top('Namespace', { spec: 'any', status: 'any' }),
  Node: top('Node', {
    spec: S('NodeSpec', { podCIDR: 'string', podCIDRs: arr('string', '[]string'), providerID: 'string', unschedulable: 'bool', taints: 'any', configSource: 'any', externalID: 'string' }),
    status: 'any',
  }),
  Endpoints: top('Endpoints', { subsets: 'any' }),
  Lease: top('Lease', { spec: 'any' }),
};

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string, number
}

function goTypeOf(f: Field): string {
  if (typeof f === 'string') {
    return { string: 'string', int32: 'int32', int64: 'int64', bool: 'bool', intstr: 'intstr.IntOrString', quantity: 'resource.Quantity', any: 'interface {}' }[f];
  }
  if ('struct' in f) return `v1.${f.struct.go}`;
  return f.go;
}

/** What fails to decode, in the serializer's words. */
export interface DecodeProblems {
  /** The first type mismatch (encoding/json stops at one). */
  typeError?: string;
  /** Unknown fields, with array indices in their paths (sigs.k8s.io/json's strict mode). */
  unknown: string[];
}

/** Checks `obj` against the schema of its kind. */
export function checkDecode(obj: unknown): DecodeProblems {
  const out: DecodeProblems = { unknown: [] };
  if (!obj || typeof obj !== 'object') return out;
  const spec = KINDS[(obj as { kind?: string }).kind ?? ''];
  if (spec) walkStruct(spec, obj as Record<string, unknown>, '', '', out);
  return out;
}

/** `path` has array indices (for unknown fields); `goPath` has none (for encoding/json's type errors). */
function walkStruct(spec: StructSpec, value: Record<string, unknown>, path: string, goPath: string, out: DecodeProblems): void {
  for (const [k, v] of Object.entries(value)) {
    const f = spec.fields[k];
    const p = path ? `${path}.${k}` : k;
    const gp = goPath ? `${goPath}.${k}` : k;
    if (!f) {
      out.unknown.push(p);
      continue;
    }
    walkField(f, v, p, gp, spec.go, out);
  }
}

function walkField(f: Field, v: unknown, path: string, goPath: string, parent: string, out: DecodeProblems): void {
  if (v === null || v === undefined) return; // null decodes to the zero value
  const t = jsonType(v);
  const bad = () => {
    out.typeError ??= `json: cannot unmarshal ${t} into Go struct field ${parent}.${goPath} of type ${goTypeOf(f)}`;
  };
  if (typeof f === 'string') {
    switch (f) {
      case 'string':
        if (t !== 'string') bad();
        return;
      case 'int32':
      case 'int64':
        if (t !== 'number') bad();
        else if (!Number.isInteger(v)) out.typeError ??= `json: cannot unmarshal number ${String(v)} into Go struct field ${parent}.${goPath} of type ${f}`;
        return;
      case 'bool':
        if (t !== 'bool') bad();
        return;
      case 'intstr':
        if (t !== 'string' && t !== 'number') bad();
        return;
      case 'quantity':
        if (t !== 'string' && t !== 'number') bad();
        else if (t === 'string') out.typeError ??= quantityError(v as string);
        return;
      default:
        return;
    }
  }
  if ('struct' in f) {
    if (t !== 'object') return bad();
    walkStruct(f.struct, v as Record<string, unknown>, path, goPath, out);
    return;
  }
  if ('array' in f) {
    if (t !== 'array') return bad();
    (v as unknown[]).forEach((item, i) => walkField(f.array, item, `${path}[${i}]`, goPath, parent, out));
    return;
  }
  if (t !== 'object') return bad();
  for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
    const it = jsonType(item);
    if (item === null) continue;
    const ok = f.map === 'string' ? it === 'string' : it === 'string' || it === 'number';
    if (!ok) out.typeError ??= `json: cannot unmarshal ${it} into Go struct field ${parent}.${goPath} of type ${f.map === 'string' ? 'string' : 'resource.Quantity'}`;
    else if (f.map === 'quantity' && it === 'string') out.typeError ??= quantityError(item as string);
    void k;
  }
}

/** resource.ParseQuantity's two errors (ErrFormatWrong, ErrSuffix): `cpu: lots` or `memory: 32MMi` fail to decode. */
function quantityError(q: string): string | undefined {
  const m = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(q);
  if (!m || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[1]!)) return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  const suffix = m[2]!;
  if (suffix === '' || /^(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)$/.test(suffix) || /^[eE][-+]?\d+$/.test(suffix)) return undefined;
  return "unable to parse quantity's suffix";
}

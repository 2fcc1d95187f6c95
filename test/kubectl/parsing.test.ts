import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFlags } from '../../src/cluster/sim/kubectl/flags';
import { GET_FLAGS, parseResourceArgs } from '../../src/cluster/sim/kubectl/get';
import { loadManifests, parseManifestText } from '../../src/cluster/sim/kubectl/manifests';
import { lookupType } from '../../src/cluster/sim/kubectl/resources';
import { applyMerge, parseLabelArgs } from '../../src/cluster/sim/kubectl/mutate';
import { containerNameFor, rolloutStatus } from '../../src/cluster/sim/kubectl/workloads';
import { LineError } from '../../src/cluster/sim/shell';
import { deployment } from './fixtures';

function errText(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof LineError) return e.text;
    throw e;
  }
  throw new Error('expected a LineError');
}

describe('flags as pflag parses them', () => {
  test('long, short, bundled, =value, flags anywhere', () => {
    const p = parseFlags('get', ['pods', '-n', 'kube-system', '-owide', '--selector=app=web', 'x', '-Aw'], GET_FLAGS);
    expect(p.args).toEqual(['pods', 'x']);
    expect(p.flags).toMatchObject({ namespace: 'kube-system', output: 'wide', selector: 'app=web', 'all-namespaces': true, watch: true });
  });

  test("pflag's errors and kubectl's usage hint", () => {
    expect(errText(() => parseFlags('get', ['pods', '--foo'], GET_FLAGS))).toBe("error: unknown flag: --foo\nSee 'kubectl get --help' for usage.");
    expect(errText(() => parseFlags('get', ['pods', '-x'], GET_FLAGS))).toBe("error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.");
    expect(errText(() => parseFlags('get', ['pods', '-n'], GET_FLAGS))).toBe("error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.");
    expect(errText(() => parseFlags('scale', ['--replicas=abc'], [{ name: 'replicas', type: 'int' }]))).toBe(
      'error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee \'kubectl scale --help\' for usage.',
    );
  });

  test('-- ends the flags', () => {
    expect(parseFlags('get', ['--', '-n'], GET_FLAGS).args).toEqual(['-n']);
  });
});

describe('resource types and arguments', () => {
  test('plural, singular, short names, kinds and groups', () => {
    for (const w of ['pods', 'pod', 'po', 'Pod']) expect(lookupType(w)?.resource).toBe('pods');
    for (const w of ['deployments', 'deployment', 'deploy', 'deployments.apps', 'deploy.apps', 'deployment.v1.apps']) expect(lookupType(w)?.resource).toBe('deployments');
    for (const [w, r] of [['no', 'nodes'], ['rs', 'replicasets'], ['svc', 'services'], ['ep', 'endpoints'], ['ev', 'events'], ['ns', 'namespaces'], ['lease', 'leases']]) {
      expect(lookupType(w!)?.resource).toBe(r);
    }
    expect(lookupType('podz')).toBeUndefined();
    expect(lookupType('deployments.batch')).toBeUndefined();
  });

  test('TYPE NAME…, TYPE,TYPE, TYPE/NAME, all', () => {
    expect(parseResourceArgs('get', ['pods,svc']).map((r) => r.type.resource)).toEqual(['pods', 'services']);
    expect(parseResourceArgs('get', ['po', 'a', 'b'])).toMatchObject([{ names: ['a', 'b'] }]);
    expect(parseResourceArgs('get', ['pod/a', 'deploy/web', 'pod/b']).map((r) => [r.type.resource, r.names])).toEqual([
      ['pods', ['a', 'b']],
      ['deployments', ['web']],
    ]);
    expect(parseResourceArgs('get', ['all']).map((r) => r.type.resource)).toEqual(['pods', 'services', 'deployments', 'replicasets']);
    expect(errText(() => parseResourceArgs('get', ['podz']))).toBe('error: the server doesn\'t have a resource type "podz"');
    expect(errText(() => parseResourceArgs('get', ['pods', 'pod/a']))).toMatch(/^error: there is no need to specify a resource type as a separate argument/);
  });

  test('label arguments: k=v sets, k- removes, the rest are resources', () => {
    expect(parseLabelArgs(['pod', 'x', 'tier=db', 'old-'])).toEqual({ resources: ['pod', 'x'], set: { tier: 'db' }, remove: ['old'] });
    expect(errText(() => parseLabelArgs(['pod', 'x', 'bad key=v']))).toBe('error: invalid label spec: bad key=v');
  });

  test('the container name kubectl derives from an image', () => {
    expect(containerNameFor('nginx:1.14.2')).toBe('nginx');
    expect(containerNameFor('registry.k8s.io/pause@sha256:abc')).toBe('pause');
    expect(containerNameFor('my_app')).toBe('my-app');
  });
});

describe('manifests (-f)', () => {
  test('several documents, empty ones skipped, a List unpacked', () => {
    const ms = parseManifestText(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: apps/v1, kind: Deployment, metadata: {name: d}}\n',
      'x.yaml',
    );
    expect(ms.map((m) => `${m.type.resource}/${m.obj.metadata.name}`)).toEqual(['pods/a', 'deployments/d']);
  });

  test("broken YAML: one line with the file and go-yaml's line and words", () => {
    const text = errText(() => parseManifestText('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: 1\n', 'web.yaml'));
    expect(text).toBe('error: error parsing web.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context');
    expect(text.split('\n')).toHaveLength(1);
    expect(errText(() => parseManifestText('a:\n\tb: 1\n', 'tabs.yaml'))).toBe(
      'error: error parsing tabs.yaml: error converting YAML to JSON: yaml: line 2: found character that cannot start any token',
    );
    // mistakes go-yaml words differently keep the parser's own words, with line and column
    expect(errText(() => parseManifestText('a: [1, 2\n', 'flow.yaml'))).toMatch(/^error: error parsing flow\.yaml: line \d+, column \d+: /);
  });

  test("missing kind, missing apiVersion, unknown kind: kubectl's messages", () => {
    expect(errText(() => parseManifestText('apiVersion: v1\nmetadata: {name: a}\n', 'a.yaml'))).toBe(
      'error: error validating "a.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
    );
    expect(errText(() => parseManifestText('kind: Pod\nmetadata: {name: a}\n', 'a.yaml'))).toMatch(/apiVersion not set/);
    expect(errText(() => parseManifestText('apiVersion: v1\nkind: Gadget\nmetadata: {name: a}\n', 'a.yaml'))).toBe(
      'error: resource mapping not found for name: "a" namespace: "" from "a.yaml": no matches for kind "Gadget" in version "v1"\nensure CRDs are installed first',
    );
  });

  test('paths relative to the working directory; a directory means its YAML files; a missing path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-'));
    writeFileSync(path.join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n');
    writeFileSync(path.join(dir, 'a.yml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'not yaml');
    expect(loadManifests(['.'], dir).map((m) => m.obj.metadata.name)).toEqual(['a', 'b']);
    expect(loadManifests(['b.yaml'], dir)[0]!.source).toBe('b.yaml');
    expect(errText(() => loadManifests(['nope.yaml'], dir))).toBe('error: the path "nope.yaml" does not exist');
  });
});

describe('apply merge and rollout status', () => {
  test('file fields win, removed fields go, server defaults and status stay', () => {
    const live = { spec: { replicas: 3, paused: true, template: { spec: { containers: [{ name: 'a', image: 'x:1', imagePullPolicy: 'IfNotPresent' }] } } }, status: { replicas: 3 } };
    const last = { spec: { replicas: 3, paused: true, template: { spec: { containers: [{ name: 'a', image: 'x:1' }] } } } };
    const desired = { spec: { replicas: 5, template: { spec: { containers: [{ name: 'a', image: 'x:2' }] } } } };
    expect(applyMerge(live, desired, last)).toEqual({
      spec: { replicas: 5, template: { spec: { containers: [{ name: 'a', image: 'x:2', imagePullPolicy: 'IfNotPresent' }] } } },
      status: { replicas: 3 },
    });
  });

  test("DeploymentStatusViewer's lines", () => {
    const d = structuredClone(deployment);
    expect(rolloutStatus(d)).toEqual({ message: 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...', done: false });
    d.status!.updatedReplicas = 1;
    expect(rolloutStatus(d).message).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    d.status!.updatedReplicas = 3;
    d.status!.replicas = 4;
    expect(rolloutStatus(d).message).toBe('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
    d.status = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 };
    expect(rolloutStatus(d)).toEqual({ message: 'deployment "web" successfully rolled out', done: true });
    d.metadata.generation = 3;
    expect(rolloutStatus(d).message).toBe('Waiting for deployment spec update to be observed...');
  });
});

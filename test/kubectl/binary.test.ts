// The kubectl line in the built binary, as a user runs a script: -f paths relative to the working directory,
// a broken file fails the script with exit code 1 and one clear line.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kubetutor } from '../helpers/cli';

describe('kubetutor cluster --script with kubectl lines', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-bin-'));
  writeFileSync(
    path.join(dir, 'web.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n',
  );
  writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: 1\n');

  test('apply a file by a relative path, get it back', () => {
    writeFileSync(path.join(dir, 'ok.txt'), 'kubectl apply -f web.yaml\nkubectl get deployment web -o name\n');
    const r = kubetutor(['cluster', '--script', 'ok.txt'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('deployment.apps/web created\ndeployment.apps/web\n');
    expect(r.code).toBe(0);
  });

  test("broken YAML: one line on stderr with the file and go-yaml's line and words, nothing stored, exit 1", () => {
    writeFileSync(path.join(dir, 'bad.txt'), 'kubectl apply -f broken.yaml\nkubectl get pods\n');
    const r = kubetutor(['cluster', '--script', 'bad.txt'], { cwd: dir });
    expect(r.stderr).toBe(
      'error: error parsing broken.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\nNo resources found in default namespace.\n',
    );
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  });
});

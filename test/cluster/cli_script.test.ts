// The real binary: `kubetutor cluster --seed S --script FILE`, twice, byte for byte (issue 4, acceptance 8).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubetutor } from '../helpers/cli';

describe('kubetutor cluster --script (the built binary)', () => {
  it('same seed and script: the same bytes on stdout and stderr; the cluster heals a lost node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubetutor-script-'));
    const script = join(dir, 'heal.txt');
    writeFileSync(
      script,
      [
        'kubectl create deployment web --image=nginx:1.14.2 --replicas=3',
        'kubectl get pods -o wide',
        'fault node-down node-1',
        'time advance 6m',
        'kubectl get nodes',
        'kubectl get deployment web',
        'kubectl get events',
        'time',
      ].join('\n'),
    );
    const a = kubetutor(['cluster', '--seed', '42', '--echo', '--script', script]);
    const b = kubetutor(['cluster', '--seed', '42', '--echo', '--script', script]);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.stdout).toContain('$ fault node-down node-1');
    expect(a.stdout).toMatch(/node-1\s+NotReady/);
    expect(a.stdout).toMatch(/web\s+3\/3\s+3\s+3/);
    expect(a.stdout).toContain('TaintManagerEviction');
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toBe(a.stderr);
  }, 120_000);
});

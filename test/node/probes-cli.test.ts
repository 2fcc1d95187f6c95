// Probes through the real binary: `kubetutor cluster --script` with the fault lines, as a learner would type them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubetutor } from '../helpers/cli';

const tmp = mkdtempSync(path.join(tmpdir(), 'kubetutor-probes-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('kubetutor cluster --script with probes', () => {
  it('liveness restarts a sick app; a wrong pod name is one line in kubectl’s words; same seed, same output', () => {
    const pod = path.join(tmp, 'live.yaml');
    writeFileSync(
      pod,
      ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: live', 'spec:', '  containers:', '  - name: web', '    image: nginx:1.14.2', '    livenessProbe:', '      httpGet:', '        port: 80', '      periodSeconds: 5', ''].join('\n'),
    );
    const input = [`kubectl apply -f ${pod}`, 'fault app-unhealthy liv', 'fault app-unhealthy live', 'time advance 14s', 'kubectl get pods', 'kubectl get events --field-selector reason=Killing', ''].join('\n');
    const r = kubetutor(['cluster', '--nodes', '1', '--script', '-'], { input });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): pods "liv" not found\n');
    expect(r.stdout).toContain('pod/live: the app in container web is unhealthy');
    expect(r.stdout).toMatch(/live\s+1\/1\s+Running\s+1 \(1s ago\)\s+16s/);
    expect(r.stdout).toMatch(/Killing\s+pod\/live\s+Container web failed liveness probe, will be restarted/);
    expect(kubetutor(['cluster', '--nodes', '1', '--script', '-'], { input }).stdout).toBe(r.stdout);
  });
});

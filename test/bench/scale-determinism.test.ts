// The scale path stays deterministic: with more than 100 nodes the scheduler scores only some of them
// (percentageOfNodesToScore, rotating start) and breaks ties with the seeded source — the same seed and script
// must still place every pod on the same node, byte for byte.
import { describe, expect, it } from 'vitest';
import { kubetutor } from '../helpers/cli';

const script = ['kubectl create deployment big --image=nginx --replicas=300', 'kubectl get pods -o wide --no-headers', 'status', ''].join('\n');

describe('a cluster of 150 nodes and 300 pods', () => {
  it('places every pod the same way twice with the same seed', () => {
    const a = kubetutor(['cluster', '--nodes', '150', '--seed', 'scale', '--script', '-'], { input: script });
    const b = kubetutor(['cluster', '--nodes', '150', '--seed', 'scale', '--script', '-'], { input: script });
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/pods\s+300 \(300 Running\)/);
    expect(a.stdout).toBe(b.stdout);
    // The pods are spread: no node holds more than a few of them.
    const perNode = new Map<string, number>();
    for (const line of a.stdout.split('\n')) {
      const m = /^big-\S+\s+1\/1\s+Running\s+\d+\s+\S+\s+\S+\s+(node-\d+)/.exec(line);
      if (m) perNode.set(m[1]!, (perNode.get(m[1]!) ?? 0) + 1);
    }
    expect([...perNode.values()].reduce((x, y) => x + y, 0)).toBe(300);
    expect(Math.max(...perNode.values())).toBeLessThanOrEqual(4);
  });
});

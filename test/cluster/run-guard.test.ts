// A component that retries forever must not hang the learner's `run`: it stops, says so, and goes on when asked.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/sim/cluster';

describe('the run guard', () => {
  it('stops a run that never goes idle, names the busy component, and resumes on the next run', async () => {
    const err: string[] = [];
    const cluster = await Cluster.start({ bare: true }, { out: () => undefined, err: (t) => void err.push(t) });
    try {
      cluster.runStepLimit = 500;
      let spins = 0;
      const spin = () =>
        cluster.loop.enqueue({ component: 'replicaset-controller', kind: 'reconcile', title: 'retry', run: () => void (++spins < 1200 && spin()) });
      spin();
      const first = await cluster.run();
      expect(first.reason).toBe('limit');
      expect(err.join('\n')).toBe(
        'Warning: stopped after 500 steps without going idle; replicaset-controller may be retrying forever (see "queues"; "run" goes on)',
      );
      await cluster.run();
      const last = await cluster.run();
      expect(last.reason).toBe('idle');
      expect(spins).toBe(1200);
    } finally {
      await cluster.stop();
    }
  });
});

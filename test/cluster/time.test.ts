import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './helpers';

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.cluster.stop();
  t = undefined;
});

describe('the time and fault lines', () => {
  it('time shows the virtual clock; time advance fires each timer at its own time', async () => {
    t = await startCluster({ nodes: 2 });
    expect(await t.sh('time')).toMatch(/^2026-01-01T00:00:00Z {2}\(0ms since boot, step \d+\)$/);
    const out = await t.sh('time advance 1m30s');
    expect(out).toMatch(/^2026-01-01T00:01:30Z {2}\(1m30s since boot, step \d+\) {2}— advanced 1m30s, \d+ steps ran$/);
    const leases = t.cluster.loop.recent(2000).filter((s) => s.component === 'kubelet/node-1' && s.kind === 'lease');
    // At boot, then every 10 s: 0 s, 10 s … 90 s.
    expect(leases.map((s) => (s.at - leases[0]!.at) / 1000)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('a breakpoint stops time advance where it hits', async () => {
    t = await startCluster({ nodes: 1 });
    await t.sh('break node-lifecycle-controller');
    const out = await t.sh('time advance 30s');
    expect(out).toContain('stopped early: a breakpoint');
    expect(t.cluster.clock.elapsed()).toBe(5000);
  });

  it('mistakes get one clear line', async () => {
    t = await startCluster({ nodes: 1 });
    expect((await t.run('time advance soon')).err).toBe('Error: invalid duration "soon": use e.g. 30s, 5m, 1h30m');
    expect((await t.run('fault node-down node-9')).err).toBe('Error: node "node-9" not found (nodes: node-1)');
    expect((await t.run('fault node-up node-1')).err).toBe('Error: node "node-1" is not down');
    expect((await t.run('fault meteor')).err).toMatch(/^Error: unknown fault "meteor"; use node-down NODE, node-up NODE, etcd-wipe/);
    expect((await t.run('explain nope')).err).toBe('Error from server (NotFound): pods "nope" not found');
    expect((await t.run('curl 10.96.200.200:80')).err).toBe('curl: (28) Failed to connect to 10.96.200.200 port 80 after 130000 ms: Connection timed out');
  });
});

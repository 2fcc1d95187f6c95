import { describe, expect, it } from 'vitest';
import { Loop, type Work } from '../src/cluster/sim/loop';
import { parseDuration, formatAge, goDuration } from '../src/cluster/sim/clock';
import { Rand } from '../src/cluster/sim/rand';

const work = (component: string, log: string[], run?: () => void): Work => ({
  component,
  kind: 'test',
  title: component,
  run: () => {
    log.push(component);
    run?.();
  },
});

describe('the loop', () => {
  it('runs ready work in order, one step at a time', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.enqueue(work('a', log, () => loop.enqueue(work('c', log))));
    loop.enqueue(work('b', log));
    await loop.step();
    expect(log).toEqual(['a']);
    expect(loop.pendingCount).toBe(2);
    await loop.run();
    expect(log).toEqual(['a', 'b', 'c']);
    expect(loop.steps).toBe(3);
  });

  it('stops before a breakpoint, never before the first step of a run', async () => {
    const loop = new Loop();
    const log: string[] = [];
    for (const c of ['x', 'y', 'x']) loop.enqueue(work(c, log));
    const r = await loop.run({ breakBefore: (w) => w.component === 'x' });
    expect(r.reason).toBe('break');
    expect(log).toEqual(['x', 'y']);
  });

  it('passes short waits in run, but keeps periodic timers for time advance', async () => {
    const loop = new Loop();
    const log: string[] = [];
    loop.after(2000, work('pull', log), { short: true });
    loop.after(10_000, work('lease', log));
    const t0 = loop.now();
    await loop.run();
    expect(log).toEqual(['pull']);
    expect(loop.now() - t0).toBe(2000);
    await loop.advance(30_000);
    expect(log).toEqual(['pull', 'lease']);
    expect(loop.now() - t0).toBe(32_000);
  });

  it('fires timers in time order, each at its own time', async () => {
    const loop = new Loop();
    const seen: number[] = [];
    const t0 = loop.now();
    for (const d of [30_000, 10_000, 20_000]) loop.after(d, { component: 't', kind: 'timer', title: 't', run: () => void seen.push(loop.now() - t0) });
    const cancelled = loop.after(15_000, { component: 't', kind: 'timer', title: 'never', run: () => void seen.push(-1) });
    cancelled.cancel();
    await loop.advance(60_000);
    expect(seen).toEqual([10_000, 20_000, 30_000]);
  });
});

describe('time and randomness', () => {
  it('parses the durations the contract uses', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('prints ages as kubectl does', () => {
    expect(formatAge(45_000)).toBe('45s');
    expect(formatAge(150_000)).toBe('2m30s');
    expect(formatAge(3_600_000 * 3 + 60_000 * 5)).toBe('3h5m');
    // Go's time.Duration.String(), as the kubelet's events print it.
    expect([0, 400, 2233, 10_000, 80_000, 65_500, 300_000, 3_600_000, 3_723_400].map(goDuration)).toEqual([
      '0s', '400ms', '2.233s', '10s', '1m20s', '1m5.5s', '5m0s', '1h0m0s', '1h2m3.4s',
    ]);
  });

  it('same seed, same sequence', () => {
    const a = new Rand('42');
    const b = new Rand('42');
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    expect(a.string(5, alphabet)).toBe(b.string(5, alphabet));
    expect(new Rand('43').string(10, alphabet)).not.toBe(new Rand('42').string(10, alphabet));
  });
});

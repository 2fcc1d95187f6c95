// `kubetutor lessons` and `kubetutor learn --no-input`, through the built binary as a user runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubetutor } from '../helpers/cli';
import { RUNNABLE_LESSONS } from './runnable';

let home: string;
const env = () => ({ KUBETUTOR_HOME: home, CI: undefined });

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'kt-lessons-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('kubetutor lessons', () => {
  it('--json lists at least ten lessons in order, each with id, title, topics and status', () => {
    const r = kubetutor(['lessons', '--json'], { env: env() });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; title: string; topics: string[]; status: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.slice(0, 2).map((x) => x.id)).toEqual(['control-plane-tour', 'etcd-memory']);
    for (const row of rows) {
      expect(row.title.length).toBeGreaterThan(0);
      expect(row.topics.length).toBeGreaterThan(0);
      expect(row.status).toBe('not started');
    }
  });

  it('prints a table with the next lesson to take', () => {
    const r = kubetutor(['lessons'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ID\s+TITLE\s+STATUS/);
    expect(r.stdout).toMatch(/etcd-memory\s+etcd, the cluster's memory\s+not started/);
    expect(r.stdout).toContain('Next: kubetutor learn control-plane-tour');
  });
});

describe('kubetutor learn --no-input', () => {
  it('an unknown lesson is one clear line and exit 1', () => {
    const r = kubetutor(['learn', 'etcd-memroy', '--no-input'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('kubetutor: no lesson "etcd-memroy"; did you mean "etcd-memory"? (kubetutor lessons lists them)');
  });

  for (const id of RUNNABLE_LESSONS) {
    it(`runs every demo of "${id}", exits 0 and records the lesson done`, () => {
      const r = kubetutor(['learn', id, '--no-input'], { env: env() });
      expect(r.stderr).not.toContain('kubetutor:');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('✓ check passed');
      expect(r.stdout).not.toContain('✗ not yet');
      expect(r.stdout).toMatch(/Test yourself\n\s+kubetutor quiz --topic \S+/);
      const rows = JSON.parse(kubetutor(['lessons', '--json'], { env: env() }).stdout) as Array<{ id: string; status: string }>;
      expect(rows.find((x) => x.id === id)?.status).toBe('done');
    }, 120_000);
  }

  it('probes: the count of failed startup probes the text quotes is the count describe shows', () => {
    const r = kubetutor(['learn', 'probes', '--no-input'], { env: env() });
    const told = /The startup probe failed (\w+) times/.exec(r.stdout)?.[1];
    const shown = /Unhealthy\s+\S+ \(x(\d+) over \S+\)\s+kubelet\s+Startup probe failed/.exec(r.stdout)?.[1];
    expect(told).toBeDefined();
    expect({ one: 1, two: 2, three: 3, four: 4, five: 5 }[told!]).toBe(Number(shown));
  }, 120_000);

  it('etcd-memory: a revision check counts the writes of its own step (one put: +1)', () => {
    const r = kubetutor(['learn', 'etcd-memory', '--no-input'], { env: env() });
    expect(r.stdout).toContain('✓ check passed — /registry/configmaps/default/greeting = bonjour; revision 3 (+1 since the step began)');
  }, 120_000);

  it('reconciliation-loop: right after the create, the text and `queues` agree on where the change waits', () => {
    const r = kubetutor(['learn', 'reconciliation-loop', '--no-input'], { env: env() });
    const queues = r.stdout.slice(r.stdout.indexOf('$ queues'), r.stdout.indexOf('$ break replicaset-controller'));
    expect(queues).toMatch(/etcd\n  ready  watch-event: watch \d+ ← rev \d+: PUT \/registry\/deployments\/default\/web/);
    expect(queues).not.toMatch(/^deployment-controller$/m);
    expect(r.stdout).toContain('`queues` shows the change waiting under\n  etcd');
  }, 120_000);

  it('prints the lesson itself: its sections, its lines and what each check found', () => {
    const r = kubetutor(['learn', 'reconciliation-loop', '--no-input'], { env: env() });
    expect(r.stdout).toContain('§2/4 Observe, compare, act');
    expect(r.stdout).toContain('$ break replicaset-controller');
    // The reconcile the learner steps into, as the debugger shows it.
    expect(r.stdout).toMatch(/compare\s+desired 3, actual 0/);
    expect(r.stdout).toMatch(/✓ check passed — deployment web: 5\/5 pods Running and ready/);
  }, 120_000);
});

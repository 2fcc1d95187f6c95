// Issue 7, acceptance 1: `grade --json` prints exactly {"id","score","verdict","found","missing"}; an unknown id
// exits 1 with one line; no answer is a usage error. And `questions` lists the bank.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubetutor } from '../helpers/cli';

const home = mkdtempSync(path.join(tmpdir(), 'kt-grade-'));
const env = { KUBETUTOR_HOME: home };

describe('kubetutor grade', () => {
  it('--json prints exactly id, score, verdict, found and missing', () => {
    const r = kubetutor(['grade', 'etcd-critical', '--json', '--answer',
      'etcd holds the whole cluster state, it is the single source of truth. Lose it and you lose every object, so run three members and back it up with snapshots.'], { env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['id', 'score', 'verdict', 'found', 'missing']);
    expect(out.id).toBe('etcd-critical');
    expect(out.score).toBeGreaterThanOrEqual(0);
    expect(out.score).toBeLessThanOrEqual(1);
    expect(out.verdict).toBe('strong');
    expect(out.found).toEqual(expect.arrayContaining(['source-of-truth', 'lose-everything', 'ha', 'backups']));
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('a wrong claim costs: "etcd is not critical, just a cache" is weak', () => {
    const r = kubetutor(['grade', 'etcd-critical', '--json', '--answer', 'etcd is not critical, it is only a cache of the state the kubelets hold.'], { env });
    expect(JSON.parse(r.stdout).verdict).toBe('weak');
  });

  it('"components poll etcd" is penalised but "components do not poll etcd" is not', () => {
    const base = 'The API server watches etcd over a gRPC watch stream and fans the events out to everyone watching it';
    const wrong = JSON.parse(kubetutor(['grade', 'etcd-watch-events', '--json', '--answer', `${base}, and the controllers poll etcd every few seconds.`], { env }).stdout);
    const right = JSON.parse(kubetutor(['grade', 'etcd-watch-events', '--json', '--answer', `${base}; the controllers do not poll etcd.`], { env }).stdout);
    expect(right.score).toBeGreaterThan(wrong.score);
  });

  it('reads the answer from a file and from stdin', () => {
    const file = path.join(home, 'answer.txt');
    writeFileSync(file, 'Declarative desired state; controllers observe, compare with the actual state and act to converge, forever. Self-healing.\n');
    const a = kubetutor(['grade', 'reconciliation-loop', '--answer-file', file, '--json'], { env });
    const b = kubetutor(['grade', 'reconciliation-loop', '-', '--json'], { env, input: 'Declarative desired state; controllers observe, compare with the actual state and act to converge, forever. Self-healing.\n' });
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    expect(JSON.parse(a.stdout).verdict).toBe('strong');
  });

  it('without --json shows the verdict, what was found and missed, and the model answer', () => {
    const r = kubetutor(['grade', 'apiserver-fast-search', '--answer', 'It has a cache.'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^apiserver-fast-search: partial \(score 0\.\d\d\)/);
    expect(r.stdout).toContain('✓ the API server keeps an in-memory watch cache');
    expect(r.stdout).toContain("✗ etcd's index is a B-tree");
    expect(r.stdout).toContain('Model answer:');
  });

  it('an unknown id exits 1 with one line (and a suggestion when close)', () => {
    const r = kubetutor(['grade', 'etcd-critcal', '--answer', 'x'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['kubetutor: unknown question "etcd-critcal"; did you mean "etcd-critical"?']);
    expect(r.stdout).toBe('');
    const far = kubetutor(['grade', 'no-such-thing', '--answer', 'x'], { env });
    expect(far.code).toBe(1);
    expect(far.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('no answer is a usage error (exit 2)', () => {
    const r = kubetutor(['grade', 'etcd-critical'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('grade needs an answer');
  });

  it('a missing answer file is one line, exit 1', () => {
    const r = kubetutor(['grade', 'etcd-critical', '--answer-file', '/nonexistent/a.txt'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('kubetutor: cannot read the answer from /nonexistent/a.txt: no such file');
  });
});

describe('kubetutor questions', () => {
  it('--json lists id, topic, lesson and prompt for at least 40 questions, the notes\' five among them', () => {
    const r = kubetutor(['questions', '--json'], { env });
    expect(r.code).toBe(0);
    const qs = JSON.parse(r.stdout) as Array<Record<string, string>>;
    expect(qs.length).toBeGreaterThanOrEqual(40);
    for (const q of qs) expect(Object.keys(q)).toEqual(['id', 'topic', 'lesson', 'prompt']);
    for (const id of ['control-plane-components', 'etcd-critical', 'apiserver-fast-search', 'etcd-watch-events', 'reconciliation-loop']) {
      expect(qs.map((q) => q.id)).toContain(id);
    }
  });

  it('--topic filters, and an unknown topic is one line naming the topics', () => {
    const r = kubetutor(['questions', '--topic', 'etcd', '--json'], { env });
    const qs = JSON.parse(r.stdout) as Array<{ topic: string }>;
    expect(qs.length).toBeGreaterThan(0);
    expect(qs.every((q) => q.topic === 'etcd')).toBe(true);
    const bad = kubetutor(['questions', '--topic', 'nope'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^kubetutor: unknown topic "nope" \(topics: .*etcd.*\)\n$/);
  });
});

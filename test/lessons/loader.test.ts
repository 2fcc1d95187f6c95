// A mistake in a lesson file is one line that says what and where (file:line:col and the path inside it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCheck, getPath, parseCheck } from '../../src/tutor/lessons/checks';
import { loadLessonFile } from '../../src/tutor/lessons/loader';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kt-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lessonWith(name: string, steps: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `id: x
title: X
topics: [etcd]
summary: s
sections:
  - { title: a, text: b }
demos:
  - id: d
    title: D
    cluster: { bare: true }
    steps:
${steps}`,
  );
  return file;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('loading a lesson file', () => {
  it('reports broken YAML with its line and column', () => {
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, 'id: x\ntitle: [unclosed\n');
    expect(errorOf(() => loadLessonFile(file))).toMatch(/broken\.yaml:\d+:\d+: /);
  });

  it('reports an unknown check where it sits', () => {
    const file = lessonWith(
      'unknown-check.yaml',
      `      - task: t
        solution: [etcdctl put /a 1]
        hints: [h]
        check:
          exist: { key: /a }
`,
    );
    expect(errorOf(() => loadLessonFile(file))).toMatch(
      /unknown-check\.yaml:16:11: demos\[0\]\.steps\[0\]\.check: unknown check "exist" \(one of all, any, not, exists/,
    );
  });

  it('refuses a "try it" step without a check, and a typo in a field', () => {
    const noCheck = lessonWith('no-check.yaml', `      - { task: t, solution: [etcdctl put /a 1], hints: [h] }\n`);
    expect(errorOf(() => loadLessonFile(noCheck))).toContain("demos[0].steps[0].check: a \"try it\" step needs a check on the cluster's state");
    const typo = lessonWith('typo.yaml', `      - { text: t, shwo: [help] }\n`);
    expect(errorOf(() => loadLessonFile(typo))).toMatch(/typo\.yaml:12:\d+: demos\[0\]\.steps\[0\]\.shwo: unknown field "shwo"/);
  });

  it('loads a good lesson', () => {
    const file = lessonWith(
      'good.yaml',
      `      - task: Put /a.
        solution: [etcdctl put /a 1]
        hints: [use put]
        check: { key: { key: /a, value: "1" } }
`,
    );
    const l = loadLessonFile(file);
    expect(l.demos[0]!.cluster).toEqual({ bare: true, nodes: 3, seed: '1' });
    expect(describeCheck(l.demos[0]!.steps[0]!.check!)).toBe('etcd holds /a = 1');
  });
});

describe('the check language', () => {
  it('reads paths with indexes and quoted keys', () => {
    const obj = { metadata: { annotations: { 'deployment.kubernetes.io/revision': '3' } }, spec: { containers: [{ image: 'nginx' }] } };
    expect(getPath(obj, 'metadata.annotations["deployment.kubernetes.io/revision"]')).toBe('3');
    expect(getPath(obj, 'spec.containers[0].image')).toBe('nginx');
    expect(getPath(obj, 'spec.nope.deeper')).toBeUndefined();
  });

  it('says what is wrong with a check', () => {
    expect(errorOf(() => parseCheck({ count: { resource: 'pods' } }))).toBe('say how many: equals, atLeast or atMost');
    expect(errorOf(() => parseCheck({ exists: { resource: 'pod', name: 'x' } }))).toMatch(/unknown resource "pod"/);
    expect(errorOf(() => parseCheck({ key: { key: '/a' }, revision: { atLeast: 2 } }))).toMatch(/exactly one kind/);
  });

  it('describes a goal in words', () => {
    const c = parseCheck({ all: [{ deploymentReady: { name: 'web', replicas: 3 } }, { count: { resource: 'pods', selector: 'app=web', phase: 'Running', new: true, atLeast: 1 } }] });
    expect(describeCheck(c)).toBe('deployment web has 3 replicas Running and ready; and at least 1 new pods with -l app=web, status.phase=Running');
  });
});

describe('the learner\'s place', () => {
  it('numbers the pages of a lesson: its sections, then each demo\'s steps', async () => {
    const { pageOf, positionOf } = await import('../../src/tutor/lessons/progress');
    const file = lessonWith(
      'pages.yaml',
      `      - { text: one }
      - { text: two }
`,
    );
    const l = loadLessonFile(file);
    // 1 section, then demo "d" with 2 steps: pages 0, 1, 2.
    expect(pageOf(l, { part: 'read', section: 0 })).toBe(0);
    expect(pageOf(l, { part: 'demo', demo: 'd', step: 1 })).toBe(2);
    expect(positionOf(l, 1)).toEqual({ part: 'demo', demo: 'd', step: 0 });
    expect(positionOf(l, 2)).toEqual({ part: 'demo', demo: 'd', step: 1 });
    // A lesson that shrank since: the last step, not nowhere.
    expect(positionOf(l, 9)).toEqual({ part: 'demo', demo: 'd', step: 1 });
  });
});

describe('a revision check compares with the revision its step began at', () => {
  it('no write since the step began fails; one put passes with +1', async () => {
    const { Cluster } = await import('../../src/cluster/sim/cluster');
    const { captureBaseline, evaluateCheck } = await import('../../src/tutor/lessons/checks');
    const quiet = { out: () => undefined, err: () => undefined };
    const cluster = await Cluster.start({ bare: true, seed: '1' }, quiet);
    try {
      await cluster.kv.put({ key: '/before', value: 'x' }); // written before the step: does not count
      const check = parseCheck({ revision: { grewBy: 1 } });
      const target = { kv: cluster.kv };
      const base = await captureBaseline(check, target);
      expect((await evaluateCheck(check, target, base)).ok).toBe(false);
      await cluster.kv.put({ key: '/during', value: 'y' });
      const r = await evaluateCheck(check, target, base);
      expect(r.ok).toBe(true);
      expect(r.found).toContain('+1 since the step began');
    } finally {
      await cluster.stop();
    }
  });
});

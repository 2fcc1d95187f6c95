// The lesson linter, on the real lessons and on broken fixtures: what it must refuse, it refuses.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, lintLessons, type LintIssue } from '../../src/tutor/lessons/lint';
import { loadLessons } from '../../src/tutor/lessons/loader';
import { ROOT } from '../helpers/cli';
import { PLANNED_LESSONS, RUNNABLE_LESSONS } from './runnable';

const LESSONS = path.join(ROOT, 'lessons');
const BROKEN = path.join(ROOT, 'test/fixtures/lessons-broken');

const show = (issues: LintIssue[]) => issues.map(formatIssue).join('\n');

describe('the lessons pass the linter', () => {
  it('has at least ten lessons, unique ids, every file in the index and every entry with its file', async () => {
    const set = loadLessons(LESSONS);
    expect(set.lessons.length).toBeGreaterThanOrEqual(10);
    // With `only` naming no lesson, what is left are the checks of the folder as a whole.
    const issues = await lintLessons(LESSONS, { run: false, only: [] });
    // The bank may already hold questions for a lesson another issue is writing (PLANNED_LESSONS); nothing else.
    const planned = (i: LintIssue) => PLANNED_LESSONS.some((id) => i.message.endsWith(`points at lesson "${id}", which is not in index.yaml`));
    expect(show(issues.filter((i) => !planned(i)))).toBe('');
    // A planned lesson leaves this list as soon as it is in the index.
    for (const id of PLANNED_LESSONS) expect(set.index.map((e) => e.id)).not.toContain(id);
  });

  // One test per lesson: every check fails on a fresh cluster and before its step, and holds after the step's
  // solution. Lessons are added here as the parts of the cluster they need land.
  for (const id of RUNNABLE_LESSONS) {
    it(`every check of "${id}" can fail and does pass`, async () => {
      // Only this lesson's own issues: the folder's are the first test's.
      const issues = (await lintLessons(LESSONS, { only: [id] })).filter((i) => i.file.startsWith(`lessons/${id}.yaml`));
      expect(show(issues)).toBe('');
    }, 120_000);
  }
});

describe('the linter refuses broken lessons', () => {
  it('a check that cannot fail', async () => {
    const issues = await lintLessons(path.join(BROKEN, 'unfailable'));
    const text = show(issues);
    expect(text).toContain('always-true.yaml');
    expect(text).toContain('demos[0].steps[1].check');
    expect(text).toMatch(/cannot fail/);
    // The good check of the same demo is not blamed.
    expect(text).not.toContain('demos[0].steps[0].check');
  });

  it('a duplicated lesson id', async () => {
    const text = show(await lintLessons(path.join(BROKEN, 'duplicate')));
    expect(text).toMatch(/index\.yaml: lessons\[1\]\.id: duplicate lesson id "twice"/);
  });

  it('a missing file, an unlisted file, an unknown line and a question without its lesson', async () => {
    const text = show(await lintLessons(path.join(BROKEN, 'misc'), { run: false }));
    expect(text).toMatch(/lessons\[1\]\.file: no such file "ghost\.yaml"/);
    expect(text).toMatch(/orphan\.yaml: this lesson file is not in index\.yaml/);
    expect(text).toMatch(/real\.yaml: demos\[0\]\.steps\[0\]\.show\[0\]: "etcdctrl" is not a line of the cluster/);
    expect(text).toMatch(/question "lost-question" points at lesson "no-such-lesson"/);
  });
});

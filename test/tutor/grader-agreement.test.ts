// Acceptance 2 of issue 7: hand-labelled answers (test/fixtures/answers/, written apart from the rubrics) are
// graded with at least 85% agreement, and no weak answer is ever graded strong.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadBank, findQuestion } from '../../src/tutor/quiz/bank';
import { grade, type Verdict } from '../../src/tutor/quiz/grader';
import { ROOT } from '../helpers/cli';

const dir = path.join(ROOT, 'test/fixtures/answers');
const NOTES_IDS = ['control-plane-components', 'etcd-critical', 'apiserver-fast-search', 'etcd-watch-events', 'reconciliation-loop'];

describe('the grader against hand-labelled answers', async () => {
  const bank = await loadBank({ fresh: true });
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const rows: Array<{ id: string; label: Verdict; got: Verdict; score: number; text: string }> = [];
  for (const f of files) {
    const id = f.replace(/\.yaml$/, '');
    const q = findQuestion(bank, id)!;
    const labelled = parse(readFileSync(path.join(dir, f), 'utf8')) as Record<Verdict, string[]>;
    for (const label of ['strong', 'partial', 'weak'] as const) {
      for (const text of labelled[label] ?? []) {
        const r = grade(q, text);
        rows.push({ id, label, got: r.verdict, score: r.score, text });
      }
    }
  }

  it('has strong, partial and weak answers for every question of the notes', () => {
    for (const id of NOTES_IDS) {
      for (const label of ['strong', 'partial', 'weak']) expect(rows.some((r) => r.id === id && r.label === label), `${id}/${label}`).toBe(true);
    }
  });

  it('agrees with the labels at least 85% of the time', () => {
    const wrong = rows.filter((r) => r.label !== r.got);
    const agreement = 1 - wrong.length / rows.length;
    const report = wrong.map((r) => `${r.id} ${r.label}→${r.got} (${r.score}): ${r.text.slice(0, 90).replace(/\s+/g, ' ')}`).join('\n');
    expect(agreement, `agreement ${(agreement * 100).toFixed(0)}% over ${rows.length} answers; disagreements:\n${report}`).toBeGreaterThanOrEqual(0.85);
  });

  it('never grades a weak answer strong', () => {
    const bad = rows.filter((r) => r.label === 'weak' && r.got === 'strong').map((r) => `${r.id}: ${r.text}`);
    expect(bad).toEqual([]);
  });
});

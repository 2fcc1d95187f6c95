// How a graded answer reads on the terminal: the verdict, what was found, missed or wrong, the model answer.
import type { ChalkInstance } from 'chalk';
import type { Question } from './bank';
import type { GradeResult, Verdict } from './grader';

export function verdictColour(chalk: ChalkInstance, v: Verdict): (s: string) => string {
  return v === 'strong' ? chalk.green : v === 'partial' ? chalk.yellow : chalk.red;
}

export function formatGrade(q: Question, r: GradeResult, chalk: ChalkInstance, opts: { modelAnswer?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`${chalk.bold(q.id)}: ${verdictColour(chalk, r.verdict)(r.verdict)} (score ${r.score.toFixed(2)})`);
  for (const id of r.found) out.push(`  ${chalk.green('✓')} ${r.labels[id]}`);
  for (const id of r.missing) {
    const denied = r.contradicted.includes(id);
    out.push(`  ${chalk.red('✗')} ${r.labels[id]}${denied ? chalk.red(' (your answer denies this)') : ''}`);
  }
  for (const id of r.wrong) out.push(`  ${chalk.red('!')} wrong: ${r.labels[id]}`);
  if (opts.modelAnswer) {
    out.push('', chalk.bold('Model answer:'));
    out.push(...q.answer.trimEnd().split('\n').map((l) => `  ${l}`));
  }
  return out.join('\n');
}

/** A score in 0..1 as a bar of `width` cells. */
export function bar(score: number, width = 20): string {
  const full = Math.round(Math.max(0, Math.min(1, score)) * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

/** Average score per topic, in the order topics first appear. */
export function byTopic(results: Array<{ topic: string; score: number }>): Array<{ topic: string; score: number; n: number }> {
  const m = new Map<string, number[]>();
  for (const r of results) m.set(r.topic, [...(m.get(r.topic) ?? []), r.score]);
  return [...m].map(([topic, s]) => ({ topic, score: s.reduce((a, b) => a + b, 0) / s.length, n: s.length }));
}

/** The per-topic summary drawn as bars. */
export function topicBars(results: Array<{ topic: string; score: number }>): string[] {
  const rows = byTopic(results);
  const w = Math.max(0, ...rows.map((r) => r.topic.length));
  return rows.map((r) => `  ${r.topic.padEnd(w)}  ${bar(r.score)} ${String(Math.round(r.score * 100)).padStart(3)}%  (${r.n})`);
}

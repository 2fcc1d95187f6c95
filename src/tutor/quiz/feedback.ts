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

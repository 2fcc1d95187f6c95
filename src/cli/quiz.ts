// `kubetutor quiz [--topic T] [--count N] [--seed S]`: free-text and multiple-choice questions, feedback after
// each answer, and a per-topic summary drawn as bars at the end. Every answer also reschedules its review card.
import { requireTerminal, seedOf } from './ask';
import { loadBankOrFail, requireTopic } from './bank';
import { UserError } from './errors';
import { setupChalk } from './colour';
import { grade, suggestedRating } from '../tutor/quiz/grader';
import { formatGrade, topicBars } from '../tutor/quiz/feedback';
import { planQuiz } from '../tutor/quiz/session';
import { rate } from '../tutor/quiz/srs';
import { recordSession, updateProgress, type SessionResult } from '../tutor/progress/store';

export interface QuizOptions {
  topic?: string;
  count?: number;
  seed?: string;
}

export async function run(opts: QuizOptions = {}): Promise<number> {
  const questions = requireTopic(await loadBankOrFail(), opts.topic);
  if (opts.count === 0) throw new UserError('--count must be at least 1', 2);
  requireTerminal('quiz', 'to grade one answer without one, use `kubetutor grade ID --answer TEXT`');
  const chalk = await setupChalk();
  const { input, select } = await import('@inquirer/prompts');
  const seed = seedOf(opts.seed);
  const plan = planQuiz(questions, { count: opts.count ?? 5, seed });
  const out = (s = '') => process.stdout.write(`${s}\n`);
  out(chalk.bold(`Quiz: ${plan.length} question${plan.length === 1 ? '' : 's'}${opts.topic ? ` on ${opts.topic}` : ''} (seed ${seed})`));
  const results: SessionResult[] = [];
  for (const [n, item] of plan.entries()) {
    const q = item.question;
    out('');
    out(chalk.dim(`${n + 1}/${plan.length} · ${q.topic}`));
    if (item.kind === 'choice' && item.choice) {
      const { variant, options } = item.choice;
      const picked = await select({ message: variant.prompt, choices: options.map((o) => ({ name: o, value: o })) });
      const right = picked === variant.correct;
      out(right ? chalk.green('✓ Right.') : `${chalk.red('✗ Not quite.')} The answer: ${variant.correct}`);
      if (variant.explain) out(chalk.dim(`  ${variant.explain}`));
      results.push({ id: q.id, topic: q.topic, score: right ? 1 : 0, verdict: right ? 'strong' : 'weak', kind: 'choice' });
      saveCard(q.id, right ? 'good' : 'again');
    } else {
      const answer = await input({ message: q.prompt });
      const r = grade(q, answer);
      out(formatGrade(q, r, chalk, { modelAnswer: r.verdict !== 'strong' }));
      results.push({ id: q.id, topic: q.topic, score: r.score, verdict: r.verdict, kind: 'free' });
      saveCard(q.id, suggestedRating(r));
    }
  }
  recordSession({ at: new Date().toISOString(), mode: 'quiz', results });
  out('');
  out(chalk.bold('Summary by topic'));
  for (const line of topicBars(results)) out(line);
  const total = results.reduce((a, r) => a + r.score, 0) / results.length;
  out(`  overall ${Math.round(total * 100)}% · ${results.filter((r) => r.verdict === 'strong').length}/${results.length} strong`);
  return 0;
}

function saveCard(id: string, rating: 'again' | 'hard' | 'good' | 'easy'): void {
  const now = new Date();
  updateProgress((doc) => {
    doc.cards[id] = rate(doc.cards[id], rating, now);
  });
}

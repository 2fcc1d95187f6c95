// `kubetutor review`: the spaced-repetition cards that are due (ts-fsrs). The learner answers, sees the grade,
// and rates the card Again / Hard / Good / Easy with the grader's suggestion preselected. Daily caps as Anki:
// 20 new cards and 200 reviews.
import { requireTerminal } from './ask';
import { loadBankOrFail } from './bank';
import { setupChalk } from './colour';
import { grade, suggestedRating } from '../tutor/quiz/grader';
import { formatGrade } from '../tutor/quiz/feedback';
import { countToday, dueQueue, rate, type RatingName } from '../tutor/quiz/srs';
import { loadProgress, recordSession, updateProgress, type SessionResult } from '../tutor/progress/store';

export async function run(): Promise<number> {
  const bank = await loadBankOrFail();
  const queue = dueQueue(loadProgress(), bank, new Date());
  const cards = [...queue.reviews.map((q) => ({ q, fresh: false })), ...queue.fresh.map((q) => ({ q, fresh: true }))];
  if (cards.length === 0) {
    const doc = loadProgress();
    const next = Object.values(doc.cards).map((c) => Date.parse(c.due)).sort((a, b) => a - b)[0];
    process.stdout.write(`Nothing is due${next ? `; the next card is due ${new Date(next).toLocaleString()}` : ''}.\n`);
    return 0;
  }
  requireTerminal('review', `${cards.length} card${cards.length === 1 ? ' is' : 's are'} due`);
  const chalk = await setupChalk();
  const { input, select } = await import('@inquirer/prompts');
  const out = (s = '') => process.stdout.write(`${s}\n`);
  out(chalk.bold(`Review: ${queue.reviews.length} due, ${queue.fresh.length} new`));
  const results: SessionResult[] = [];
  for (const [n, { q, fresh }] of cards.entries()) {
    out('');
    out(chalk.dim(`${n + 1}/${cards.length} · ${q.topic}${fresh ? ' · new' : ''}`));
    const answer = await input({ message: q.prompt });
    const r = grade(q, answer);
    out(formatGrade(q, r, chalk, { modelAnswer: true }));
    const suggested = suggestedRating(r);
    const rating = await select<RatingName>({
      message: 'How well did you know it?',
      default: suggested,
      choices: [
        { name: 'Again', value: 'again', description: 'I did not know it' },
        { name: 'Hard', value: 'hard', description: 'I got part of it, with effort' },
        { name: 'Good', value: 'good', description: 'I knew it' },
        { name: 'Easy', value: 'easy', description: 'I knew it without thinking' },
      ],
    });
    const now = new Date();
    // Saved after every card, so Ctrl-C loses nothing already rated.
    const doc = updateProgress((d) => {
      d.cards[q.id] = rate(d.cards[q.id], rating, now);
      countToday(d, now, fresh);
    });
    out(chalk.dim(`  next review ${new Date(doc.cards[q.id]!.due).toLocaleString()}`));
    results.push({ id: q.id, topic: q.topic, score: r.score, verdict: r.verdict, kind: 'free' });
  }
  recordSession({ at: new Date().toISOString(), mode: 'review', results });
  out();
  out(chalk.bold(`Done: ${results.length} card${results.length === 1 ? '' : 's'} reviewed.`));
  return 0;
}

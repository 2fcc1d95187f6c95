// `kubetutor interview [--questions N] [--minutes M] [--seed S] [--transcript FILE]`: a mock interview. The interviewer
// goes across topics (big picture first), a clock ticks under each answer, a follow-up digs into what the last
// answer missed, and a scorecard closes it. `--transcript` writes the whole interview as Markdown.
import { writeFileSync } from 'node:fs';
import { requireTerminal, seedOf } from './ask';
import { loadBankOrFail } from './bank';
import { setupChalk } from './colour';
import { UserError } from './errors';
import { grade } from '../tutor/quiz/grader';
import { chooseFollowUp, planInterview } from '../tutor/quiz/session';
import { formatScorecard, scorecard, transcriptMarkdown, type Exchange } from '../tutor/quiz/scorecard';
import { recordSession } from '../tutor/progress/store';

export interface InterviewOptions {
  questions?: number;
  minutes?: number;
  seed?: string;
  transcript?: string;
}

const REACTIONS = {
  strong: ['Good.', 'Right, that is what I was looking for.', 'Nice, clear answer.'],
  partial: ['Okay.', 'Partly there.', 'Hm, let me dig into that.'],
  weak: ['Let us move on.', 'Not quite.', 'Okay, let us try something else.'],
};

export async function run(opts: InterviewOptions = {}): Promise<number> {
  const count = opts.questions ?? 4;
  const minutes = opts.minutes ?? 15;
  if (count < 1) throw new UserError('--questions must be at least 1', 2);
  if (minutes < 1) throw new UserError('--minutes must be at least 1', 2);
  const bank = await loadBankOrFail();
  requireTerminal('interview');
  const chalk = await setupChalk();
  const { timedInput } = await import('./timed-input');
  const out = (s = '') => process.stdout.write(`${s}\n`);
  const seed = seedOf(opts.seed);
  const plan = planInterview(bank, { questions: count, seed });
  const startedAt = Date.now();
  const limitMs = minutes * 60_000;
  const ask = (message: string) => timedInput({ message, startedAt, limitMs, dim: chalk.dim });
  out(chalk.bold(`Mock interview: ${plan.length} question${plan.length === 1 ? '' : 's'}, ${minutes} minute${minutes === 1 ? '' : 's'} (seed ${seed}).`));
  out(chalk.dim('Answer as you would out loud, in a few sentences. Press Enter to submit; Ctrl-C ends the interview.'));
  const exchanges: Exchange[] = [];
  for (const [n, q] of plan.entries()) {
    if (Date.now() - startedAt >= limitMs) {
      out();
      out(chalk.yellow('Time is up.'));
      break;
    }
    out();
    out(chalk.bold(`Q${n + 1} · ${q.topic}`));
    const answer = await ask(q.prompt);
    const result = grade(q, answer);
    const exchange: Exchange = { question: q, answer, result, at: Date.now() - startedAt };
    const pick = REACTIONS[result.verdict];
    out(chalk.dim(`Interviewer: ${pick[n % pick.length]}`));
    const followUp = chooseFollowUp(q, result);
    if (followUp && Date.now() - startedAt < limitMs) {
      const fAnswer = await ask(`Follow-up: ${followUp.prompt}`);
      exchange.followUp = { followUp, answer: fAnswer, result: grade(q, fAnswer, { only: followUp.probes }) };
    }
    exchanges.push(exchange);
  }
  const elapsedMs = Date.now() - startedAt;
  const card = scorecard(exchanges);
  out();
  for (const line of formatScorecard(card)) out(line);
  recordSession({
    at: new Date(startedAt).toISOString(),
    mode: 'interview',
    results: card.topics.map((t) => ({ id: t.questionId, topic: t.topic, score: t.score, verdict: t.verdict, kind: 'free' })),
  });
  if (opts.transcript) {
    try {
      writeFileSync(opts.transcript, transcriptMarkdown(exchanges, card, { date: new Date(startedAt), minutes, elapsedMs }));
    } catch (err) {
      throw new UserError(`cannot write the transcript to ${opts.transcript}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    out(chalk.dim(`Transcript written to ${opts.transcript}`));
  }
  return 0;
}

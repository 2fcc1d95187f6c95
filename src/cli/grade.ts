// `kubetutor grade ID (--answer TEXT | --answer-file FILE | -) [--json]`: grades one free-text answer against
// the question's rubric. `--json` prints exactly {"id","score","verdict","found","missing"}.
import { readFileSync } from 'node:fs';
import { UserError } from './errors';
import { loadBankOrFail, requireQuestion } from './bank';
import { grade } from '../tutor/quiz/grader';
import { formatGrade } from '../tutor/quiz/feedback';

export interface GradeOptions {
  answer?: string;
  answerFile?: string;
  json?: boolean;
}

export async function run(id: string, dash: string | undefined, opts: GradeOptions): Promise<number> {
  if (dash !== undefined && dash !== '-') throw new UserError(`unexpected argument "${dash}" (use - to read the answer from stdin)`, 2);
  const sources = [opts.answer !== undefined, opts.answerFile !== undefined, dash === '-'].filter(Boolean).length;
  if (sources === 0) throw new UserError('grade needs an answer: --answer TEXT, --answer-file FILE, or - to read stdin', 2);
  if (sources > 1) throw new UserError('give the answer one way only: --answer, --answer-file or -', 2);
  const question = requireQuestion(await loadBankOrFail(), id);
  const answer = readAnswer(opts, dash);
  const result = grade(question, answer);
  if (opts.json) {
    const { score, verdict, found, missing } = result;
    process.stdout.write(`${JSON.stringify({ id: question.id, score, verdict, found, missing })}\n`);
  } else {
    const { setupChalk } = await import('./colour');
    process.stdout.write(`${formatGrade(question, result, await setupChalk(), { modelAnswer: true })}\n`);
  }
  return 0;
}

function readAnswer(opts: GradeOptions, dash: string | undefined): string {
  if (opts.answer !== undefined) return opts.answer;
  const file = opts.answerFile ?? (dash === '-' ? 0 : undefined);
  try {
    return readFileSync(file!, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = file === 0 ? 'stdin' : String(file);
    throw new UserError(`cannot read the answer from ${where}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

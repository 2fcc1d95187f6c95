// `kubetutor lessons [--json]`: the lessons in order, each with id, title, topics and the learner's status.
import { loadLessons, type LessonSet } from '../tutor/lessons/loader';
import { openLessonProgress } from '../tutor/lessons/progress';
import { LessonFileError } from '../tutor/lessons/types';
import { setupChalk } from './colour';
import { UserError } from './errors';

export interface LessonsOptions {
  json?: boolean;
}

/** The lessons, or one line saying which lesson file is broken and where (a UserError: no stack trace). */
export function loadLessonsOrFail(): LessonSet {
  try {
    return loadLessons();
  } catch (err) {
    if (err instanceof LessonFileError) throw new UserError(err.message);
    throw err;
  }
}

export async function run(opts: LessonsOptions = {}): Promise<number> {
  const set = loadLessonsOrFail();
  const progress = await openLessonProgress();
  const rows = set.lessons.map((l) => ({ id: l.id, title: l.title, topics: l.topics, status: progress.get(l).status }));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const chalk = await setupChalk();
  const idW = Math.max(2, ...rows.map((r) => r.id.length));
  const titleW = Math.max(5, ...rows.map((r) => r.title.length));
  const out = [`${'#'.padStart(3)}  ${'ID'.padEnd(idW)}  ${'TITLE'.padEnd(titleW)}  ${'STATUS'.padEnd(11)}  TOPICS`];
  rows.forEach((r, i) => {
    const plain = r.status.padEnd(11);
    const status = r.status === 'done' ? chalk.green(plain) : r.status === 'in progress' ? chalk.yellow(plain) : chalk.dim(plain);
    out.push(`${String(i + 1).padStart(3)}  ${r.id.padEnd(idW)}  ${r.title.padEnd(titleW)}  ${status}  ${r.topics.join(', ')}`);
  });
  const current = progress.current();
  const next = rows.find((r) => r.id === current) ?? rows.find((r) => r.status !== 'done');
  out.push('');
  out.push(next ? `Next: kubetutor learn ${next.id}` : 'Every lesson is done. Take one again with: kubetutor learn ID');
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

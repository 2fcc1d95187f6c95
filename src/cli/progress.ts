// `kubetutor progress [--json] [--export FILE] [--import FILE] [--reset] [--yes]`: what has been learned,
// how quizzes went, which cards are due; and moving the progress document around.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { UserError } from './errors';
import { topicBars } from '../tutor/quiz/feedback';
import { checkProgress, loadProgress, progressFile, saveProgress, type ProgressDoc } from '../tutor/progress/store';

export interface ProgressOptions {
  json?: boolean;
  export?: string;
  import?: string;
  reset?: boolean;
  yes?: boolean;
}

export async function run(opts: ProgressOptions = {}): Promise<number> {
  const actions = [opts.export !== undefined, opts.import !== undefined, Boolean(opts.reset)].filter(Boolean).length;
  if (actions > 1) throw new UserError('use one of --export, --import and --reset at a time', 2);
  if (opts.reset) return reset(opts);
  if (opts.import !== undefined) return importFrom(opts.import, opts);
  const doc = loadProgress();
  if (opts.export !== undefined) return exportTo(opts.export, doc);
  const summary = await summarise(doc);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ file: progressFile(), ...summary.counts, progress: doc }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(summary.text);
  return 0;
}

async function confirmOrRefuse(what: string, opts: ProgressOptions): Promise<boolean> {
  if (opts.yes) return true;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(`${what} needs --yes when there is no terminal to confirm on`);
  }
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message: `${what}: are you sure?`, default: false });
}

async function reset(opts: ProgressOptions): Promise<number> {
  const file = progressFile();
  if (!(await confirmOrRefuse('progress --reset forgets every lesson, quiz and card', opts))) {
    process.stderr.write('nothing changed\n');
    return 1;
  }
  if (existsSync(file)) {
    // Kind to mistakes: the old document is kept next to the new one.
    const backup = `${file}.reset-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
    renameSync(file, backup);
    process.stderr.write(`progress reset; the old file is kept as ${backup}\n`);
  } else {
    process.stderr.write('progress reset (there was nothing to forget)\n');
  }
  return 0;
}

function exportTo(target: string, doc: ProgressDoc): number {
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (target === '-') {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(target, text);
  } catch (err) {
    throw new UserError(`cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  process.stderr.write(`progress exported to ${target}\n`);
  return 0;
}

async function importFrom(source: string, opts: ProgressOptions): Promise<number> {
  let doc: ProgressDoc;
  try {
    const text = readFileSync(source === '-' ? 0 : source, 'utf8');
    doc = checkProgress(JSON.parse(text));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : err instanceof SyntaxError ? `not valid JSON (${e.message})` : e.message;
    throw new UserError(`cannot import ${source}: ${why}; nothing changed`);
  }
  if (!(await confirmOrRefuse(`progress --import replaces your progress with ${source}`, opts))) {
    process.stderr.write('nothing changed\n');
    return 1;
  }
  saveProgress(doc);
  process.stderr.write(`progress imported from ${source}\n`);
  return 0;
}

async function summarise(doc: ProgressDoc): Promise<{ text: string; counts: Record<string, unknown> }> {
  const lessons = Object.entries(doc.lessons);
  const done = lessons.filter(([, l]) => l.done).map(([id]) => id);
  const started = lessons.filter(([, l]) => !l.done).map(([id, l]) => `${id} (step ${l.step + 1})`);
  const results = doc.sessions.flatMap((s) => s.results);
  let due = { reviews: 0, fresh: 0 };
  try {
    const [{ loadBank }, { dueQueue }] = await Promise.all([import('../tutor/quiz/bank'), import('../tutor/quiz/srs')]);
    const q = dueQueue(doc, await loadBank(), new Date());
    due = { reviews: q.reviews.length, fresh: q.fresh.length };
  } catch {
    // A broken bank should not hide the learner's progress.
  }
  const lines: string[] = [];
  lines.push(`Progress (${progressFile()})`, '');
  lines.push(`Lessons done: ${done.length}${done.length ? ` — ${done.join(', ')}` : ''}`);
  if (started.length) lines.push(`In progress:  ${started.join(', ')}`);
  lines.push('', `Sessions: ${doc.sessions.length} (quiz ${count(doc, 'quiz')}, interview ${count(doc, 'interview')}, review ${count(doc, 'review')})`);
  for (const s of doc.sessions.slice(-5)) {
    const avg = s.results.reduce((a, r) => a + r.score, 0) / s.results.length;
    lines.push(`  ${s.at.slice(0, 16).replace('T', ' ')}  ${s.mode.padEnd(9)} ${String(s.results.length).padStart(2)} questions  average ${Math.round(avg * 100)}%`);
  }
  if (results.length) lines.push('', 'By topic (average score, answers):', ...topicBars(results));
  lines.push('', `Cards: ${Object.keys(doc.cards).length} seen; due now: ${due.reviews} to review, ${due.fresh} new (run \`kubetutor review\`)`, '');
  return { text: lines.join('\n'), counts: { lessonsDone: done, due: due.reviews, newCards: due.fresh } };
}

function count(doc: ProgressDoc, mode: string): number {
  return doc.sessions.filter((s) => s.mode === mode).length;
}

// `kubetutor learn [LESSON] [--no-input]`: runs a lesson. On a terminal it is interactive (read, try lines on
// the live cluster, check, hint, skip, quit) and resumes where the learner left off; with --no-input or no
// terminal it prints the lesson and runs every demo's solution, exiting 0 only when every check holds.
import type { ShellIO } from '../cluster/sim/shell';
import { loadQuestionRefs, type LessonSet } from '../tutor/lessons/loader';
import { openLessonProgress, type LessonPosition, type LessonProgress } from '../tutor/lessons/progress';
import { hintsOf, LessonRenderer } from '../tutor/lessons/render';
import { DemoSession } from '../tutor/lessons/runner';
import type { Demo, DemoStep, Lesson } from '../tutor/lessons/types';
import { setupChalk } from './colour';
import { loadLessonsOrFail } from './lessons';
import { isCtrlC, UserError } from './errors';

export interface LearnOptions {
  /** commander sets this to false for --no-input. */
  input?: boolean;
}

const write = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

/** Lines' output: to the terminal, or nowhere while a resumed demo is replayed. */
class SwitchableIO implements ShellIO {
  quiet = false;
  out = (text: string) => {
    if (!this.quiet) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  err = (text: string) => {
    if (!this.quiet) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  };
}

export async function run(a?: string | LearnOptions, b?: LearnOptions): Promise<number> {
  const id = typeof a === 'string' ? a : undefined;
  const opts = (typeof a === 'object' ? a : b) ?? {};
  const set = loadLessonsOrFail();
  const progress = await openLessonProgress();
  let lesson: Lesson | undefined;
  if (id !== undefined) {
    lesson = set.lessons.find((l) => l.id === id);
    if (!lesson) {
      const { suggest } = await import('../cluster/sim/shell');
      throw new UserError(`no lesson "${id}"${suggest(id, set.lessons.map((l) => l.id))} (kubetutor lessons lists them)`);
    }
  } else {
    // Carry on with the lesson left half-way, else the first one not done.
    const current = progress.current();
    lesson = set.lessons.find((l) => l.id === current) ?? set.lessons.find((l) => progress.get(l).status !== 'done');
    if (!lesson) {
      write('Every lesson is done. Take one again with: kubetutor learn ID (kubetutor lessons lists them)');
      return 0;
    }
  }
  const chalk = await setupChalk();
  const r = new LessonRenderer(chalk);
  const interactive = opts.input !== false && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
  try {
    if (!interactive) {
      // Until the lesson has run to its end, the exit code says "failed": should anything leave a promise
      // that never settles (the event loop drains and Node exits), that is not a pass.
      process.exitCode = 1;
      write(r.header(lesson, set.lessons.indexOf(lesson) + 1, set.lessons.length));
      return await printLesson(set, lesson, progress, r);
    }
    // Interactive: one lesson, then an offer to go straight on to the next.
    for (;;) {
      const i = set.lessons.indexOf(lesson);
      write(r.header(lesson, i + 1, set.lessons.length));
      const finished = await interactiveLesson(set, lesson, progress, r);
      const next = set.lessons[i + 1];
      if (!finished || !next) return 0;
      const { confirm } = await import('@inquirer/prompts');
      if (!(await confirm({ message: `Go on to "${next.title}"?`, default: true }))) return 0;
      lesson = next;
    }
  } catch (err) {
    if (isCtrlC(err)) {
      write(chalk.dim('\nStopped. Your place is saved: run `kubetutor learn` to carry on.'));
      return 130;
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------
// --no-input: the whole lesson, every demo run by its solution.

async function printLesson(set: LessonSet, lesson: Lesson, progress: LessonProgress, r: LessonRenderer): Promise<number> {
  lesson.sections.forEach((s, i) => write(r.section(s, i, lesson.sections.length)));
  let failures = 0;
  const io = new SwitchableIO();
  for (const [di, demo] of lesson.demos.entries()) {
    write(r.demo(demo, di, lesson.demos.length));
    const session = await DemoSession.start(demo, { io });
    try {
      if (demo.files.length) write(r.files(demo));
      for (const line of demo.setup) {
        write(r.line(line));
        if (!(await session.exec(line))) failures++;
      }
      for (const step of demo.steps) {
        write(r.stepText(step));
        if (step.show) {
          for (const [i, line] of step.show.entries()) {
            write(r.line(line));
            const ok = await session.exec(line);
            if (!ok && !(step.fails && i === step.show.length - 1)) failures++;
          }
          continue;
        }
        if (!step.task) continue;
        write(r.task(step));
        const base = await session.baseline(step.check);
        for (const line of step.solution!) {
          write(r.line(line));
          if (!(await session.exec(line))) failures++;
        }
        const res = await session.evaluate(step.check!, base);
        if (res.ok) write(r.passed(res, step));
        else {
          failures++;
          write(r.failed(res));
        }
      }
    } finally {
      await session.stop();
    }
  }
  write(r.recap(lesson));
  if (failures > 0) {
    process.stderr.write(`kubetutor: ${failures} line${failures === 1 ? '' : 's'} or check${failures === 1 ? '' : 's'} of lesson "${lesson.id}" failed\n`);
    return 1;
  }
  await progress.done(lesson);
  write(finishText(set, lesson, r));
  return 0;
}

function finishText(set: LessonSet, lesson: Lesson, r: LessonRenderer): string {
  let topics: string[] = [];
  let questions = lesson.questions;
  try {
    const mine = loadQuestionRefs(set.dir).filter((q) => q.lesson === lesson.id);
    topics = [...new Set(mine.filter((q) => q.topic).map((q) => q.topic!))];
    questions = [...new Set([...lesson.questions, ...mine.map((q) => q.id)])];
  } catch {
    // A broken question bank must not spoil a finished lesson; `npm test` reports the bank's mistakes.
  }
  if (!topics.length) topics = lesson.topics;
  const i = set.lessons.indexOf(lesson);
  const next = set.lessons[i + 1];
  return `${r.bold(`✓ Lesson "${lesson.title}" done.`)}\n${r.quizPointer(topics, questions)}${next ? `\nNext: kubetutor learn ${next.id}\n` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------
// Interactive.

type Flow = 'next' | 'quit';

/** Runs a lesson on the terminal; true when it was finished, false when the learner quit (place saved). */
async function interactiveLesson(set: LessonSet, lesson: Lesson, progress: LessonProgress, r: LessonRenderer): Promise<boolean> {
  const { select } = await import('@inquirer/prompts');
  const rec = progress.get(lesson);
  let pos: LessonPosition = rec.status === 'in progress' && rec.position ? rec.position : { part: 'read', section: 0 };
  if (pos.part === 'demo' && !lesson.demos.some((d) => d.id === (pos as { demo: string }).demo)) pos = { part: 'read', section: 0 };
  if (rec.status === 'in progress' && rec.position) write(r.dim(`(resuming where you left off${pos.part === 'read' ? `: §${pos.section + 1}` : `: demo "${pos.demo}", step ${pos.step + 1}`})`));

  const quit = async (at: LessonPosition) => {
    await progress.at(lesson, at);
    write(r.dim('\nYour place is saved. Run `kubetutor learn` to carry on from here.'));
    return false;
  };

  // Read.
  if (pos.part === 'read') {
    for (let i = pos.section; i < lesson.sections.length; i++) {
      await progress.at(lesson, { part: 'read', section: i });
      write(r.section(lesson.sections[i]!, i, lesson.sections.length));
      const last = i === lesson.sections.length - 1;
      const choice = await select({
        message: last ? (lesson.demos.length ? 'Ready to try it on the cluster?' : 'Finish the lesson?') : 'Read on?',
        choices: [
          { name: last ? (lesson.demos.length ? 'Start the demos' : 'Finish') : 'Continue', value: 'next' },
          ...(!last && lesson.demos.length ? [{ name: 'Skip to the demos', value: 'demos' }] : []),
          { name: 'Quit (your place is saved)', value: 'quit' },
        ],
      });
      if (choice === 'quit') return quit({ part: 'read', section: i });
      if (choice === 'demos') break;
    }
    pos = { part: 'demo', demo: lesson.demos[0]?.id ?? '', step: 0 };
  }

  // Demos.
  const start = lesson.demos.findIndex((d) => d.id === (pos as { demo: string }).demo);
  for (let di = Math.max(0, start); di < lesson.demos.length; di++) {
    const demo = lesson.demos[di]!;
    const fromStep = di === start && pos.part === 'demo' ? pos.step : 0;
    const flow = await interactiveDemo(lesson, demo, di, fromStep, progress, r);
    if (flow.flow === 'quit') return quit({ part: 'demo', demo: demo.id, step: flow.step });
  }

  write(r.recap(lesson));
  await progress.done(lesson);
  write(finishText(set, lesson, r));
  return true;
}

async function interactiveDemo(
  lesson: Lesson,
  demo: Demo,
  di: number,
  fromStep: number,
  progress: LessonProgress,
  r: LessonRenderer,
): Promise<{ flow: Flow; step: number }> {
  const { select } = await import('@inquirer/prompts');
  write(r.demo(demo, di, lesson.demos.length));
  const io = new SwitchableIO();
  const session = await DemoSession.start(demo, { io });
  try {
    if (demo.files.length) write(r.files(demo, session.workdir));
    for (const line of demo.setup) {
      write(r.line(line));
      await session.exec(line);
    }
    if (fromStep > 0) {
      // The cluster is deterministic: replaying the earlier steps' lines rebuilds the state the learner left.
      write(r.dim(`(rebuilding the cluster as it was after step ${fromStep} …)`));
      io.quiet = true;
      for (const s of demo.steps.slice(0, fromStep)) for (const line of s.show ?? s.solution ?? []) await session.exec(line);
      io.quiet = false;
    }
    for (let si = fromStep; si < demo.steps.length; si++) {
      const step = demo.steps[si]!;
      await progress.at(lesson, { part: 'demo', demo: demo.id, step: si });
      write(r.stepText(step));
      if (step.show) {
        for (const line of step.show) {
          write(r.line(line));
          await session.exec(line);
        }
        const last = si === demo.steps.length - 1;
        const choice = await select({
          message: 'Continue?',
          choices: [
            { name: last ? 'Next' : 'Continue', value: 'next' },
            { name: 'Quit (your place is saved)', value: 'quit' },
          ],
        });
        if (choice === 'quit') return { flow: 'quit', step: si + 1 };
        continue;
      }
      if (step.task) {
        const flow = await tryStep(session, step, r);
        if (flow === 'quit') return { flow: 'quit', step: si };
      }
    }
    return { flow: 'next', step: demo.steps.length };
  } finally {
    await session.stop();
  }
}

const TRY_HELP = 'type cluster lines (kubectl …, etcdctl …, help), or: check · hint · skip · quit';

/** One "try it": the learner types lines until the check holds, asks for hints, skips or quits. */
async function tryStep(session: DemoSession, step: DemoStep, r: LessonRenderer): Promise<Flow> {
  write(r.task(step));
  write(r.dim(`  (${TRY_HELP})`));
  const hints = hintsOf(step);
  let hinted = 0;
  const nextHint = () => {
    if (hinted < hints.length) hinted++;
    write(r.hint(hints[hinted - 1]!, hinted, hints.length));
  };
  const base = await session.baseline(step.check);
  for (;;) {
    const line = (await readTryLine(`${r.dim('try')} $ `, session)).trim();
    if (line === '') continue;
    const word = line.toLowerCase();
    if (word === 'quit' || word === 'exit' || word === 'q') return 'quit';
    if (word === 'hint') {
      nextHint();
      continue;
    }
    if (word === 'skip') {
      write(r.dim('Skipped. Running the solution so the cluster is where the next step expects it:'));
      for (const l of step.solution!) {
        write(r.line(l));
        await session.exec(l);
      }
      return 'next';
    }
    if (word === 'check') {
      const res = await session.evaluate(step.check!, base);
      if (res.ok) {
        write(r.passed(res, step));
        return 'next';
      }
      write(r.failed(res));
      nextHint();
      continue;
    }
    const revBefore = await revision(session);
    await session.exec(line);
    const res = await session.evaluate(step.check!, base);
    if (res.ok) {
      write(r.passed(res, step));
      return 'next';
    }
    // Only a line that changed the cluster earns a verdict: reading (get, describe, tree) is always welcome.
    if ((await revision(session)) !== revBefore) write(`${r.failed(res)}${r.dim('  (type hint for a hint)')}`);
  }
}

async function revision(session: DemoSession): Promise<number> {
  return (await session.cluster.kv.range({ key: '\0', limit: 1, countOnly: true })).header.revision;
}

/** The lines typed at `try $` so far, for the up arrow (one lesson run). */
const history: string[] = [];

/**
 * Reads one line for the live cluster with node:readline, as the cluster REPL does: history and Tab completion
 * of lines, flags and names. (The menus are @inquirer/prompts; each owns stdin only while it is open.)
 * Ctrl-C rejects with the same error an inquirer prompt throws, so it ends the run quietly with 130.
 */
async function readTryLine(prompt: string, session: DemoSession): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    history: [...history],
    historySize: 200,
    completer: (line: string, cb: (err: null, result: [string[], string]) => void) => {
      const partial = /\s$/.test(line) ? '' : (line.split(/\s+/).pop() ?? '');
      session.cluster.shell.complete(line).then(
        (hits) => cb(null, [hits, partial]),
        () => cb(null, [[], partial]),
      );
    },
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    rl.on('SIGINT', () => {
      answered = true;
      rl.close();
      const err = new Error('interrupted');
      err.name = 'ExitPromptError';
      reject(err);
    });
    rl.on('close', () => {
      // Ctrl-D at an empty line: leave the step the way `quit` does.
      if (!answered) resolve('quit');
    });
    rl.question(prompt, (answer) => {
      answered = true;
      if (answer.trim() && history[0] !== answer) history.unshift(answer);
      rl.close();
      resolve(answer);
    });
  });
}

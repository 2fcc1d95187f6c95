// The lesson linter (rustlings' `dev check`): ids are unique, the index and the files agree, every question
// points at a lesson that exists, every line parses, and every check is a real test — it fails on a fresh
// cluster and on the state before its step, and it holds once its step's solution has run. A check that cannot
// fail teaches nothing, so it is a defect.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { splitLine, type ShellIO } from '../../cluster/sim/shell';
import { describeCheck, needsApi } from './checks';
import { INDEX_FILE, lessonFilesOnDisk, loadIndex, loadLessonFile, loadQuestionRefs } from './loader';
import { DemoSession } from './runner';
import { LessonFileError, type Demo, type Lesson } from './types';

export interface LintIssue {
  /** The file, with :LINE:COL when known. */
  file: string;
  /** Where inside it: `demos[0].steps[1].check`. */
  where: string;
  message: string;
}

export interface LintOptions {
  /** Run the demos on live clusters (default true). Off: only the static checks. */
  run?: boolean;
  /** Lint only these lessons (by id); the checks of the folder as a whole (index, ids, files) still run. */
  only?: string[];
}

export function formatIssue(i: LintIssue): string {
  return `${i.file}${i.where ? `: ${i.where}` : ''}: ${i.message}`;
}

const silent: ShellIO = { out: () => {}, err: () => {} };

/** A shell's line names, from a bare cluster (the same registry every cluster uses). */
async function lineNames(): Promise<Set<string>> {
  const { Cluster } = await import('../../cluster/sim/cluster');
  const c = await Cluster.start({ bare: true }, silent);
  try {
    return new Set(c.shell.names());
  } finally {
    await c.stop();
  }
}

export async function lintLessons(dir: string, opts: LintOptions = {}): Promise<LintIssue[]> {
  const issues: LintIssue[] = [];
  const rel = (f: string) => path.relative(process.cwd(), f) || f;
  const add = (file: string, where: string, message: string) => issues.push({ file: rel(file), where, message });
  const fromError = (err: unknown, file: string) => {
    if (err instanceof LessonFileError) issues.push({ file: rel(err.file), where: err.where, message: err.detail });
    else add(file, '', err instanceof Error ? err.message : String(err));
  };

  // The index and the files on disk.
  const indexFile = path.join(dir, INDEX_FILE);
  let index: Array<{ id: string; file: string }> = [];
  try {
    index = loadIndex(dir);
  } catch (err) {
    fromError(err, indexFile);
    return issues;
  }
  const seenIds = new Map<string, number>();
  index.forEach((e, i) => {
    if (seenIds.has(e.id)) add(indexFile, `lessons[${i}].id`, `duplicate lesson id "${e.id}" (also lessons[${seenIds.get(e.id)}])`);
    else seenIds.set(e.id, i);
    if (!existsSync(path.join(dir, e.file))) add(indexFile, `lessons[${i}].file`, `no such file "${e.file}"`);
  });
  const indexed = new Set(index.map((e) => path.normalize(e.file)));
  for (const f of lessonFilesOnDisk(dir)) if (!indexed.has(path.normalize(f))) add(path.join(dir, f), '', `this lesson file is not in ${INDEX_FILE}`);

  // Each lesson.
  const lessons: Lesson[] = [];
  const lessonIdsInFiles = new Map<string, string>();
  const seenFiles = new Set<string>();
  for (const e of index) {
    const file = path.join(dir, e.file);
    if (!existsSync(file) || seenFiles.has(file)) continue;
    seenFiles.add(file);
    try {
      const l = loadLessonFile(file);
      if (l.id !== e.id) add(file, 'id', `the index calls this lesson "${e.id}" but its id is "${l.id}"`);
      if (lessonIdsInFiles.has(l.id)) add(file, 'id', `duplicate lesson id "${l.id}" (also in ${rel(lessonIdsInFiles.get(l.id)!)})`);
      lessonIdsInFiles.set(l.id, file);
      const demoIds = new Set<string>();
      l.demos.forEach((d, i) => {
        if (demoIds.has(d.id)) add(file, `demos[${i}].id`, `duplicate demo id "${d.id}"`);
        demoIds.add(d.id);
      });
      lessons.push(l);
    } catch (err) {
      fromError(err, file);
    }
  }
  const lessonIds = new Set(index.map((e) => e.id));

  // The question bank: unique ids, every question's lesson exists, every lesson's questions exist.
  try {
    const refs = loadQuestionRefs(dir);
    const qids = new Map<string, string>();
    for (const q of refs) {
      if (qids.has(q.id)) add(q.file, q.id, `duplicate question id "${q.id}" (also in ${rel(qids.get(q.id)!)})`);
      qids.set(q.id, q.file);
      if (q.lesson !== undefined && !lessonIds.has(q.lesson)) add(q.file, q.id, `question "${q.id}" points at lesson "${q.lesson}", which is not in ${INDEX_FILE}`);
    }
    if (refs.length) {
      const topics = new Set(refs.map((q) => q.topic).filter((t): t is string => t !== undefined));
      for (const l of lessons.filter((x) => !opts.only || opts.only.includes(x.id))) {
        l.questions.forEach((qid, i) => {
          if (!qids.has(qid)) add(l.file, `questions[${i}]`, `no question "${qid}" in the question bank`);
        });
        // A finished lesson sends the learner to `kubetutor quiz --topic T`: T must have questions.
        l.topics.forEach((t, i) => {
          if (!topics.has(t)) add(l.file, `topics[${i}]`, `no question in the bank has the topic "${t}" (topics: ${[...topics].sort().join(', ')})`);
        });
      }
    }
  } catch (err) {
    fromError(err, path.join(dir, 'questions'));
  }

  // Every line parses and names a line the cluster knows.
  let names: Set<string> | undefined;
  try {
    names = await lineNames();
  } catch (err) {
    add(dir, '', `cannot start a cluster to read its lines: ${err instanceof Error ? err.message : String(err)}`);
  }
  const only = opts.only ? new Set(opts.only) : undefined;
  const chosen = only ? lessons.filter((l) => only.has(l.id)) : lessons;
  for (const l of chosen) {
    l.demos.forEach((d, di) => {
      const lines = [
        ...d.setup.map((line, i) => ({ where: `demos[${di}].setup[${i}]`, line })),
        ...d.steps.flatMap((s) => [
          ...(s.show ?? []).map((line, i) => ({ where: `${s.where}.show[${i}]`, line })),
          ...(s.solution ?? []).map((line, i) => ({ where: `${s.where}.solution[${i}]`, line })),
        ]),
      ];
      for (const { where, line } of lines) {
        let words: string[];
        try {
          words = splitLine(line);
        } catch (err) {
          add(l.file, where, `"${line}" does not parse: ${(err as Error).message}`);
          continue;
        }
        if (words.length === 0 || words[0]!.startsWith('#')) add(l.file, where, 'an empty line');
        else if (names && !names.has(words[0]!)) add(l.file, where, `"${words[0]}" is not a line of the cluster (${line})`);
      }
      d.steps.forEach((s) => {
        if (s.check && d.cluster.bare && needsApi(s.check)) add(l.file, `${s.where}.check`, 'this check reads objects through the API server, but the demo runs a bare etcd');
      });
    });
  }
  if (opts.run === false || !names) return issues;

  // Every demo, live.
  for (const l of chosen) {
    for (const [di, d] of l.demos.entries()) {
      try {
        await lintDemo(l, d, di, (where, message) => add(l.file, where, message));
      } catch (err) {
        add(l.file, `demos[${di}]`, `the demo crashed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return issues;
}

/** Captures what lines print, to quote a failing line's error in an issue. */
function capture(): ShellIO & { lastErr(): string } {
  let last = '';
  return {
    out: () => {},
    err: (t) => {
      last = t.trim().split('\n')[0] ?? '';
    },
    lastErr: () => last,
  };
}

async function lintDemo(l: Lesson, d: Demo, di: number, add: (where: string, message: string) => void): Promise<void> {
  const tasks = d.steps.filter((s) => s.check);

  // 1. On a fresh cluster (after the demo's setup) no check may hold already.
  if (tasks.length) {
    const io = capture();
    const fresh = await DemoSession.start(d, { io });
    try {
      for (const [i, line] of d.setup.entries())
        if (!(await fresh.exec(line))) {
          add(`demos[${di}].setup[${i}]`, `the setup line "${line}" fails: ${io.lastErr()}`);
          return;
        }
      for (const s of tasks) {
        const base = await fresh.baseline(s.check);
        const r = await fresh.evaluate(s.check!, base);
        if (r.ok) add(`${s.where}.check`, `the check holds on a fresh cluster, so it cannot fail (${describeCheck(s.check!)}: ${r.found})`);
      }
    } finally {
      await fresh.stop();
    }
  }

  // 2. Step by step: each check fails before its solution and holds after it.
  const io = capture();
  const session = await DemoSession.start(d, { io });
  try {
    for (const [i, line] of d.setup.entries())
      if (!(await session.exec(line))) {
        add(`demos[${di}].setup[${i}]`, `the setup line "${line}" fails: ${io.lastErr()}`);
        return;
      }
    for (const s of d.steps) {
      if (s.show) {
        for (const [i, line] of s.show.entries()) {
          const ok = await session.exec(line);
          const last = i === s.show.length - 1;
          if (!ok && !(s.fails && last)) add(`${s.where}.show[${i}]`, `"${line}" fails: ${io.lastErr()}`);
          if (ok && s.fails && last) add(`${s.where}.show[${i}]`, `"${line}" should fail (the step says fails: true) but it succeeds`);
        }
      }
      if (!s.check) continue;
      const base = await session.baseline(s.check);
      const before = await session.evaluate(s.check, base);
      if (before.ok) add(`${s.where}.check`, `the check already holds before the step's solution runs, so it cannot fail (${before.found})`);
      let solved = true;
      for (const [i, line] of s.solution!.entries())
        if (!(await session.exec(line))) {
          add(`${s.where}.solution[${i}]`, `the solution line "${line}" fails: ${io.lastErr()}`);
          solved = false;
        }
      const after = await session.evaluate(s.check, base);
      if (!after.ok) add(`${s.where}.check`, `the check does not hold after the solution${solved ? '' : ' (which failed)'}: ${describeCheck(s.check)} — found ${after.found}`);
    }
  } finally {
    await session.stop();
  }
  void l;
}

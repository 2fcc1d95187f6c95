// Where the lessons keep the learner's place: status per lesson and the position to resume at. A thin adapter
// over the progress module (src/tutor/progress/, engineer F) so the lesson code sees only these few calls.
// Until that module lands it keeps its own small JSON file under KUBETUTOR_HOME, written atomically.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type LessonStatus = 'not started' | 'in progress' | 'done';

/** Where to resume: a section being read, or a step of a demo. */
export type LessonPosition = { part: 'read'; section: number } | { part: 'demo'; demo: string; step: number };

export interface LessonRecord {
  status: LessonStatus;
  position?: LessonPosition;
  /** ISO time the lesson was finished (wall time: this is the learner's history, not the cluster). */
  doneAt?: string;
}

export interface LessonProgress {
  get(id: string): LessonRecord;
  /** Records the learner's place (and marks the lesson in progress unless it is done). */
  at(id: string, position: LessonPosition): Promise<void>;
  done(id: string): Promise<void>;
  /** The lesson the learner was in most recently and has not finished, if any. */
  current(): string | undefined;
}

interface FileShape {
  version: 1;
  lessons: Record<string, LessonRecord>;
  /** The lesson last worked on. */
  last?: string;
}

export async function progressHome(): Promise<string> {
  if (process.env.KUBETUTOR_HOME) return path.resolve(process.env.KUBETUTOR_HOME);
  const envPaths = (await import('env-paths')).default;
  return envPaths('kubetutor', { suffix: '' }).data;
}

export async function openLessonProgress(): Promise<LessonProgress> {
  const home = await progressHome();
  const file = path.join(home, 'lesson-progress.json');
  let data: FileShape = { version: 1, lessons: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as FileShape;
    if (parsed && typeof parsed === 'object' && parsed.lessons && typeof parsed.lessons === 'object') data = parsed;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') process.stderr.write(`kubetutor: ${file} could not be read; starting lesson progress afresh\n`);
  }
  const save = () => {
    mkdirSync(home, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2));
    renameSync(tmp, file);
  };
  return {
    get: (id) => data.lessons[id] ?? { status: 'not started' },
    async at(id, position) {
      const rec = data.lessons[id] ?? { status: 'not started' };
      data.lessons[id] = { ...rec, status: rec.status === 'done' ? 'done' : 'in progress', position };
      data.last = id;
      save();
    },
    async done(id) {
      data.lessons[id] = { status: 'done', doneAt: new Date().toISOString() };
      if (data.last === id) delete data.last;
      save();
    },
    current: () => (data.last && data.lessons[data.last]?.status === 'in progress' ? data.last : undefined),
  };
}

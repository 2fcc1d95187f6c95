// Loads the lessons: `lessons/index.yaml` holds the order, one YAML file per lesson holds the content
// (validate.ts checks each file against the format). Nothing here touches a cluster.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LessonFileError, type Lesson, type LessonIndexEntry, type QuestionRef } from './types';
import { readYaml, validateIndex, validateLesson } from './validate';

/** The `lessons/` folder shipped with the package (found from this module, bundled or not). */
export function defaultLessonsDir(): string {
  if (process.env.KUBETUTOR_LESSONS) return path.resolve(process.env.KUBETUTOR_LESSONS);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'lessons', 'index.yaml')) && existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'lessons');
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new LessonFileError('lessons/index.yaml', '', 'cannot find the lessons folder next to the program');
}

export const INDEX_FILE = 'index.yaml';

export function loadIndex(dir: string): LessonIndexEntry[] {
  return validateIndex(readYaml(path.join(dir, INDEX_FILE)));
}

export function loadLessonFile(file: string): Lesson {
  return validateLesson(readYaml(file));
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface LessonSet {
  dir: string;
  index: LessonIndexEntry[];
  lessons: Lesson[];
}

/** The index and every lesson it names, in order. Throws LessonFileError at the first mistake. */
export function loadLessons(dir = defaultLessonsDir()): LessonSet {
  const index = loadIndex(dir);
  const lessons = index.map((e) => {
    const lesson = loadLessonFile(path.join(dir, e.file));
    if (lesson.id !== e.id) throw new LessonFileError(path.join(dir, e.file), 'id', `the index calls this lesson "${e.id}" but its id is "${lesson.id}"`);
    return lesson;
  });
  return { dir, index, lessons };
}

/** Files in the lessons folder that hold lessons (every YAML file except the index and the question bank). */
export function lessonFilesOnDisk(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== INDEX_FILE && !isQuestionFile(f))
    .sort();
}

function isQuestionFile(name: string): boolean {
  return /^questions/.test(name);
}

/**
 * The question bank as the lessons need it: each question's id, topic and lesson. Engineer F owns the bank
 * (`lessons/questions*.yaml`, or a `lessons/questions/` folder); this reads any of those shapes: a list of
 * questions, or a mapping with `questions:`.
 */
export function loadQuestionRefs(dir: string): QuestionRef[] {
  const files: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!isQuestionFile(f)) continue;
    const full = path.join(dir, f);
    if (statSync(full).isDirectory()) {
      for (const g of readdirSync(full).sort()) if (/\.ya?ml$/.test(g)) files.push(path.join(full, g));
    } else if (/\.ya?ml$/.test(f)) files.push(full);
  }
  const refs: QuestionRef[] = [];
  for (const file of files) {
    const y = readYaml(file);
    const raw = y.doc.toJS() as unknown;
    const list = Array.isArray(raw) ? raw : isObj(raw) && Array.isArray(raw.questions) ? raw.questions : [];
    for (const q of list as unknown[]) {
      if (!isObj(q) || typeof q.id !== 'string') continue;
      refs.push({ id: q.id, lesson: typeof q.lesson === 'string' ? q.lesson : undefined, topic: typeof q.topic === 'string' ? q.topic : undefined, file });
    }
  }
  return refs;
}


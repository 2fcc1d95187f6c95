// Where the lessons keep the learner's place: a thin adapter over the progress store (src/tutor/progress/,
// one JSON document under KUBETUTOR_HOME). The store keeps one 0-based step per lesson; here that number
// counts the lesson's pages in order — its sections, then every step of every demo — so `learn` can resume
// at a section being read or at a step of a demo.
import { lessonProgress, loadProgress, markLessonDone, setLessonStep } from '../progress/store';
import type { Lesson } from './types';

export type LessonStatus = 'not started' | 'in progress' | 'done';

/** Where to resume: a section being read, or a step of a demo. */
export type LessonPosition = { part: 'read'; section: number } | { part: 'demo'; demo: string; step: number };

export interface LessonRecord {
  status: LessonStatus;
  position?: LessonPosition;
}

export interface LessonProgress {
  get(lesson: Lesson): LessonRecord;
  /** Records the learner's place (a finished lesson stays done). */
  at(lesson: Lesson, position: LessonPosition): Promise<void>;
  done(lesson: Lesson): Promise<void>;
  /** The id of the lesson the learner worked on most recently and has not finished, if any. */
  current(): string | undefined;
}

/** The page number of a position: sections first, then each demo's steps. */
export function pageOf(lesson: Lesson, pos: LessonPosition): number {
  if (pos.part === 'read') return pos.section;
  let n = lesson.sections.length;
  for (const d of lesson.demos) {
    if (d.id === pos.demo) return n + pos.step;
    n += d.steps.length;
  }
  return 0;
}

/** The position of a page number (past the end: the last step of the last demo). */
export function positionOf(lesson: Lesson, page: number): LessonPosition {
  if (page < lesson.sections.length || lesson.demos.length === 0) return { part: 'read', section: Math.max(0, Math.min(page, lesson.sections.length - 1)) };
  let n = page - lesson.sections.length;
  for (const d of lesson.demos) {
    if (n < d.steps.length) return { part: 'demo', demo: d.id, step: n };
    n -= d.steps.length;
  }
  const last = lesson.demos[lesson.demos.length - 1]!;
  return { part: 'demo', demo: last.id, step: last.steps.length - 1 };
}

export async function openLessonProgress(): Promise<LessonProgress> {
  return {
    get(lesson) {
      const p = lessonProgress(lesson.id);
      if (!p) return { status: 'not started' };
      return { status: p.done ? 'done' : 'in progress', position: positionOf(lesson, p.step) };
    },
    async at(lesson, position) {
      setLessonStep(lesson.id, pageOf(lesson, position));
    },
    async done(lesson) {
      markLessonDone(lesson.id);
    },
    current() {
      let best: { id: string; at: string } | undefined;
      for (const [id, p] of Object.entries(loadProgress().lessons))
        if (!p.done && (!best || p.updatedAt > best.at)) best = { id, at: p.updatedAt };
      return best?.id;
    },
  };
}

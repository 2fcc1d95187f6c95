// What the learner has done, kept in ONE versioned JSON document: `$KUBETUTOR_HOME/progress.json`
// (default: env-paths' data dir for "kubetutor", e.g. ~/.local/share/kubetutor).
//
// API for other modules (all synchronous; each call reads the file, so two commands never lose each other's work):
//   loadProgress()                  → the whole document (a fresh one if there is none)
//   updateProgress(doc => { … })    → read, change, write atomically; returns the new document
//   lessonProgress(id)              → { step, done, doneAt?, updatedAt } or undefined if never started
//   setLessonStep(id, step)         → remember the step the learner is on (0-based), for resuming
//   markLessonDone(id)              → the lesson is finished (step kept, done: true)
//   lessonsDone()                   → ids of the finished lessons
//   recordSession(record)           → append a quiz / interview / review session to the history
//   progressFile()                  → where the document lives
//
// Writes are atomic: a temporary file in the same folder, fsync, then rename over the old file, so a crash or a
// kill mid-write leaves either the old document or the new one, never half of one. A corrupt or unreadable file
// (or one from a newer kubetutor) is moved aside to `progress.json.corrupt-TIMESTAMP`, the learner is told in one
// line on stderr, and the tool starts fresh.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';

export const PROGRESS_VERSION = 1;

export interface LessonProgress {
  /** The step the learner is on (0-based): where `learn` resumes. */
  step: number;
  done: boolean;
  doneAt?: string;
  updatedAt: string;
}

export interface SessionResult {
  id: string;
  topic: string;
  score: number;
  verdict: 'strong' | 'partial' | 'weak';
  /** "free" (graded text) or "choice" (multiple choice). */
  kind?: 'free' | 'choice';
}

export interface SessionRecord {
  at: string;
  mode: 'quiz' | 'interview' | 'review';
  results: SessionResult[];
}

/** A spaced-repetition card: ts-fsrs' Card as JSON (dates as ISO strings). */
export interface StoredCard {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: string;
}

export interface ProgressDoc {
  version: number;
  lessons: Record<string, LessonProgress>;
  sessions: SessionRecord[];
  cards: Record<string, StoredCard>;
  /** Today's counts for the daily caps of `review` (local date). */
  daily: { date: string; newCards: number; reviews: number };
}

export function emptyProgress(): ProgressDoc {
  return { version: PROGRESS_VERSION, lessons: {}, sessions: [], cards: {}, daily: { date: '', newCards: 0, reviews: 0 } };
}

export function progressHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBETUTOR_HOME || envPaths('kubetutor', { suffix: '' }).data;
}

export function progressFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(progressHome(env), 'progress.json');
}

export class ProgressFormatError extends Error {
  override name = 'ProgressFormatError';
}

/** Checks a parsed document and fills in fields an older version did not have. Throws ProgressFormatError. */
export function checkProgress(data: unknown): ProgressDoc {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ProgressFormatError('not a JSON object');
  const d = data as Partial<ProgressDoc>;
  if (typeof d.version !== 'number') throw new ProgressFormatError('no "version" field');
  if (d.version > PROGRESS_VERSION) throw new ProgressFormatError(`written by a newer kubetutor (version ${d.version})`);
  const obj = (v: unknown) => v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v));
  if (obj(d.lessons) || obj(d.cards)) throw new ProgressFormatError('"lessons" and "cards" must be objects');
  if (d.sessions !== undefined && !Array.isArray(d.sessions)) throw new ProgressFormatError('"sessions" must be a list');
  const fresh = emptyProgress();
  return {
    version: PROGRESS_VERSION,
    lessons: d.lessons ?? fresh.lessons,
    sessions: d.sessions ?? fresh.sessions,
    cards: d.cards ?? fresh.cards,
    daily: d.daily && typeof d.daily === 'object' ? { ...fresh.daily, ...d.daily } : fresh.daily,
  };
}

function stamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Moves a bad file aside (never deletes it) and says so in one line. */
function moveAside(file: string, why: string, warn: (line: string) => void): void {
  let backup = `${file}.corrupt-${stamp()}`;
  for (let n = 1; existsSync(backup); n++) backup = `${file}.corrupt-${stamp()}-${n}`;
  try {
    renameSync(file, backup);
    warn(`kubetutor: progress file ${file} could not be read (${why}); kept it as ${backup} and started fresh`);
  } catch {
    warn(`kubetutor: progress file ${file} could not be read (${why}); starting fresh (it could not be moved aside either)`);
  }
}

const stderrLine = (line: string) => void process.stderr.write(`${line}\n`);

export function loadProgress(opts: { file?: string; warn?: (line: string) => void } = {}): ProgressDoc {
  const file = opts.file ?? progressFile();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return emptyProgress();
    moveAside(file, code ?? (err as Error).message, opts.warn ?? stderrLine);
    return emptyProgress();
  }
  try {
    return checkProgress(JSON.parse(text));
  } catch (err) {
    const why = err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message;
    moveAside(file, why, opts.warn ?? stderrLine);
    return emptyProgress();
  }
}

let tmpCounter = 0;

/** Writes the document atomically: temp file in the same folder, fsync, rename. */
export function saveProgress(doc: ProgressDoc, opts: { file?: string } = {}): void {
  const file = opts.file ?? progressFile();
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${tmpCounter++}.tmp`);
  const data = `${JSON.stringify(doc, null, 1)}\n`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  try {
    // Make the rename itself durable.
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // Not every platform lets a directory be opened; the rename is still atomic.
  }
}

export function updateProgress(change: (doc: ProgressDoc) => void, opts: { file?: string } = {}): ProgressDoc {
  const doc = loadProgress(opts);
  change(doc);
  saveProgress(doc, opts);
  return doc;
}

export function lessonProgress(id: string): LessonProgress | undefined {
  return loadProgress().lessons[id];
}

export function setLessonStep(id: string, step: number): void {
  updateProgress((doc) => {
    const prev = doc.lessons[id];
    doc.lessons[id] = { step, done: prev?.done ?? false, doneAt: prev?.doneAt, updatedAt: new Date().toISOString() };
  });
}

export function markLessonDone(id: string): void {
  updateProgress((doc) => {
    const now = new Date().toISOString();
    doc.lessons[id] = { step: doc.lessons[id]?.step ?? 0, done: true, doneAt: now, updatedAt: now };
  });
}

export function lessonsDone(): string[] {
  return Object.entries(loadProgress().lessons)
    .filter(([, l]) => l.done)
    .map(([id]) => id);
}

export function recordSession(record: SessionRecord): void {
  if (record.results.length === 0) return;
  updateProgress((doc) => void doc.sessions.push(record));
}

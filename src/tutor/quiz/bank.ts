// The question bank: `lessons/questions/*.yaml`, one file per lesson. `npm run build` compiles the files into
// `dist/questions.json` (scripts/compile-questions.mjs) so that a plain command never pays for a YAML parser;
// when the JSON is missing or older than a YAML file (running from source, editing the bank) we parse the
// YAML instead.
//
// For other modules: `loadBank()` → every question, in file order; `findQuestion(bank, id)`;
// `questionsForLesson(bank, lessonId)` (what a finished lesson points at).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One idea the answer should contain, found by any of its aliases (words in any order, close together). */
export interface Concept {
  id: string;
  /** What a learner reads in feedback: "only the API server talks to etcd". */
  label: string;
  weight: number;
  /** A strong answer cannot miss it. */
  required?: boolean;
  aliases: string[];
}

/** A claim that is wrong; saying it (not negated) costs `penalty` of the score. */
export interface WrongClaim {
  id: string;
  label: string;
  aliases: string[];
  penalty?: number;
}

export interface FollowUp {
  prompt: string;
  /** Concept ids this follow-up digs into: asked when the last answer missed them. */
  probes: string[];
}

export interface ChoiceVariant {
  prompt: string;
  correct: string;
  distractors: string[];
  /** Why the right answer is right (and the tempting one wrong). */
  explain?: string;
}

export interface Question {
  id: string;
  topic: string;
  lesson: string;
  prompt: string;
  /** The model answer. */
  answer: string;
  rubric: { concepts: Concept[]; wrong?: WrongClaim[] };
  followups: FollowUp[];
  choices: ChoiceVariant[];
  /** The file it came from, relative to the repository. */
  file?: string;
}

export class BankError extends Error {
  override name = 'BankError';
}

/** The repository (or installed package) root: the nearest folder up from here holding `lessons/`. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'lessons')) && existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new BankError('cannot find the lessons/ folder next to kubetutor');
}

export function questionsDir(root = packageRoot()): string {
  return path.join(root, 'lessons', 'questions');
}

let cached: Question[] | undefined;

/** Every question of the bank, validated. Cached for the life of the process. */
export async function loadBank(opts: { dir?: string; fresh?: boolean } = {}): Promise<Question[]> {
  if (cached && !opts.fresh && !opts.dir) return cached;
  const root = opts.dir ? undefined : packageRoot();
  const dir = opts.dir ?? questionsDir(root);
  if (!existsSync(dir)) throw new BankError(`the question bank is missing: ${dir}`);
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  let raw: Array<{ file: string; data: unknown }> | undefined;
  if (root) {
    const json = path.join(root, 'dist', 'questions.json');
    if (existsSync(json)) {
      const built = statSync(json).mtimeMs;
      if (files.every((f) => statSync(path.join(dir, f)).mtimeMs <= built)) raw = JSON.parse(readFileSync(json, 'utf8'));
    }
  }
  if (!raw) {
    const { parseYamlFiles } = await import('./bank-yaml');
    raw = parseYamlFiles(dir, files);
  }
  const bank = validateBank(raw);
  if (!opts.dir) cached = bank;
  return bank;
}

export function findQuestion(bank: Question[], id: string): Question | undefined {
  return bank.find((q) => q.id === id);
}

export function questionsForLesson(bank: Question[], lesson: string): Question[] {
  return bank.filter((q) => q.lesson === lesson);
}

export function topics(bank: Question[]): string[] {
  return [...new Set(bank.map((q) => q.topic))];
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Checks the shape of every question; a mistake is one line naming the file and the question. */
export function validateBank(files: Array<{ file: string; data: unknown }>): Question[] {
  const out: Question[] = [];
  const seen = new Map<string, string>();
  for (const { file, data } of files) {
    if (!Array.isArray(data)) throw new BankError(`${file}: expected a list of questions`);
    data.forEach((q: any, n) => {
      const where = `${file}: question ${q?.id ? `"${q.id}"` : `#${n + 1}`}`;
      const need = (cond: unknown, what: string) => {
        if (!cond) throw new BankError(`${where}: ${what}`);
      };
      need(q && typeof q === 'object', 'is not a mapping');
      for (const k of ['id', 'topic', 'lesson', 'prompt', 'answer']) need(typeof q[k] === 'string' && q[k].trim(), `needs a "${k}"`);
      need(ID.test(q.id), 'id must be lower-case words joined by "-"');
      need(!seen.has(q.id), `duplicate id (also in ${seen.get(q.id)})`);
      seen.set(q.id, file);
      const concepts = q.rubric?.concepts;
      need(Array.isArray(concepts) && concepts.length > 0, 'needs rubric.concepts');
      const conceptIds = new Set<string>();
      for (const c of concepts) {
        need(typeof c?.id === 'string' && typeof c.label === 'string', 'every concept needs an id and a label');
        need(typeof c.weight === 'number' && c.weight > 0, `concept "${c.id}" needs a positive weight`);
        need(Array.isArray(c.aliases) && c.aliases.length > 0, `concept "${c.id}" needs aliases`);
        c.aliases = c.aliases.map(String); // YAML reads `- 410` as a number
        need(!conceptIds.has(c.id), `concept "${c.id}" appears twice`);
        conceptIds.add(c.id);
      }
      for (const w of q.rubric.wrong ?? []) {
        need(typeof w?.id === 'string' && typeof w.label === 'string' && Array.isArray(w.aliases), 'every wrong claim needs an id, a label and aliases');
        w.aliases = w.aliases.map(String);
      }
      need(Array.isArray(q.followups) && q.followups.length > 0, 'needs follow-ups');
      for (const f of q.followups) {
        need(typeof f?.prompt === 'string' && Array.isArray(f.probes), 'every follow-up needs a prompt and probes');
        for (const p of f.probes) need(conceptIds.has(p), `follow-up probes unknown concept "${p}"`);
      }
      need(Array.isArray(q.choices) && q.choices.length > 0, 'needs multiple-choice variants (choices)');
      for (const c of q.choices) {
        need(typeof c?.prompt === 'string' && typeof c.correct === 'string', 'every choice variant needs a prompt and a correct answer');
        need(Array.isArray(c.distractors) && c.distractors.length >= 2, 'every choice variant needs at least two distractors');
      }
      out.push({ ...q, file });
    });
  }
  return out;
}

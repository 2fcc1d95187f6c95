// Checks a lesson file's YAML against the lesson format and turns it into typed lessons (types.ts). Each
// mistake is one LessonFileError at FILE:LINE:COL with the path inside the file (`demos[0].steps[2].check`):
// unknown fields, missing ones, a "try it" step without its check, a check the check language cannot read.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { CheckSyntaxError, parseCheck } from './checks';
import { LessonFileError, type Demo, type DemoStep, type Lesson, type LessonIndexEntry } from './types';

export interface YamlFile {
  file: string;
  doc: Document;
  lines: LineCounter;
}

export function readYaml(file: string): YamlFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LessonFileError(file, '', (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const e = doc.errors[0];
  if (e) {
    const pos = lines.linePos(e.pos[0]);
    throw new LessonFileError(`${file}:${pos.line}:${pos.col}`, '', e.message.split('\n')[0]!);
  }
  return { file, doc, lines };
}

/** `demos[0].steps[2].check` → ['demos', 0, 'steps', 2, 'check']. */
function pathOf(where: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of where.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** A mistake at `where` inside a YAML file, located at its line and column when the node exists. */
function fail(y: YamlFile, where: string, message: string): never {
  const p = pathOf(where);
  let loc = y.file;
  for (let n = p.length; n >= 0; n--) {
    const node = y.doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    const start = node?.range?.[0];
    if (start !== undefined) {
      const pos = y.lines.linePos(start);
      loc = `${y.file}:${pos.line}:${pos.col}`;
      break;
    }
  }
  throw new LessonFileError(loc, where, message);
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function only(y: YamlFile, obj: Raw, where: string, allowed: string[]): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(y, where ? `${where}.${k}` : k, `unknown field "${k}" (allowed: ${allowed.join(', ')})`);
}
function reqStr(y: YamlFile, v: unknown, where: string): string {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || v.trim() === '') fail(y, where, 'expected a non-empty string');
  return v.replace(/\s+$/, '');
}
function optStr(y: YamlFile, v: unknown, where: string): string | undefined {
  return v === undefined || v === null ? undefined : reqStr(y, v, where);
}
function strList(y: YamlFile, v: unknown, where: string, required = false): string[] {
  if (v === undefined || v === null) {
    if (required) fail(y, where, 'expected a list');
    return [];
  }
  if (!Array.isArray(v)) fail(y, where, 'expected a list of strings');
  return v.map((x, i) => reqStr(y, x, `${where}[${i}]`));
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `lessons/index.yaml`: a list of {id, file} (or bare ids, file = ID.yaml). */
export function validateIndex(y: YamlFile): LessonIndexEntry[] {
  const raw = y.doc.toJS() as unknown;
  if (!isObj(raw) || !Array.isArray(raw.lessons)) fail(y, '', 'expected `lessons:` with a list of {id, file}');
  only(y, raw, '', ['lessons']);
  return (raw.lessons as unknown[]).map((e, i) => {
    const where = `lessons[${i}]`;
    if (typeof e === 'string') return { id: e, file: `${e}.yaml` };
    if (!isObj(e)) fail(y, where, 'expected {id, file} or an id');
    only(y, e, where, ['id', 'file']);
    const id = reqStr(y, e.id, `${where}.id`);
    return { id, file: optStr(y, e.file, `${where}.file`) ?? `${id}.yaml` };
  });
}

/** One lesson file, checked field by field into a Lesson. */
export function validateLesson(y: YamlFile): Lesson {
  const file = y.file;
  const raw = y.doc.toJS() as unknown;
  if (!isObj(raw)) fail(y, '', 'a lesson is a mapping (id, title, topics, summary, sections, demos, recap, questions)');
  only(y, raw, '', ['id', 'title', 'topics', 'summary', 'sections', 'demos', 'recap', 'questions']);
  const id = reqStr(y, raw.id, 'id');
  if (!ID.test(id)) fail(y, 'id', `lesson ids are lower-case words joined by "-", got "${id}"`);
  if (!Array.isArray(raw.sections) || raw.sections.length === 0) fail(y, 'sections', 'a lesson needs at least one section');
  const sections = (raw.sections as unknown[]).map((s, i) => {
    const where = `sections[${i}]`;
    if (!isObj(s)) fail(y, where, 'expected {title, text}');
    only(y, s, where, ['title', 'text']);
    return { title: reqStr(y, s.title, `${where}.title`), text: reqStr(y, s.text, `${where}.text`) };
  });
  const demos = raw.demos === undefined ? [] : Array.isArray(raw.demos) ? raw.demos.map((d, i) => loadDemo(y, d, `demos[${i}]`)) : fail(y, 'demos', 'expected a list');
  return {
    id,
    title: reqStr(y, raw.title, 'title'),
    topics: strList(y, raw.topics, 'topics', true),
    summary: reqStr(y, raw.summary, 'summary'),
    sections,
    demos,
    recap: strList(y, raw.recap, 'recap'),
    questions: strList(y, raw.questions, 'questions'),
    file,
  };
}

function loadDemo(y: YamlFile, d: unknown, where: string): Demo {
  if (!isObj(d)) fail(y, where, 'expected a demo: {id, title, cluster, steps}');
  only(y, d, where, ['id', 'title', 'cluster', 'files', 'setup', 'steps']);
  const c = d.cluster;
  if (!isObj(c)) fail(y, `${where}.cluster`, 'say which cluster the demo needs: {bare: true} or {nodes: N}, and a seed');
  only(y, c, `${where}.cluster`, ['bare', 'nodes', 'seed', 'store', 'fallback']);
  if (c.fallback !== undefined && c.store === undefined) fail(y, `${where}.cluster.fallback`, 'a fallback stands in for a store: name the store too');
  if (c.bare !== undefined && typeof c.bare !== 'boolean') fail(y, `${where}.cluster.bare`, 'expected true or false');
  if (c.nodes !== undefined && (typeof c.nodes !== 'number' || !Number.isInteger(c.nodes) || c.nodes < 1)) fail(y, `${where}.cluster.nodes`, 'expected a whole number ≥ 1');
  if (c.bare === true && c.nodes !== undefined) fail(y, `${where}.cluster.nodes`, 'a bare etcd has no nodes');
  const files = d.files === undefined ? [] : Array.isArray(d.files) ? d.files : fail(y, `${where}.files`, 'expected a list of {name, content}');
  const id = reqStr(y, d.id, `${where}.id`);
  if (!ID.test(id)) fail(y, `${where}.id`, `demo ids are lower-case words joined by "-", got "${id}"`);
  if (!Array.isArray(d.steps) || d.steps.length === 0) fail(y, `${where}.steps`, 'a demo needs at least one step');
  return {
    id,
    title: reqStr(y, d.title, `${where}.title`),
    cluster: {
      bare: c.bare === true,
      nodes: (c.nodes as number | undefined) ?? 3,
      seed: c.seed === undefined ? '1' : reqStr(y, c.seed, `${where}.cluster.seed`),
      ...(c.store === undefined ? {} : { store: reqStr(y, c.store, `${where}.cluster.store`) }),
      ...(c.fallback === undefined ? {} : { fallback: reqStr(y, c.fallback, `${where}.cluster.fallback`) }),
    },
    files: files.map((f, i) => {
      const fw = `${where}.files[${i}]`;
      if (!isObj(f)) fail(y, fw, 'expected {name, content}');
      only(y, f, fw, ['name', 'content']);
      const name = reqStr(y, f.name, `${fw}.name`);
      if (name.includes('/') || name.startsWith('.')) fail(y, `${fw}.name`, 'a plain file name, without folders');
      return { name, content: reqStr(y, f.content, `${fw}.content`) + '\n' };
    }),
    setup: strList(y, d.setup, `${where}.setup`),
    steps: (d.steps as unknown[]).map((s, i) => loadStep(y, s, `${where}.steps[${i}]`)),
  };
}

function loadStep(y: YamlFile, s: unknown, where: string): DemoStep {
  if (!isObj(s)) fail(y, where, 'expected a step: {text, show} or {text, task, solution, check, hints}');
  only(y, s, where, ['text', 'show', 'fails', 'task', 'solution', 'check', 'hints', 'then']);
  if (s.fails !== undefined && (typeof s.fails !== 'boolean' || s.show === undefined)) fail(y, `${where}.fails`, '"fails: true" marks a shown line that fails on purpose');
  const step: DemoStep = {
    where,
    text: optStr(y, s.text, `${where}.text`),
    show: s.show === undefined ? undefined : strList(y, s.show, `${where}.show`, true),
    task: optStr(y, s.task, `${where}.task`),
    solution: s.solution === undefined ? undefined : strList(y, s.solution, `${where}.solution`, true),
    hints: s.hints === undefined ? undefined : strList(y, s.hints, `${where}.hints`, true),
    then: optStr(y, s.then, `${where}.then`),
    fails: s.fails === true,
  };
  if (step.task !== undefined) {
    if (!step.solution?.length) fail(y, `${where}.solution`, 'a "try it" step needs a solution: the lines that do it');
    if (s.check === undefined) fail(y, `${where}.check`, 'a "try it" step needs a check on the cluster\'s state');
    if (!step.hints?.length) fail(y, `${where}.hints`, 'a "try it" step needs hints, from vague to specific');
    try {
      step.check = parseCheck(s.check, `${where}.check`);
    } catch (err) {
      if (err instanceof CheckSyntaxError) fail(y, err.where, err.message);
      throw err;
    }
    if (step.show) fail(y, `${where}.show`, 'a step is either shown (show) or tried (task), not both');
  } else {
    for (const k of ['solution', 'check', 'hints'] as const)
      if (s[k] !== undefined) fail(y, `${where}.${k}`, `"${k}" belongs to a "try it" step: add a task`);
    if (!step.show && !step.text) fail(y, where, 'an empty step: give it text, lines to show, or a task');
  }
  return step;
}

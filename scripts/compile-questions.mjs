// Build step: lessons/questions/*.yaml → dist/questions.json, so that commands never import a YAML parser.
// The shape is checked when the bank is loaded (src/tutor/quiz/bank.ts); here a YAML syntax error stops the
// build with the file, line and column.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'lessons/questions');

/** Writes questions.json into `outDir` (the build's staging folder; dist/ when run alone). */
export function compileQuestions(outDir = path.join(root, 'dist')) {
  if (!existsSync(dir)) return;
  const out = [];
  for (const f of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const file = path.join('lessons/questions', f);
    try {
      out.push({ file, data: parse(readFileSync(path.join(dir, f), 'utf8'), { prettyErrors: true }) });
    } catch (err) {
      const at = err.linePos?.[0] ? `:${err.linePos[0].line}:${err.linePos[0].col}` : '';
      console.error(`${file}${at}: ${String(err.message).split('\n')[0]}`);
      process.exit(1);
    }
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'questions.json'), JSON.stringify(out));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) compileQuestions();

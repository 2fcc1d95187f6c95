// The slow path of the bank: parse the YAML files themselves (only when dist/questions.json is missing or stale).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { BankError } from './bank';

export function parseYamlFiles(dir: string, files: string[]): Array<{ file: string; data: unknown }> {
  return files.map((f) => {
    const file = path.join('lessons', 'questions', f);
    try {
      return { file, data: parse(readFileSync(path.join(dir, f), 'utf8'), { prettyErrors: true }) };
    } catch (err) {
      const e = err as { linePos?: Array<{ line: number; col: number }>; message: string };
      const at = e.linePos?.[0] ? `:${e.linePos[0].line}:${e.linePos[0].col}` : '';
      throw new BankError(`${file}${at}: ${e.message.split('\n')[0]}`);
    }
  });
}

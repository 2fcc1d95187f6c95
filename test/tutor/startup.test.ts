// `questions --json` and `grade` start within 2× of a bare `node -e 0`: the bank is read as pre-built JSON and
// nothing heavy is imported (no YAML parser, no Ink, no ts-fsrs).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, ensureBuilt } from '../helpers/cli';

function ms(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, KUBETUTOR_HOME: '/nonexistent-kt-home' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('start-up', () => {
  it('questions --json and grade --json stay within 2× of bare node', () => {
    ensureBuilt();
    const bare: number[] = [];
    const questions: number[] = [];
    const grade: number[] = [];
    // Interleaved, so that a busy machine slows all three alike.
    for (let i = 0; i < 7; i++) {
      bare.push(ms(['-e', '0']));
      questions.push(ms([BIN, 'questions', '--json']));
      grade.push(ms([BIN, 'grade', 'etcd-critical', '--json', '--answer', 'etcd is the source of truth']));
    }
    const b = median(bare);
    expect(median(questions) / b, `questions ${median(questions)} ms vs bare ${b} ms`).toBeLessThan(2);
    expect(median(grade) / b, `grade ${median(grade)} ms vs bare ${b} ms`).toBeLessThan(2);
  });
});

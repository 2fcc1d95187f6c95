// Runs the built binary the way a user does (no terminal), capturing stdout, stderr and the exit code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/kubetutor.js');

let built = false;
/** Builds dist/ once per test file if it is missing (npm install builds it; a fresh edit may not be). */
export function ensureBuilt(): void {
  if (built) return;
  if (!existsSync(path.join(ROOT, 'dist/cli.js')) || process.env.KUBETUTOR_REBUILD) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  }
  built = true;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export function kubetutor(args: string[], opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): RunResult {
  ensureBuilt();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    // Lessons on real etcd members wait out etcd's own request timeouts; the tests give them 120 s.
    timeout: 120_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

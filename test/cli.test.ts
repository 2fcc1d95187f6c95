import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, ensureBuilt, kubetutor } from './helpers/cli';

describe('the command line', () => {
  it('prints usage and exits 0 without a terminal', () => {
    const r = kubetutor([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: kubetutor');
  });

  it('--help lists every top-level command of the contract', () => {
    const r = kubetutor(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['lessons', 'learn', 'questions', 'quiz', 'review', 'interview', 'grade', 'progress', 'cluster']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    }
  });

  it('--version prints the package version', () => {
    const r = kubetutor(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a reader that stops early (| head) ends it quietly: no EPIPE stack trace', async () => {
    ensureBuilt();
    const home = mkdtempSync(path.join(os.tmpdir(), 'kt-epipe-'));
    const child = spawn(process.execPath, [BIN, 'learn', 'probes', '--no-input'], { env: { ...process.env, KUBETUTOR_HOME: home } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Like `head -1`: read the first chunk, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('an unknown command exits 2 with a suggestion', () => {
    const r = kubetutor(['lesons']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'lesons'");
    expect(r.stderr).toContain('lessons');
  });

  it('a bad number is a usage error', () => {
    const r = kubetutor(['quiz', '--count', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--count must be a whole number');
  });
});

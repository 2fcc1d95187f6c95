import { describe, expect, it } from 'vitest';
import { kubetutor } from './helpers/cli';

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

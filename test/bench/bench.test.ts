// `npm run bench --json`: the shape other tools read (no timing is asserted), and a bad section name.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/cli';

function bench(args: string[]) {
  ensureBuilt();
  if (!existsSync(path.join(ROOT, 'dist/bench.js'))) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
  return spawnSync(process.execPath, ['dist/bench.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('npm run bench', () => {
  it('--json --quick prints each section with its figures, units, goals and verdicts', () => {
    const r = bench(['--json', '--quick', '--only', 'growth']);
    expect(r.status).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{ section: string; ms: number; error?: string; figures: Array<Record<string, unknown>> }>;
    expect(results.map((s) => s.section)).toEqual(['growth']);
    const [growth] = results;
    expect(growth!.error).toBeUndefined();
    expect(growth!.figures.length).toBeGreaterThan(4);
    for (const f of growth!.figures) {
      expect(typeof f.name).toBe('string');
      expect(Number.isFinite(f.value)).toBe(true);
      expect(typeof f.unit).toBe('string');
      if (f.goal !== undefined) expect(typeof f.ok).toBe('boolean');
    }
    // Growth is shown at each size, 1e3 and 1e4 in a quick run.
    expect(growth!.figures.some((f) => String(f.name).includes('@1,000 pods'))).toBe(true);
    expect(growth!.figures.some((f) => String(f.name).includes('@10,000 pods'))).toBe(true);
  });

  it('an unknown section is a usage error that names the sections', () => {
    const r = bench(['--only', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown section "nope" \(sections: .*scale.*\)/);
    expect(r.stdout).toBe('');
  });
});

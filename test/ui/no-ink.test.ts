// `kubetutor --help` (and every plain command) must not load Ink or React: they are imported only by the TUI.
// We record every module the real binary loads and look inside each loaded file of the bundle.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, ensureBuilt } from '../helpers/cli';

const HOOK = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/record-loads.mjs')).href;
/** Strings that only Ink's and React's code contain (checked below to be in the bundle at all). */
const MARKERS = { ink: 'Raw mode is not supported', react: 'react.transitional.element' };

function loadsOf(args: string[]): { urls: string[]; stdout: string; stderr: string; code: number | null } {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'kt-loads-')), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, KT_LOAD_LOG: log, NO_COLOR: '1' },
    timeout: 30_000,
  });
  let urls: string[] = [];
  try {
    urls = readFileSync(log, 'utf8').trim().split('\n');
  } catch {
    /* nothing recorded */
  }
  return { urls, stdout: r.stdout, stderr: r.stderr, code: r.status };
}

function uiCodeIn(urls: string[]): string[] {
  const found: string[] = [];
  for (const u of urls) {
    if (!u.startsWith('file:')) continue;
    const file = fileURLToPath(u);
    if (/node_modules[\\/](ink|react|react-reconciler|yoga-layout)[\\/]/.test(file)) found.push(file);
    else if (file.endsWith('.js')) {
      const text = readFileSync(file, 'utf8');
      for (const [name, marker] of Object.entries(MARKERS)) if (text.includes(marker)) found.push(`${name} in ${path.relative(ROOT, file)}`);
    }
  }
  return found;
}

describe('plain commands load no Ink or React', () => {
  beforeAll(() => ensureBuilt());

  it('the markers we look for are in the bundle (so the check below means something)', () => {
    const dist = path.join(ROOT, 'dist');
    const all = readdirSync(dist).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dist, f), 'utf8'));
    for (const marker of Object.values(MARKERS)) expect(all.some((t) => t.includes(marker))).toBe(true);
  });

  it('kubetutor --help', () => {
    const r = loadsOf(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: kubetutor');
    expect(r.urls.some((u) => u.endsWith('/dist/cli.js'))).toBe(true); // the hook saw the loads
    expect(uiCodeIn(r.urls)).toEqual([]);
  });

  it('kubetutor cluster --tui without a terminal refuses in one line, exit 1, before loading Ink', () => {
    const r = loadsOf(['cluster', '--tui']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kubetutor: --tui needs a terminal (stdin and stdout); use --script FILE, or run it without --tui\n');
    expect(uiCodeIn(r.urls)).toEqual([]);
  });
});

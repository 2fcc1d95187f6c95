// What a run of the real binary loaded: every ES module URL (recorded by a `node --import` hook), and which
// of our bundle's code those files hold, found by strings only that code contains. Tests check what a
// command loads, never how long it took (timings belong to `npm run bench`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN, ROOT, ensureBuilt } from './cli';

const HOOK = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'record-loads.mjs')).href;

/** Strings that only one part's code contains. */
export const MARKERS = {
  ink: 'Raw mode is not supported',
  react: 'react.transitional.element',
  yaml: 'Implicit map keys need to be',
  'ts-fsrs': 'enable_fuzz',
  apiserver: '/registry/minions/',
  store: 'etcdserver: mvcc: required revision has been compacted',
} as const;
export type Part = keyof typeof MARKERS;

export interface LoadsResult {
  urls: string[];
  stdout: string;
  stderr: string;
  code: number | null;
}

export function loadsOf(args: string[], env: Record<string, string> = {}): LoadsResult {
  ensureBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), 'kt-loads-'));
  const log = path.join(dir, 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, KT_LOAD_LOG: log, NO_COLOR: '1', ...env },
    timeout: 30_000,
  });
  let urls: string[] = [];
  try {
    urls = readFileSync(log, 'utf8').trim().split('\n');
  } catch {
    /* nothing recorded */
  }
  rmSync(dir, { recursive: true, force: true });
  return { urls, stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** Which of `parts` the loaded files contain, as "PART in FILE" (empty when none). */
export function partsIn(urls: string[], parts: Part[]): string[] {
  const found: string[] = [];
  for (const u of urls) {
    if (!u.startsWith('file:')) continue;
    const file = fileURLToPath(u);
    if (/node_modules[\\/](ink|react|react-reconciler|yoga-layout)[\\/]/.test(file) && (parts.includes('ink') || parts.includes('react'))) found.push(file);
    else if (file.endsWith('.js')) {
      const text = readFileSync(file, 'utf8');
      for (const p of parts) if (text.includes(MARKERS[p])) found.push(`${p} in ${path.relative(ROOT, file)}`);
    }
  }
  return found;
}

/** The markers are in the bundle at all (so a check that they were not loaded means something). */
export function markersInBundle(parts: Part[]): Part[] {
  const dist = path.join(ROOT, 'dist');
  const all = readdirSync(dist).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dist, f), 'utf8'));
  return parts.filter((p) => all.some((t) => t.includes(MARKERS[p])));
}

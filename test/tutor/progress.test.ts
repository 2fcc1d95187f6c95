// Issue 7, acceptance 5: the progress document survives corruption (warning, backup kept, fresh start) and a
// kill in the middle of a write (always valid JSON); and `kubetutor progress` shows, exports, imports, resets.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { checkProgress, loadProgress, markLessonDone, lessonProgress, lessonsDone, setLessonStep, updateProgress } from '../../src/tutor/progress/store';
import { ROOT, kubetutor } from '../helpers/cli';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'kt-progress-'));

describe('the progress store', () => {
  it('keeps lessons: the step to resume at, then done', () => {
    const home = fresh();
    const prev = process.env.KUBETUTOR_HOME;
    process.env.KUBETUTOR_HOME = home;
    try {
      expect(lessonProgress('etcd-memory')).toBeUndefined();
      setLessonStep('etcd-memory', 2);
      expect(lessonProgress('etcd-memory')).toMatchObject({ step: 2, done: false });
      markLessonDone('etcd-memory');
      expect(lessonProgress('etcd-memory')).toMatchObject({ step: 2, done: true });
      expect(lessonsDone()).toEqual(['etcd-memory']);
      expect(JSON.parse(readFileSync(path.join(home, 'progress.json'), 'utf8')).version).toBe(1);
    } finally {
      process.env.KUBETUTOR_HOME = prev;
    }
  });

  it('a corrupt file: one warning line, the file kept as a backup, a fresh start', () => {
    const home = fresh();
    const file = path.join(home, 'progress.json');
    writeFileSync(file, '{"version": 1, "lessons": {"etcd-memory": {"step": 3');
    const warnings: string[] = [];
    const doc = loadProgress({ file, warn: (l) => warnings.push(l) });
    expect(doc.lessons).toEqual({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/progress file .*progress\.json could not be read \(not valid JSON\); kept it as .*progress\.json\.corrupt-\d{8}T\d{6}Z and started fresh/);
    const backups = readdirSync(home).filter((f) => f.startsWith('progress.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(home, backups[0]!), 'utf8')).toBe('{"version": 1, "lessons": {"etcd-memory": {"step": 3');
  });

  it('the binary warns on stderr, keeps the backup and goes on', () => {
    const home = fresh();
    writeFileSync(path.join(home, 'progress.json'), 'not json at all');
    const r = kubetutor(['progress', '--json'], { env: { KUBETUTOR_HOME: home } });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('could not be read (not valid JSON)');
    expect(JSON.parse(r.stdout).progress.lessons).toEqual({});
    expect(readdirSync(home).some((f) => f.startsWith('progress.json.corrupt-'))).toBe(true);
  });

  it('a file from a newer kubetutor is kept aside too', () => {
    const home = fresh();
    const file = path.join(home, 'progress.json');
    writeFileSync(file, JSON.stringify({ version: 99, lessons: {} }));
    const warnings: string[] = [];
    loadProgress({ file, warn: (l) => warnings.push(l) });
    expect(warnings[0]).toContain('written by a newer kubetutor (version 99)');
  });

  it('survives a kill in the middle of a write loop: the file is always whole, valid JSON', async () => {
    const dir = fresh();
    // Bundle the store so that a plain node child process can run it.
    await build({
      stdin: {
        contents: `import { updateProgress } from ${JSON.stringify(path.join(ROOT, 'src/tutor/progress/store.ts'))};
          const pad = 'x'.repeat(20000);
          for (let i = 0; ; i++) {
            updateProgress((doc) => { doc.sessions = [{ at: String(i), mode: 'quiz', results: [{ id: pad, topic: 't', score: 1, verdict: 'strong' }] }]; });
            if (i === 3) process.stdout.write('writing\\n');
          }`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: path.join(dir, 'writer.mjs'),
      logLevel: 'silent',
    });
    for (const delay of [5, 37, 80, 150]) {
      const home = fresh();
      const child = spawn(process.execPath, [path.join(dir, 'writer.mjs')], { env: { ...process.env, KUBETUTOR_HOME: home } });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const text = readFileSync(path.join(home, 'progress.json'), 'utf8');
      const doc = checkProgress(JSON.parse(text)); // throws on a torn write
      expect(Number(doc.sessions[0]!.at)).toBeGreaterThanOrEqual(3);
      // A leftover temporary file never stands in for the document.
      const warnings: string[] = [];
      expect(loadProgress({ file: path.join(home, 'progress.json'), warn: (l) => warnings.push(l) }).sessions).toHaveLength(1);
      expect(warnings).toEqual([]);
    }
  });
});

describe('kubetutor progress', () => {
  it('shows lessons done, sessions and due cards', () => {
    const home = fresh();
    const prev = process.env.KUBETUTOR_HOME;
    process.env.KUBETUTOR_HOME = home;
    try {
      markLessonDone('control-plane-tour');
      updateProgress((d) => void d.sessions.push({ at: '2026-01-01T10:00:00.000Z', mode: 'quiz', results: [{ id: 'etcd-critical', topic: 'etcd', score: 0.5, verdict: 'partial' }] }));
    } finally {
      process.env.KUBETUTOR_HOME = prev;
    }
    const r = kubetutor(['progress'], { env: { KUBETUTOR_HOME: home } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Lessons done: 1 — control-plane-tour');
    expect(r.stdout).toMatch(/etcd +█{10}░{10} +50%/);
    expect(r.stdout).toMatch(/due now: 0 to review, 20 new/);
    const j = JSON.parse(kubetutor(['progress', '--json'], { env: { KUBETUTOR_HOME: home } }).stdout);
    expect(j).toMatchObject({ lessonsDone: ['control-plane-tour'], due: 0, newCards: 20 });
  });

  it('exports, and imports with --yes; a bad import changes nothing', () => {
    const home = fresh();
    const other = fresh();
    const env = { KUBETUTOR_HOME: home };
    writeFileSync(path.join(home, 'progress.json'), JSON.stringify({ version: 1, lessons: { 'etcd-ha': { step: 1, done: true, updatedAt: 'x' } }, sessions: [], cards: {} }));
    const out = path.join(other, 'export.json');
    expect(kubetutor(['progress', '--export', out], { env }).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).lessons['etcd-ha'].done).toBe(true);

    const env2 = { KUBETUTOR_HOME: other };
    const refused = kubetutor(['progress', '--import', out], { env: env2 });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(`kubetutor: progress --import replaces your progress with ${out} needs --yes when there is no terminal to confirm on`);
    expect(existsSync(path.join(other, 'progress.json'))).toBe(false);
    expect(kubetutor(['progress', '--import', out, '--yes'], { env: env2 }).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(other, 'progress.json'), 'utf8')).lessons['etcd-ha'].done).toBe(true);

    const bad = path.join(other, 'bad.json');
    writeFileSync(bad, '[1, 2');
    const r = kubetutor(['progress', '--import', bad, '--yes'], { env: env2 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kubetutor: cannot import .*bad\.json: not valid JSON .*; nothing changed\n$/);
    expect(JSON.parse(readFileSync(path.join(other, 'progress.json'), 'utf8')).lessons['etcd-ha'].done).toBe(true);
  });

  it('--reset refuses without a terminal unless --yes, and keeps the old file as a backup', () => {
    const home = fresh();
    const env = { KUBETUTOR_HOME: home };
    writeFileSync(path.join(home, 'progress.json'), JSON.stringify({ version: 1, lessons: {}, sessions: [], cards: {} }));
    const refused = kubetutor(['progress', '--reset'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(home, 'progress.json'))).toBe(true);
    const ok = kubetutor(['progress', '--reset', '--yes'], { env });
    expect(ok.code).toBe(0);
    expect(existsSync(path.join(home, 'progress.json'))).toBe(false);
    expect(readdirSync(home).some((f) => f.startsWith('progress.json.reset-'))).toBe(true);
  });
});

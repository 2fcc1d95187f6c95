// Start-up (issue 9): the real binary spawned many times, interleaved with a bare `node -e 0` so that both see the
// same load on a shared machine, and compared by their medians. The TUI's first frame is timed in a
// pseudo-terminal (`script`), until the whole first frame is drawn, against bare node printing a line
// through the same pseudo-terminal; and until the TUI has answered a key typed as soon as that frame shows.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { figure, quick, section } from './harness';

/** The repository: bench.ts runs from dist/ (bundled) or bench/ (vitest); both sit one level down. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'kubetutor.js');

/** Runs `node ARGS` to completion (output discarded); wall milliseconds. */
export function timeNode(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited ${code}: ${err.trim().split('\n')[0] ?? ''}`));
      else resolve(ms);
    });
  });
}

/** Something to wait for on the screen (a pattern, or a test of all the text drawn so far), or keys to type. */
export type Marker = RegExp | { test(text: string): boolean; toString(): string } | { type: string };

/**
 * Runs COMMAND in a pseudo-terminal of 120×40 (util-linux `script`) and resolves with the wall milliseconds until
 * each of `markers` appears in what it draws (a `{ type }` marker types its keys at once and counts as seen);
 * then sends `q` and, should that not end it, kills it.
 */
export function timeToMarkers(command: string, markers: Marker[], timeoutMs = 30_000): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // Ink draws only its last frame when it believes it runs under CI (any CI variable, even empty).
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1' };
    for (const k of Object.keys(env)) if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('GITHUB_')) delete env[k];
    const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${command}`, '/dev/null'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env,
      detached: true,
    });
    let out = '';
    let done = false;
    const seen: number[] = [];
    const finish = (err: Error | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdin.write('q');
      const kill = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3_000);
      const settle = () => {
        clearTimeout(kill);
        if (err) reject(err);
        else resolve(seen);
      };
      if (child.exitCode !== null || child.signalCode !== null) settle();
      else child.on('exit', settle);
    };
    const timer = setTimeout(() => finish(new Error(`no ${markers[seen.length]} from \`${command}\` within ${timeoutMs / 1000} s`)), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      if (done) return;
      // The frame arrives in pieces with escape sequences between words: look at the text without them.
      out += d.toString('utf8');
      const text = out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
      for (;;) {
        const m = markers[seen.length];
        if (m === undefined) break;
        if ('type' in m) child.stdin.write(m.type);
        else if (!m.test(text)) break;
        seen.push(performance.now() - t0);
      }
      if (seen.length === markers.length) finish(undefined);
    });
    child.on('error', (e) => finish(e));
    child.on('exit', (code) => finish(new Error(`\`${command}\` ended (exit ${code}) before ${markers[seen.length]} appeared`)));
  });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

section('startup', async () => {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const env = { NO_COLOR: '1', KUBETUTOR_HOME: path.join(ROOT, '.bench-home') };
  const rounds = quick ? 5 : 21;
  const bare: number[] = [];
  const help: number[] = [];
  const questions: number[] = [];
  await timeNode(['-e', '0']); // warm the file cache
  await timeNode([BIN, '--help'], env);
  for (let i = 0; i < rounds; i++) {
    // Interleaved: each command sees the same moment of the machine's load as its baseline.
    bare.push(await timeNode(['-e', '0']));
    help.push(await timeNode([BIN, '--help'], env));
    bare.push(await timeNode(['-e', '0']));
    questions.push(await timeNode([BIN, 'questions', '--json'], env));
  }
  const b = median(bare);
  const h = median(help);
  const q = median(questions);
  figure({ name: `bare \`node -e 0\` (median of ${bare.length})`, value: r2(b), unit: 'ms' });
  figure({ name: `\`kubetutor --help\` (median of ${rounds})`, value: r2(h), unit: 'ms' });
  figure({ name: '`kubetutor --help` ÷ bare node', value: r2(h / b), unit: '×', goal: '≤ 1.5×', ok: h / b <= 1.5 });
  figure({ name: `\`kubetutor questions --json\` (median of ${rounds})`, value: r2(q), unit: 'ms' });
  figure({ name: '`kubetutor questions --json` ÷ bare node', value: r2(q / b), unit: '×', goal: '≤ 2×', ok: q / b <= 2 });

  if (spawnSync('script', ['--version']).error) {
    figure({ name: 'TUI first frame: skipped (util-linux `script` is not installed)', value: 0, unit: '' });
    return;
  }
  const node = JSON.stringify(process.execPath);
  const ttyRounds = quick ? 3 : 9;
  const ttyBare: number[] = [];
  const tui: number[] = [];
  const keys: number[] = [];
  // The first frame is complete when its last row (the footer's keys) is drawn. Then `s` is typed at once, and
  // the TUI has answered when its output pane shows `$ step`: Ink has loaded, read the key and redrawn.
  const whole = /nodes and pods[\s\S]*events: etcd[\s\S]*queues[\s\S]*reconcile:[\s\S]*q quit/;
  for (let i = 0; i < ttyRounds; i++) {
    ttyBare.push((await timeToMarkers(`${node} -e "process.stdout.write('step 0')"`, [/step \d+/]))[0]!);
    const [frame, , key] = await timeToMarkers(`${node} ${JSON.stringify(BIN)} cluster --tui`, [whole, { type: 's' }, /\$ step/]);
    tui.push(frame!);
    keys.push(key!);
  }
  const tb = median(ttyBare);
  const t = median(tui);
  const k = median(keys);
  figure({ name: `bare node printing "step 0" in a pty (median of ${ttyRounds})`, value: r2(tb), unit: 'ms' });
  figure({ name: `\`kubetutor cluster --tui\` until its whole first frame is drawn (median of ${ttyRounds})`, value: r2(t), unit: 'ms' });
  figure({ name: 'TUI first frame ÷ bare node (same pty)', value: r2(t / tb), unit: '×', goal: '≤ 3×', ok: t / tb <= 3 });
  figure({ name: 'TUI answers its first key (s, typed as the frame shows) ÷ bare node', value: r2(k / tb), unit: '×', note: 'Ink and React load, then Ink redraws' });
});

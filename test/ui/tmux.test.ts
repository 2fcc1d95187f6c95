// The real binary on a real terminal: tmux runs `kubetutor cluster --tui` (and the REPL), sends keys and reads
// the screen back. CI is unset for the child, as Ink writes only its last frame under CI (see gotchas).
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, ensureBuilt } from '../helpers/cli';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('test/ui/tmux.test.ts: skipped — tmux is not installed (.ci/run installs it)');
const SOCKET = `kubetutor-test-${process.pid}`;
let sessions = 0;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

/** Starts `command` in a fresh tmux session of the given size; the shell prints a marker first and the exit code after. */
function session(cols: number, rows: number, command: string, opts: { colour?: boolean } = {}): string {
  const name = `s${++sessions}`;
  const script = `cd ${ROOT}; clear; echo BEFORE-MARK; ${command}; echo EXIT=$?; sleep 120`;
  const env = opts.colour ? ['-u', 'NO_COLOR', '-u', 'FORCE_COLOR', 'TERM=xterm-256color'] : ['NO_COLOR=1'];
  tmux('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), 'env', '-u', 'CI', ...env, 'sh', '-c', script);
  return name;
}

const screen = (name: string) => tmux('capture-pane', '-p', '-t', name);
const keys = (name: string, ...k: string[]) => void tmux('send-keys', '-t', name, ...k);

async function waitFor(name: string, test: (s: string) => boolean, what: string, ms = 40_000): Promise<string> {
  const end = Date.now() + ms;
  let s = '';
  while (Date.now() < end) {
    s = screen(name);
    if (test(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${s}`);
}

const stepOf = (s: string) => Number(/│ step (\d+) │/.exec(s)?.[1] ?? NaN);

describe.skipIf(!hasTmux)('the TUI in tmux (the real binary)', () => {
  beforeAll(() => ensureBuilt());
  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  });

  for (const [cols, rows] of [
    [160, 48],
    [80, 24],
  ] as const) {
    it(`at ${cols}×${rows}: header, nodes, pods, events and queues; s steps; : runs kubectl; q restores the terminal`, async () => {
      const t = session(cols, rows, `node ${BIN} cluster --tui --nodes 2`);
      let s = await waitFor(t, (x) => x.includes('│ step ') && x.includes('queues'), 'the first frame');
      const lines = s.split('\n');
      expect(lines[0]).toMatch(/kubetutor │ step \d+ │ rev \d+ │ 00:00:00.* │ mode step │ memory/);
      expect(s).not.toContain('BEFORE-MARK'); // the alternate screen
      expect(s).toContain('nodes and pods');
      expect(s).toMatch(/node-1 {2}Ready/);
      expect(s).toMatch(/node-2 {2}Ready/);
      expect(s).toContain('events: etcd → watch cache → watchers');
      expect(s).toMatch(/#\d+ etcd {2}watch/);
      expect(s).toContain('queues');
      expect(s).toContain('s step · r run · b breakpoints · : command · q quit');
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(cols);

      keys(t, ':');
      await waitFor(t, (x) => x.includes('Enter runs'), 'the command line');
      keys(t, 'kubectl create deployment web --image=nginx --replicas=2', 'Enter');
      s = await waitFor(t, (x) => x.includes('deployment.apps/web created'), 'kubectl\'s answer');
      const before = stepOf(s);
      keys(t, 's');
      s = await waitFor(t, (x) => stepOf(x) === before + 1, 'the step counter to move');
      keys(t, 'r');
      s = await waitFor(t, (x) => (x.match(/web-[a-z0-9]+-[a-z0-9]{5} {2}Running/g) ?? []).length === 2, 'two Running pods', 60_000);
      expect(s).toMatch(/replicaset-controller/);

      keys(t, 'q');
      s = await waitFor(t, (x) => x.includes('EXIT='), 'the exit');
      expect(s).toContain('BEFORE-MARK'); // what was on the terminal is back
      expect(s).toContain('EXIT=0');
      expect(s).not.toContain('kubetutor │');
    }, 120_000);
  }

  it('Ctrl-C in the TUI exits 130 and restores the terminal', async () => {
    const t = session(80, 24, `node ${BIN} cluster --tui --bare`);
    // Typed as soon as the first frame shows, perhaps before Ink has loaded: the terminal is in raw mode from the
    // first paint on, so Ctrl-C is a key that waits for Ink, not a SIGINT that would end this test's `sh -c` too.
    await waitFor(t, (x) => x.includes('│ step ') && x.includes('q quit'), 'the first frame');
    keys(t, 'C-c');
    const s = await waitFor(t, (x) => x.includes('EXIT='), 'the exit');
    expect(s).toContain('BEFORE-MARK');
    expect(s).toContain('EXIT=130');
  }, 90_000);

  it('keys typed while it starts are answered once Ink listens, and not echoed over the frame', async () => {
    const t = session(80, 24, `node ${BIN} cluster --tui --bare`);
    keys(t, 's');
    keys(t, ':');
    let s = await waitFor(t, (x) => x.includes('Enter runs'), 'the command line opened by the early `:`');
    expect(s).toMatch(/^\$ step$/m); // the early `s` ran
    expect(s).not.toMatch(/^[s:]+$/m); // no key printed on a line of its own
    keys(t, 'q');
    s = await waitFor(t, (x) => x.includes('Enter runs') && /:q /.test(x), 'q typed on the command line');
    keys(t, 'Escape');
    keys(t, 'q');
    await waitFor(t, (x) => x.includes('EXIT=0'), 'the exit');
  }, 90_000);

  it('a resize redraws the frame at the new size', async () => {
    const t = session(120, 40, `node ${BIN} cluster --tui --bare`);
    await waitFor(t, (x) => x.includes('│ step '), 'the first frame');
    tmux('resize-window', '-t', t, '-x', '80', '-y', '24');
    const s = await waitFor(t, (x) => x.split('\n').filter((l) => l.includes('kubetutor │')).length === 1 && x.includes('q quit') && x.trimEnd().split('\n').length <= 24, 'the redraw');
    expect(s.split('\n')[0]).toContain('kubetutor │ step');
    tmux('resize-window', '-t', t, '-x', '160', '-y', '48');
    const big = await waitFor(t, (x) => x.trimEnd().split('\n').length === 47 && x.trimEnd().endsWith('q quit'), 'the redraw at 160×48');
    expect(big.split('\n').filter((l) => l.includes('kubetutor │')).length).toBe(1);
    keys(t, 'q');
    await waitFor(t, (x) => x.includes('EXIT=0'), 'the exit');
  }, 90_000);

  it('colour on a terminal, none with NO_COLOR', async () => {
    const colourEscape = /\x1b\[(3[0-7]|9[0-7]|38;5;\d+)m/;
    const a = session(80, 24, `node ${BIN} cluster --tui --bare`, { colour: true });
    // The first frame is painted in colour before Ink loads, and Ink draws it again in the same colours.
    await waitFor(a, (x) => x.includes('│ step ') && x.includes('q quit'), 'the first frame');
    expect(tmux('capture-pane', '-e', '-p', '-t', a)).toMatch(colourEscape);
    keys(a, 'q');
    const b = session(80, 24, `node ${BIN} cluster --tui --bare`);
    await waitFor(b, (x) => x.includes('│ step ') && x.includes('q quit'), 'the first frame');
    expect(tmux('capture-pane', '-e', '-p', '-t', b)).not.toMatch(colourEscape);
    keys(b, 'q');
    await waitFor(b, (x) => x.includes('EXIT=0'), 'the exit');
  }, 90_000);

  it('Ctrl-C in the REPL exits 130', async () => {
    const t = session(80, 24, `node ${BIN} cluster --bare`);
    await waitFor(t, (x) => /^\$ ?$/m.test(x), 'the prompt');
    keys(t, 'C-c');
    const s = await waitFor(t, (x) => x.includes('EXIT='), 'the exit');
    expect(s).toContain('EXIT=130');
  }, 90_000);
});

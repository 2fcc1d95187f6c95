// The real binary on a real terminal: tmux runs `kubetutor cluster --tui` (and the REPL), sends keys and reads
// the screen back, through the shared driver (test/helpers/tmux.ts). These read what the terminal shows now,
// not the scrollback: the TUI draws on the alternate screen and redraws in place.
import { afterEach, describe, expect, it } from 'vitest';
import { TmuxSession, hasTmux } from '../helpers/tmux';

if (!hasTmux) console.warn('test/ui/tmux.test.ts: skipped — tmux is not installed (.ci/run installs it)');

let sessions: TmuxSession[] = [];
/** `kubetutor ARGS` in a fresh terminal of COLS×ROWS that said BEFORE-MARK first, to see it given back. */
function session(cols: number, rows: number, args: string[], opts: { colour?: boolean } = {}): TmuxSession {
  const t = TmuxSession.start(`tui-${sessions.length + 1}`, args, {}, { x: cols, y: rows }, { before: 'clear; echo BEFORE-MARK', colour: opts.colour });
  sessions.push(t);
  return t;
}
afterEach(() => {
  for (const t of sessions) t.kill();
  sessions = [];
});

const waitFor = (t: TmuxSession, test: (s: string) => boolean, what: string, ms = 40_000) => t.waitFor(test, ms, what, { visible: true });
const stepOf = (s: string) => Number(/│ step (\d+) │/.exec(s)?.[1] ?? NaN);

describe.skipIf(!hasTmux)('the TUI in tmux (the real binary)', () => {
  for (const [cols, rows] of [
    [160, 48],
    [80, 24],
  ] as const) {
    it(`at ${cols}×${rows}: header, nodes, pods, events and queues; s steps; : runs kubectl; q restores the terminal`, async () => {
      const t = session(cols, rows, ['cluster', '--tui', '--nodes', '2']);
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

      t.keys(':');
      await waitFor(t, (x) => x.includes('Enter runs'), 'the command line');
      t.keys('kubectl create deployment web --image=nginx --replicas=2', 'Enter');
      s = await waitFor(t, (x) => x.includes('deployment.apps/web created'), 'kubectl\'s answer');
      const before = stepOf(s);
      t.keys('s');
      s = await waitFor(t, (x) => stepOf(x) === before + 1, 'the step counter to move');
      t.keys('r');
      s = await waitFor(t, (x) => (x.match(/web-[a-z0-9]+-[a-z0-9]{5} {2}Running/g) ?? []).length === 2, 'two Running pods', 60_000);
      expect(s).toMatch(/replicaset-controller/);

      t.keys('q');
      s = await waitFor(t, (x) => /\[exit \d+\]/.test(x), 'the exit');
      expect(s).toContain('BEFORE-MARK'); // what was on the terminal is back
      expect(s).toContain('[exit 0]');
      expect(s).not.toContain('kubetutor │');
    }, 120_000);
  }

  it('Ctrl-C in the TUI exits 130 and restores the terminal', async () => {
    const t = session(80, 24, ['cluster', '--tui', '--bare']);
    // Typed as soon as the first frame shows, perhaps before Ink has loaded: the terminal is in raw mode from the
    // first paint on, so Ctrl-C is a key that waits for Ink, not a SIGINT that would end this test's `sh -c` too.
    await waitFor(t, (x) => x.includes('│ step ') && x.includes('q quit'), 'the first frame');
    t.keys('C-c');
    const s = await waitFor(t, (x) => /\[exit \d+\]/.test(x), 'the exit');
    expect(s).toContain('BEFORE-MARK');
    expect(s).toContain('[exit 130]');
  }, 90_000);

  it('keys typed while it starts are answered once Ink listens, and not echoed over the frame', async () => {
    const t = session(80, 24, ['cluster', '--tui', '--bare']);
    t.keys('s');
    t.keys(':');
    let s = await waitFor(t, (x) => x.includes('Enter runs'), 'the command line opened by the early `:`');
    expect(s).toMatch(/^\$ step$/m); // the early `s` ran
    expect(s).not.toMatch(/^[s:]+$/m); // no key printed on a line of its own
    t.keys('q');
    s = await waitFor(t, (x) => x.includes('Enter runs') && /:q /.test(x), 'q typed on the command line');
    t.keys('Escape');
    // Esc and a key right after it read as Alt+key on a terminal: let the line close first.
    await waitFor(t, (x) => x.includes('q quit') && !x.includes('Enter runs'), 'the command line to close');
    t.keys('q');
    await waitFor(t, (x) => x.includes('[exit 0]'), 'the exit');
  }, 90_000);

  it('a resize redraws the frame at the new size', async () => {
    const t = session(120, 40, ['cluster', '--tui', '--bare']);
    await waitFor(t, (x) => x.includes('│ step '), 'the first frame');
    t.resize(80, 24);
    const s = await waitFor(t, (x) => x.split('\n').filter((l) => l.includes('kubetutor │')).length === 1 && x.includes('q quit') && x.trimEnd().split('\n').length <= 24, 'the redraw');
    expect(s.split('\n')[0]).toContain('kubetutor │ step');
    t.resize(160, 48);
    const big = await waitFor(t, (x) => x.trimEnd().split('\n').length === 47 && x.trimEnd().endsWith('q quit'), 'the redraw at 160×48');
    expect(big.split('\n').filter((l) => l.includes('kubetutor │')).length).toBe(1);
    t.keys('q');
    await waitFor(t, (x) => x.includes('[exit 0]'), 'the exit');
  }, 90_000);

  it('colour on a terminal, none with NO_COLOR', async () => {
    const colourEscape = /\x1b\[(3[0-7]|9[0-7]|38;5;\d+)m/;
    const a = session(80, 24, ['cluster', '--tui', '--bare'], { colour: true });
    // The first frame is painted in colour before Ink loads, and Ink draws it again in the same colours.
    await waitFor(a, (x) => x.includes('│ step ') && x.includes('q quit'), 'the first frame');
    expect(a.visible({ escapes: true })).toMatch(colourEscape);
    a.keys('q');
    const b = session(80, 24, ['cluster', '--tui', '--bare']);
    await waitFor(b, (x) => x.includes('│ step ') && x.includes('q quit'), 'the first frame');
    expect(b.visible({ escapes: true })).not.toMatch(colourEscape);
    b.keys('q');
    await waitFor(b, (x) => x.includes('[exit 0]'), 'the exit');
  }, 90_000);
});

// Drives the real binary on a real terminal (tmux), the way a learner uses it. CI is unset for the child (see
// shared/gotchas.md) and colour is off so the screen reads as plain text.
import { spawnSync } from 'node:child_process';
import { BIN, ROOT, ensureBuilt } from './cli';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export class TmuxSession {
  constructor(readonly name: string) {}

  /**
   * Runs `kubetutor ARGS` in a new session. After it exits the shell prints `[exit CODE]`, then runs
   * `opts.after` (say, `stty -a` to see whether the terminal was given back).
   */
  static start(
    name: string,
    args: string[],
    env: Record<string, string>,
    size = { x: 160, y: 60 },
    opts: { after?: string; before?: string; colour?: boolean } = {},
  ): TmuxSession {
    ensureBuilt();
    const vars = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' ');
    const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    // Colour: a terminal that has it, and nothing that turns it off.
    const colour = opts.colour ? "-u NO_COLOR -u FORCE_COLOR TERM='xterm-256color'" : 'NO_COLOR=1';
    const before = opts.before ? `${opts.before}; ` : '';
    const cmd = `${before}env -u CI ${colour} ${vars} '${process.execPath}' '${BIN}' ${quoted}; echo "[exit $?]"; ${opts.after ? `${opts.after}; ` : ''}sleep 60`;
    spawnSync('tmux', ['kill-session', '-t', name]);
    const start = () => spawnSync('tmux', ['new-session', '-d', '-s', name, '-x', String(size.x), '-y', String(size.y), '-c', ROOT, cmd], { encoding: 'utf8' });
    let r = start();
    // Killing a file's last session makes its tmux server exit; a new session asked for meanwhile can reach the
    // exiting server ("server exited unexpectedly"). Ask again once it has gone.
    for (let tries = 0; r.status !== 0 && /server exited unexpectedly/.test(r.stderr) && tries < 5; tries++) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      r = start();
    }
    if (r.status !== 0) throw new Error(`tmux new-session: ${r.stderr}`);
    return new TmuxSession(name);
  }

  private tmux(...args: string[]): string {
    const r = spawnSync('tmux', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  /** The whole scrollback, wrapped lines joined. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', this.name);
  }

  /** What the terminal shows now (no scrollback); with `escapes`, the colour and style codes too. */
  visible(opts: { escapes?: boolean } = {}): string {
    return this.tmux('capture-pane', '-p', ...(opts.escapes ? ['-e'] : []), '-t', this.name);
  }

  /** Resizes the terminal, as a learner dragging the window does (the program gets SIGWINCH). */
  resize(x: number, y: number): void {
    this.tmux('resize-window', '-t', this.name, '-x', String(x), '-y', String(y));
  }

  /** Waits until `test` holds for the scrollback (or, with `visible`, for what the terminal shows now). */
  async waitFor(
    test: string | RegExp | ((screen: string) => boolean),
    timeoutMs = 20_000,
    what = String(test),
    opts: { visible?: boolean } = {},
  ): Promise<string> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      last = opts.visible ? this.visible() : this.screen();
      const ok = typeof test === 'string' ? last.includes(test) : test instanceof RegExp ? test.test(last) : test(last);
      if (ok) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
  }

  /** Types text literally, then Enter. */
  type(text: string): void {
    this.typeText(text);
    this.tmux('send-keys', '-t', this.name, 'Enter');
  }

  /** Types text literally, without Enter (to try Tab completion on it). */
  typeText(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', '--', text);
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** The exit code the command printed, once it has ended. */
  async exitCode(timeoutMs = 20_000): Promise<number> {
    const s = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(s)![1]);
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}

export const count = (s: string, needle: string) => s.split(needle).length - 1;

// `kubetutor cluster --tui`: the full-screen view of the live mini-cluster. The only place Ink and React are
// loaded (with `await import`, after the terminal check), so every plain command starts without them.
import { Cluster } from '../cluster/sim/cluster';
import { colourEnabled } from '../cli/colour';
import type { ClusterCliOptions } from '../cli/cluster';

/** The alternate screen, as full-screen programs (less, vim, htop) use it: leaving it restores the terminal. */
const ENTER = '\x1b[?1049h\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export async function runTui(opts: ClusterCliOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write('kubetutor: --tui needs a terminal (stdin and stdout); use --script FILE, or run it without --tui\n');
    return 1;
  }
  const colour = colourEnabled();
  if (!colour) (await import('chalk')).default.level = 0; // Ink colours through chalk, which ignores NO_COLOR on a terminal

  const sink: string[] = [];
  const collect = (text: string) => sink.push(...text.replace(/\n$/, '').split('\n'));
  const cluster = await Cluster.start(
    { nodes: opts.nodes, bare: opts.bare, seed: opts.seed, store: opts.store },
    { out: collect, err: collect },
  );
  cluster.mode = 'step';

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (process.stdin.isRaw) process.stdin.setRawMode(false);
    process.stdout.write(LEAVE);
  };
  process.on('exit', restore); // a SIGINT from outside exits through process.exit: still leave the alternate screen
  // Speed (issue 9): the whole first frame is painted as soon as the cluster is up, from the same rows Ink draws
  // (frame.ts). Loading and evaluating Ink and React, then Ink's first layout, take about 100 ms more in a cold
  // process; Ink then draws the same frame over the same cells, and from then on answers keys and redraws.
  const [{ snapshot, eventLine }, { frame, paint, WELCOME }] = await Promise.all([import('./model'), import('./frame')]);
  const initial = await snapshot(cluster, cluster.loop.recent(200).map(eventLine));
  const size = { cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 };
  // Keys typed before Ink listens wait for it, unechoed (raw mode), instead of being printed over the frame;
  // Ctrl-C among them is a key that Ink reads (exit 130), not a SIGINT to the terminal's whole process group.
  process.stdin.setRawMode(true);
  process.stdout.write(ENTER + paint(frame({ snap: initial, output: [WELCOME, ...sink], ...size, colour }), colour) + '\x1b[H');
  // Until Ink is up, a SIGINT from outside (kill -INT) leaves the alternate screen and exits 130.
  const onSigint = () => process.exit(130);
  process.once('SIGINT', onSigint);

  const [{ render }, { default: React }, { App }] = await Promise.all([import('ink'), import('react'), import('./app')]);

  let code = 0;
  try {
    const instance = render(
      React.createElement(App, { cluster, initial, sink, colour, onExit: (c: number) => (code = c) }),
      { exitOnCtrlC: false, patchConsole: true },
    );
    process.off('SIGINT', onSigint);
    await instance.waitUntilExit();
  } finally {
    restore();
    process.off('exit', restore);
    await cluster.stop();
  }
  return code;
}

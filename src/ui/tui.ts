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
    process.stdout.write(LEAVE);
  };
  process.on('exit', restore); // a SIGINT from outside exits through process.exit: still leave the alternate screen
  // Speed: the header is painted as soon as the cluster is up. Ink's first layout of a cold process takes a few
  // hundred ms more (yoga's WebAssembly and the JIT warming up); the view opens at once and Ink draws over it.
  const revision = await cluster.kv.status().then((s) => s.header.revision, () => '?');
  const head = ` kubetutor │ step ${cluster.loop.steps} │ rev ${revision} │ mode step `;
  process.stdout.write(`${ENTER}${colour ? `\x1b[7m${head}\x1b[27m` : head}\n drawing the view…\x1b[H`);
  // Until Ink holds the keyboard (raw mode), Ctrl-C arrives as SIGINT: leave the alternate screen, exit 130.
  const onSigint = () => process.exit(130);
  process.once('SIGINT', onSigint);

  // Ink and React load after that: evaluating them on the one thread would only hold the header back.
  const ui = Promise.all([import('ink'), import('react'), import('./app'), import('./model')]);
  const [{ render }, { default: React }, { App }, { snapshot, eventLine }] = await ui;
  const events = cluster.loop.recent(200).map(eventLine);
  const initial = await snapshot(cluster, events);

  process.stdout.write('\x1b[2J\x1b[H'); // the painted header goes; Ink draws from the top

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

// `kubetutor cluster`: the live mini-cluster as a script runner (--script FILE|-) or a REPL on a terminal.
import { readFileSync } from 'node:fs';
import { Cluster } from '../cluster/sim/cluster';
import type { ShellIO } from '../cluster/sim/shell';
import { UserError } from './errors';

export interface ClusterCliOptions {
  nodes?: number;
  bare?: boolean;
  seed?: string;
  script?: string;
  echo?: boolean;
  tui?: boolean;
  store?: string;
}

const stdio: ShellIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export async function run(opts: ClusterCliOptions = {}): Promise<number> {
  // `kubetutor cluster --script x | head`: a closed pipe ends the run quietly, as Unix tools do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  if (opts.tui) return (await import('../ui/tui')).runTui(opts); // Ink is loaded only there
  let lines: string[] | undefined;
  if (opts.script !== undefined) lines = readScript(opts.script);
  else if (!process.stdin.isTTY) lines = readScript('-');

  const cluster = await Cluster.start(
    { nodes: opts.nodes, bare: opts.bare, seed: opts.seed, store: opts.store },
    stdio,
  );
  try {
    if (lines) return await runScript(cluster, lines, { echo: opts.echo ?? false });
    const { runRepl } = await import('./repl');
    return await runRepl(cluster);
  } finally {
    await cluster.stop();
  }
}

function readScript(file: string): string[] {
  try {
    const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
    return text.split(/\r?\n/);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `cannot read script "${file}": no such file` : `cannot read script "${file}": ${(err as Error).message}`);
  }
}

/** Runs every line; a failing line is reported and the run goes on; exit 1 when any line failed. */
export async function runScript(cluster: Cluster, lines: string[], opts: { echo: boolean }): Promise<number> {
  let failed = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (opts.echo) cluster.shell.io.out(`$ ${line}`);
    if (!(await cluster.shell.exec(line))) failed = true;
  }
  return failed ? 1 : 0;
}

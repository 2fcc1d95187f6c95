// The cluster REPL on a terminal: node:readline with a persistent history (Up arrow), Tab completion of line
// names, subcommands and flags (each line completes its own words through the shell's `complete` hook),
// Ctrl-D to leave (exit 0) and Ctrl-C to leave at once (exit 130), the terminal restored either way.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Cluster } from '../cluster/sim/cluster';

const HISTORY_SIZE = 1000;

/** `$KUBETUTOR_HOME/cluster_history`, else the env-paths data dir's (without the `-nodejs` suffix). */
export async function historyFile(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.KUBETUTOR_HOME) return path.join(env.KUBETUTOR_HOME, 'cluster_history');
  const envPaths = (await import('env-paths')).default;
  return path.join(envPaths('kubetutor', { suffix: '' }).data, 'cluster_history');
}

/** The saved lines, newest first (readline's order). A missing or unreadable file is an empty history. */
export function loadHistory(file: string): string[] {
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** Appends one line; keeps the file from growing without bound. Never throws: a read-only home is fine. */
export function saveHistoryLine(file: string, line: string, history: readonly string[]): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, `${line}\n`);
    if (history.length >= HISTORY_SIZE) writeFileSync(file, `${[...history].reverse().join('\n')}\n`);
  } catch {
    // History is a convenience: losing it must not end the session.
  }
}

export async function runRepl(cluster: Cluster): Promise<number> {
  const file = await historyFile();
  const rl: Interface = createInterface({
    input: process.stdin,
    output: process.stdout,
    history: loadHistory(file),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string, cb: (err: null, result: [string[], string]) => void) => {
      const partial = /\s$/.test(line) ? '' : (line.split(/\s+/).pop() ?? '');
      cluster.shell.complete(line).then(
        (hits) => cb(null, [hits.map((h) => (hits.length === 1 ? `${h} ` : h)), partial]),
        () => cb(null, [[], partial]),
      );
    },
  });
  const o = cluster.options;
  process.stdout.write(
    `kubetutor cluster (${o.bare ? 'bare etcd' : `${o.nodes} node${o.nodes === 1 ? '' : 's'}`}, seed ${o.seed}, store ${o.store}). ` +
      '"help" lists the lines, Tab completes, Up recalls, Ctrl-D leaves.\n',
  );
  let interrupted = false;
  let typedExit = false;
  rl.on('SIGINT', () => {
    interrupted = true;
    process.stdout.write('^C\n');
    rl.close();
  });
  rl.setPrompt('$ ');
  rl.prompt();
  try {
    for await (const line of rl) {
      const trimmed = line.trim();
      if (trimmed === 'exit' || trimmed === 'quit') {
        typedExit = true;
        break;
      }
      if (trimmed !== '') saveHistoryLine(file, trimmed, (rl as unknown as { history: string[] }).history ?? []);
      await cluster.shell.exec(line);
      if (interrupted) break;
      rl.prompt();
    }
  } finally {
    rl.close();
  }
  if (!interrupted && !typedExit) process.stdout.write('\n'); // Ctrl-D: end the prompt's line
  return interrupted ? 130 : 0;
}

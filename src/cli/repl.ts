// The cluster REPL on a terminal: node:readline with history and Tab completion from the shell.
import { createInterface } from 'node:readline';
import type { Cluster } from '../cluster/sim/cluster';

export async function runRepl(cluster: Cluster): Promise<number> {
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    historySize: 500,
    completer: (line: string, cb: (err: null, result: [string[], string]) => void) => {
      const partial = /\s$/.test(line) ? '' : (line.split(/\s+/).pop() ?? '');
      cluster.shell.complete(line).then(
        (hits) => cb(null, [hits, partial]),
        () => cb(null, [[], partial]),
      );
    },
  });
  process.stdout.write('kubetutor cluster — type "help" for the lines, Ctrl-D to leave\n');
  let interrupted = false;
  rl.on('SIGINT', () => {
    interrupted = true;
    rl.close();
  });
  rl.setPrompt('$ ');
  rl.prompt();
  for await (const line of rl) {
    if (line.trim() === 'exit' || line.trim() === 'quit') break;
    await cluster.shell.exec(line);
    rl.prompt();
  }
  rl.close();
  return interrupted ? 130 : 0;
}

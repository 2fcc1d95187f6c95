// Registers every line the cluster understands. Each tool owns its module; this file only wires them.
import type { Cluster } from './cluster';
import { registerDebuggerLines } from './lines/debugger';
import { registerKubectl } from './kubectl';
import { registerEtcdctl } from './etcdctl';
import { registerTimeLine } from './lines/time';
import { registerFaultLine } from './lines/fault';
import { registerExplainLine } from './lines/explain';
import { registerCurlLine } from './lines/curl';
import { registerTreeLine } from './lines/tree';
import { registerWatchCacheLine } from './lines/watchcache';

export async function registerLines(cluster: Cluster): Promise<void> {
  const shell = cluster.shell;
  shell.register({
    name: 'help',
    summary: 'list the lines, or `help LINE` for one',
    help: 'help [LINE]\n  Lists every line the cluster understands, or shows the usage of one.',
    run({ args, io }) {
      if (args[0]) {
        const cmd = shell.get(args[0]);
        if (!cmd) throw new Error(`no help for "${args[0]}"`);
        io.out(cmd.help);
        return;
      }
      const width = Math.max(...shell.names().map((n) => n.length));
      for (const c of shell.list()) io.out(`  ${c.name.padEnd(width)}  ${c.summary}`);
    },
    complete: (_w, partial) => shell.names().filter((n) => n.startsWith(partial)),
  });
  registerDebuggerLines(cluster);
  registerKubectl(cluster);
  registerEtcdctl(cluster);
  registerTimeLine(cluster);
  registerFaultLine(cluster);
  registerExplainLine(cluster);
  registerCurlLine(cluster);
  registerTreeLine(cluster);
  registerWatchCacheLine(cluster);
}

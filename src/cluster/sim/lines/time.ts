// The `time` line: the one virtual clock (k8s.io/utils/clock's fake, which upstream's tests step by hand).
// `time advance 5m` moves it forward, firing every timer (lease renewals, node monitor passes, back-offs,
// evictions) at its own moment and running what each causes before time moves on.
import { formatDuration, parseDuration } from '../clock';
import type { Cluster } from '../cluster';
import { lineFail } from '../shell';

function describe(cluster: Cluster): string {
  return `${cluster.clock.rfc3339()}  (${formatDuration(cluster.clock.elapsed())} since boot, step ${cluster.loop.steps})`;
}

export function registerTimeLine(cluster: Cluster): void {
  cluster.shell.register({
    name: 'time',
    summary: 'show the virtual time, or move it forward: time advance 30s',
    help: [
      'time',
      '  Shows the virtual time: the wall clock every component reads, and how long since the cluster booted.',
      'time advance DURATION',
      '  Moves virtual time forward (30s, 5m, 1h30m), firing each timer at its own time: kubelet leases every',
      '  10s, the node lifecycle controller every 5s, back-offs, evictions. Nothing else moves time, except the',
      '  short waits `run` passes through (an image pull), so a script is exactly reproducible.',
    ].join('\n'),
    async run({ args, io }) {
      if (args.length === 0) {
        io.out(describe(cluster));
        return;
      }
      if (args[0] !== 'advance') lineFail(`unknown time command "${args[0]}"; use "time" or "time advance DURATION"`);
      if (!args[1]) lineFail('time advance needs a duration, e.g. "time advance 30s"');
      const ms = parseDuration(args[1]);
      if (ms === undefined || ms < 0) lineFail(`invalid duration "${args[1]}": use e.g. 30s, 5m, 1h30m`);
      const before = cluster.loop.steps;
      const from = cluster.clock.now();
      const r = await cluster.advance(ms!); // stops at the debugger's breakpoints, as run does
      const steps = cluster.loop.steps - before;
      const moved = r.reason === 'idle' ? ms! : cluster.clock.now() - from;
      io.out(`${describe(cluster)}  — advanced ${formatDuration(moved)}${moved === ms ? '' : ` of ${formatDuration(ms!)}`}, ${steps} step${steps === 1 ? '' : 's'} ran${r.reason === 'idle' ? '' : ` (stopped early: ${r.reason === 'break' ? 'a breakpoint' : r.reason})`}`);
    },
    complete: (words, partial) => (words.length === 0 ? ['advance'].filter((w) => w.startsWith(partial)) : ['10s', '30s', '1m', '5m'].filter((w) => w.startsWith(partial))),
  });
}

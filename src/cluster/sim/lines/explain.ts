// The `explain POD` line: the scheduler's last cycle for a pod, node by node — which Filter plugin rejected it
// and why (upstream's words), and for the nodes that passed, each Score plugin's normalized score, its weight,
// and the total the scheduler ranked them by.
import { ApiError } from '../../apiserver/api';
import type { Cluster } from '../cluster';
import { componentsOf } from '../components';
import { formatDuration } from '../clock';
import { LineError, lineFail } from '../shell';

const SHORT: Record<string, string> = {
  TaintToleration: 'TAINT',
  NodeAffinity: 'AFFINITY',
  NodeResourcesFit: 'FIT',
  PodTopologySpread: 'SPREAD',
  InterPodAffinity: 'PODAFFINITY',
  NodeResourcesBalancedAllocation: 'BALANCED',
  ImageLocality: 'IMAGE',
};

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd());
}

export function registerExplainLine(cluster: Cluster): void {
  cluster.shell.register({
    name: 'explain',
    summary: 'the scheduler’s last filter and score table for a pod',
    help: [
      'explain POD [-n NAMESPACE]',
      '  Shows kube-scheduler’s last scheduling cycle for POD: for each node, the first Filter plugin that rejected',
      '  it (with the reason FailedScheduling counts), or its scores — each Score plugin’s result (0–100) times the',
      '  plugin’s weight in the default profile, summed. The node with the highest total won (ties at random).',
    ].join('\n'),
    async run({ args, io }) {
      let ns = 'default';
      const names: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (a === '-n' || a === '--namespace') ns = args[++i] ?? lineFail('flag needs an argument: -n');
        else if (a.startsWith('--namespace=')) ns = a.slice(12);
        else names.push(a.replace(/^(pods?|po)\//, ''));
      }
      if (names.length !== 1) lineFail('explain needs one pod name, e.g. "explain nginx-7854ff8877-abcde"');
      const name = names[0]!;
      const sched = componentsOf(cluster)?.scheduler;
      if (!sched || !cluster.api) lineFail('there is no scheduler in this cluster (started with --bare?)');
      try {
        await cluster.api!.client('kubectl').get('pods', name, ns);
      } catch (err) {
        if (err instanceof ApiError && err.code === 404) throw new LineError(`Error from server (NotFound): pods "${name}" not found`);
        throw err;
      }
      const r = sched!.lastCycle(`${ns}/${name}`);
      if (!r) {
        io.out(`pod ${ns}/${name} has not been through a scheduling cycle since this cluster started (it may name its node, or was restored)`);
        return;
      }
      const ago = formatDuration(cluster.clock.now() - r.at);
      const outcome = r.suggestedHost ? `scheduled to ${r.suggestedHost}` : 'no node fits: the pod stays Pending';
      io.out(`Pod ${r.pod}: ${outcome}`);
      io.out(`Last scheduling cycle ${ago} ago (attempt ${r.attempt}); requests ${r.requests}`);
      io.out(`${r.numAllNodes} node(s); ${r.verdicts.filter((v) => v.evaluated).length} evaluated, ${r.feasible.length} feasible`);
      if (r.fitError) io.out(`FailedScheduling: ${r.fitError}`);
      for (const note of r.notes ?? []) io.out(note);
      io.out('');
      const plugins = r.scorePlugins;
      const header = ['NODE', 'FILTER', ...plugins.map((p) => `${SHORT[p.name] ?? p.name}(×${p.weight})`), 'TOTAL'];
      const rows: string[][] = [header];
      for (const v of r.verdicts) {
        const filter = !v.evaluated ? 'not evaluated (enough feasible nodes found)' : v.status ? `${v.status.plugin}: ${v.status.reasons.join(', ')}` : 'passed';
        const scores = v.scores
          ? plugins.map((p) => (v.scores!.byPlugin.has(p.name) ? String(v.scores!.byPlugin.get(p.name)) : 'skip'))
          : plugins.map(() => '-');
        const total = v.scores ? String(v.scores.total) : !v.status && v.evaluated && r.feasible.length === 1 ? '(only fit)' : '-';
        rows.push([v.node, filter, ...scores, total + (v.node === r.suggestedHost ? '  ← selected' : '')]);
      }
      for (const line of table(rows)) io.out(line);
      const skipped = r.numAllNodes - r.verdicts.length;
      if (skipped > 0) io.out(`… ${skipped} more node(s) not evaluated: ${r.feasible.length} feasible were enough (percentageOfNodesToScore)`);
      io.out('');
      io.out(
        `Scores: ${plugins.map((p) => `${SHORT[p.name] ?? p.name}=${p.name}`).join(', ')}; TOTAL = Σ score × weight` +
          (r.feasible.length === 1 ? '; with one feasible node the scheduler skips scoring' : ''),
      );
    },
    complete: (words, partial) => {
      if (words.length > 0) return [];
      return (componentsOf(cluster)?.scheduler?.explainedPods() ?? [])
        .filter((k) => k.startsWith('default/'))
        .map((k) => k.slice('default/'.length))
        .filter((n) => n.startsWith(partial));
    },
  });
}

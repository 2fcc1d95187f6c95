// Models staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go: kube-apiserver compacts etcd every 5 minutes
// (--etcd-compaction-interval). Each tick it bumps the key `compact_rev_key` in a txn guarded by that key's
// version (so that of several API servers only one compacts per interval) and compacts etcd up to the revision
// it saw at the previous tick: history older than one interval is dropped, so `etcdctl get --rev OLD` then
// answers "required revision has been compacted".
import type { Loop, Timer } from '../sim/loop';
import type { KV } from '../store/types';

export const COMPACT_REV_KEY = 'compact_rev_key';
export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60_000;

export class Compactor {
  /** compact_rev_key's version as of our last look (the "logical time" upstream calls t). */
  private version = 0;
  /** The revision seen at the previous tick: what the next tick compacts to. */
  private rev = 0;
  private timer: Timer | undefined;
  /** Revisions compacted to, in order (for tests and `status`). */
  readonly compactions: number[] = [];

  constructor(
    private readonly kv: KV,
    private readonly loop: Loop,
    readonly intervalMs = DEFAULT_COMPACTION_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.intervalMs > 0) this.schedule();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.loop.after(this.intervalMs, {
      component: 'kube-apiserver',
      kind: 'compact',
      phase: 'compact',
      title: this.rev ? `compactor: compact etcd to rev ${this.rev} (the revision 5 minutes ago)` : 'compactor: first tick, note the revision (nothing compacted on bootstrap)',
      run: async () => {
        const lines = await this.tick();
        this.schedule();
        return { lines };
      },
    });
  }

  /** One interval: the guarded txn on compact_rev_key, then Compact(previous revision). */
  async tick(): Promise<string[]> {
    const resp = await this.kv.txn({
      compare: [{ key: COMPACT_REV_KEY, target: 'VERSION', result: 'EQUAL', value: this.version }],
      success: [{ put: { key: COMPACT_REV_KEY, value: String(this.rev) } }],
      failure: [{ range: { key: COMPACT_REV_KEY } }],
    });
    const curRev = resp.header.revision;
    if (!resp.succeeded) {
      // Another API server compacted this interval (or the key was wiped): adopt its version and wait.
      const r = resp.responses[0];
      const kvs = r && 'range' in r ? r.range.kvs : [];
      this.version = kvs[0]?.version ?? 0;
      this.rev = curRev;
      return [`${COMPACT_REV_KEY} was at version ${this.version}: someone else compacted; next compaction to rev ${curRev}`];
    }
    this.version++;
    const target = this.rev;
    this.rev = curRev;
    if (target === 0) return [`put ${COMPACT_REV_KEY}; no compaction on bootstrap; next compaction to rev ${curRev}`];
    try {
      await this.kv.compact(target);
      this.compactions.push(target);
      return [`compacted etcd to rev ${target}`, `next compaction to rev ${curRev}`];
    } catch (err) {
      return [`compaction to rev ${target} failed: ${err instanceof Error ? err.message : String(err)}`];
    }
  }
}

// Raft's majority rule (etcd-io/raft quorum/majority.go: a proposal commits once more than half the voters
// have it) over the embedded store: `--store memory:N` runs N simulated members, so that stopping some shows
// quorum holding or failing exactly where a real etcd of N members would, without etcd installed.
//
// What it does not simulate: elections, replication lag, a lagging member catching up. Every member holds the
// same data; only whether a majority is up decides whether etcd answers.
import { StoreError, type EtcdMemberState, type EtcdMembers, type KV, type Member } from './types';

/** What a real member left without a quorum answers, after waiting for one that never comes. */
const NO_QUORUM = 'etcdserver: request timed out';

export function withSimulatedMembers(inner: KV, size: number): KV {
  return new QuorumStore(inner, size);
}

class QuorumStore implements KV {
  readonly kind = 'memory' as const;
  readonly members: EtcdMembers;
  private readonly up: boolean[];

  constructor(
    private readonly inner: KV,
    readonly size: number,
  ) {
    this.up = Array.from({ length: size }, () => true);
    const names = Array.from({ length: size }, (_, i) => `etcd-${i + 1}`);
    const index = (name: string) => {
      const i = names.indexOf(name);
      if (i < 0) throw new StoreError('invalid', `no etcd member "${name}" (members: ${names.join(', ')})`);
      return i;
    };
    this.members = {
      real: false,
      list: (): EtcdMemberState[] => names.map((name, i) => ({ name, up: this.up[i]!, endpoint: '' })),
      stop: async (name) => void (this.up[index(name)] = false),
      start: async (name) => void (this.up[index(name)] = true),
    };
  }

  get tree() {
    return this.inner.tree;
  }

  /** Linearizable reads and every write need a majority, as in etcd. */
  private quorum(): void {
    const live = this.up.filter(Boolean).length;
    if (live <= this.size / 2) throw new StoreError('timeout', NO_QUORUM);
  }

  private async guarded<T>(fn: () => Promise<T>): Promise<T> {
    this.quorum();
    return fn();
  }

  range: KV['range'] = (req) => this.guarded(() => this.inner.range(req));
  put: KV['put'] = (req) => this.guarded(() => this.inner.put(req));
  deleteRange: KV['deleteRange'] = (req) => this.guarded(() => this.inner.deleteRange(req));
  txn: KV['txn'] = (req) => this.guarded(() => this.inner.txn(req));
  compact: KV['compact'] = (rev, physical) => this.guarded(() => this.inner.compact(rev, physical));
  // A watch is served by the member the client talks to: it opens without a quorum (and sees no writes).
  watch: KV['watch'] = (req, onResponse) => this.inner.watch(req, onResponse);
  leaseGrant: KV['leaseGrant'] = (ttl, id) => this.guarded(() => this.inner.leaseGrant(ttl, id));
  leaseRevoke: KV['leaseRevoke'] = (id) => this.guarded(() => this.inner.leaseRevoke(id));
  leaseKeepAliveOnce: KV['leaseKeepAliveOnce'] = (id) => this.guarded(() => this.inner.leaseKeepAliveOnce(id));
  leaseTimeToLive: KV['leaseTimeToLive'] = (id, keys) => this.guarded(() => this.inner.leaseTimeToLive(id, keys));
  leaseLeases: KV['leaseLeases'] = () => this.guarded(() => this.inner.leaseLeases());
  status: KV['status'] = () => this.inner.status();
  snapshotSave: KV['snapshotSave'] = (path) => this.inner.snapshotSave(path);
  snapshotRestore: KV['snapshotRestore'] = (path) => this.guarded(() => this.inner.snapshotRestore(path));
  wipe: KV['wipe'] = () => this.inner.wipe();
  close: KV['close'] = () => this.inner.close();

  async memberList() {
    const { header, members } = await this.inner.memberList();
    const base = members[0];
    const list: Member[] = this.members.list().map((m, i) => ({
      // Deterministic ids in etcd's hex form, one per simulated member.
      id: i === 0 && base ? base.id : (BigInt('0x8e9e05c52164694d') + BigInt(i * 0x1111)).toString(),
      name: m.name,
      peerURLs: [`http://127.0.0.1:${2380 + i * 10}`],
      clientURLs: [`http://127.0.0.1:${2379 + i * 10}`],
      isLearner: false,
    }));
    return { header, members: list };
  }
}

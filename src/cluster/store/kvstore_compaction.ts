// Models etcd's mvcc/kvstore_compaction.go: after the index compacted, delete from the backend every revision
// at or below the compaction revision that the index no longer needs.
import type { Store } from './kvstore';
import type { KeyValue } from './types';
import type { RevisionSet } from './revision';

/**
 * Like etcd, looks at every stored revision up to `to` (not only those since the last compaction): a
 * revision kept last time, as the newest of its key then, may be superseded now.
 */
export function scheduleCompaction(s: Store, to: number, keep: RevisionSet): void {
  const drop = (main: number, changes: Array<KeyValue | undefined>) => {
    let left = 0;
    for (let sub = 0; sub < changes.length; sub++) {
      const kv = changes[sub];
      if (!kv) continue;
      if (keep.has(main, sub)) left++;
      else {
        s.bytes -= kv.key.length + kv.value.length + 32;
        changes[sub] = undefined;
      }
    }
    if (left === 0) s.backend.delete(main);
  };
  // The backend map holds revisions in ascending order (they are written, and restored, in order).
  for (const [main, changes] of s.backend) {
    if (main > to) break;
    drop(main, changes);
  }
}

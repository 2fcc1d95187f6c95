// Models etcd's mvcc/kvstore_compaction.go: after the index compacted, delete from the backend every revision
// at or below the compaction revision that the index no longer needs.
import type { Store } from './kvstore';
import type { KeyValue } from './types';

export function scheduleCompaction(s: Store, from: number, to: number, keep: Map<number, Set<number>>): void {
  const drop = (main: number, changes: Array<KeyValue | undefined>) => {
    const subs = keep.get(main);
    let left = 0;
    for (let sub = 0; sub < changes.length; sub++) {
      const kv = changes[sub];
      if (!kv) continue;
      if (subs?.has(sub)) left++;
      else {
        s.bytes -= kv.key.length + kv.value.length + 32;
        changes[sub] = undefined;
      }
    }
    if (left === 0) s.backend.delete(main);
  };
  // Walk the revisions in [from, to], or the backend's entries when that is shorter (after a large jump).
  if (to - from + 1 <= s.backend.size) {
    for (let main = from; main <= to; main++) {
      const changes = s.backend.get(main);
      if (changes) drop(main, changes);
    }
  } else {
    for (const [main, changes] of [...s.backend]) if (main <= to) drop(main, changes);
  }
}

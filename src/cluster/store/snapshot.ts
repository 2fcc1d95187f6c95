// Models etcd's snapshot save / restore (clientv3/snapshot): the whole backend — every kept revision, the
// compacted revision and the leases — written to one file and read back. Our format is JSON, not bbolt;
// restoring rebuilds the tree index from the stored revisions as etcd's store.restore does.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { Store } from './kvstore';
import { isTombstone } from './kvstore';
import type { Lessor } from './lessor';
import { StoreError, type KeyValue } from './types';

const FORMAT = 'kubetutor-mvcc-snapshot';

type KvTuple = [key: string, value: string, create: number, mod: number, version: number, lease: number];

interface SnapshotFile {
  format: typeof FORMAT;
  version: 1;
  revision: number;
  compactRevision: number;
  raftIndex: number;
  /** [main revision, changes by sub (null where compaction removed one)]. */
  revisions: Array<[number, Array<KvTuple | null>]>;
  leases: Array<[id: number, ttl: number]>;
}

export interface SnapshotContents {
  revision: number;
  compactRevision: number;
  raftIndex: number;
}

export function saveSnapshot(path: string, s: Store, lessor: Lessor, raftIndex: number): { bytes: number; revision: number } {
  const revisions: SnapshotFile['revisions'] = [];
  const mains = [...s.backend.keys()].sort((a, b) => a - b);
  for (const main of mains) {
    const changes = s.backend.get(main)!;
    revisions.push([main, changes.map((kv) => (kv ? [kv.key, kv.value, kv.createRevision, kv.modRevision, kv.version, kv.lease] : null))]);
  }
  const file: SnapshotFile = {
    format: FORMAT,
    version: 1,
    revision: s.currentRev,
    compactRevision: s.compactMainRev,
    raftIndex,
    revisions,
    leases: lessor.leases().map((l) => [l.id, l.ttl]),
  };
  const text = JSON.stringify(file);
  // As etcdctl: write PATH.part, then rename it into place, so a failed save leaves no half file at PATH.
  const part = `${path}.part`;
  try {
    writeFileSync(part, text);
  } catch (err) {
    throw new StoreError('invalid', `could not open ${part} (open ${part}: ${errnoText(err)})`);
  }
  try {
    renameSync(part, path);
  } catch (err) {
    throw new StoreError('invalid', `could not rename ${part} to ${path} (${errnoText(err)})`);
  }
  return { bytes: Buffer.byteLength(text), revision: s.currentRev };
}

export function readSnapshot(path: string): SnapshotFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new StoreError('invalid', `open ${path}: ${errnoText(err)}`);
  }
  // etcdctl first seeks to the sha256 at the file's end: a file shorter than one fails right there.
  if (statSync(path).size < 32) throw new StoreError('invalid', `seek ${path}: invalid argument`);
  let file: SnapshotFile | undefined;
  try {
    file = JSON.parse(text) as SnapshotFile;
  } catch {
    file = undefined;
  }
  if (file?.format !== FORMAT || file.version !== 1 || !wellFormed(file)) {
    // What etcdctl says of a file that is not a snapshot it saved.
    throw new StoreError('invalid', 'snapshot missing hash but --skip-hash-check=false');
  }
  return file;
}

/** Replaces the store's whole keyspace (and the lessor's leases) with the snapshot's. */
export function restoreSnapshot(file: SnapshotFile, s: Store, lessor: Lessor): SnapshotContents {
  s.clear();
  lessor.clear();
  s.currentRev = file.revision;
  s.compactMainRev = file.compactRevision;
  for (const [main, changes] of file.revisions) {
    const arr: Array<KeyValue | undefined> = changes.map((t) =>
      t ? { key: t[0], value: t[1], createRevision: t[2], modRevision: t[3], version: t[4], lease: t[5] } : undefined,
    );
    s.backend.set(main, arr);
    arr.forEach((kv, sub) => {
      if (!kv) return;
      s.bytes += kv.key.length + kv.value.length + 32;
      if (isTombstone(kv)) {
        s.kvindex.tombstone(kv.key, { main, sub });
        return;
      }
      s.kvindex.put(kv.key, { main, sub });
      // A generation whose first revisions were compacted away: take creation and version from the value.
      const ki = s.kvindex.keyIndex(kv.key)!;
      const g = ki.generations[ki.generations.length - 1]!;
      g.ver = kv.version;
      if (g.revs.length === 1) g.created = { main: kv.createRevision, sub: kv.createRevision === main ? sub : 0 };
    });
  }
  for (const [id, ttl] of file.leases) lessor.grant(id, ttl);
  // Re-attach the live keys to their leases.
  for (const [key, ki] of s.kvindex.tree.entries()) {
    const rev = ki.revisionAt(s.currentRev);
    const kv = rev && s.kvAt(rev);
    if (kv && kv.lease) lessor.attach(kv.lease, key);
  }
  return { revision: file.revision, compactRevision: file.compactRevision, raftIndex: file.raftIndex };
}

/** `no such file or directory`, `permission denied`… as Go's os errors read. */
function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return code ?? String(err);
  }
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/** Every field the restore reads has its type, so a restore never stops half way. */
function wellFormed(f: SnapshotFile): boolean {
  if (!isInt(f.revision) || !isInt(f.compactRevision) || !isInt(f.raftIndex)) return false;
  if (!Array.isArray(f.revisions) || !Array.isArray(f.leases)) return false;
  let last = 0;
  for (const entry of f.revisions) {
    if (!Array.isArray(entry) || !isInt(entry[0]) || entry[0] <= last || entry[0] > f.revision || !Array.isArray(entry[1])) return false;
    last = entry[0];
    for (const t of entry[1]) {
      if (t === null) continue;
      if (!Array.isArray(t) || typeof t[0] !== 'string' || typeof t[1] !== 'string' || !t.slice(2, 6).every(isInt) || t.length !== 6) return false;
    }
  }
  return f.leases.every((l) => Array.isArray(l) && isInt(l[0]) && isInt(l[1]));
}

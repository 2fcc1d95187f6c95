// Models etcd's mvcc/watchable_store.go: the store plus its watchers. A watcher whose start revision is
// already in the past is "unsynced" and catches up from the backend's history; once caught up it is
// "synced" and hears of each new revision as it commits. Every response reaches its watcher as one step
// of the loop (component etcd), never inline from the write that caused it.
import type { Loop } from '../sim/loop';
import type { Change, Store } from './kvstore';
import { isTombstone } from './kvstore';
import { Watcher, WatcherGroup } from './watcher_group';
import type { IndexEnd } from './index';
import { ERR_COMPACTED, type KeyValue, type ResponseHeader, type WatchEvent, type WatchResponse } from './types';

/** etcd sends at most this many revisions in one catch-up response (watchBatchMaxRevs). */
export const WATCH_BATCH_MAX_REVS = 1000;

export interface WatchOptions {
  key: string;
  end: IndexEnd;
  /** 0: from the next revision. */
  startRev: number;
  prevKv?: boolean;
  noPut?: boolean;
  noDelete?: boolean;
}

export class WatchableStore {
  readonly synced = new WatcherGroup('synced');
  readonly unsynced = new WatcherGroup('unsynced');
  private nextId = 0;
  private syncScheduled = false;
  /** Responses delivered so far (for status lines and the bench). */
  delivered = 0;

  constructor(
    readonly store: Store,
    readonly loop: Loop,
    private readonly header: (rev: number) => ResponseHeader,
  ) {
    store.onCommit = (rev, changes) => this.notify(rev, changes);
  }

  watch(opts: WatchOptions, respond: (resp: WatchResponse) => void): Watcher {
    const s = this.store;
    const startRev = opts.startRev;
    const w = new Watcher(this.nextId++, opts.key, opts.end, startRev, !!opts.prevKv, !!opts.noPut, !!opts.noDelete, respond);
    const synced = startRev > s.currentRev || startRev <= 0;
    if (synced) {
      w.minRev = Math.max(s.currentRev + 1, startRev);
      this.synced.add(w);
    } else {
      this.unsynced.add(w);
      this.scheduleSync();
    }
    return w;
  }

  cancel(w: Watcher): void {
    w.canceled = true;
    w.group?.delete(w);
  }

  get watcherCount(): number {
    return this.synced.size + this.unsynced.size;
  }

  /** A write txn committed `rev`: each synced watcher that cares gets one response with its events of rev. */
  private notify(rev: number, changes: Change[]): void {
    const group = this.synced;
    if (group.size === 0) return;
    // The common case — one change, one watcher — needs no batching map.
    let batches: Map<Watcher, Change[]> | undefined;
    let soleWatcher: Watcher | undefined;
    let soleChanges: Change[] | undefined;
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!;
      group.forKey(c.kv.key, (w) => {
        if (rev < w.minRev) return;
        if (soleWatcher === undefined && !batches) {
          soleWatcher = w;
          soleChanges = [c];
          return;
        }
        if (w === soleWatcher && !batches) {
          soleChanges!.push(c);
          return;
        }
        if (!batches) {
          batches = new Map();
          batches.set(soleWatcher!, soleChanges!);
        }
        const b = batches.get(w);
        if (b) b.push(c);
        else batches.set(w, [c]);
      });
    }
    if (batches) for (const [w, cs] of batches) this.deliver(w, rev, cs, rev);
    else if (soleWatcher) this.deliver(soleWatcher, rev, soleChanges!, rev);
  }

  /** Queues one response for `w` with the changes of revision(s) up to `lastRev`. */
  private deliver(w: Watcher, headerRev: number, changes: Change[], lastRev: number): void {
    w.minRev = lastRev + 1;
    const first = changes[0]!.kv;
    const more = changes.length > 1 ? ` +${changes.length - 1} more` : '';
    // etcd reads prev values as it sends, right after the write: read them now, before a later compaction.
    const prevs = w.prevKv ? changes.map((c) => this.prevKvOf(c)) : undefined;
    this.loop.enqueue({
      component: 'etcd',
      kind: 'watch-event',
      phase: 'watch',
      title: `watch ${w.id} ← rev ${first.modRevision}: ${isTombstone(first) ? 'DELETE' : 'PUT'} ${first.key}${more}`,
      run: () => {
        if (w.canceled) return { lines: [`watch ${w.id} was cancelled: response dropped`] };
        const events: WatchEvent[] = [];
        for (let i = 0; i < changes.length; i++) {
          const c = changes[i]!;
          const del = isTombstone(c.kv);
          if (del ? w.noDelete : w.noPut) continue;
          // Copies: a watcher may keep or change what it got without touching the backend.
          const ev: WatchEvent = { type: del ? 'DELETE' : 'PUT', kv: { ...c.kv } };
          const prev = prevs?.[i];
          if (prev) ev.prevKv = { ...prev };
          events.push(ev);
        }
        // A response whose events the filters all removed is not sent, as etcd's watcher.send.
        if (events.length === 0) return { lines: [`watch ${w.id}: every event filtered out`] };
        this.delivered++;
        w.respond({ header: this.header(headerRev), watchId: w.id, events });
        return {
          lines: events.length <= 3
            ? events.map((e) => `${e.type} ${e.kv.key} (mod ${e.kv.modRevision}) → watch ${w.id} ${w.describe()}`)
            : [`${events.length} events (revs ${events[0]!.kv.modRevision}..${events[events.length - 1]!.kv.modRevision}) → watch ${w.id} ${w.describe()}`],
        };
      },
    });
  }

  /** The key-value before a change, as etcd's watch server reads it (rev - 1; nothing once compacted). */
  private prevKvOf(c: Change): KeyValue | undefined {
    if (!c.prev) return undefined;
    const before = c.kv.modRevision - 1;
    if (before < this.store.compactMainRev) return undefined;
    // Written earlier in the same txn (a put, then a from-key delete): etcd reads rev - 1, before the txn.
    if (c.prev.main > before) {
      const r = this.store.kvindex.keyIndex(c.kv.key)?.get(before)?.modified;
      return r && this.store.kvAt(r);
    }
    return this.store.kvAt(c.prev);
  }

  private scheduleSync(): void {
    if (this.syncScheduled) return;
    this.syncScheduled = true;
    this.loop.enqueue({
      component: 'etcd',
      kind: 'watch-sync',
      phase: 'watch',
      title: `sync unsynced watchers from history (to rev ${this.store.currentRev})`,
      run: () => {
        this.syncScheduled = false;
        return this.syncWatchers();
      },
    });
  }

  /**
   * etcd's syncWatchers: cancels watchers whose next revision was compacted, sends the others the history
   * they missed (at most WATCH_BATCH_MAX_REVS revisions per response) and moves the caught-up ones to synced.
   */
  syncWatchers(): { lines: string[] } {
    const s = this.store;
    const curRev = s.currentRev;
    const compactRev = s.compactMainRev;
    const lines: string[] = [];
    let minRev = Infinity;
    for (const w of [...this.unsynced.watchers]) {
      if (w.minRev > curRev) {
        // Ahead of the store (after a restore to an older snapshot): wait as a synced watcher.
        this.unsynced.delete(w);
        this.synced.add(w);
        continue;
      }
      if (w.minRev < compactRev) {
        this.unsynced.delete(w);
        this.sendCompacted(w, curRev, compactRev);
        lines.push(`watch ${w.id}: start revision ${w.minRev} compacted (at ${compactRev}): cancelled`);
        continue;
      }
      minRev = Math.min(minRev, w.minRev);
    }
    if (this.unsynced.size === 0) return { lines };
    // One pass over the history every unsynced watcher needs, collecting per watcher.
    const batches = new Map<Watcher, Change[]>();
    const revsSeen = new Map<Watcher, number>();
    const lastRev = new Map<Watcher, number>();
    for (let rev = minRev; rev <= curRev; rev++) {
      const entries = s.backend.get(rev);
      if (!entries) continue;
      for (const kv of entries) {
        if (!kv) continue;
        this.unsynced.forKey(kv.key, (w) => {
          if (rev < w.minRev) return;
          const seen = revsSeen.get(w) ?? 0;
          const last = lastRev.get(w);
          if (last !== rev) {
            if (seen >= WATCH_BATCH_MAX_REVS) return;
            revsSeen.set(w, seen + 1);
            lastRev.set(w, rev);
          }
          let b = batches.get(w);
          if (!b) batches.set(w, (b = []));
          b.push(this.changeOf(kv));
        });
      }
    }
    for (const w of [...this.unsynced.watchers]) {
      const b = batches.get(w);
      const full = (revsSeen.get(w) ?? 0) >= WATCH_BATCH_MAX_REVS && lastRev.get(w)! < curRev;
      if (b) {
        lines.push(`watch ${w.id}: ${b.length} event(s) from history, revs ${w.minRev}..${full ? lastRev.get(w)! : curRev}`);
        this.deliver(w, curRev, b, full ? lastRev.get(w)! : curRev);
      } else w.minRev = curRev + 1;
      if (!full) {
        this.unsynced.delete(w);
        this.synced.add(w);
      }
    }
    if (this.unsynced.size > 0) this.scheduleSync();
    return { lines };
  }

  /** A change rebuilt from the backend (history replay): its previous revision from the index. */
  private changeOf(kv: KeyValue): Change {
    const prior = this.store.kvindex.keyIndex(kv.key)?.get(kv.modRevision - 1);
    return { kv, prev: prior?.modified };
  }

  private sendCompacted(w: Watcher, curRev: number, compactRev: number): void {
    w.canceled = true;
    this.loop.enqueue({
      component: 'etcd',
      kind: 'watch-event',
      phase: 'watch',
      title: `watch ${w.id} cancelled: required revision ${w.minRev} has been compacted (at ${compactRev})`,
      run: () => {
        w.respond({
          header: this.header(curRev),
          watchId: w.id,
          events: [],
          compactRevision: compactRev,
          canceled: true,
          cancelReason: ERR_COMPACTED,
        });
      },
    });
  }

  /**
   * The keyspace was replaced (snapshot restore) or wiped: every watcher goes back to unsynced and resumes
   * from its next revision, as a client's watch does when it reconnects to a restarted etcd.
   */
  resync(): void {
    for (const w of [...this.synced.watchers]) {
      this.synced.delete(w);
      this.unsynced.add(w);
    }
    if (this.unsynced.size > 0) this.scheduleSync();
  }

  /** Every watcher hears it was compacted away (used by wipe: the history it stood on is gone). */
  cancelAllCompacted(): void {
    const s = this.store;
    for (const g of [this.synced, this.unsynced]) {
      for (const w of [...g.watchers]) {
        g.delete(w);
        this.sendCompacted(w, s.currentRev, s.compactMainRev);
      }
    }
  }
}

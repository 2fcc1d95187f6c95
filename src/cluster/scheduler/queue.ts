// pkg/scheduler/backend/queue/scheduling_queue.go (PriorityQueue): activeQ (highest priority, then oldest first),
// backoffQ (a pod that failed waits 1 s, doubling per attempt up to 10 s) and unschedulablePods (waiting for a
// cluster event — a node added or changed, a pod deleted — that might make room; flushed after 5 minutes anyway).
import { Heap } from '../sim/heap';
import type { Pod } from '../apiserver/types';

export const POD_INITIAL_BACKOFF_MS = 1000;
export const POD_MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration */
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;

export interface QueuedPodInfo {
  key: string;
  pod: Pod;
  /** When it joined the queue the first time (activeQ's tie-break). */
  timestamp: number;
  attempts: number;
  /** When the last attempt failed. */
  lastFailure?: number;
  /** The plugins that rejected it last time (for `queues`). */
  unschedulablePlugins?: string[];
}

export type QueueName = 'activeQ' | 'backoffQ' | 'unschedulablePods';

/** One activeQ entry in the heap; stale once its key left activeQ or came back as a newer entry. */
interface ActiveEntry {
  info: QueuedPodInfo;
  priority: number;
  seq: number;
}

/** activeQ's order: the highest priority, then the oldest timestamp, then the first to arrive. */
function before(a: ActiveEntry, b: ActiveEntry): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.info.timestamp !== b.info.timestamp) return a.info.timestamp < b.info.timestamp;
  return a.seq < b.seq;
}

export class SchedulingQueue {
  private active = new Map<string, QueuedPodInfo>();
  /**
   * Speed: activeQ is a heap, as upstream's is. Popping by scanning every active pod made 10,000 pending pods
   * cost 50 million comparisons; entries that left activeQ are dropped lazily when they reach the top.
   */
  private heap = new Heap<ActiveEntry>(before);
  private live = new Map<string, ActiveEntry>();
  private seq = 0;
  private backoff = new Map<string, QueuedPodInfo>();
  private unschedulable = new Map<string, QueuedPodInfo>();
  /**
   * Unschedulable pods InterPodAffinity rejected: a pod newly bound anywhere may be the one their affinity waits
   * for (AssignedPodAdd is one of the plugin's EventsToRegister). Speed: a set, so a bind costs nothing when empty.
   */
  private waitingForPods = new Set<string>();
  /** Set when a cluster event moved pods while a cycle was running, so a failing pod retries soon. */
  private moveRequestCycle = -1;
  schedulingCycle = 0;

  constructor(
    private readonly now: () => number,
    /** Called when a pod enters activeQ (the scheduler queues one scheduling step per arrival). */
    private readonly onActive: () => void,
    /** Called when a pod enters backoffQ: the scheduler arms a short timer for `at`. */
    private readonly onBackoff: (key: string, at: number) => void,
  ) {}

  static backoffDuration(attempts: number): number {
    let d = POD_INITIAL_BACKOFF_MS;
    for (let i = 1; i < attempts; i++) {
      d *= 2;
      if (d > POD_MAX_BACKOFF_MS) return POD_MAX_BACKOFF_MS;
    }
    return d;
  }

  backoffExpiry(info: QueuedPodInfo): number {
    return (info.lastFailure ?? 0) + SchedulingQueue.backoffDuration(info.attempts);
  }

  where(key: string): QueueName | undefined {
    if (this.active.has(key)) return 'activeQ';
    if (this.backoff.has(key)) return 'backoffQ';
    if (this.unschedulable.has(key)) return 'unschedulablePods';
    return undefined;
  }

  /** A new pending pod, or an update to one: straight to activeQ unless it is waiting somewhere already. */
  add(key: string, pod: Pod): void {
    for (const q of [this.active, this.backoff, this.unschedulable]) {
      const info = q.get(key);
      if (info) {
        info.pod = pod;
        if (q === this.unschedulable && this.podChangedSpec(info.pod, pod)) this.moveOne(info);
        return;
      }
    }
    this.pushActive({ key, pod, timestamp: this.now(), attempts: 0 });
    this.onActive();
  }

  private podChangedSpec(a: Pod, b: Pod): boolean {
    return JSON.stringify(a.spec) !== JSON.stringify(b.spec) || JSON.stringify(a.metadata.labels) !== JSON.stringify(b.metadata.labels);
  }

  delete(key: string): void {
    this.active.delete(key);
    this.live.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.waitingForPods.delete(key);
  }

  private pushActive(info: QueuedPodInfo): void {
    this.active.set(info.key, info);
    const e: ActiveEntry = { info, priority: info.pod.spec.priority ?? 0, seq: this.seq++ };
    this.live.set(info.key, e);
    this.heap.push(e);
  }

  /** Pop: the highest priority, then the earliest. */
  pop(): QueuedPodInfo | undefined {
    for (;;) {
      const e = this.heap.pop();
      if (!e) return undefined;
      const key = e.info.key;
      if (this.live.get(key) !== e || !this.active.has(key)) continue; // left activeQ since
      this.live.delete(key);
      this.active.delete(key);
      e.info.attempts++;
      this.schedulingCycle++;
      return e.info;
    }
  }

  /** AddUnschedulableIfNotPresent: back to backoffQ if a move happened meanwhile, else unschedulablePods. */
  addUnschedulable(info: QueuedPodInfo, cycle: number, plugins: string[]): QueueName {
    info.lastFailure = this.now();
    info.unschedulablePlugins = plugins;
    if (this.moveRequestCycle >= cycle) {
      this.backoff.set(info.key, info);
      this.onBackoff(info.key, this.backoffExpiry(info));
      return 'backoffQ';
    }
    this.unschedulable.set(info.key, info);
    if (plugins.includes('InterPodAffinity')) this.waitingForPods.add(info.key);
    return 'unschedulablePods';
  }

  /** A failure that is not about fit (a bind error): retry after the backoff. */
  addBackoff(info: QueuedPodInfo): void {
    info.lastFailure = this.now();
    this.backoff.set(info.key, info);
    this.onBackoff(info.key, this.backoffExpiry(info));
  }

  private moveOne(info: QueuedPodInfo): void {
    this.unschedulable.delete(info.key);
    this.waitingForPods.delete(info.key);
    if (this.now() < this.backoffExpiry(info)) {
      this.backoff.set(info.key, info);
      this.onBackoff(info.key, this.backoffExpiry(info));
    } else {
      this.pushActive(info);
      this.onActive();
    }
  }

  /** MoveAllToActiveOrBackoffQueue: a cluster event might have made room for every unschedulable pod. */
  moveAllToActiveOrBackoff(): number {
    const n = this.unschedulable.size;
    for (const info of [...this.unschedulable.values()]) this.moveOne(info);
    this.moveRequestCycle = this.schedulingCycle;
    return n;
  }

  /**
   * AssignedPodAdd: `added` was bound; of the pods InterPodAffinity turned away, those whose queueing hint says
   * the new pod may help (`helps`: it matches their required affinity) get another try; the rest wait on.
   */
  moveOnAssignedPodAdd(added: Pod, helps: (waiting: Pod, added: Pod) => boolean): number {
    if (this.waitingForPods.size === 0) return 0;
    const infos = [...this.waitingForPods].map((k) => this.unschedulable.get(k)).filter((i): i is QueuedPodInfo => !!i && helps(i.pod, added));
    if (infos.length === 0) return 0;
    for (const info of infos) this.moveOne(info);
    this.moveRequestCycle = this.schedulingCycle;
    return infos.length;
  }

  /** flushBackoffQCompleted for one pod whose timer fired. */
  flushBackoff(key: string): boolean {
    const info = this.backoff.get(key);
    if (!info || this.now() < this.backoffExpiry(info)) return false;
    this.backoff.delete(key);
    this.pushActive(info);
    this.onActive();
    return true;
  }

  /** flushUnschedulablePodsLeftover: pods stuck for 5 minutes get another try. */
  flushUnschedulableLeftover(): number {
    let n = 0;
    for (const info of [...this.unschedulable.values()])
      if (this.now() - (info.lastFailure ?? 0) >= POD_MAX_IN_UNSCHEDULABLE_MS) {
        this.moveOne(info);
        n++;
      }
    return n;
  }

  get unschedulableCount(): number {
    return this.unschedulable.size;
  }

  /** For `queues`. */
  describe(): string[] {
    const out: string[] = [];
    for (const i of this.active.values()) out.push(`activeQ ${i.key}`);
    for (const i of this.backoff.values()) out.push(`backoffQ ${i.key} (attempt ${i.attempts}, until +${Math.max(0, this.backoffExpiry(i) - this.now())}ms)`);
    for (const i of this.unschedulable.values()) out.push(`unschedulablePods ${i.key} (${(i.unschedulablePlugins ?? []).join(', ') || 'unschedulable'})`);
    return out;
  }
}

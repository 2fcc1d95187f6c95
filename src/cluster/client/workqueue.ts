// Models client-go util/workqueue: queue.go (dirty and processing sets: a key is queued once, and never handed
// to two workers at once), delaying_queue.go (AddAfter on the virtual clock), rate_limiting_queue.go and
// default_rate_limiters.go (per-item exponential backoff 5 ms doubling to 1000 s, max'd with a 10 qps / burst
// 100 token bucket: DefaultControllerRateLimiter).
import type { Loop, Timer } from '../sim/loop';
import type { WorkQueue } from './types';

/** workqueue.TypedRateLimiter */
export interface RateLimiter {
  /** How long `item` should wait before its next try (counts a failure). */
  when(item: string): number;
  forget(item: string): void;
  numRequeues(item: string): number;
}

/** ItemExponentialFailureRateLimiter: base · 2^failures, capped. */
export class ItemExponentialFailureRateLimiter implements RateLimiter {
  private failures = new Map<string, number>();
  constructor(
    readonly baseDelayMs = 5,
    readonly maxDelayMs = 1000_000,
  ) {}
  when(item: string): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseDelayMs * 2 ** exp;
    return backoff > this.maxDelayMs ? this.maxDelayMs : backoff;
  }
  forget(item: string): void {
    this.failures.delete(item);
  }
  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }
}

/** BucketRateLimiter: golang.org/x/time/rate's token bucket, on the virtual clock. */
export class BucketRateLimiter implements RateLimiter {
  private tokens: number;
  private last: number;
  constructor(
    private readonly now: () => number,
    readonly qps = 10,
    readonly burst = 100,
  ) {
    this.tokens = burst;
    this.last = now();
  }
  when(_item: string): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }
  forget(): void {}
  numRequeues(): number {
    return 0;
  }
}

/** MaxOfRateLimiter: the longest wait of several limiters. */
export class MaxOfRateLimiter implements RateLimiter {
  constructor(private readonly limiters: RateLimiter[]) {}
  when(item: string): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }
  forget(item: string): void {
    for (const l of this.limiters) l.forget(item);
  }
  numRequeues(item: string): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/** workqueue.DefaultTypedControllerRateLimiter. */
export function defaultControllerRateLimiter(loop: Loop): RateLimiter {
  return new MaxOfRateLimiter([new ItemExponentialFailureRateLimiter(5, 1000_000), new BucketRateLimiter(() => loop.now(), 10, 100)]);
}

/** Delays up to this are short waits (a retry backoff); longer ones wait for `time advance`. */
export const SHORT_WAIT_MS = 10_000;

export interface WorkQueueOptions {
  rateLimiter?: RateLimiter;
  /** Register with `loop.registerQueue(name, …)` so `queues` shows the keys (default true). */
  register?: boolean;
}

/**
 * A rate-limiting, delaying work queue of keys. `get` hands out the next key and marks it processing; a key
 * added while it is processing is only marked dirty and comes back after `done`.
 */
export class RateLimitingQueue implements WorkQueue {
  private queue: string[] = [];
  private head = 0;
  private dirty = new Set<string>();
  private processing = new Set<string>();
  private waiting = new Map<string, Timer>();
  private shuttingDown = false;
  readonly rateLimiter: RateLimiter;
  /** Called each time a key joins the queue (the worker helper schedules one reconcile step per key). */
  onQueued: (key: string) => void = () => undefined;

  constructor(
    readonly name: string,
    private readonly loop: Loop,
    opts: WorkQueueOptions = {},
  ) {
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter(loop);
    if (opts.register ?? true) loop.registerQueue(name, () => this.describe());
  }

  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.onQueued(key);
  }

  /** Hands out the next key (undefined when empty) and marks it processing. */
  get(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  /** The worker finished `key`; if it was re-added meanwhile it goes back in the queue now. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) {
      this.queue.push(key);
      this.onQueued(key);
    }
  }

  isProcessing(key: string): boolean {
    return this.processing.has(key);
  }

  /**
   * AddAfter: the key joins the queue once `delayMs` of virtual time has passed (the earliest wins). Waits up to
   * SHORT_WAIT_MS (retry backoffs) are short waits that `run` passes through; longer ones (a progress deadline,
   * a resync) wait for `time advance`, like any periodic timer. `opts.short` overrides.
   */
  addAfter(key: string, delayMs: number, opts: { short?: boolean } = {}): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.loop.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing) {
      if (existing.at <= at) return;
      existing.cancel();
    }
    const timer = this.loop.after(
      delayMs,
      {
        component: this.name,
        kind: 'timer',
        title: `${this.name}: requeue ${key} after ${delayMs} ms`,
        run: () => {
          if (this.waiting.get(key) === timer) this.waiting.delete(key);
          this.add(key);
        },
      },
      { short: opts.short ?? delayMs <= SHORT_WAIT_MS },
    );
    this.waiting.set(key, timer);
  }

  addRateLimited(key: string): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  len(): number {
    return this.queue.length - this.head;
  }

  pending(): string[] {
    return this.queue.slice(this.head);
  }

  /** For `queues`: queued keys, then those being processed and those waiting out a backoff. */
  describe(): string[] {
    const out = this.pending();
    for (const k of this.processing) out.push(`${k} (processing)`);
    const now = this.loop.now();
    for (const [k, t] of this.waiting) out.push(`${k} (in ${t.at - now} ms)`);
    return out;
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const t of this.waiting.values()) t.cancel();
    this.waiting.clear();
    this.loop.unregisterQueue(this.name);
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}

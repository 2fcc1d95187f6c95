// The one virtual clock of the mini-cluster (stands in for k8s.io/utils/clock's Clock, whose fake is what
// upstream tests use). Time moves only when the loop advances it, so a script is exactly reproducible.

/** The virtual epoch: the mini-cluster's "now" starts here, so timestamps read like a real cluster's. */
export const EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

export class VirtualClock {
  private ms: number;

  constructor(startMs: number = EPOCH_MS) {
    this.ms = startMs;
  }

  /** Milliseconds since the Unix epoch, virtual. */
  now(): number {
    return this.ms;
  }

  /** Milliseconds since the cluster booted. */
  elapsed(): number {
    return this.ms - EPOCH_MS;
  }

  /** RFC 3339 in whole seconds, as Kubernetes prints metav1.Time. */
  rfc3339(ms: number = this.ms): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Only the loop moves time, and never backwards. */
  set(ms: number): void {
    if (ms > this.ms) this.ms = ms;
  }
}

/** Parses `30s`, `5m`, `1h30m`, `250ms`, `2m30s`; a bare number means seconds. Returns ms or undefined. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(parseFloat(t) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    const n = parseFloat(m[1]!);
    total += n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[m[2] as 'ms' | 's' | 'm' | 'h'];
    matched = re.lastIndex;
  }
  return matched === t.length && matched > 0 ? Math.round(total) : undefined;
}

/**
 * Go's time.Duration.String() for a whole number of milliseconds: 0s, 400ms, 2.233s, 1m20s, 5m0s, 1h0m0s — the
 * form the kubelet's and the scheduler's messages print durations in.
 */
export function goDuration(ms: number): string {
  const whole = Math.floor(ms);
  if (whole === 0) return '0s';
  if (whole < 1000) return `${whole}ms`;
  const h = Math.floor(whole / 3_600_000);
  const m = Math.floor((whole % 3_600_000) / 60_000);
  const s = `${((whole % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
  if (h) return `${h}h${m}m${s}`;
  return m ? `${m}m${s}` : s;
}

/** A duration in whole seconds as Go prints it (1m30s, 45s, 2h0m0s); below a second, in milliseconds. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : goDuration(Math.floor(ms / 1000) * 1000);
}

/** kubectl's AGE column (duration.HumanDuration in apimachinery): up to a second in the future is `0s`. */
export function formatAge(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

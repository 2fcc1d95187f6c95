// Just enough of apimachinery's resource.Quantity for describe: parse `500m`, `2`, `128Mi`, `1G`, add, and
// print back in the canonical form (`250m`, `1`, `64Mi`).

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value in milli-units (cpu) or milli-bytes, so that `100m` stays exact. */
export function parseMilli(q: string | undefined): number {
  if (!q) return 0;
  const m = String(q).trim().match(/^([+-]?\d+(?:\.\d+)?)([a-zA-Z]*)$/);
  if (!m) return 0;
  const n = parseFloat(m[1]!);
  const suffix = m[2]!;
  if (suffix in BINARY) return Math.round(n * BINARY[suffix]! * 1000);
  if (suffix in DECIMAL) return Math.round(n * DECIMAL[suffix]! * 1000);
  return 0;
}

/** Canonical text: `0`, `250m`, `2`, and for byte-like values the largest exact binary suffix (`128Mi`). */
export function formatMilli(milli: number, binary: boolean): string {
  if (milli === 0) return '0';
  if (milli % 1000 !== 0) return `${milli}m`;
  const v = milli / 1000;
  if (binary) {
    for (const s of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      const f = BINARY[s]!;
      if (v >= f && v % f === 0) return `${v / f}${s}`;
    }
  }
  return String(v);
}

export function formatResource(name: string, milli: number): string {
  return formatMilli(milli, name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'));
}

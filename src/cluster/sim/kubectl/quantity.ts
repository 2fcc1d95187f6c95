// Just enough of apimachinery's resource.Quantity for describe (k8s.io/apimachinery/pkg/api/resource/quantity.go):
// parse `500m`, `2`, `128Mi`, `1G`, `1e3`, remember the format the value was written in (BinarySI, DecimalSI,
// DecimalExponent), add, and print back as Quantity.String() does (`250m`, `1`, `64Mi`, `128M`, `2k`).

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** A quantity in milli-units (cpu) or milli-bytes, so that `100m` stays exact, and the format it came in. */
export interface Quantity {
  milli: number;
  format: QuantityFormat;
}

export function parseQuantity(q: string | number | undefined): Quantity {
  if (q === undefined || q === '') return { milli: 0, format: 'DecimalSI' };
  const m = String(q).trim().match(/^([+-]?\d+(?:\.\d+)?|[+-]?\.\d+)(?:([eE][+-]?\d+)|([a-zA-Z]*))$/);
  if (!m) return { milli: 0, format: 'DecimalSI' };
  const n = parseFloat(m[1]!);
  if (m[2]) return { milli: Math.round(n * 10 ** parseInt(m[2].slice(1), 10) * 1000), format: 'DecimalExponent' };
  const suffix = m[3] ?? '';
  if (suffix in BINARY) return { milli: Math.round(n * BINARY[suffix]! * 1000), format: 'BinarySI' };
  if (suffix in DECIMAL) return { milli: Math.round(n * DECIMAL[suffix]! * 1000), format: 'DecimalSI' };
  return { milli: 0, format: 'DecimalSI' };
}

/** The value in milli-units (cpu) or milli-bytes. */
export function parseMilli(q: string | number | undefined): number {
  return parseQuantity(q).milli;
}

/** Quantity.Add: the sum keeps the format of the receiver (the first value). */
export function addQuantity(a: Quantity | undefined, b: Quantity): Quantity {
  return a ? { milli: a.milli + b.milli, format: a.format } : { ...b };
}

/**
 * Quantity.String(): BinarySI picks the largest power of 1024 that divides the value (values under 1024 or
 * with a fraction fall back to DecimalSI); DecimalSI and DecimalExponent strip trailing zeros into an exponent
 * that is a multiple of three (`128M`, `2k`, `1500m`, `1e3`).
 */
export function formatQuantity(q: Quantity): string {
  const { milli } = q;
  if (milli === 0) return '0';
  let format = q.format;
  if (format === 'BinarySI' && (Math.abs(milli) < 1024 * 1000 || milli % 1000 !== 0)) format = 'DecimalSI';
  if (format === 'BinarySI') {
    const v = milli / 1000;
    for (const s of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      const f = BINARY[s]!;
      if (v % f === 0) return `${v / f}${s}`;
    }
    return String(v);
  }
  let mantissa = milli;
  let exp = -3;
  while (mantissa % 10 === 0) {
    mantissa /= 10;
    exp++;
  }
  const rem = ((exp % 3) + 3) % 3;
  mantissa *= 10 ** rem;
  exp -= rem;
  if (format === 'DecimalExponent') return exp === 0 ? String(mantissa) : `${mantissa}e${exp}`;
  return `${mantissa}${DECIMAL_SUFFIX[exp] ?? `e${exp}`}`;
}

/** A quantity as written in a spec, printed back as the API server would return it. */
export function canonicalQuantity(q: string | number | undefined): string {
  return formatQuantity(parseQuantity(q));
}

/** Canonical text of a bare milli value: binary suffixes for byte-like resources, as describe printed before. */
export function formatMilli(milli: number, binary: boolean): string {
  return formatQuantity({ milli, format: binary ? 'BinarySI' : 'DecimalSI' });
}

export function formatResource(name: string, milli: number): string {
  return formatMilli(milli, name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'));
}

// A small benchmark harness: sections register themselves, each reports figures (a value, its unit, a goal
// and whether it met it); `bench.ts` runs them and prints a table or JSON.
import { performance } from 'node:perf_hooks';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The goal in words, e.g. "≤ 5 µs". Absent: a figure shown for information. */
  goal?: string;
  /** Whether the goal held (absent when there is no goal). */
  ok?: boolean;
  /** Context for the reader, e.g. upstream's figure to compare with. */
  note?: string;
}

export interface SectionResult {
  section: string;
  figures: Figure[];
  ms: number;
  error?: string;
}

interface Section {
  name: string;
  fn: () => void | Promise<void>;
}

const sections: Section[] = [];

/** `--quick`: sections run smaller sizes (a smoke run); figures whose goal needs the full size say so. */
export const quick = process.argv.includes('--quick');
let current: Figure[] | undefined;

/** Registers a section; `fn` calls figure() for each measurement. */
export function section(name: string, fn: () => void | Promise<void>): void {
  sections.push({ name, fn });
}

/** Records a figure in the section running now. */
export function figure(f: Figure): void {
  if (!current) throw new Error('figure() called outside a section');
  current.push(f);
}

/** CPU time this process has used, in µs. */
export function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * Time of one call of `fn` in µs: a warm-up, then the best of `rounds` short rounds (each `iterations /
 * rounds` calls), each timed by this process's CPU time (user + system, GC threads included) — not wall
 * time, which on a shared two-core machine mostly measures the other processes. Short rounds and the best
 * of them keep one unlucky slice from deciding the figure.
 */
export function microsPerOp(fn: (i: number) => void, iterations: number, rounds = 25): number {
  for (let i = 0; i < Math.min(iterations, 2000); i++) fn(i);
  const per = Math.max(1, Math.floor(iterations / rounds));
  let best = Infinity;
  let i = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = cpuMicros();
    for (let j = 0; j < per; j++, i++) fn(i);
    best = Math.min(best, (cpuMicros() - t0) / per);
  }
  return best;
}

/** The same for an async operation. */
export async function microsPerOpAsync(fn: (i: number) => Promise<unknown>, iterations: number, rounds = 25): Promise<number> {
  for (let i = 0; i < Math.min(iterations, 2000); i++) await fn(i);
  const per = Math.max(1, Math.floor(iterations / rounds));
  let best = Infinity;
  let i = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = cpuMicros();
    for (let j = 0; j < per; j++, i++) await fn(i);
    best = Math.min(best, (cpuMicros() - t0) / per);
  }
  return best;
}

export async function runSections(only?: string[]): Promise<SectionResult[]> {
  const results: SectionResult[] = [];
  for (const s of sections) {
    if (only?.length && !only.includes(s.name)) continue;
    current = [];
    const t0 = performance.now();
    const r: SectionResult = { section: s.name, figures: current, ms: 0 };
    try {
      await s.fn();
    } catch (err) {
      r.error = err instanceof Error ? err.message : String(err);
    }
    r.ms = Math.round(performance.now() - t0);
    current = undefined;
    results.push(r);
  }
  return results;
}

export function sectionNames(): string[] {
  return sections.map((s) => s.name);
}

function fmt(v: number): string {
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** The table: section, figure, value, unit, goal, pass/fail. */
export function formatTable(results: SectionResult[]): string {
  const rows: string[][] = [['SECTION', 'FIGURE', 'VALUE', 'UNIT', 'GOAL', 'RESULT', 'NOTES']];
  for (const r of results) {
    for (const f of r.figures) {
      rows.push([r.section, f.name, fmt(f.value), f.unit, f.goal ?? '', f.ok === undefined ? '' : f.ok ? 'pass' : 'FAIL', f.note ?? '']);
    }
    if (r.error) rows.push([r.section, 'error', '', '', '', 'FAIL', r.error]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows
    .map((row) => row.map((cell, c) => (c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd())
    .join('\n');
}

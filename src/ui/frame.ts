// The TUI's frame as plain data: rows of styled spans, each row cut to the terminal's width. A pure function of a
// Snapshot with no Ink or React in it, so the same frame is painted twice: as ANSI text the moment the cluster
// is up (`paint`), and by Ink (views.tsx) once Ink has loaded, over the same cells, so nothing moves.
import type { NodeView, Snapshot } from './model';

export interface FrameProps {
  snap: Snapshot;
  /** The last command's output (stdout and stderr), oldest first. */
  output: string[];
  /** The `:` command line being typed, or undefined when closed. */
  prompt?: string;
  /** Shown in the footer while a step or run is under way. */
  busy?: boolean;
  /** The step a long run has reached. */
  progress?: number;
  cols: number;
  rows: number;
  colour: boolean;
}

export interface Span {
  text: string;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
  color?: 'cyan' | 'yellow';
}

/** One terminal row; never empty (an empty row is one space, so that Ink gives it its line). */
export type Row = Span[];

/** What the output pane says before the first command. */
export const WELCOME = 'kubetutor cluster: mode step — press s to run one step, r to run until idle, : to type any line';

export interface Layout {
  /** Rows of the whole frame: one less than the terminal, so Ink never scrolls. */
  height: number;
  colWidth: number;
  top: number;
  bottom: number;
  output: number;
}

/** `outputLines`: how many lines the last command printed; the output pane grows for it, the panes above shrink. */
export function layout(cols: number, rows: number, outputLines = 0): Layout {
  const height = Math.max(10, rows - 1);
  const base = Math.max(3, Math.min(12, Math.floor(height / 4)));
  // The output pane grows for a long answer, up to half the frame: the panes above stay readable.
  const output = Math.max(base, Math.min(outputLines + 1, Math.floor((height - 2) / 2)));
  const body = height - 2 - output; // header, footer
  const top = Math.ceil(body / 2);
  return { height, colWidth: Math.max(20, Math.floor(cols / 2)), top, bottom: body - top, output };
}

/**
 * The whole frame, `layout().height` rows: header; nodes and pods beside the events (etcd → watch cache →
 * watchers); queues beside the last reconcile (observe / compare / act); the output pane; the footer.
 */
export function frame(p: FrameProps): Row[] {
  const { snap, cols, colour } = p;
  const l = layout(cols, p.rows, lastCommand(p.output).length);
  const title = (text: string): Span => ({ text, bold: true, ...(colour ? { color: 'cyan' as const } : {}) });
  const left = l.colWidth - 1; // one column between the two halves
  const right = cols - l.colWidth;
  const upper = [pane(title('nodes and pods'), nodeLines(snap), l.top, left), pane(title('events: etcd → watch cache → watchers'), snap.events, l.top, right, true)];
  const lower = [pane(title('queues'), snap.queues, l.bottom, left), pane(title('reconcile: observe / compare / act'), reconcileLines(snap), l.bottom, right)];
  const side = ([a, b]: Row[][]) => a!.map((row, i) => [...pad(row, l.colWidth), ...b![i]!]);
  return [
    header(snap, cols, colour),
    ...side(upper),
    ...side(lower),
    ...pane(title('output'), outputLines(p.output, l.output - 1), l.output, cols),
    footer(p),
  ].map((row) => (row.length ? row : [{ text: ' ' }]));
}

function header(snap: Snapshot, cols: number, colour: boolean): Row {
  // A stop at a breakpoint comes right after the counters, so a narrow terminal still shows it.
  const stop = snap.stopped ? [`● ${snap.stopped}`] : [];
  const head = [`step ${snap.step}`, `rev ${snap.revision}`, ...stop];
  const tail = [`mode ${snap.mode}`, snap.store];
  let text = ` kubetutor │ ${[...head, snap.elapsed, ...tail].join(' │ ')} `;
  // The full virtual time when there is room for it (it is what creationTimestamps show).
  const full = ` kubetutor │ ${[...head, `${snap.elapsed} (${snap.time})`, ...tail].join(' │ ')} `;
  if (full.length <= cols) text = full;
  return fit([{ text: text.padEnd(cols), bold: true, ...(colour ? { inverse: true } : {}) }], cols);
}

/** A pane of `height` rows: its title, then as many lines as fit (the newest ones when `tail`), each cut to `width`. */
function pane(title: Span, lines: string[], height: number, width: number, tail = false): Row[] {
  const room = Math.max(0, height - 1);
  let shown: string[];
  if (lines.length <= room) shown = lines;
  else if (tail) shown = lines.slice(-room);
  else shown = [...lines.slice(0, room - 1), `… ${lines.length - room + 1} more`];
  const rows: Row[] = [fit([title], width), ...shown.map((line) => fit([{ text: line }], width))];
  while (rows.length < height) rows.push([]);
  return rows.slice(0, height);
}

function footer({ prompt, busy, progress, snap, colour, cols }: FrameProps): Row {
  if (prompt !== undefined) {
    return fit([
      { text: ':', bold: true, ...(colour ? { color: 'yellow' as const } : {}) },
      { text: prompt },
      { text: ' ', inverse: true },
      { text: '   Enter runs · Esc closes', dim: true },
    ], cols);
  }
  const n = snap.breakpoints.length;
  const keys = ` s step · r run · b breakpoints · : command · q quit${n ? ` · ${n} breakpoint${n === 1 ? '' : 's'}` : ''}`;
  return fit([{ text: busy ? ` running…${progress !== undefined ? ` step ${progress}` : ''} (Ctrl-C quits)` : keys, ...(colour ? { dim: true } : {}) }], cols);
}

/** A node, then its pods indented; pods with no node yet come last. */
export function nodeLines(snap: Snapshot): string[] {
  if (snap.bare) return ['bare: an etcd alone, no nodes', 'try: etcdctl put /a 1'];
  const out: string[] = [];
  const state = (n: NodeView) => `${n.ready}${n.unschedulable ? ',SchedulingDisabled' : ''}`;
  for (const n of snap.nodes) {
    out.push(`${n.name}  ${state(n)}  ${n.pods.length} pod${n.pods.length === 1 ? '' : 's'}`);
    for (const p of n.pods) out.push(`  ${p.name}  ${p.phase}`);
  }
  if (!snap.nodes.length) out.push('no nodes registered yet');
  if (snap.pending.length) {
    out.push(`unscheduled  ${snap.pending.length} pod${snap.pending.length === 1 ? '' : 's'}`);
    for (const p of snap.pending) out.push(`  ${p.name}  ${p.phase}`);
  }
  return out;
}

export function reconcileLines(snap: Snapshot): string[] {
  const out = [snap.next];
  if (snap.reconcile) out.push(snap.reconcile.title, ...snap.reconcile.lines);
  else out.push('no reconcile has run yet: press s to step');
  return out;
}

/**
 * The output pane: the last command from its `$ LINE` on (a table's header matters more than its end), with
 * earlier output above it when there is room; cut with "… N more lines" when it does not fit.
 */
export function outputLines(output: string[], room: number): string[] {
  const last = lastCommand(output);
  if (last.length <= room) return output.slice(Math.max(0, output.length - room));
  return [...last.slice(0, room - 1), `… ${last.length - room + 1} more lines (:${last[0]!.slice(2)} in a wider terminal, or the REPL)`];
}

/** The last command's `$ LINE` and what it printed. */
function lastCommand(output: string[]): string[] {
  let start = output.length - 1;
  while (start > 0 && !output[start]!.startsWith('$ ')) start--;
  return output.slice(Math.max(0, start));
}

/**
 * Terminal cells of one code point, as string-width (Ink's measure) counts them for what a cluster prints:
 * controls and combining marks take none, East Asian wide and fullwidth characters and emoji take two.
 */
function cells(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (cp < 0x1100) return 1;
  const wide =
    cp <= 0x115f ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

export function width(text: string): number {
  let n = 0;
  for (const ch of text) n += cells(ch.codePointAt(0)!);
  return n;
}

/** Cuts a row to `max` cells the way Ink's wrap="truncate" does: what fits of `max - 1` cells, then `…`. */
export function fit(row: Row, max: number): Row {
  if (row.reduce((n, s) => n + width(s.text), 0) <= max) return row;
  const out: Row = [];
  let room = max - 1;
  for (const span of row) {
    let text = '';
    for (const ch of span.text) {
      const w = cells(ch.codePointAt(0)!);
      if (w > room) break;
      text += ch;
      room -= w;
    }
    if (text) out.push({ ...span, text });
    if (text !== span.text) break;
  }
  out.push({ text: '…' });
  return out;
}

/** A row padded with spaces to `cols` cells (the left half, before the right one starts). */
function pad(row: Row, cols: number): Row {
  const w = row.reduce((n, s) => n + width(s.text), 0);
  return w < cols ? [...row, { text: ' '.repeat(cols - w) }] : row;
}

/** SGR codes as chalk writes them: bold/dim close with 22, inverse with 27, a colour with 39. */
const SGR = { bold: ['1', '22'], dim: ['2', '22'], inverse: ['7', '27'], cyan: ['36', '39'], yellow: ['33', '39'] } as const;

/**
 * The frame as text for a terminal, from the top-left corner, each row cleared to its end. Without colour no
 * escape code styles anything (as Ink draws it with chalk at level 0).
 */
export function paint(rows: Row[], colour: boolean): string {
  const styled = (s: Span) => {
    if (!colour) return s.text;
    const on = [s.bold && SGR.bold, s.dim && SGR.dim, s.inverse && SGR.inverse, s.color && SGR[s.color]].filter((x): x is (typeof SGR)[keyof typeof SGR] => Boolean(x));
    if (!on.length) return s.text;
    return `\x1b[${on.map((c) => c[0]).join(';')}m${s.text}${on.map((c) => `\x1b[${c[1]}m`).reverse().join('')}`;
  };
  return `\x1b[H${rows.map((row) => `${row.map(styled).join('')}\x1b[K`).join('\r\n')}`;
}

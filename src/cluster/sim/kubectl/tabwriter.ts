// Go's text/tabwriter as kubectl uses it (k8s.io/cli-runtime/pkg/printers/tabwriter.go for tables: minwidth 6,
// padding 3, RememberWidths; kubectl/pkg/describe's tabbedString: minwidth 0, padding 2). Cells end at a tab;
// the text after a line's last tab is not part of any column. A column's width is set per *column block*: the
// run of consecutive lines that all have a cell in that column — which is why a describe line without a tab
// ("IPs:") restarts the alignment of the lines below it.

export interface TabWriterOptions {
  minWidth: number;
  padding: number;
  /** Keep column widths across flushes (kubectl get --watch: later rows line up with the first table). */
  rememberWidths?: boolean;
}

export const TABLE_OPTIONS: TabWriterOptions = { minWidth: 6, padding: 3, rememberWidths: true };
export const DESCRIBE_OPTIONS: TabWriterOptions = { minWidth: 0, padding: 2 };

export class TabWriter {
  private buf = '';
  private remembered: number[] = [];

  constructor(private readonly opts: TabWriterOptions) {}

  write(text: string): void {
    this.buf += text;
  }

  /** Forgets remembered widths (kubectl does so when it moves on to another resource type). */
  resetWidths(): void {
    this.remembered = [];
  }

  /** Formats what was written since the last flush and returns it. */
  flush(): string {
    const text = this.buf;
    this.buf = '';
    if (text === '') return '';
    const endsWithNewline = text.endsWith('\n');
    const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
    const lines = rawLines.map((l) => l.split('\t'));
    const widths: number[] = [];
    const out: string[] = [];
    this.format(lines, 0, lines.length, widths, out);
    return out.join('\n') + (endsWithNewline ? '\n' : '');
  }

  private format(lines: string[][], line0: number, line1: number, widths: number[], out: string[]): void {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      // a column block starts here: print the lines before it with the widths known so far
      this.writeLines(lines, start, i, widths, out);
      start = i;
      let width = this.opts.minWidth;
      for (; i < line1; i++) {
        const cells = lines[i]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, textWidth(cells[column]!) + this.opts.padding);
      }
      if (this.opts.rememberWidths) {
        width = Math.max(width, this.remembered[column] ?? 0);
        this.remembered[column] = width;
      }
      widths.push(width);
      this.format(lines, start, i, widths, out);
      widths.pop();
      start = i;
      i--; // the for loop's i++ brings us back to the line that ended the block
    }
    this.writeLines(lines, start, line1, widths, out);
  }

  private writeLines(lines: string[][], from: number, to: number, widths: number[], out: string[]): void {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j]!;
        if (j < widths.length && j < cells.length - 1) s += c + ' '.repeat(Math.max(0, widths[j]! - textWidth(c)));
        else s += c;
      }
      out.push(s);
    }
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Width in runes, as Go's tabwriter counts UTF-8 text. */
function textWidth(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Formats `text` once with a fresh writer. */
export function tabbed(text: string, opts: TabWriterOptions): string {
  const w = new TabWriter({ ...opts, rememberWidths: false });
  w.write(text);
  return w.flush();
}

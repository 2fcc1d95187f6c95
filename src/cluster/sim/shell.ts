// The lines a learner types into the mini-cluster (kubectl …, etcdctl …, step, run, break …). No upstream
// file: each tool registers its own line here, so the REPL, scripts, lessons and the TUI share one parser.
import { distance } from 'fastest-levenshtein';

/** Where a line's output goes. `out` is stdout (tables, -o json), `err` is stderr (messages, errors). */
export interface ShellIO {
  out(text: string): void;
  err(text: string): void;
}

/**
 * A line's failure. `text` is printed verbatim on stderr, as the real tool prints it
 * (`Error from server (NotFound): pods "x" not found`, `Error: etcdserver: mvcc: …`).
 */
export class LineError extends Error {
  constructor(readonly text: string) {
    super(text);
    this.name = 'LineError';
  }
}

/** A failure worded the generic way: `Error: MESSAGE`. */
export function lineFail(message: string): never {
  throw new LineError(`Error: ${message}`);
}

export interface LineContext<C = unknown> {
  cluster: C;
  io: ShellIO;
  /** The words after the command name, shell-unquoted. */
  args: string[];
  line: string;
  shell: Shell<C>;
}

export interface LineCommand<C = unknown> {
  /** The first word: `kubectl`, `etcdctl`, `step`, `break` … */
  name: string;
  /** One line for `help`. */
  summary: string;
  /** Usage and examples for `help NAME`. */
  help: string;
  /** Whether the line changes the cluster (in mode auto such lines are followed by `run`). */
  mutates?: (args: string[]) => boolean;
  run(ctx: LineContext<C>): void | Promise<void>;
  /** Completions for the word being typed (`words` are the words before it, after the command name). */
  complete?(words: string[], partial: string, cluster: C): string[] | Promise<string[]>;
}

/** Splits a line as a POSIX shell would for the cases learners type: quotes, backslashes, no expansion. */
/**
 * The first shell operator outside quotes (`|`, `>`, `<`, `;`, `&&`) and where it starts: a real shell would hand
 * what follows to another program or run it next; the cluster shell runs one command per line.
 */
export function shellOperator(line: string): { op: string; at: number } | undefined {
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '\\') i++;
    else if (c === '|' || c === '>' || c === '<' || c === ';') return { op: line[i + 1] === c && c !== ';' ? c + c : c, at: i };
    else if (c === '&' && line[i + 1] === '&') return { op: '&&', at: i };
  }
  return undefined;
}

export function splitLine(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) cur += line[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new LineError(`Error: unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  if (inWord) words.push(cur);
  return words;
}

export class Shell<C = unknown> {
  private commands = new Map<string, LineCommand<C>>();
  /** Lines run after a mutating line in mode auto (the cluster sets this to its `run`). */
  afterMutation?: () => Promise<void>;

  constructor(
    readonly cluster: C,
    public io: ShellIO,
  ) {}

  register(cmd: LineCommand<C>): void {
    this.commands.set(cmd.name, cmd);
  }

  get(name: string): LineCommand<C> | undefined {
    return this.commands.get(name);
  }

  names(): string[] {
    return [...this.commands.keys()].sort();
  }

  list(): LineCommand<C>[] {
    return this.names().map((n) => this.commands.get(n)!);
  }

  /** Runs one line. Returns true when it succeeded; a failure has already been printed on stderr. */
  async exec(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return true;
    try {
      const op = shellOperator(trimmed);
      if (op) {
        throw new LineError(`error: the cluster shell runs one command per line, with no "${op.op}": run "${trimmed.slice(0, op.at).trim()}" on its own`);
      }
      const words = splitLine(trimmed);
      const [name, ...args] = words;
      const cmd = this.commands.get(name!);
      if (!cmd) throw new LineError(`Error: unknown command "${name}"${suggest(name!, this.names())}; type "help" for the list`);
      await cmd.run({ cluster: this.cluster, io: this.io, args, line: trimmed, shell: this });
      if (cmd.mutates?.(args) && this.afterMutation) await this.afterMutation();
      return true;
    } catch (err) {
      if (err instanceof LineError) this.io.err(err.text);
      else this.io.err(`Error: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  /** Completions for a partly typed line (the REPL's Tab). */
  async complete(line: string): Promise<string[]> {
    const endsWithSpace = /\s$/.test(line);
    let words: string[];
    try {
      words = splitLine(line);
    } catch {
      return [];
    }
    const partial = endsWithSpace ? '' : (words.pop() ?? '');
    if (words.length === 0) return this.names().filter((n) => n.startsWith(partial));
    const cmd = this.commands.get(words[0]!);
    if (!cmd?.complete) return [];
    const options = await cmd.complete(words.slice(1), partial, this.cluster);
    return options.filter((o) => o.startsWith(partial));
  }
}

/** `; did you mean "kubectl"?` for a near miss, else empty. */
export function suggest(word: string, candidates: string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? `; did you mean "${best}"?` : '';
}

// kubectl's command-line parsing as cobra + spf13/pflag do it: long flags (--name=value, --name value), shorthand
// (-n value, -nvalue, -n=value, bundled booleans -Aw), flags anywhere among the arguments, `--` ends flags, and
// pflag's own error texts (`unknown flag: --foo`, `flag needs an argument: 'n' in -n`).
import { LineError } from '../shell';

export type FlagType = 'bool' | 'string' | 'int' | 'strings';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /**
   * pflag's NoOptDefVal: the value a string flag takes when given bare (`--dry-run` → "unchanged"); such a flag
   * then takes a value only as `--flag=value`, never from the next word.
   */
  noOptDefVal?: string;
}

export type FlagValues = Record<string, string | boolean | number | string[] | undefined>;

export interface Parsed {
  args: string[];
  flags: FlagValues;
  /** Flags the user set explicitly. */
  set: Set<string>;
}

/** Flags every kubectl command takes. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
];

export function usageError(command: string, message: string): LineError {
  return new LineError(`error: ${message}\nSee 'kubectl ${command} --help' for usage.`);
}

export function parseFlags(command: string, argv: string[], specs: FlagSpec[]): Parsed {
  const all = [...GLOBAL_FLAGS, ...specs];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: FlagValues = {};
  const set = new Set<string>();
  const args: string[] = [];

  const assign = (spec: FlagSpec, raw: string, shown: string): void => {
    set.add(spec.name);
    switch (spec.type) {
      case 'bool': {
        const v = parseBool(raw);
        if (v === undefined) throw usageError(command, `invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
        flags[spec.name] = v;
        return;
      }
      case 'int': {
        if (!/^[+-]?\d+$/.test(raw)) throw usageError(command, `invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
        flags[spec.name] = parseInt(raw, 10);
        return;
      }
      case 'strings': {
        const prev = (flags[spec.name] as string[] | undefined) ?? [];
        flags[spec.name] = [...prev, ...raw.split(',')];
        return;
      }
      default:
        flags[spec.name] = raw;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byName.get(name);
      if (!spec) throw usageError(command, `unknown flag: --${name}`);
      const shown = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
      if (eq >= 0) assign(spec, a.slice(eq + 1), shown);
      else if (spec.type === 'bool') assign(spec, 'true', shown);
      else if (spec.noOptDefVal !== undefined) assign(spec, spec.noOptDefVal, shown);
      else if (i + 1 < argv.length) assign(spec, argv[++i]!, shown);
      else throw usageError(command, `flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // -abc: bundled shorthands; a non-bool one takes the rest of the word (or the next word) as its value
      let j = 1;
      while (j < a.length) {
        const c = a[j]!;
        const spec = byShort.get(c);
        if (!spec) throw usageError(command, `unknown shorthand flag: '${c}' in ${a}`);
        const shown = `-${c}, --${spec.name}`;
        if (spec.type === 'bool') {
          if (a[j + 1] === '=') {
            assign(spec, a.slice(j + 2), shown);
            break;
          }
          assign(spec, 'true', shown);
          j++;
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest !== '') assign(spec, rest, shown);
        else if (i + 1 < argv.length) assign(spec, argv[++i]!, shown);
        else throw usageError(command, `flag needs an argument: '${c}' in -${c}`);
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { args, flags, set };
}

/** strconv.ParseBool's spellings. */
export function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(s)) return false;
  return undefined;
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.flags[name];
  return typeof v === 'string' ? v : undefined;
}
export function bool(p: Parsed, name: string): boolean {
  return p.flags[name] === true;
}
export function int(p: Parsed, name: string): number | undefined {
  const v = p.flags[name];
  return typeof v === 'number' ? v : undefined;
}
export function strs(p: Parsed, name: string): string[] {
  const v = p.flags[name];
  return Array.isArray(v) ? v : [];
}

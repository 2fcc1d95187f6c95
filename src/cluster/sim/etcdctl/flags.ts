// Flag parsing as etcdctl's cobra/pflag does it (spf13/pflag flag.go): `--name value`, `--name=value`,
// `-w json`, `-wjson`, bool flags without a value, `--` ends the flags, flags anywhere among the arguments.
import { LineError } from '../shell';

export type FlagKind = 'bool' | 'string' | 'int' | 'duration' | 'strings';

export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
  usage: string;
  /** The default as etcdctl's help shows it. */
  def?: string;
  /** Values offered by Tab after this flag. */
  values?: string[];
}

export type FlagValue = string | boolean | number | string[];

export interface Parsed {
  flags: Map<string, FlagValue>;
  args: string[];
}

/** etcdctl's global flags (ctlv3/ctl.go). Accepted everywhere; only -w and --hex change what a line does. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'cacert', kind: 'string', usage: 'verify certificates of TLS-enabled secure servers using this CA bundle', def: '""' },
  { name: 'cert', kind: 'string', usage: 'identify secure client using this TLS certificate file', def: '""' },
  { name: 'command-timeout', kind: 'duration', usage: 'timeout for short running command (excluding dial timeout)', def: '5s' },
  { name: 'debug', kind: 'bool', usage: 'enable client-side debug logging', def: 'false' },
  { name: 'dial-timeout', kind: 'duration', usage: 'dial timeout for client connections', def: '2s' },
  { name: 'discovery-srv', short: 'd', kind: 'string', usage: 'domain name to query for SRV records describing cluster endpoints', def: '""' },
  { name: 'discovery-srv-name', kind: 'string', usage: 'service name to query when using DNS discovery', def: '""' },
  { name: 'endpoints', kind: 'strings', usage: 'gRPC endpoints', def: '[127.0.0.1:2379]' },
  { name: 'hex', kind: 'bool', usage: 'print byte strings as hex encoded strings', def: 'false' },
  { name: 'insecure-discovery', kind: 'bool', usage: 'accept insecure SRV records describing cluster endpoints', def: 'true' },
  { name: 'insecure-skip-tls-verify', kind: 'bool', usage: 'skip server certificate verification', def: 'false' },
  { name: 'insecure-transport', kind: 'bool', usage: 'disable transport security for client connections', def: 'true' },
  { name: 'keepalive-time', kind: 'duration', usage: 'keepalive time for client connections', def: '2s' },
  { name: 'keepalive-timeout', kind: 'duration', usage: 'keepalive timeout for client connections', def: '6s' },
  { name: 'key', kind: 'string', usage: 'identify secure client using this TLS key file', def: '""' },
  { name: 'password', kind: 'string', usage: 'password for authentication', def: '""' },
  { name: 'user', kind: 'string', usage: 'username[:password] for authentication', def: '""' },
  { name: 'write-out', short: 'w', kind: 'string', usage: 'set the output format (json, simple; table for member list and endpoint status)', def: '"simple"', values: ['simple', 'json', 'table'] },
];

export const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', kind: 'bool', usage: 'help for this command', def: 'false' };

const fail = (msg: string): never => {
  throw new LineError(`Error: ${msg}`);
};

/** Go's strconv.ParseBool. */
function parseBool(flag: string, v: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return fail(`invalid argument "${v}" for "${flag}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Go's strconv.ParseInt(s, base, 64): returns the number or the Go error text. */
export function goParseInt(s: string, base: 10 | 16 = 10): number | string {
  const re = base === 10 ? /^[+-]?[0-9]+$/ : /^[+-]?[0-9a-fA-F]+$/;
  if (!re.test(s)) return `strconv.ParseInt: parsing "${s}": invalid syntax`;
  const neg = s.startsWith('-');
  const digits = s.replace(/^[+-]/, '');
  const big = BigInt(base === 16 ? `0x${digits}` : digits) * (neg ? -1n : 1n);
  if (big > INT64_MAX || big < INT64_MIN) return `strconv.ParseInt: parsing "${s}": value out of range`;
  return Number(big);
}

function flagLabel(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function convert(spec: FlagSpec, raw: string, prev: FlagValue | undefined): FlagValue {
  switch (spec.kind) {
    case 'bool':
      return parseBool(flagLabel(spec), raw);
    case 'int': {
      const n = goParseInt(raw);
      if (typeof n === 'string') return fail(`invalid argument "${raw}" for "${flagLabel(spec)}" flag: ${n}`);
      return n;
    }
    case 'duration':
      if (!/^[+-]?(\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$|^0$/.test(raw)) return fail(`invalid argument "${raw}" for "${flagLabel(spec)}" flag: time: invalid duration "${raw}"`);
      return raw;
    case 'strings':
      return [...(Array.isArray(prev) ? prev : []), ...raw.split(',')];
    default:
      return raw;
  }
}

/** Parses `words` against `specs`. Errors carry pflag's words: `unknown flag: --x`, `flag needs an argument: --rev`. */
export function parseFlags(words: string[], specs: FlagSpec[]): Parsed {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags = new Map<string, FlagValue>();
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) fail(`unknown flag: --${name}`);
      let value: string | undefined = eq < 0 ? undefined : w.slice(eq + 1);
      if (spec!.kind === 'bool') {
        flags.set(name, value === undefined ? true : convert(spec!, value, undefined));
        continue;
      }
      if (value === undefined) {
        if (i + 1 >= words.length) fail(`flag needs an argument: --${name}`);
        value = words[++i]!;
      }
      flags.set(name, convert(spec!, value, flags.get(name)));
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const c = w[j]!;
        const spec = byShort.get(c);
        if (!spec) fail(`unknown shorthand flag: '${c}' in ${w}`);
        if (spec!.kind === 'bool') {
          if (w[j + 1] === '=') {
            flags.set(spec!.name, convert(spec!, w.slice(j + 2), undefined));
            break;
          }
          flags.set(spec!.name, true);
          continue;
        }
        let value = w.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= words.length) fail(`flag needs an argument: '${c}' in ${w}`);
          value = words[++i]!;
        }
        flags.set(spec!.name, convert(spec!, value, flags.get(spec!.name)));
        break;
      }
      continue;
    }
    args.push(w);
  }
  return { flags, args };
}

/** The words that are not flags or flag values (to find the subcommand before its flags are known). */
export function positionals(words: string[], specs: FlagSpec[]): number[] {
  const valued = new Set(specs.filter((s) => s.kind !== 'bool').flatMap((s) => [`--${s.name}`, ...(s.short ? [`-${s.short}`] : [])]));
  const idx: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      for (let j = i + 1; j < words.length; j++) idx.push(j);
      break;
    }
    if (w.startsWith('-') && w.length > 1) {
      if (valued.has(w)) i++;
      continue;
    }
    idx.push(i);
  }
  return idx;
}

/** The OPTIONS block of etcdctl's help. */
export function formatFlags(specs: FlagSpec[]): string {
  return specs
    .map((s) => {
      const head = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.kind === 'bool' ? `[=${s.def ?? 'false'}]` : `=${s.def ?? '""'}`}`;
      return `  ${head.padEnd(36)} ${s.usage}`;
    })
    .join('\n');
}

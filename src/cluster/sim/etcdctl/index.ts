// The `etcdctl` line of the cluster shell (etcdctl/ctlv3/ctl.go: the root command, its global flags and its
// subcommands). It speaks etcdctl 3.4: the same words, flags, output (-w simple|json) and errors.
import type { Cluster } from '../cluster';
import { LineError, suggest, type LineCommand } from '../shell';
import { prefixEnd } from '../../store/types';
import { COMMANDS, GROUPS, type EtcdctlCommand } from './commands';
import { GLOBAL_FLAGS, HELP_FLAG, formatFlags, parseFlags, positionals, type FlagSpec } from './flags';

const ALL_FLAGS: FlagSpec[] = [...GLOBAL_FLAGS, HELP_FLAG, ...COMMANDS.flatMap((c) => c.flags)];
const FORMATS = ['simple', 'json', 'table', 'fields', 'protobuf'];

type Resolved =
  | { kind: 'command'; cmd: EtcdctlCommand; rest: string[] }
  | { kind: 'help'; text: string }
  | { kind: 'unknown'; word: string };

/** Finds the subcommand the way cobra does: the first words that are not flags or flag values. */
function resolve(words: string[]): Resolved {
  const pos = positionals(words, ALL_FLAGS);
  const first = pos[0] === undefined ? undefined : words[pos[0]];
  if (first === undefined) return { kind: 'help', text: rootHelp() };
  if (first === 'help') {
    // `etcdctl help get`, `etcdctl help lease grant`, as cobra's help command.
    const topic = pos.slice(1).map((i) => words[i]!);
    const cmd = COMMANDS.find((c) => c.path === topic.slice(0, 2).join(' ')) ?? COMMANDS.find((c) => c.path === topic[0]);
    if (cmd) return { kind: 'help', text: commandHelp(cmd) };
    if (topic[0] && topic[0] in GROUPS) return { kind: 'help', text: groupHelp(topic[0]) };
    return { kind: 'help', text: rootHelp() };
  }
  const drop = (idx: number[]) => words.filter((_, i) => !idx.includes(i));
  if (first in GROUPS) {
    const sub = pos[1] === undefined ? undefined : words[pos[1]];
    const cmd = COMMANDS.find((c) => c.path === `${first} ${sub}`);
    if (!cmd) return { kind: 'help', text: groupHelp(first) };
    return { kind: 'command', cmd, rest: drop([pos[0]!, pos[1]!]) };
  }
  const cmd = COMMANDS.find((c) => c.path === first);
  if (!cmd) return { kind: 'unknown', word: first };
  return { kind: 'command', cmd, rest: drop([pos[0]!]) };
}

function rootHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.path.length));
  return [
    'NAME:',
    '\tetcdctl - A simple command line client for etcd3 (the mini-cluster\'s embedded etcd).',
    '',
    'USAGE:',
    '\tetcdctl [global options] COMMAND [options] [arguments...]',
    '',
    'COMMANDS:',
    ...COMMANDS.map((c) => `\t${c.path.padEnd(width)}\t${c.summary}`),
    '',
    'GLOBAL OPTIONS (accepted; only -w and --hex change anything here):',
    formatFlags(GLOBAL_FLAGS),
    '',
    'EXAMPLES:',
    '\tetcdctl put /registry/demo hello',
    '\tetcdctl get /registry/ --prefix --keys-only',
    '\tetcdctl get /registry/demo -w json',
    '\tetcdctl watch --prefix /registry/ --rev 1',
    '\tetcdctl compact 5',
  ].join('\n');
}

function groupHelp(group: string): string {
  const subs = COMMANDS.filter((c) => c.path.startsWith(`${group} `));
  return ['NAME:', `\t${group} - ${GROUPS[group]}`, '', 'COMMANDS:', ...subs.map((c) => `\t${c.path.slice(group.length + 1).padEnd(12)}\t${c.summary}`)].join('\n');
}

function commandHelp(cmd: EtcdctlCommand): string {
  return [
    'NAME:',
    `\t${cmd.path} - ${cmd.summary}`,
    '',
    'USAGE:',
    `\t${cmd.usage}`,
    ...(cmd.flags.length ? ['', 'OPTIONS:', formatFlags([...cmd.flags, HELP_FLAG])] : []),
  ].join('\n');
}

export function registerEtcdctl(cluster: Cluster): void {
  const line: LineCommand<Cluster> = {
    name: 'etcdctl',
    summary: 'the etcd v3 client: get, put, del, watch, compact, lease, snapshot, endpoint status, member list',
    help: rootHelp(),
    mutates(args) {
      try {
        const r = resolve(args);
        return r.kind === 'command' && r.cmd.mutates;
      } catch {
        return false;
      }
    },
    async run({ args, io, cluster: c }) {
      const r = resolve(args);
      if (r.kind === 'help') {
        io.out(r.text);
        return;
      }
      if (r.kind === 'unknown') {
        throw new LineError(`Error: unknown command "${r.word}" for "etcdctl"${suggest(r.word, [...COMMANDS.map((x) => x.path.split(' ')[0]!), ...Object.keys(GROUPS)].filter((v, i, a) => a.indexOf(v) === i))}`);
      }
      const { cmd, rest } = r;
      const parsed = parseFlags(rest, [...GLOBAL_FLAGS, HELP_FLAG, ...cmd.flags]);
      if (parsed.flags.get('help') === true) {
        io.out(commandHelp(cmd));
        return;
      }
      const format = (parsed.flags.get('write-out') as string | undefined) ?? 'simple';
      if (!FORMATS.includes(format)) throw new LineError('Error: unsupported output format');
      if (format === 'fields' || format === 'protobuf') throw new LineError(`Error: -w ${format} is not available in kubetutor's etcdctl; use -w simple or -w json`);
      if (format === 'table' && cmd.formats && !cmd.formats.includes('table')) throw new LineError('Error: table not supported as output format');
      const endpoints = (parsed.flags.get('endpoints') as string[] | undefined) ?? ['127.0.0.1:2379'];
      await cmd.run({
        cluster: c,
        kv: c.kv,
        io,
        flags: parsed.flags,
        args: parsed.args,
        format,
        print: { hex: parsed.flags.get('hex') === true, valueOnly: false },
        endpoints,
      });
    },
    async complete(words, partial, c) {
      return complete(words, partial, c);
    },
  };
  cluster.shell.register(line);
}

/** Tab: subcommands, then the command's flags, flag values, and keys that exist for get/del/watch/put. */
async function complete(words: string[], partial: string, cluster: Cluster): Promise<string[]> {
  const pos = positionals(words, ALL_FLAGS).map((i) => words[i]!);
  const prev = words[words.length - 1];
  const valueFlag = ALL_FLAGS.find((f) => prev === `--${f.name}` || (f.short && prev === `-${f.short}`));
  if (valueFlag && valueFlag.kind !== 'bool') return valueFlag.values ?? [];
  const groupNames = Object.keys(GROUPS);
  if (pos[0] === 'help') return partial.startsWith('-') ? [] : complete(words.filter((w) => w !== 'help'), partial, cluster);
  if (pos.length === 0 && !partial.startsWith('-')) {
    const tops = [...new Set(COMMANDS.map((c) => c.path.split(' ')[0]!)), 'help'];
    return [...tops].sort();
  }
  if (pos.length === 1 && groupNames.includes(pos[0]!) && !partial.startsWith('-')) {
    return COMMANDS.filter((c) => c.path.startsWith(`${pos[0]} `))
      .map((c) => c.path.split(' ')[1]!)
      .sort();
  }
  const cmd = COMMANDS.find((c) => c.path === pos.slice(0, groupNames.includes(pos[0] ?? '') ? 2 : 1).join(' '));
  if (partial.startsWith('-')) {
    const specs = [...(cmd?.flags ?? []), ...GLOBAL_FLAGS];
    if (partial.includes('=')) {
      const name = partial.slice(2, partial.indexOf('='));
      const spec = specs.find((s) => s.name === name);
      return (spec?.values ?? []).map((v) => `--${name}=${v}`);
    }
    return specs.map((s) => `--${s.name}`).sort();
  }
  if (cmd && ['get', 'del', 'watch', 'put'].includes(cmd.path) && pos.length === 1) {
    try {
      const resp = await cluster.kv.range({ key: partial === '' ? '\0' : partial, rangeEnd: partial === '' ? '\0' : prefixEnd(partial), keysOnly: true, limit: 200 });
      return resp.kvs.map((kv) => kv.key);
    } catch {
      return [];
    }
  }
  return [];
}

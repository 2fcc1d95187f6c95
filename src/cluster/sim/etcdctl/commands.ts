// etcdctl's v3 commands (etcdctl/ctlv3/command/*_command.go in etcd 3.4): the same flags, the same argument
// checks in the same order, the same request to the store and the same printed answer. A line that fails a
// check sends nothing to the store.
import { readFileSync } from 'node:fs';
import type { Cluster } from '../cluster';
import { readSnapshot } from '../../store/snapshot';
import { LineError, type ShellIO } from '../shell';
import {
  ERR_COMPACTED,
  prefixEnd,
  StoreError,
  type KeyRange,
  type KV,
  type RangeRequest,
  type SortOrder,
  type SortTarget,
  type WatchResponse,
} from '../../store/types';
import { goParseInt, type FlagSpec, type FlagValue } from './flags';
import {
  humanBytes,
  json,
  MEMBER_HEADER,
  memberRows,
  simple,
  STATUS_HEADER,
  statusRows,
  table,
  type PrintOptions,
} from './printer';

export interface CommandEnv {
  cluster: Cluster;
  kv: KV;
  io: ShellIO;
  flags: Map<string, FlagValue>;
  args: string[];
  /** `simple` or `json` (or `table` where etcdctl supports it). */
  format: string;
  print: PrintOptions;
  endpoints: string[];
}

export interface EtcdctlCommand {
  /** `get`, `lease grant`, … */
  path: string;
  usage: string;
  summary: string;
  flags: FlagSpec[];
  /** Output formats this command prints (others fail as etcdctl does). */
  formats?: string[];
  /** Whether it writes or starts something that later steps deliver (mode auto follows it with `run`). */
  mutates: boolean;
  run(env: CommandEnv): Promise<void>;
}

/** etcdctl's cobrautl.ExitWithError: `Error: MESSAGE` on stderr. */
const fail = (msg: string): never => {
  throw new LineError(`Error: ${msg}`);
};

/** A store failure in etcd's words (`Error: etcdserver: mvcc: required revision has been compacted`). */
async function call<T>(p: Promise<T>, wrap?: (msg: string) => string): Promise<T> {
  try {
    return await p;
  } catch (err) {
    // StoreError carries etcd's own words; anything else (a real etcd unreachable…) is still one line.
    const msg = err instanceof StoreError || err instanceof Error ? err.message : String(err);
    return fail(wrap ? wrap(msg) : msg);
  }
}

const out = (io: ShellIO, lines: string[]): void => {
  if (lines.length) io.out(`${lines.join('\n')}\n`);
};

const flagBool = (env: CommandEnv, name: string): boolean => env.flags.get(name) === true;
const flagStr = (env: CommandEnv, name: string, def = ''): string => {
  const v = env.flags.get(name);
  return typeof v === 'string' ? v : def;
};
const flagInt = (env: CommandEnv, name: string): number => {
  const v = env.flags.get(name);
  return typeof v === 'number' ? v : 0;
};

/** A lease id argument in hex, as etcdctl parses it (strconv.ParseInt(s, 16, 64)). */
function leaseArg(s: string, what: 'arg' | 'flag'): number {
  const id = goParseInt(s, 16);
  if (typeof id === 'string') fail(what === 'arg' ? `bad lease ID arg (${id}), expecting ID in Hex` : `bad lease ID (${id}), expecting ID in Hex`);
  return id as number;
}

// ---- get / put / del ------------------------------------------------------------------------------------

const GET_FLAGS: FlagSpec[] = [
  { name: 'consistency', kind: 'string', usage: 'Linearizable(l) or Serializable(s)', def: '"l"', values: ['l', 's'] },
  { name: 'from-key', kind: 'bool', usage: 'Get keys that are greater than or equal to the given key using byte compare' },
  { name: 'keys-only', kind: 'bool', usage: 'Get only the keys' },
  { name: 'limit', kind: 'int', usage: 'Maximum number of results', def: '0' },
  { name: 'order', kind: 'string', usage: 'Order of results; ASCEND or DESCEND (ASCEND by default)', values: ['ASCEND', 'DESCEND'] },
  { name: 'prefix', kind: 'bool', usage: 'Get keys with matching prefix' },
  { name: 'print-value-only', kind: 'bool', usage: 'Only write values when using the "simple" output format' },
  { name: 'rev', kind: 'int', usage: 'Specify the kv revision', def: '0' },
  { name: 'sort-by', kind: 'string', usage: 'Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION', values: ['CREATE', 'KEY', 'MODIFY', 'VALUE', 'VERSION'] },
];

/** --prefix / --from-key / range_end → the key range etcdctl sends (clientv3.WithPrefix, WithFromKey, WithRange). */
function keyRange(key: string, rangeEnd: string | undefined, prefix: boolean, fromKey: boolean): KeyRange {
  if (prefix) return key === '' ? { key: '\0', rangeEnd: '\0' } : { key, rangeEnd: prefixEnd(key) };
  if (fromKey) return { key: key === '' ? '\0' : key, rangeEnd: '\0' };
  return rangeEnd !== undefined ? { key, rangeEnd } : { key };
}

/** getGetOp in get_command.go, check for check. */
function getRequest(e: CommandEnv): RangeRequest {
  const args = e.args;
  if (args.length === 0) fail('get command needs one argument as key and an optional argument as range_end');
  const prefix = flagBool(e, 'prefix');
  const fromKey = flagBool(e, 'from-key');
  if (prefix && fromKey) fail('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  const consistency = flagStr(e, 'consistency', 'l');
  if (consistency !== 'l' && consistency !== 's') fail(`unknown consistency flag "${consistency}"`);
  if (args.length > 1 && (prefix || fromKey)) fail('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  const order = flagStr(e, 'order').toUpperCase();
  let sortOrder: SortOrder = 'NONE';
  if (order === 'ASCEND') sortOrder = 'ASCEND';
  else if (order === 'DESCEND') sortOrder = 'DESCEND';
  else if (order !== '') fail(`bad sort order ${flagStr(e, 'order')}`);
  const by = flagStr(e, 'sort-by').toUpperCase();
  const targets: Record<string, SortTarget> = { CREATE: 'CREATE', KEY: 'KEY', MODIFY: 'MOD', VALUE: 'VALUE', VERSION: 'VERSION', '': 'KEY' };
  const sortTarget = targets[by];
  if (!sortTarget) fail(`bad sort target ${flagStr(e, 'sort-by')}`);
  // clientv3.WithSort: KEY + ASCEND is what the server returns anyway, so the client sends NONE.
  if (sortTarget === 'KEY' && sortOrder === 'ASCEND') sortOrder = 'NONE';
  const rev = flagInt(e, 'rev');
  const req: RangeRequest = { ...keyRange(args[0]!, args[1], prefix, fromKey), limit: flagInt(e, 'limit'), sortOrder, sortTarget: sortTarget! };
  if (rev > 0) req.revision = rev;
  if (flagBool(e, 'keys-only')) req.keysOnly = true;
  return req;
}

const get: EtcdctlCommand = {
  path: 'get',
  usage: 'etcdctl get [options] <key> [range_end]',
  summary: 'Gets the key or a range of keys',
  flags: GET_FLAGS,
  mutates: false,
  async run(env) {
    const req = getRequest(env);
    if (env.format === 'table') fail('table not supported as output format');
    const valueOnly = flagBool(env, 'print-value-only');
    if (valueOnly && env.format !== 'simple') fail('print-value-only is only for `--write-out=simple`');
    const resp = await call(env.kv.range(req));
    if (env.format === 'json') env.io.out(json.get(resp));
    else out(env.io, simple.get({ ...env.print, valueOnly }, resp));
  },
};

const put: EtcdctlCommand = {
  path: 'put',
  usage: 'etcdctl put [options] <key> <value>',
  summary: 'Puts the given key into the store',
  flags: [
    { name: 'lease', kind: 'string', usage: 'lease ID (in hexadecimal) to attach to the key', def: '"0"' },
    { name: 'prev-kv', kind: 'bool', usage: 'return the previous key-value pair before modification' },
  ],
  mutates: true,
  async run(env) {
    const args = env.args;
    // No stdin in the cluster shell: the value must be the second argument.
    if (args.length < 2) fail('put command needs 1 argument and input from stdin or 2 arguments');
    const lease = leaseArg(flagStr(env, 'lease', '0'), 'flag');
    if (env.format === 'table') fail('table not supported as output format');
    const resp = await call(env.kv.put({ key: args[0]!, value: args[1]!, ...(lease ? { lease } : {}), ...(flagBool(env, 'prev-kv') ? { prevKv: true } : {}) }));
    if (env.format === 'json') env.io.out(json.put(resp));
    else out(env.io, simple.put(env.print, resp));
  },
};

const del: EtcdctlCommand = {
  path: 'del',
  usage: 'etcdctl del [options] <key> [range_end]',
  summary: 'Removes the specified key or range of keys [key, range_end)',
  flags: [
    { name: 'from-key', kind: 'bool', usage: 'delete keys that are greater than or equal to the given key using byte compare' },
    { name: 'prefix', kind: 'bool', usage: 'delete keys with matching prefix' },
    { name: 'prev-kv', kind: 'bool', usage: 'return deleted key-value pairs' },
  ],
  mutates: true,
  async run(env) {
    const args = env.args;
    if (args.length === 0 || args.length > 2) fail('del command needs one argument as key and an optional argument as range_end');
    const prefix = flagBool(env, 'prefix');
    const fromKey = flagBool(env, 'from-key');
    if (prefix && fromKey) fail('`--prefix` and `--from-key` cannot be set at the same time, choose one');
    if (args.length > 1 && (prefix || fromKey)) fail('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
    if (env.format === 'table') fail('table not supported as output format');
    const range = keyRange(args[0]!, args[1], prefix, fromKey);
    const resp = await call(env.kv.deleteRange({ ...range, ...(flagBool(env, 'prev-kv') ? { prevKv: true } : {}) }));
    if (env.format === 'json') env.io.out(json.del(resp));
    else out(env.io, simple.del(env.print, resp));
  },
};

const compact: EtcdctlCommand = {
  path: 'compact',
  usage: 'etcdctl compact [options] <revision>',
  summary: 'Compacts the event history in etcd',
  flags: [{ name: 'physical', kind: 'bool', usage: '\'true\' to wait for compaction to physically remove all old revisions' }],
  mutates: true,
  async run(env) {
    if (env.args.length !== 1) fail('compaction command needs 1 argument');
    const rev = goParseInt(env.args[0]!);
    if (typeof rev === 'string') fail(rev);
    await call(env.kv.compact(rev as number, flagBool(env, 'physical')));
    // etcdctl 3.4 prints this line whatever -w says.
    env.io.out(`compacted revision ${rev}`);
  },
};

// ---- watch --------------------------------------------------------------------------------------------------

const watch: EtcdctlCommand = {
  path: 'watch',
  usage: 'etcdctl watch [options] [key or prefix] [range_end]',
  summary: 'Watches events stream on keys or prefixes (until the session ends)',
  flags: [
    { name: 'interactive', short: 'i', kind: 'bool', usage: 'Interactive mode' },
    { name: 'prefix', kind: 'bool', usage: 'Watch on a prefix if prefix is set' },
    { name: 'prev-kv', kind: 'bool', usage: 'get the previous key-value pair before the event happens' },
    { name: 'progress-notify', kind: 'bool', usage: 'get periodic watch progress notification from server' },
    { name: 'rev', kind: 'int', usage: 'Revision to start watching', def: '0' },
  ],
  mutates: true,
  async run(env) {
    if (flagBool(env, 'interactive')) fail('interactive watch is not available in the cluster shell; type one `etcdctl watch` line per watch');
    const args = env.args;
    if (args.length === 0 || args.length > 2) fail('bad number of arguments');
    const prefix = flagBool(env, 'prefix');
    if (args.length === 2 && prefix) fail('`range_end` and `--prefix` are mutually exclusive');
    if (env.format === 'table') fail('table not supported as output format');
    const range = keyRange(args[0]!, args[1], prefix, false);
    const rev = flagInt(env, 'rev');
    // A start revision below the compacted one: the server cancels the watch at once and etcdctl exits with
    // these two lines, so the line fails (where the store tells its compact revision; else the cancel is
    // printed when it arrives).
    if (rev !== 0) {
      const compacted = await env.kv.status().then((st) => st.compactRevision, () => 0);
      if (rev < compacted) throw new LineError(`watch was canceled (${ERR_COMPACTED})\nError: watch is canceled by the server`);
    }
    const format = env.format;
    const print = env.print;
    const shell = env.cluster.shell;
    let stopped = false;
    const watcher = await call(
      env.kv.watch({ ...range, ...(rev ? { startRevision: rev } : {}), ...(flagBool(env, 'prev-kv') ? { prevKv: true } : {}) }, (resp: WatchResponse) => {
        if (stopped) return;
        // Printed where the shell prints now (the REPL, a script, the TUI's pane).
        const io = shell.io;
        if (resp.canceled || resp.compactRevision) {
          stopped = true;
          io.err(`watch was canceled (${resp.cancelReason || 'etcdserver: mvcc: required revision has been compacted'})`);
          io.err('Error: watch is canceled by the server');
          return;
        }
        if (resp.events.length === 0) return;
        if (format === 'json') io.out(json.watch(resp));
        else out(io, simple.watch(print, resp));
      }),
    );
    env.cluster.onStop(async () => {
      stopped = true;
      await watcher.cancel();
    });
  },
};

// ---- lease ----------------------------------------------------------------------------------------------

const leaseGrant: EtcdctlCommand = {
  path: 'lease grant',
  usage: 'etcdctl lease grant [options] <ttl>',
  summary: 'Creates leases',
  flags: [],
  mutates: true,
  async run(env) {
    if (env.args.length !== 1) fail('lease grant command needs TTL argument');
    const ttl = goParseInt(env.args[0]!);
    if (typeof ttl === 'string') fail(`bad TTL (${ttl})`);
    const resp = await call(env.kv.leaseGrant(ttl as number), (m) => `failed to grant lease (${m})`);
    if (env.format === 'json') env.io.out(json.grant(resp));
    else out(env.io, simple.grant(resp));
  },
};

const leaseRevoke: EtcdctlCommand = {
  path: 'lease revoke',
  usage: 'etcdctl lease revoke [options] <leaseID>',
  summary: 'Revokes leases',
  flags: [],
  mutates: true,
  async run(env) {
    if (env.args.length !== 1) fail('lease revoke command needs 1 argument');
    const id = leaseArg(env.args[0]!, 'arg');
    const resp = await call(env.kv.leaseRevoke(id), (m) => `failed to revoke lease (${m})`);
    if (env.format === 'json') env.io.out(json.revoke(resp.header));
    else out(env.io, simple.revoke(id));
  },
};

const leaseTimeToLive: EtcdctlCommand = {
  path: 'lease timetolive',
  usage: 'etcdctl lease timetolive [options] <leaseID>',
  summary: 'Get lease information',
  flags: [{ name: 'keys', kind: 'bool', usage: 'Get keys attached to this lease' }],
  mutates: false,
  async run(env) {
    if (env.args.length !== 1) fail('lease timetolive command needs lease ID as argument');
    const id = leaseArg(env.args[0]!, 'arg');
    const keys = flagBool(env, 'keys');
    const resp = await call(env.kv.leaseTimeToLive(id, keys));
    if (env.format === 'json') env.io.out(json.timeToLive(resp));
    else out(env.io, simple.timeToLive(resp, keys));
  },
};

const leaseList: EtcdctlCommand = {
  path: 'lease list',
  usage: 'etcdctl lease list [flags]',
  summary: 'List all active leases',
  flags: [],
  mutates: false,
  async run(env) {
    const resp = await call(env.kv.leaseLeases());
    if (env.format === 'json') env.io.out(json.leases(resp.header, resp.leases));
    else out(env.io, simple.leases(resp.leases));
  },
};

const leaseKeepAlive: EtcdctlCommand = {
  path: 'lease keep-alive',
  usage: 'etcdctl lease keep-alive [options] <leaseID>',
  summary: 'Keeps leases alive (renew)',
  flags: [{ name: 'once', kind: 'bool', usage: 'Resets the keep-alive time to its original value and exits immediately' }],
  mutates: true,
  async run(env) {
    if (env.args.length !== 1) fail('lease keep-alive command needs lease ID as argument');
    const id = leaseArg(env.args[0]!, 'arg');
    const once = flagBool(env, 'once');
    const resp = await call(env.kv.leaseKeepAliveOnce(id));
    // clientv3's KeepAliveOnce turns a TTL ≤ 0 into ErrLeaseNotFound.
    if (resp.ttl <= 0) fail('etcdserver: requested lease not found');
    const print = (r: typeof resp) => (env.format === 'json' ? env.io.out(json.keepAlive(r)) : out(env.io, simple.keepAlive(r)));
    print(resp);
    if (once) return;
    // Without --once etcdctl keeps renewing every TTL/3 until it is stopped: here, on the virtual clock,
    // until the lease is gone or the session ends.
    const io = () => env.cluster.shell.io;
    const loop = env.cluster.loop;
    let stopped = false;
    env.cluster.onStop(() => {
      stopped = true;
    });
    const every = Math.max(1, Math.floor(resp.ttl / 3)) * 1000;
    const renew = () =>
      loop.after(every, {
        component: 'etcd',
        kind: 'lease-keepalive',
        title: `etcdctl lease keep-alive ${id.toString(16).padStart(16, '0')}`,
        run: async () => {
          if (stopped) return;
          const r = await env.kv.leaseKeepAliveOnce(id).catch(() => undefined);
          if (!r || r.ttl <= 0) {
            stopped = true;
            io().out(`lease ${id.toString(16).padStart(16, '0')} expired or revoked.`);
            return;
          }
          if (env.format === 'json') io().out(json.keepAlive(r));
          else out(io(), simple.keepAlive(r));
          renew();
        },
      });
    renew();
  },
};

// ---- snapshot, endpoint, member, version ---------------------------------------------------------------

const snapshotSave: EtcdctlCommand = {
  path: 'snapshot save',
  usage: 'etcdctl snapshot save <filename>',
  summary: 'Stores an etcd node backend snapshot to a given file',
  flags: [],
  mutates: false,
  async run(env) {
    if (env.args.length !== 1) fail('snapshot save expects one argument');
    await call(env.kv.snapshotSave(env.args[0]!));
    env.io.out(`Snapshot saved at ${env.args[0]}`);
  },
};

/** CRC-32C (Castagnoli), the checksum etcdctl's `snapshot status` prints as HASH. */
let crcTable: Uint32Array | undefined;
function crc32c(buf: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const snapshotStatus: EtcdctlCommand = {
  path: 'snapshot status',
  usage: 'etcdctl snapshot status <filename>',
  summary: 'Gets backend snapshot status of a given file',
  flags: [],
  formats: ['simple', 'json', 'table'],
  mutates: false,
  async run(env) {
    if (env.args.length !== 1) fail('snapshot status requires exactly one argument');
    const file = env.args[0]!;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return fail(code === 'ENOENT' ? `stat ${file}: no such file or directory` : `open ${file}: ${(err as Error).message}`);
    }
    let snap: ReturnType<typeof readSnapshot>;
    try {
      snap = readSnapshot(file);
    } catch {
      return fail('invalid database');
    }
    const totalKey = snap.revisions.reduce((n, [, changes]) => n + changes.filter(Boolean).length, 0);
    const row = [crc32c(bytes).toString(16), String(snap.revision), String(totalKey), humanBytes(bytes.length)];
    if (env.format === 'json') env.io.out(`{"hash":${crc32c(bytes)},"revision":${snap.revision},"totalKey":${totalKey},"totalSize":${bytes.length}}`);
    else if (env.format === 'table') out(env.io, table(['HASH', 'REVISION', 'TOTAL KEYS', 'TOTAL SIZE'], [row]));
    else out(env.io, [row.join(', ')]);
  },
};

const snapshotRestore: EtcdctlCommand = {
  path: 'snapshot restore',
  usage: 'etcdctl snapshot restore <filename> [options]',
  summary: 'Restores an etcd member snapshot (here: the running store\'s whole keyspace)',
  flags: [
    { name: 'data-dir', kind: 'string', usage: 'Path to the data directory' },
    { name: 'initial-advertise-peer-urls', kind: 'string', usage: 'List of this member\'s peer URLs to advertise to the rest of the cluster', def: '"http://localhost:2380"' },
    { name: 'initial-cluster', kind: 'string', usage: 'Initial cluster configuration for restore bootstrap', def: '"default=http://localhost:2380"' },
    { name: 'initial-cluster-token', kind: 'string', usage: 'Initial cluster token for the etcd cluster during restore bootstrap', def: '"etcd-cluster"' },
    { name: 'name', kind: 'string', usage: 'Human-readable name for this member', def: '"default"' },
    { name: 'skip-hash-check', kind: 'bool', usage: 'Ignore snapshot integrity hash value (required if copied from data directory)' },
    { name: 'wal-dir', kind: 'string', usage: 'Path to the WAL directory (use --data-dir if none given)' },
  ],
  mutates: true,
  async run(env) {
    if (env.args.length !== 1) fail('snapshot restore requires exactly one argument');
    const file = env.args[0]!;
    const r = await call(env.kv.snapshotRestore(file), (m) => (/ENOENT|no such file/.test(m) ? `open ${file}: no such file or directory` : m));
    env.io.err(`restored snapshot ${file} (revision ${r.revision})`);
    // The keyspace changed under kube-apiserver: restart it, as an operator must (its watch caches relist from
    // etcd and every watcher gets 410 Gone, so every informer relists).
    await env.cluster.api?.resync();
  },
};

const endpointStatus: EtcdctlCommand = {
  path: 'endpoint status',
  usage: 'etcdctl endpoint status [flags]',
  summary: 'Prints out the status of endpoints specified in `--endpoints` flag',
  flags: [{ name: 'cluster', kind: 'bool', usage: 'use all endpoints from the cluster member list' }],
  formats: ['simple', 'json', 'table'],
  mutates: false,
  async run(env) {
    const status = await call(env.kv.status());
    const rows = env.endpoints.map((endpoint) => ({ endpoint, status }));
    if (env.format === 'json') env.io.out(json.endpointStatus(rows));
    else if (env.format === 'table') out(env.io, table(STATUS_HEADER, statusRows(rows)));
    else out(env.io, statusRows(rows).map((r) => r.join(', ')));
  },
};

const endpointHealth: EtcdctlCommand = {
  path: 'endpoint health',
  usage: 'etcdctl endpoint health [flags]',
  summary: 'Checks the healthiness of endpoints specified in `--endpoints` flag',
  flags: [{ name: 'cluster', kind: 'bool', usage: 'use all endpoints from the cluster member list' }],
  mutates: false,
  async run(env) {
    const ok = await env.kv.status().then(
      () => true,
      () => false,
    );
    // The proposal takes no virtual time: `took = 0s` (the real one prints the wall-clock time it took).
    if (env.format === 'json') env.io.out(`[${env.endpoints.map((e) => `{"endpoint":${JSON.stringify(e)},"health":${ok},"took":"0s"${ok ? '' : ',"error":"context deadline exceeded"'}}`).join(',')}]`);
    else
      for (const e of env.endpoints)
        env.io.err(ok ? `${e} is healthy: successfully committed proposal: took = 0s` : `${e} is unhealthy: failed to commit proposal: context deadline exceeded`);
    if (!ok) fail('unhealthy cluster');
  },
};

const memberList: EtcdctlCommand = {
  path: 'member list',
  usage: 'etcdctl member list [flags]',
  summary: 'Lists all members in the cluster',
  flags: [],
  formats: ['simple', 'json', 'table'],
  mutates: false,
  async run(env) {
    const resp = await call(env.kv.memberList());
    if (env.format === 'json') env.io.out(json.memberList(resp.header, resp.members));
    else if (env.format === 'table') out(env.io, table(MEMBER_HEADER, memberRows(resp.members)));
    else out(env.io, memberRows(resp.members).map((r) => r.join(', ')));
  },
};

const version: EtcdctlCommand = {
  path: 'version',
  usage: 'etcdctl version [flags]',
  summary: 'Prints the version of etcdctl',
  flags: [],
  mutates: false,
  async run(env) {
    out(env.io, ['etcdctl version: 3.4.23', 'API version: 3.4']);
  },
};

export const COMMANDS: EtcdctlCommand[] = [
  get,
  put,
  del,
  watch,
  compact,
  leaseGrant,
  leaseRevoke,
  leaseTimeToLive,
  leaseList,
  leaseKeepAlive,
  snapshotSave,
  snapshotRestore,
  snapshotStatus,
  endpointStatus,
  endpointHealth,
  memberList,
  version,
];

/** Commands that only group others (`lease`, `snapshot`, `endpoint`, `member`). */
export const GROUPS: Record<string, string> = {
  lease: 'Lease related commands',
  snapshot: 'Manages etcd node snapshots',
  endpoint: 'Endpoint related commands',
  member: 'Membership related commands',
};

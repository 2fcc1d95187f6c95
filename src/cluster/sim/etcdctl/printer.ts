// etcdctl's output: the simple printer (ctlv3/command/printer_simple.go), the JSON printer (printer_json.go:
// Go's encoding/json over the protobuf structs, so zero-valued fields are left out) and the table printer
// (printer_table.go) for `member list` and `endpoint status`.
import type {
  DeleteRangeResponse,
  KeyValue,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseTimeToLiveResponse,
  Member,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  StatusResponse,
  WatchResponse,
} from '../../store/types';

export interface PrintOptions {
  hex: boolean;
  valueOnly: boolean;
}

/** A 64-bit id held as a decimal string (or a number): as an unsigned BigInt. */
function u64(id: string | number): bigint {
  const s = String(id);
  if (/^\d+$/.test(s)) return BigInt(s);
  if (/^-\d+$/.test(s)) return BigInt.asUintN(64, BigInt(s));
  if (/^(0x)?[0-9a-f]+$/i.test(s)) return BigInt(s.startsWith('0x') ? s : `0x${s}`);
  return 0n;
}

/** `%016x`, as etcdctl prints lease ids. */
export function hex16(id: string | number): string {
  return u64(id).toString(16).padStart(16, '0');
}

/** `%x` (types.ID's String()), as etcdctl prints member ids. */
export function hexId(id: string | number): string {
  return u64(id).toString(16);
}

/** Go's `%x` of bytes with a `\x` before each, as --hex prints keys and values. */
function hexBytes(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
}

function kvLines(o: PrintOptions, kv: KeyValue): string[] {
  const k = o.hex ? hexBytes(kv.key) : kv.key;
  const v = o.hex ? hexBytes(kv.value) : kv.value;
  return o.valueOnly ? [v] : [k, v];
}

export const simple = {
  get(o: PrintOptions, r: RangeResponse): string[] {
    return r.kvs.flatMap((kv) => kvLines(o, kv));
  },
  put(o: PrintOptions, r: PutResponse): string[] {
    return ['OK', ...(r.prevKv ? kvLines(o, r.prevKv) : [])];
  },
  del(o: PrintOptions, r: DeleteRangeResponse): string[] {
    return [String(r.deleted), ...(r.prevKvs ?? []).flatMap((kv) => kvLines(o, kv))];
  },
  watch(o: PrintOptions, r: WatchResponse): string[] {
    const lines: string[] = [];
    for (const e of r.events) {
      lines.push(e.type);
      if (e.prevKv) lines.push(...kvLines(o, e.prevKv));
      lines.push(...kvLines(o, e.kv));
    }
    return lines;
  },
  grant(r: LeaseGrantResponse): string[] {
    return [`lease ${hex16(r.id)} granted with TTL(${r.ttl}s)`];
  },
  revoke(id: number): string[] {
    return [`lease ${hex16(id)} revoked`];
  },
  keepAlive(r: LeaseKeepAliveResponse): string[] {
    return [`lease ${hex16(r.id)} keepalived with TTL(${r.ttl})`];
  },
  timeToLive(r: LeaseTimeToLiveResponse, keys: boolean): string[] {
    if (r.grantedTtl === 0 && r.ttl === -1) return [`lease ${hex16(r.id)} already expired`];
    let txt = `lease ${hex16(r.id)} granted with TTL(${r.grantedTtl}s), remaining(${r.ttl}s)`;
    if (keys) txt += `, attached keys([${(r.keys ?? []).join(' ')}])`;
    return [txt];
  },
  leases(ids: number[]): string[] {
    return [`found ${ids.length} leases`, ...ids.map((id) => hex16(id))];
  },
};

// ---- JSON: hand-written so that field order, omitted zeros and 64-bit ids are exactly Go's.

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const str = (s: string): string => JSON.stringify(s);

/** Builds `{"a":1,...}` from pairs, leaving out the undefined ones. */
function obj(pairs: Array<[string, string | undefined]>): string {
  return `{${pairs
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${str(k)}:${v}`)
    .join(',')}}`;
}

/** A number field that Go's omitempty leaves out when zero. */
const num = (n: number | string | undefined): string | undefined => (n === undefined || n === 0 || n === '0' ? undefined : String(n));
const u64num = (n: string | number | undefined): string | undefined => (n === undefined ? undefined : num(u64(n).toString()));

export function jsonHeader(h: ResponseHeader, opts: { revision?: boolean } = {}): string {
  return obj([
    ['cluster_id', u64num(h.clusterId)],
    ['member_id', u64num(h.memberId)],
    ['revision', opts.revision === false ? undefined : num(h.revision)],
    ['raft_term', num(h.raftTerm)],
  ]);
}

/** The header's fields inline, as the lease responses print them (the embedded ResponseHeader). */
function headerFields(h: ResponseHeader): Array<[string, string | undefined]> {
  return [
    ['cluster_id', u64num(h.clusterId)],
    ['member_id', u64num(h.memberId)],
    ['revision', num(h.revision)],
    ['raft_term', num(h.raftTerm)],
  ];
}

export function jsonKv(kv: KeyValue): string {
  return obj([
    ['key', kv.key === '' ? undefined : str(b64(kv.key))],
    ['create_revision', num(kv.createRevision)],
    ['mod_revision', num(kv.modRevision)],
    ['version', num(kv.version)],
    ['value', kv.value === '' ? undefined : str(b64(kv.value))],
    ['lease', num(kv.lease)],
  ]);
}

const arr = (items: string[] | undefined): string | undefined => (items && items.length ? `[${items.join(',')}]` : undefined);

export const json = {
  get(r: RangeResponse): string {
    return obj([
      ['header', jsonHeader(r.header)],
      ['kvs', arr(r.kvs.map(jsonKv))],
      ['more', r.more ? 'true' : undefined],
      ['count', num(r.count)],
    ]);
  },
  put(r: PutResponse): string {
    return obj([
      ['header', jsonHeader(r.header)],
      ['prev_kv', r.prevKv ? jsonKv(r.prevKv) : undefined],
    ]);
  },
  del(r: DeleteRangeResponse): string {
    return obj([
      ['header', jsonHeader(r.header)],
      ['deleted', num(r.deleted)],
      ['prev_kvs', arr(r.prevKvs?.map(jsonKv))],
    ]);
  },
  /** clientv3.WatchResponse: exported Go field names, no omitempty at the top. */
  watch(r: WatchResponse): string {
    const events = r.events.map((e) =>
      obj([
        ['type', e.type === 'DELETE' ? '1' : undefined],
        ['kv', jsonKv(e.kv)],
        ['prev_kv', e.prevKv ? jsonKv(e.prevKv) : undefined],
      ]),
    );
    return obj([
      ['Header', jsonHeader(r.header)],
      ['Events', events.length ? `[${events.join(',')}]` : 'null'],
      ['CompactRevision', String(r.compactRevision ?? 0)],
      ['Canceled', r.canceled ? 'true' : 'false'],
      ['Created', 'false'],
    ]);
  },
  grant(r: LeaseGrantResponse): string {
    return obj([...headerFields(r.header), ['ID', String(r.id)], ['TTL', String(r.ttl)], ['Error', '""']]);
  },
  revoke(h: ResponseHeader): string {
    return obj([['header', jsonHeader(h)]]);
  },
  keepAlive(r: LeaseKeepAliveResponse): string {
    return obj([...headerFields(r.header), ['ID', String(r.id)], ['TTL', String(r.ttl)]]);
  },
  timeToLive(r: LeaseTimeToLiveResponse): string {
    const keys = r.keys && r.keys.length ? `[${r.keys.map((k) => str(b64(k))).join(',')}]` : 'null';
    return obj([...headerFields(r.header), ['id', String(r.id)], ['ttl', String(r.ttl)], ['granted-ttl', String(r.grantedTtl)], ['keys', keys]]);
  },
  leases(h: ResponseHeader, ids: number[]): string {
    return obj([...headerFields(h), ['leases', `[${ids.map((id) => `{"id":${id}}`).join(',')}]`]]);
  },
  memberList(h: ResponseHeader, members: Member[]): string {
    const ms = members.map((m) =>
      obj([
        ['ID', u64num(m.id)],
        ['name', m.name ? str(m.name) : undefined],
        ['peerURLs', arr(m.peerURLs.map(str))],
        ['clientURLs', arr(m.clientURLs.map(str))],
        ['isLearner', m.isLearner ? 'true' : undefined],
      ]),
    );
    return obj([
      ['header', jsonHeader(h, { revision: false })],
      ['members', arr(ms)],
    ]);
  },
  endpointStatus(rows: Array<{ endpoint: string; status: StatusResponse }>): string {
    return `[${rows
      .map(({ endpoint, status: s }) =>
        obj([
          ['Endpoint', str(endpoint)],
          [
            'Status',
            obj([
              ['header', jsonHeader(s.header)],
              ['version', s.version ? str(s.version) : undefined],
              ['dbSize', num(s.dbSize)],
              ['leader', u64num(s.leader)],
              ['raftIndex', num(s.raftIndex)],
              ['raftTerm', num(s.raftTerm)],
              ['raftAppliedIndex', num(s.raftAppliedIndex)],
              // The store interface has no separate in-use size; a store without free pages uses all of it.
              ['dbSizeInUse', num((s as StatusResponse & { dbSizeInUse?: number }).dbSizeInUse ?? s.dbSize)],
            ]),
          ],
        ]),
      )
      .join(',')}]`;
  },
};

// ---- Tables and rows for member list / endpoint status.

export function memberRows(members: Member[]): string[][] {
  return members.map((m) => [hexId(m.id), 'started', m.name, m.peerURLs.join(','), m.clientURLs.join(','), String(m.isLearner)]);
}
export const MEMBER_HEADER = ['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'];

export function statusRows(rows: Array<{ endpoint: string; status: StatusResponse }>): string[][] {
  return rows.map(({ endpoint, status: s }) => [
    endpoint,
    hexId(s.header.memberId),
    s.version,
    humanBytes(s.dbSize),
    String(u64(s.leader) === u64(s.header.memberId)),
    'false',
    String(s.raftTerm),
    String(s.raftIndex),
    String(s.raftAppliedIndex),
    '',
  ]);
}
export const STATUS_HEADER = ['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'];

/** olekukonko/tablewriter as etcdctl sets it up: centred header, right-aligned cells. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const centre = (s: string, w: number) => {
    const gap = w - s.length;
    const left = Math.floor(gap / 2);
    return ' '.repeat(left) + s + ' '.repeat(gap - left);
  };
  const line = (cells: string[], fmt: (s: string, w: number) => string) => `| ${cells.map((c, i) => fmt(c, widths[i]!)).join(' | ')} |`;
  return [rule, line(header, centre), rule, ...rows.map((r) => line(r, (s, w) => s.padStart(w))), rule];
}

/** go-humanize's Bytes (SI units), as etcdctl prints DB SIZE: `20 kB`, `1.2 MB`. */
export function humanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${val < 10 ? val.toFixed(1) : goRound0(val)} ${sizes[e]}`;
}

/** Go's %.0f: round half to even. */
function goRound0(v: number): string {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5 || (d === 0.5 && f % 2 === 1)) return String(f + 1);
  return String(f);
}

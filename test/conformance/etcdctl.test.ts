// Acceptance 2 of issue 2: one seeded random sequence of etcdctl lines (put, get, del, compact; --prefix,
// --from-key, range ends, --rev, --limit, --keys-only, --order, --sort-by, --prev-kv, --print-value-only,
// -w json, and bad input) runs against every backend in lockstep, and every backend must print what the real
// etcdctl prints against a real etcd: the same revisions, kvs, count, more, deleted, prev_kv(s), and the same
// error line. Only the ids of the etcd cluster and its raft term are normalised.
//
// To add a backend, add one entry to BACKENDS: a name, why it cannot run here (or undefined), and how to
// start a session (see onRealEtcd below: our line on a real etcd through `--store etcd://`).
import { Rand } from '../../src/cluster/sim/rand';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/sim/cluster';
import { splitLine } from '../../src/cluster/sim/shell';
import { etcdMissing, startEtcd, type RealEtcd } from '../helpers/etcd';

export interface Answer {
  ok: boolean;
  stdout: string;
  /** The `Error: …` line, or '' when there was none. */
  error: string;
}

export interface Session {
  exec(line: string): Promise<Answer>;
  stop(): Promise<void>;
}

export interface Backend {
  name: string;
  /** Why this backend cannot run here, or undefined. */
  missing(): string | undefined;
  start(): Promise<Session>;
}

/** The real etcdctl against a real etcd the test starts: the reference every other backend must match. */
const realEtcd: Backend = {
  name: 'real etcdctl + etcd 3.4',
  missing: etcdMissing,
  async start() {
    const etcd: RealEtcd = await startEtcd();
    return {
      async exec(line) {
        const [, ...args] = splitLine(line);
        const r = etcd.etcdctl(args);
        // etcdctl logs gRPC retries as JSON and repeats usage after a flag error: keep its first Error line.
        const error = r.stderr.split('\n').find((l) => l.startsWith('Error: ')) ?? '';
        // …and prints its usage on stdout after a flag error (we print the one line only).
        const usage = r.code !== 0 ? r.stdout.indexOf('NAME:\n') : -1;
        return { ok: r.code === 0, stdout: usage >= 0 ? r.stdout.slice(0, usage) : r.stdout, error };
      },
      stop: () => etcd.stop(),
    };
  },
};

/**
 * Our `etcdctl` line in a bare cluster (`kubetutor cluster --bare`) on the store that `setup` opens: `memory`
 * (the embedded mvcc store) or `etcd://…` (the same line on a real etcd through the store interface).
 */
export function lineBackend(
  name: string,
  setup: () => Promise<{ store: string; stop?: () => Promise<void> }>,
  missing: () => string | undefined = () => undefined,
): Backend {
  return {
    name,
    missing,
    async start() {
      const { store, stop } = await setup();
      let out = '';
      let err = '';
      const cluster = await Cluster.start(
        { bare: true, seed: '1', store },
        { out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`), err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`) },
      );
      return {
        async exec(line) {
          out = '';
          err = '';
          const ok = await cluster.shell.exec(line);
          const lines = err.split('\n').filter(Boolean);
          // Our contract: a failing line prints exactly one line.
          if (lines.length > 1) throw new Error(`"${line}" printed more than one error line:\n${err}`);
          return { ok, stdout: out, error: lines[0] ?? '' };
        },
        async stop() {
          await cluster.stop();
          await stop?.();
        },
      };
    },
  };
}

const embedded = lineBackend('kubetutor etcdctl + embedded store', async () => ({ store: 'memory' }));

/** Issue 8: the same line, the same store interface, on a real etcd through `--store etcd://`. */
const onRealEtcd = lineBackend(
  'kubetutor etcdctl + real etcd via --store',
  async () => {
    const e = await startEtcd();
    return { store: e.url, stop: () => e.stop() };
  },
  etcdMissing,
);

export const BACKENDS: Backend[] = [realEtcd, embedded, onRealEtcd];


const KEYS = ['a', 'a/1', 'a/2', 'a/10', 'a/b', 'ab', 'b', 'b/1', 'c', 'zz'];
const PREFIXES = ['a', 'a/', 'b', 'c', 'z', 'q'];
const VALUES = ['x', 'y', 'xy', '1', '10', 'hello world', '""'];
const ORDERS = ['ASCEND', 'DESCEND', 'descend'];
const TARGETS = ['KEY', 'CREATE', 'MODIFY', 'VALUE', 'VERSION'];
const BAD = [
  'etcdctl get a --bogus',
  'etcdctl get',
  'etcdctl put a',
  'etcdctl del',
  'etcdctl get a --rev abc',
  'etcdctl get a --limit x',
  'etcdctl get a --rev',
  'etcdctl compact x',
  'etcdctl compact',
  'etcdctl get a --order SIDEWAYS',
  'etcdctl get a --sort-by SIZE',
  'etcdctl get a --prefix --from-key',
  'etcdctl del a b --prefix',
  'etcdctl frobnicate',
  'etcdctl get --rev=1x a',
  'etcdctl get a -x',
  'etcdctl put a b --lease zz',
];

/** The generator's view of the store, kept from the reference backend's answers. */
interface Model {
  rev: number;
  compacted: number;
}

function nextLine(r: () => number, m: Model): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const json = () => (chance(0.4) ? ' -w json' : '');
  const revArg = () => Math.max(0, m.compacted - 1) + Math.floor(r() * (m.rev - m.compacted + 4));
  const range = () => {
    const x = r();
    if (x < 0.45) return pick(KEYS);
    if (x < 0.7) return `${pick(PREFIXES)} --prefix`;
    if (x < 0.85) return `${pick(KEYS)} --from-key`;
    const [s, e] = [pick(KEYS), pick(KEYS)].sort();
    return `${s} ${e}`;
  };
  const x = r();
  if (x < 0.3) return `etcdctl put ${pick(KEYS)} ${pick(VALUES)}${chance(0.35) ? ' --prev-kv' : ''}${json()}`;
  if (x < 0.7) {
    let line = `etcdctl get ${range()}`;
    if (chance(0.3)) line += ` --rev ${revArg()}`;
    if (chance(0.35)) line += ` --limit ${1 + Math.floor(r() * 4)}`;
    if (chance(0.2)) line += ' --keys-only';
    if (chance(0.35)) line += ` --order ${pick(ORDERS)}`;
    if (chance(0.35)) line += ` --sort-by=${pick(TARGETS)}`;
    const j = json();
    if (!j && chance(0.15)) line += ' --print-value-only';
    return line + j;
  }
  if (x < 0.85) return `etcdctl del ${range()}${chance(0.4) ? ' --prev-kv' : ''}${json()}`;
  if (x < 0.92) return `etcdctl compact ${revArg()}${chance(0.2) ? ' -w json' : ''}`;
  return pick(BAD);
}

/** Follows the revision and the compacted revision from an answer, so later --rev values stay relevant. */
function observe(m: Model, line: string, a: Answer): void {
  if (!a.ok) return;
  const words = splitLine(line);
  if (words[1] === 'put') m.rev++;
  if (words[1] === 'del') {
    const deleted = words.includes('json') ? Number(/"deleted":(\d+)/.exec(a.stdout)?.[1] ?? 0) : Number(a.stdout.split('\n')[0]);
    if (deleted > 0) m.rev++;
  }
  if (words[1] === 'compact') m.compacted = Number(words[2]);
}

/** Ids and raft term differ between any two etcd clusters; everything else must not. */
function normalise(a: Answer): Answer {
  return { ...a, stdout: a.stdout.replace(/"(cluster_id|member_id|raft_term)":\d+/g, '"$1":0') };
}

const STEPS = 360;
const reasons = BACKENDS.map((b) => b.missing()).filter(Boolean);
if (reasons.length) console.warn(`test/conformance: skipped — ${reasons.join('; ')}`);

describe.skipIf(reasons.length > 0)(`etcdctl conformance: ${BACKENDS.map((b) => b.name).join(' vs ')}`, () => {
  const sessions: Session[] = [];

  beforeAll(async () => {
    for (const b of BACKENDS) sessions.push(await b.start());
  }, 60_000);

  afterAll(async () => {
    for (const s of sessions) await s.stop();
  });

  it(`${STEPS} seeded etcdctl lines give the same answers and the same errors`, async () => {
    const seeded = new Rand('20260127');
    const r = () => seeded.next();
    const m: Model = { rev: 1, compacted: 0 };
    const kinds = new Set<string>();
    let errors = 0;
    const seen: string[] = [];
    for (let i = 0; i < STEPS; i++) {
      const line = nextLine(r, m);
      const answers = [];
      for (const s of sessions) answers.push(normalise(await s.exec(line)));
      const ref = answers[0]!;
      for (let b = 1; b < answers.length; b++) {
        expect(answers[b], `line ${i + 1}: ${line}\n(${BACKENDS[b]!.name} vs ${BACKENDS[0]!.name})`).toEqual(ref);
      }
      observe(m, line, ref);
      kinds.add(splitLine(line)[1]!);
      if (!ref.ok) errors++;
      seen.push(ref.stdout + ref.error);
    }
    // The sequence really exercised what acceptance 2 names.
    expect([...kinds]).toEqual(expect.arrayContaining(['put', 'get', 'del', 'compact']));
    expect(m.compacted).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(10);
    for (const mark of ['"more":true', '"prev_kvs":', '"prev_kv":', '"kvs":', 'has been compacted', 'is a future revision', 'unknown flag', 'compacted revision']) {
      expect(seen.filter((t) => t.includes(mark)).length, `answers with ${mark}`).toBeGreaterThan(1);
    }
  }, 60_000);
});

// The etcdctl line's parts a learner meets outside the captured fixtures: pflag's spellings, the tables of
// `member list` / `endpoint status` (compared with what the real etcdctl drew), Tab completion, keep-alive on
// the virtual clock, snapshots, and etcdctl on a booted cluster's /registry keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/sim/cluster';
import { parseFlags, GLOBAL_FLAGS } from '../../src/cluster/sim/etcdctl/flags';
import { humanBytes, MEMBER_HEADER, STATUS_HEADER, table } from '../../src/cluster/sim/etcdctl/printer';

const tmp = mkdtempSync(path.join(tmpdir(), 'kubetutor-etcdctl-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function bare(opts: { bare?: boolean; nodes?: number } = { bare: true }) {
  let out = '';
  let err = '';
  const cluster = await Cluster.start(opts, { out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`), err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`) });
  return {
    cluster,
    async sh(line: string) {
      out = '';
      err = '';
      const ok = await cluster.shell.exec(line);
      return { ok, out, err };
    },
  };
}

describe('flags as pflag reads them', () => {
  const specs = [...GLOBAL_FLAGS, { name: 'prefix', kind: 'bool' as const, usage: '' }, { name: 'rev', kind: 'int' as const, usage: '' }];
  it.each([
    [['-w', 'json', 'k'], 'json'],
    [['-wjson', 'k'], 'json'],
    [['-w=json', 'k'], 'json'],
    [['--write-out=json', 'k'], 'json'],
    [['k', '--write-out', 'json'], 'json'],
  ])('%j → -w %s', (words, w) => {
    const p = parseFlags(words, specs);
    expect(p.flags.get('write-out')).toBe(w);
    expect(p.args).toEqual(['k']);
  });

  it('bool flags take =false, ints parse as Go does, -- ends the flags, --endpoints takes a list', () => {
    const p = parseFlags(['--prefix=false', '--rev=+7', '--endpoints', 'a:1,b:2', '--', '--not-a-flag', '-v'], specs);
    expect(p.flags.get('prefix')).toBe(false);
    expect(p.flags.get('rev')).toBe(7);
    expect(p.flags.get('endpoints')).toEqual(['a:1', 'b:2']);
    expect(p.args).toEqual(['--not-a-flag', '-v']);
  });
});

describe('tables and sizes as etcdctl prints them', () => {
  it('member list -w table and endpoint status -w table draw what the real etcdctl drew for the same rows', () => {
    // Captured from etcdctl 3.4.23 against a one-member etcd.
    expect(table(MEMBER_HEADER, [['bdae9bbc11dd390d', 'started', 'default', 'http://127.0.0.1:23801', 'http://127.0.0.1:23791', 'false']]).join('\n')).toBe(
      [
        '+------------------+---------+---------+------------------------+------------------------+------------+',
        '|        ID        | STATUS  |  NAME   |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |',
        '+------------------+---------+---------+------------------------+------------------------+------------+',
        '| bdae9bbc11dd390d | started | default | http://127.0.0.1:23801 | http://127.0.0.1:23791 |      false |',
        '+------------------+---------+---------+------------------------+------------------------+------------+',
      ].join('\n'),
    );
    expect(table(STATUS_HEADER, [['127.0.0.1:23791', 'bdae9bbc11dd390d', '3.4.23', '20 kB', 'true', 'false', '2', '37', '37', '']]).join('\n')).toBe(
      [
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '| 127.0.0.1:23791 | bdae9bbc11dd390d |  3.4.23 |   20 kB |      true |      false |         2 |         37 |                 37 |        |',
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
      ].join('\n'),
    );
  });

  it('DB SIZE in go-humanize SI units', () => {
    expect([5, 20480, 16384, 24576, 1_500_000, 10_500].map(humanBytes)).toEqual(['5 B', '20 kB', '16 kB', '25 kB', '1.5 MB', '10 kB']);
  });
});

describe('the etcdctl line', () => {
  it('member list, endpoint status and -w json on the embedded etcd (a fresh default member)', async () => {
    const c = await bare();
    expect((await c.sh('etcdctl member list')).out).toBe('8e9e05c52164694d, started, default, http://localhost:2380, http://localhost:2379, false\n');
    const ml = (await c.sh('etcdctl member list -w json')).out;
    expect(ml).toMatch(/^\{"header":\{"cluster_id":\d+,"member_id":\d+,"raft_term":2\},"members":\[\{"ID":\d+,"name":"default","peerURLs":\["http:\/\/localhost:2380"\],"clientURLs":\["http:\/\/localhost:2379"\]\}\]\}\n$/);
    // The fields, in order, that etcdctl 3.4's `endpoint status -w json` printed against a real etcd.
    const sj = JSON.parse((await c.sh('etcdctl endpoint status -w json')).out);
    expect(Object.keys(sj[0])).toEqual(['Endpoint', 'Status']);
    expect(Object.keys(sj[0].Status)).toEqual(['header', 'version', 'dbSize', 'leader', 'raftIndex', 'raftTerm', 'raftAppliedIndex', 'dbSizeInUse']);
    const st = await c.sh('etcdctl --endpoints=10.0.0.1:2379,10.0.0.2:2379 endpoint status');
    expect(st.out.split('\n').filter(Boolean).map((l) => l.split(', ').slice(0, 3))).toEqual([
      ['10.0.0.1:2379', '8e9e05c52164694d', '3.4.23'],
      ['10.0.0.2:2379', '8e9e05c52164694d', '3.4.23'],
    ]);
    await c.cluster.stop();
  });

  it('Tab completes subcommands, flags, flag values and existing keys', async () => {
    const c = await bare();
    await c.sh('etcdctl put /registry/pods/default/web-1 x');
    await c.sh('etcdctl put /registry/pods/default/web-2 y');
    const sh = c.cluster.shell;
    expect(await sh.complete('etc')).toEqual(['etcdctl']);
    expect(await sh.complete('etcdctl ')).toEqual(['compact', 'del', 'endpoint', 'get', 'help', 'lease', 'member', 'put', 'snapshot', 'version', 'watch']);
    expect(await sh.complete('etcdctl help le')).toEqual(['lease']);
    expect(await sh.complete('etcdctl help lease ')).toEqual(['grant', 'keep-alive', 'list', 'revoke', 'timetolive']);
    expect(await sh.complete('etcdctl lease t')).toEqual(['timetolive']);
    expect(await sh.complete('etcdctl get k --so')).toEqual(['--sort-by']);
    expect(await sh.complete('etcdctl get k --order ')).toEqual(['ASCEND', 'DESCEND']);
    expect(await sh.complete('etcdctl get k --sort-by=V')).toEqual(['--sort-by=VALUE', '--sort-by=VERSION']);
    expect(await sh.complete('etcdctl get k -w ')).toEqual(['simple', 'json', 'table']);
    expect(await sh.complete('etcdctl get /registry/pods/default/w')).toEqual(['/registry/pods/default/web-1', '/registry/pods/default/web-2']);
    expect(await sh.complete('etcdctl watch --prev-kv --')).toContain('--prefix');
    await c.cluster.stop();
  });

  it('help: `etcdctl` alone, `etcdctl lease`, `etcdctl get -h`, `etcdctl help CMD`, and `help etcdctl`', async () => {
    const c = await bare();
    expect((await c.sh('etcdctl')).out).toContain('etcdctl [global options] COMMAND');
    expect((await c.sh('etcdctl lease')).out).toMatch(/keep-alive\s+\tKeeps leases alive/);
    const h = await c.sh('etcdctl get -h');
    expect(h.ok).toBe(true);
    expect(h.out).toContain('--sort-by=""');
    expect((await c.sh('help etcdctl')).out).toContain('etcdctl watch --prefix /registry/ --rev 1');
    expect((await c.sh('etcdctl help lease grant')).out).toContain('etcdctl lease grant [options] <ttl>');
    expect((await c.sh('etcdctl help watch')).out).toContain('--prev-kv[=false]');
    await c.cluster.stop();
  });

  it('lease keep-alive renews every TTL/3 of virtual time until the lease is revoked', async () => {
    const c = await bare();
    const id = /lease ([0-9a-f]{16})/.exec((await c.sh('etcdctl lease grant 6')).out)![1];
    await c.sh(`etcdctl put k v --lease ${id}`);
    expect((await c.sh(`etcdctl lease keep-alive ${id}`)).out).toBe(`lease ${id} keepalived with TTL(6)\n`);
    expect((await c.sh('time advance 5s')).out).toContain(`lease ${id} keepalived with TTL(6)\nlease ${id} keepalived with TTL(6)\n`);
    await c.sh(`etcdctl lease revoke ${id}`);
    expect((await c.sh('time advance 3s')).out).toContain(`lease ${id} expired or revoked.`);
    expect((await c.sh('etcdctl get k')).out).toBe('');
    await c.cluster.stop();
  });

  it('a lease that is not kept alive expires on the virtual clock and takes its keys (DELETE on a watch)', async () => {
    const c = await bare();
    const id = /lease ([0-9a-f]{16})/.exec((await c.sh('etcdctl lease grant 10')).out)![1];
    await c.sh(`etcdctl put /registry/leases/k v --lease ${id}`);
    await c.sh('etcdctl watch --prefix /registry/leases/');
    const t = await c.sh('time advance 11s');
    expect(t.out).toContain('DELETE\n/registry/leases/k\n\n');
    expect((await c.sh(`etcdctl lease timetolive ${id}`)).out).toBe(`lease ${id} already expired\n`);
    await c.cluster.stop();
  });

  it('snapshot save, status, then restore brings the keyspace back', async () => {
    const c = await bare();
    const file = path.join(tmp, 'snap.db');
    await c.sh('etcdctl put a 1');
    expect((await c.sh(`etcdctl snapshot save ${file}`)).out).toBe(`Snapshot saved at ${file}\n`);
    // snapshot status: HASH, REVISION, TOTAL KEYS, TOTAL SIZE (etcdctl's columns and errors).
    expect((await c.sh(`etcdctl snapshot status ${file}`)).out).toMatch(/^[0-9a-f]+, 2, 1, \d+ B\n$/);
    expect((await c.sh(`etcdctl snapshot status ${file} -w table`)).out).toContain('|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |');
    expect(JSON.parse((await c.sh(`etcdctl snapshot status ${file} -w json`)).out)).toMatchObject({ revision: 2, totalKey: 1 });
    expect((await c.sh(`etcdctl snapshot status ${path.join(tmp, 'nope.db')}`)).err).toBe(`Error: stat ${path.join(tmp, 'nope.db')}: no such file or directory\n`);
    await c.sh('etcdctl put b 2');
    await c.sh('etcdctl del a');
    const r = await c.sh(`etcdctl snapshot restore ${file} --data-dir /var/lib/etcd-restored`);
    expect(r.ok).toBe(true);
    expect((await c.sh('etcdctl get "" --prefix')).out).toBe('a\n1\n');
    const missing = await c.sh(`etcdctl snapshot restore ${path.join(tmp, 'nope.db')}`);
    expect(missing.ok).toBe(false);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    await c.cluster.stop();
  });

  it('on a booted cluster the learner sees the API server\'s /registry layout', async () => {
    const c = await bare({ nodes: 1 });
    const keys = (await c.sh('etcdctl get /registry/ --prefix --keys-only')).out.split('\n').filter(Boolean);
    expect(keys).toEqual(expect.arrayContaining(['/registry/namespaces/default', '/registry/minions/node-1', '/registry/services/specs/default/kubernetes']));
    const ns = JSON.parse((await c.sh('etcdctl get /registry/namespaces/default -w json')).out);
    expect(ns.count).toBe(1);
    expect(ns.kvs[0].create_revision).toBeGreaterThan(1);
    await c.cluster.stop();
  });
});

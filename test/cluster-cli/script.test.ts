// `kubetutor cluster --script FILE|-`: every line runs, a failing line prints one line on stderr and the run
// goes on, exit 1 when any line failed; --echo; blank lines and comments skipped; same seed, same output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubetutor } from '../helpers/cli';

const tmp = mkdtempSync(path.join(tmpdir(), 'kubetutor-script-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const script = (lines: string[]) => `${lines.join('\n')}\n`;

describe('kubetutor cluster --script', () => {
  it('runs a script from stdin on a bare etcd that starts at revision 1', () => {
    const r = kubetutor(['cluster', '--bare', '--script', '-'], {
      input: script(['etcdctl get "" --prefix -w json', 'etcdctl put /demo hello', 'etcdctl get /demo', 'etcdctl get /demo -w json']),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [empty, ok, key, value, json] = r.stdout.split('\n');
    expect(JSON.parse(empty!).header.revision).toBe(1);
    expect([ok, key, value]).toEqual(['OK', '/demo', 'hello']);
    expect(JSON.parse(json!).kvs[0]).toMatchObject({ key: Buffer.from('/demo').toString('base64'), create_revision: 2, mod_revision: 2, version: 1 });
  });

  it('reads the script from a file, skips blank lines and # comments', () => {
    const file = path.join(tmp, 'ok.txt');
    writeFileSync(file, script(['# a comment', '', '   ', 'etcdctl put a 1', '  # indented comment', 'etcdctl get a --print-value-only']));
    const r = kubetutor(['cluster', '--bare', '--script', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('OK\n1\n');
  });

  it('--echo prints "$ LINE" before each line\'s output, and not for comments', () => {
    const r = kubetutor(['cluster', '--bare', '--echo', '--script', '-'], { input: script(['# setup', 'etcdctl put a 1', 'etcdctl get a']) });
    expect(r.stdout).toBe('$ etcdctl put a 1\nOK\n$ etcdctl get a\na\n1\n');
    expect(r.code).toBe(0);
  });

  it('a failing line prints one line on stderr, changes nothing, the run goes on, and the exit code is 1', () => {
    const bad = [
      'etcdctl get a --bogus',
      'etcdctl put a',
      'etcdctl get a --rev abc',
      'etcdctl frobnicate',
      'etcdctl put a 2 --lease zz',
      'etcdctl del a b c',
      'etcdctl compact 1x',
      'nosuchline here',
    ];
    const r = kubetutor(['cluster', '--bare', '--script', '-'], { input: script(['etcdctl put a 1', ...bad, 'etcdctl get a -w json']) });
    expect(r.code).toBe(1);
    const errs = r.stderr.trimEnd().split('\n');
    expect(errs).toEqual([
      'Error: unknown flag: --bogus',
      'Error: put command needs 1 argument and input from stdin or 2 arguments',
      'Error: invalid argument "abc" for "--rev" flag: strconv.ParseInt: parsing "abc": invalid syntax',
      'Error: unknown command "frobnicate" for "etcdctl"',
      'Error: bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex',
      'Error: del command needs one argument as key and an optional argument as range_end',
      'Error: strconv.ParseInt: parsing "1x": invalid syntax',
      expect.stringMatching(/^Error: unknown command "nosuchline"/),
    ]);
    // The last line ran, and the store is as the first line left it: revision 2, a = 1 at version 1.
    const last = JSON.parse(r.stdout.trimEnd().split('\n').pop()!);
    expect(last.header.revision).toBe(2);
    expect(last.kvs[0]).toMatchObject({ version: 1, value: Buffer.from('1').toString('base64') });
  });

  it('etcd\'s own errors: compacted and future revisions', () => {
    const r = kubetutor(['cluster', '--bare', '--script', '-'], {
      input: script(['etcdctl put a 1', 'etcdctl put a 2', 'etcdctl compact 3', 'etcdctl get a --rev 2', 'etcdctl get a --rev 9', 'etcdctl get a --rev 3 --print-value-only']),
    });
    expect(r.stdout).toBe('OK\nOK\ncompacted revision 3\n2\n');
    expect(r.stderr).toBe('Error: etcdserver: mvcc: required revision has been compacted\nError: etcdserver: mvcc: required revision is a future revision\n');
    expect(r.code).toBe(1);
  });

  it('a watch keeps printing the events that later lines cause (acceptance 4)', () => {
    const r = kubetutor(['cluster', '--bare', '--echo', '--script', '-'], {
      input: script([
        'etcdctl put /registry/pods/default/a v1',
        'etcdctl watch --prefix /registry/ --rev 2',
        'etcdctl put /registry/pods/default/b v1',
        'etcdctl put /elsewhere x',
        'etcdctl del /registry/pods/default/a',
      ]),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '$ etcdctl put /registry/pods/default/a v1',
        'OK',
        '$ etcdctl watch --prefix /registry/ --rev 2',
        'PUT',
        '/registry/pods/default/a',
        'v1',
        '$ etcdctl put /registry/pods/default/b v1',
        'OK',
        'PUT',
        '/registry/pods/default/b',
        'v1',
        '$ etcdctl put /elsewhere x',
        'OK',
        '$ etcdctl del /registry/pods/default/a',
        '1',
        'DELETE',
        '/registry/pods/default/a',
        '',
        '',
      ].join('\n'),
    );
  });

  it('a missing script file is one line and exit 1', () => {
    const r = kubetutor(['cluster', '--bare', '--script', path.join(tmp, 'nope.txt')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('nope.txt');
  });

  it('same seed, same script: the same output byte for byte (lease ids too)', () => {
    const input = script(['etcdctl lease grant 30', 'etcdctl lease list', 'etcdctl put a 1', 'etcdctl endpoint status', 'etcdctl member list -w json']);
    const a = kubetutor(['cluster', '--bare', '--seed', '7', '--script', '-'], { input });
    const b = kubetutor(['cluster', '--bare', '--seed', '7', '--script', '-'], { input });
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^lease [0-9a-f]{16} granted with TTL\(30s\)\n/);
    expect(b.stdout).toBe(a.stdout);
  });
});

// `kubetutor cluster` on a real terminal (tmux), as a learner uses it: Tab completes line names, etcdctl's
// subcommands and flags; Up recalls a line, also from an earlier session (history kept in KUBETUTOR_HOME);
// `help` lists the lines; Ctrl-D leaves with 0 and Ctrl-C with 130, the terminal given back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxSession } from '../helpers/tmux';

if (!hasTmux) console.warn('test/cluster-cli/repl-tmux.test.ts: skipped — tmux is not installed');
const SESSION = `kt-repl-${process.pid}`;
let home: string;
let t: TmuxSession | undefined;

const waitFor = (test: (s: string) => boolean, what: string, timeoutMs = 15_000) => t!.waitFor(test, timeoutMs, what);
const waitText = (x: string | RegExp) => t!.waitFor(x, 15_000);
/** The prompt line being edited (the last `$ ` line on the screen). */
const promptLine = (s: string) => s.split('\n').filter((l) => l.startsWith('$ ')).pop() ?? '';
const waitPrompt = (p: string) => waitFor((s) => promptLine(s) === p, `prompt "${p}"`);
const keys = (...k: string[]) => t!.keys(...k);
const typeText = (x: string) => t!.typeText(x);

/** The REPL on a bare etcd; after it exits, the shell prints whether the terminal is canonical again. */
function start(env: Record<string, string> = {}): void {
  t = TmuxSession.start(SESSION, ['cluster', '--bare'], { KUBETUTOR_HOME: home, ...env }, { x: 150, y: 50 }, {
    after: "stty -a | grep -o -- '-\\?icanon' | head -1",
  });
}

describe.skipIf(!hasTmux)('kubetutor cluster REPL in tmux', () => {
  beforeAll(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'kt-repl-home-'));
  });
  afterEach(() => t?.kill());
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('Tab completes, help lists the lines, Ctrl-C leaves with 130 and restores the terminal', async () => {
    start();
    await waitText('"help" lists the lines');
    typeText('etcdctl put /registry/demo hello');
    keys('Enter');
    await waitText(/\$ etcdctl put \/registry\/demo hello\nOK\n/);

    typeText('etc');
    keys('Tab');
    await waitPrompt('$ etcdctl ');
    typeText('g');
    keys('Tab');
    await waitPrompt('$ etcdctl get ');
    typeText('/reg');
    keys('Tab');
    await waitPrompt('$ etcdctl get /registry/demo ');
    typeText('-w j');
    keys('Tab');
    await waitPrompt('$ etcdctl get /registry/demo -w json ');
    typeText('--pre');
    keys('Tab');
    await waitPrompt('$ etcdctl get /registry/demo -w json --prefix ');
    keys('Enter');
    await waitText(/"kvs":\[\{"key":"L3JlZ2lzdHJ5L2RlbW8="/);

    // Two Tabs on an ambiguous word list the choices: etcdctl's lease subcommands.
    typeText('etcdctl lease ');
    keys('Tab', 'Tab');
    await waitText(/grant\s+keep-alive\s+list\s+revoke\s+timetolive/);
    keys('C-u');

    typeText('help');
    keys('Enter');
    const s = await waitText(/ etcdctl +the etcd v3 client/);
    expect(s).toMatch(/ help +list the lines/);

    typeText('help etcdctl');
    keys('Enter');
    await waitText('etcdctl watch --prefix /registry/ --rev 1');

    typeText('etcdctl get /registry/demo --sort');
    keys('C-c');
    // After the exit line the shell prints the terminal's mode (`icanon`, or `-icanon` if left raw): wait for it.
    const end = await waitText(/\[exit 130\]\s*-?icanon/);
    expect(end).not.toContain('Error');
    // The terminal is back in canonical mode (readline left raw mode).
    expect(end.split('[exit 130]')[1]).toMatch(/^\s*icanon/);
  });

  it('Up recalls lines, also those of an earlier session; Ctrl-D leaves with 0', async () => {
    // The first test's session wrote its history to KUBETUTOR_HOME.
    expect(readFileSync(path.join(home, 'cluster_history'), 'utf8')).toContain('etcdctl put /registry/demo hello\n');
    start();
    await waitText('"help" lists the lines');
    keys('Up');
    await waitPrompt('$ help etcdctl');
    keys('Up', 'Up');
    await waitPrompt('$ etcdctl get /registry/demo -w json --prefix');
    keys('Up');
    await waitPrompt('$ etcdctl put /registry/demo hello');
    keys('Enter');
    await waitText(/\$ etcdctl put \/registry\/demo hello\nOK\n/);
    keys('C-d');
    await waitText('[exit 0]');
  });

  it('a history file that cannot be written does not end the session', async () => {
    // KUBETUTOR_HOME under a plain file: no directory can be made there, whoever runs the test.
    const blocker = path.join(home, 'not-a-dir');
    writeFileSync(blocker, '');
    start({ KUBETUTOR_HOME: path.join(blocker, 'home') });
    await waitText('"help" lists the lines');
    typeText('etcdctl put x 1');
    keys('Enter');
    await waitText(/\$ etcdctl put x 1\nOK\n/);
    typeText('etcdctl get x --print-value-only');
    keys('Enter');
    await waitText(/--print-value-only\n1\n/);
    keys('C-d');
    const s = await waitText('[exit 0]');
    expect(s).not.toMatch(/ENOTDIR|Error/);
  });
});

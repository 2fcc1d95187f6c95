// `kubetutor learn` on a real terminal (tmux), the way a learner uses it: a wrong try is caught by the step's
// check with a hint, a right one passes, and quitting mid-lesson resumes at the same step next time.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxSession } from '../helpers/tmux';

const SESSION = `kt-learn-${process.pid}`;
let home: string;
let t: TmuxSession | undefined;

const waitFor = (text: string | RegExp) => t!.waitFor(text);

/** Types a line at the `try $` prompt once the prompt is waiting (the last thing on the screen). */
async function type(line: string): Promise<void> {
  await waitFor(/try \$\s*$/);
  t!.type(line);
}

const enter = () => t!.keys('Enter');

/** Waits until `text` is on the screen `n` times (prompts stay on screen once answered). */
async function waitForCount(text: string, n: number): Promise<string> {
  const re = new RegExp(`(${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*){${n}}`);
  return waitFor(re);
}

function startLearn(args: string[]): void {
  t = TmuxSession.start(SESSION, args, { KUBETUTOR_HOME: home }, { x: 120, y: 50 });
}

function stopSession(): void {
  t?.kill();
}

describe.skipIf(!hasTmux)('learn, interactively in tmux (skipped: tmux is not installed)', () => {
  beforeAll(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'kt-learn-home-'));
  });
  afterAll(() => {
    stopSession();
    rmSync(home, { recursive: true, force: true });
  });

  it('catches a wrong try with a hint, passes a right one, and resumes after quitting', async () => {
    startLearn(['learn', 'etcd-memory']);
    try {
      await waitFor('Lesson 2/');
      // Read the three sections.
      await waitForCount('Read on?', 1);
      enter();
      await waitFor('§2/3');
      await waitForCount('Read on?', 2);
      enter();
      await waitFor('Start the demos');
      enter();
      // Demo 1, step 1 shows the fresh etcd; continue.
      await waitFor('Demo 1/');
      await waitFor('Continue?');
      enter();
      await waitFor('Try it: Store the key /registry/configmaps/default/greeting');
      // A wrong value: the check catches it.
      await type('etcdctl put /registry/configmaps/default/greeting hi');
      await waitFor('✗ not yet');
      await type('check');
      const s1 = await waitFor('hint 1/');
      expect(s1).toContain('(want hello)');
      // The right line passes and the next step begins.
      await type('etcdctl put /registry/configmaps/default/greeting hello');
      await waitFor('✓ check passed');
      await waitFor('Try it: Change the greeting to bonjour');
      await type('quit');
      await waitFor('[exit 0]');
    } finally {
      stopSession();
    }
    const saved = JSON.parse(readFileSync(path.join(home, 'progress.json'), 'utf8'));
    expect(saved.lessons['etcd-memory'].done).toBe(false);

    // Next time, `learn` with no lesson named carries on at the same step, with the cluster rebuilt.
    startLearn(['learn']);
    try {
      await waitFor('resuming where you left off');
      await waitFor('Try it: Change the greeting to bonjour');
      await type('etcdctl get /registry/configmaps/default/greeting');
      await waitFor(/\/registry\/configmaps\/default\/greeting\s*\n\s*hello/);
      await type('etcdctl put /registry/configmaps/default/greeting bonjour');
      await waitFor('✓ check passed');
      // The next step only shows; its menu has Quit second.
      await waitFor('Continue?');
      t!.keys('Down');
      enter();
      await waitFor('[exit 0]');
    } finally {
      stopSession();
    }
  }, 90_000);

  it('Ctrl-C at a menu or at the try prompt exits 130 quietly, with the place kept', async () => {
    startLearn(['learn', 'scheduler']);
    try {
      await waitFor('Read on?');
      t!.keys('C-c');
      const s = await waitFor('[exit 130]');
      expect(s).toContain('Your place is saved');
      expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
    } finally {
      stopSession();
    }
    const saved = JSON.parse(readFileSync(path.join(home, 'progress.json'), 'utf8'));
    expect(saved.lessons.scheduler).toMatchObject({ step: 0, done: false });

    startLearn(['learn', 'scheduler']);
    try {
      await waitFor('Read on?');
      t!.keys('Down'); // "Skip to the demos"
      enter();
      await waitFor('Continue?');
      enter();
      await waitFor('Try it: Create the pod in big.yaml');
      await waitFor(/try \$\s*$/);
      t!.keys('-l', 'kubectl get no');
      await waitFor('try $ kubectl get no');
      t!.keys('C-c');
      const s = await waitFor('[exit 130]');
      expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);
    } finally {
      stopSession();
    }
  }, 40_000);
});

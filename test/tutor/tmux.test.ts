// Issue 7, acceptance 4 and 6, on a real terminal: a short quiz, a two-question mock interview read to its
// scorecard, Ctrl-C at a prompt (exit 130, no stack trace), and the home menu's count of due cards.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TmuxSession, count, hasTmux } from '../helpers/tmux';
import { kubetutor } from '../helpers/cli';
import { loadBank } from '../../src/tutor/quiz/bank';
import { planInterview, planQuiz } from '../../src/tutor/quiz/session';

const sessions: TmuxSession[] = [];
const start = (args: string[], home: string) => {
  const s = TmuxSession.start(`kt-quiz-${process.pid}-${sessions.length}`, args, { KUBETUTOR_HOME: home });
  sessions.push(s);
  return s;
};
const freshHome = () => mkdtempSync(path.join(tmpdir(), 'kt-tmux-'));
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

afterEach(() => {
  while (sessions.length) sessions.pop()!.kill();
});

describe.skipIf(!hasTmux)('on a terminal (skipped: tmux is not installed)', async () => {
  const bank = await loadBank({ fresh: true });

  it('a two-question quiz: one multiple choice, one free text, feedback, bars per topic, progress saved', async () => {
    const home = freshHome();
    const seed = '42';
    const plan = planQuiz(bank, { count: 2, seed });
    expect(new Set(plan.map((p) => p.kind))).toEqual(new Set(['free', 'choice']));
    const s = start(['quiz', '--count', '2', '--seed', seed], home);
    await s.waitFor(`Quiz: 2 questions (seed ${seed})`);
    for (const [i, item] of plan.entries()) {
      await s.waitFor(`${i + 1}/2 · ${item.question.topic}`);
      if (item.kind === 'choice') {
        await s.waitFor(item.choice!.variant.prompt);
        const pos = item.choice!.options.indexOf(item.choice!.variant.correct);
        for (let k = 0; k < pos; k++) s.keys('Down');
        s.keys('Enter');
        await s.waitFor('✓ Right.');
      } else {
        await s.waitFor(item.question.prompt);
        s.type(oneLine(item.question.answer));
        await s.waitFor(`${item.question.id}: strong`);
      }
    }
    const screen = await s.waitFor('overall 100% · 2/2 strong');
    expect(screen).toContain('Summary by topic');
    for (const item of plan) expect(screen).toMatch(new RegExp(`${item.question.topic} +█{20} +100%`));
    expect(await s.exitCode()).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(home, 'progress.json'), 'utf8'));
    expect(doc.sessions[0].mode).toBe('quiz');
    expect(Object.keys(doc.cards).sort()).toEqual(plan.map((p) => p.question.id).sort());
  });

  it('a two-question mock interview with a clock, follow-ups, a scorecard and a Markdown transcript', async () => {
    const home = freshHome();
    const transcript = path.join(home, 'interview.md');
    const plan = planInterview(bank, { questions: 2, seed: '7' });
    const s = start(['interview', '--questions', '2', '--minutes', '10', '--seed', '7', '--transcript', transcript], home);
    await s.waitFor('Mock interview: 2 questions, 10 minutes (seed 7).');
    await s.waitFor(/Q1 · control-plane/);
    // Answer every prompt the interviewer puts (main questions and follow-ups) until the scorecard.
    let answered = 0;
    for (;;) {
      const screen = await s.waitFor((sc) => sc.includes('Scorecard') || (sc.includes('⏱') && count(sc, '✔') === answered));
      if (screen.includes('Scorecard')) break;
      expect(screen).toMatch(/⏱ \d\d:\d\d elapsed · \d\d:\d\d left/);
      s.type(answered === 0 ? 'The API server is the front end, etcd stores the state, the scheduler picks a node for each pod and the kubelet runs the containers on each node.' : 'I am not sure.');
      answered++;
      await s.waitFor((sc) => count(sc, '✔') >= answered);
      expect(answered).toBeLessThanOrEqual(4);
    }
    const screen = await s.waitFor('Transcript written to');
    expect(answered).toBeGreaterThanOrEqual(2);
    expect(screen).toMatch(/control-plane +[█░]{20} +\d+% +(strong|partial|weak)/);
    expect(screen).toMatch(/overall +[█░]{20} +\d+%/);
    expect(screen).toContain('Lessons to revisit:');
    expect(screen).toContain('kubetutor learn control-plane-tour');
    expect(screen).toContain('Gaps:');
    expect(await s.exitCode()).toBe(0);
    const md = readFileSync(transcript, 'utf8');
    expect(md).toMatch(/^# Mock interview — /);
    expect(md).toContain('## 1. control-plane');
    // The seed chose the second question: the same one planInterview picks for seed 7.
    expect(md).toContain(`## 2. ${plan[1]!.topic}`);
    expect(md).toContain(plan[1]!.prompt.split('\n')[0]!.trim());
    expect(md).toContain('> The API server is the front end');
    expect(md).toContain('## Scorecard');
    expect(md).toContain('| control-plane |');
    const doc = JSON.parse(readFileSync(path.join(home, 'progress.json'), 'utf8'));
    expect(doc.sessions[0].mode).toBe('interview');
    expect(doc.sessions[0].results).toHaveLength(2);
  });

  it('Ctrl-C at a prompt exits 130 without a stack trace', async () => {
    const home = freshHome();
    const s = start(['quiz', '--count', '3', '--seed', '1'], home);
    await s.waitFor('1/3 ·');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    const screen = s.screen();
    expect(screen).not.toMatch(/Error|at .*\.js:\d+/);
    expect(existsSync(path.join(home, 'progress.json'))).toBe(false);
    // The interview's prompt has a ticking clock: Ctrl-C must stop it too, not leave the process hanging.
    const i = start(['interview', '--questions', '2'], home);
    await i.waitFor(/⏱ \d\d:\d\d elapsed/);
    i.keys('C-c');
    expect(await i.exitCode()).toBe(130);
    expect(i.screen()).not.toMatch(/Error|at .*\.js:\d+/);
  });

  it('review: answer a card, the grader\'s rating is preselected, the card is rescheduled and counted', async () => {
    const home = freshHome();
    const s = start(['review'], home);
    await s.waitFor('Review: 0 due, 20 new');
    const first = bank[0]!;
    await s.waitFor(first.prompt);
    s.type('The API server is the front end that everything talks to, and etcd is the key-value store with the state.');
    await s.waitFor('How well did you know it?');
    // A partial answer: the grader suggests Hard, and the cursor starts there rather than on Again.
    expect(await s.waitFor('❯ Hard')).toContain(`${first.id}: partial`);
    s.keys('Down', 'Enter'); // the learner overrides: Good
    await s.waitFor('next review');
    await s.waitFor(`2/20`);
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    const doc = JSON.parse(readFileSync(path.join(home, 'progress.json'), 'utf8'));
    expect(Object.keys(doc.cards)).toEqual([first.id]);
    expect(doc.cards[first.id].state).toBe(1); // Learning, as after Good
    expect(doc.daily.newCards).toBe(1);
  });

  it('the home menu shows how many review cards are due and new, as review itself counts them', async () => {
    const home = freshHome();
    const s = start([], home);
    await s.waitFor('Review (0 due, 20 new)');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
  });
});

describe('without a terminal', () => {
  it('quiz, review and interview say they need one and exit 1 instead of waiting', () => {
    const env = { KUBETUTOR_HOME: freshHome() };
    for (const cmd of ['quiz', 'review', 'interview']) {
      const r = kubetutor([cmd], { env });
      expect(r.code, cmd).toBe(1);
      expect(r.stderr, cmd).toMatch(new RegExp(`^kubetutor: "${cmd}" asks questions and needs a terminal`));
      expect(r.stderr.trim().split('\n'), cmd).toHaveLength(1);
    }
  });
});

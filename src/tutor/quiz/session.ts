// The plans of a quiz and of a mock interview, as plain data: which questions, in which order, free text or
// multiple choice, which follow-up to ask. The commands in src/cli/ only ask and print.
import { Rand } from '../../cluster/sim/rand';
import type { ChoiceVariant, FollowUp, Question } from './bank';
import type { GradeResult } from './grader';

export function shuffle<T>(items: readonly T[], rand: Rand): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rand.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export interface QuizItem {
  question: Question;
  kind: 'free' | 'choice';
  /** For a multiple-choice item: the variant and its options in display order. */
  choice?: { variant: ChoiceVariant; options: string[] };
}

/** A quiz: `count` questions (seeded), free text and multiple choice alternating, starting with either. */
export function planQuiz(questions: Question[], opts: { count: number; seed: string }): QuizItem[] {
  const rand = new Rand(opts.seed);
  const picked = shuffle(questions, rand).slice(0, opts.count);
  const offset = rand.int(2);
  return picked.map((question, i) => {
    const free = (i + offset) % 2 === 0;
    if (free || question.choices.length === 0) return { question, kind: 'free' as const };
    const variant = question.choices[rand.int(question.choices.length)]!;
    return { question, kind: 'choice' as const, choice: { variant, options: shuffle([variant.correct, ...variant.distractors], rand) } };
  });
}

/** The order an interviewer takes topics in: the big picture first, then down into the machinery. */
export const TOPIC_ORDER = [
  'control-plane', 'etcd', 'api-server', 'watch', 'reconciliation', 'scheduling', 'node-failure', 'services',
  'concurrency', 'rollouts', 'ha',
];

/** An interview: one question per topic (as many topics as asked for), opening with the control plane. */
export function planInterview(bank: Question[], opts: { questions: number; seed: string }): Question[] {
  const rand = new Rand(opts.seed);
  const topics = [...new Set(bank.map((q) => q.topic))];
  const rank = (t: string) => (TOPIC_ORDER.includes(t) ? TOPIC_ORDER.indexOf(t) : TOPIC_ORDER.length);
  // Always the opener, then a random choice of the other topics, asked in the interviewer's order.
  const [opener, ...rest] = [...topics].sort((a, b) => rank(a) - rank(b));
  const chosen = [opener!, ...shuffle(rest, rand).slice(0, Math.max(0, opts.questions - 1))].sort((a, b) => rank(a) - rank(b));
  const plan = chosen.map((t) => {
    const pool = bank.filter((q) => q.topic === t);
    return pool[rand.int(pool.length)]!;
  });
  // More questions than topics: fill up with the remaining questions.
  const left = shuffle(bank.filter((q) => !plan.includes(q)), rand);
  while (plan.length < opts.questions && left.length) plan.push(left.shift()!);
  return plan;
}

/**
 * The follow-up that digs into the most of what the answer missed (by weight, required concepts first), and
 * least into what it already covered; none when the answer missed nothing a follow-up asks about.
 */
export function chooseFollowUp(q: Question, r: GradeResult): FollowUp | undefined {
  const weight = new Map(q.rubric.concepts.map((c) => [c.id, c.weight + (c.required ? 1 : 0)]));
  let best: FollowUp | undefined;
  let bestScore = 0;
  for (const f of q.followups) {
    const s = f.probes.reduce((a, p) => a + (r.missing.includes(p) ? 1 : -0.5) * (weight.get(p) ?? 0), 0);
    if (s > bestScore) {
      best = f;
      bestScore = s;
    }
  }
  return best;
}

// The mock interview's record and its scorecard: per-topic scores, strengths, gaps and lessons to revisit, and
// the Markdown transcript.
import type { FollowUp, Question } from './bank';
import { grade, type GradeResult, type Verdict } from './grader';
import { bar } from './feedback';

export interface Exchange {
  question: Question;
  answer: string;
  result: GradeResult;
  /** The follow-up asked after this answer, if any, and what the learner said. */
  followUp?: { followUp: FollowUp; answer: string; result: GradeResult };
  /** ms since the interview began, when the answer was given. */
  at: number;
}

export interface TopicScore {
  topic: string;
  lesson: string;
  questionId: string;
  /** What the learner said about the question overall (main answer plus follow-up) against its rubric. */
  score: number;
  verdict: Verdict;
}

export interface Scorecard {
  topics: TopicScore[];
  overall: number;
  strengths: string[];
  gaps: string[];
  revisit: string[];
  summary: string;
}

export function scorecard(exchanges: Exchange[]): Scorecard {
  const topics: TopicScore[] = [];
  const strengths: string[] = [];
  const gaps: string[] = [];
  const revisit: string[] = [];
  for (const e of exchanges) {
    const q = e.question;
    const combined = e.followUp ? grade(q, `${e.answer}\n\n${e.followUp.answer}`) : e.result;
    topics.push({ topic: q.topic, lesson: q.lesson, questionId: q.id, score: combined.score, verdict: combined.verdict });
    if (combined.verdict === 'strong') strengths.push(`${q.topic}: ${combined.found.slice(0, 3).map((id) => combined.labels[id]).join('; ')}`);
    const important = q.rubric.concepts.filter((c) => combined.missing.includes(c.id) && (c.required || c.weight >= 2));
    for (const c of important) gaps.push(`${q.topic}: ${c.label}`);
    for (const id of combined.wrong) gaps.push(`${q.topic}: said that ${combined.labels[id]}`);
    if (combined.verdict !== 'strong' && !revisit.includes(q.lesson)) revisit.push(q.lesson);
  }
  const overall = topics.length ? topics.reduce((a, t) => a + t.score, 0) / topics.length : 0;
  const summary =
    overall >= 0.7 ? 'Interview-ready on these topics: clear, complete answers.'
    : overall >= 0.45 ? 'Good foundations; fill the gaps below and you are there.'
    : 'Not yet: work through the lessons below, then try again.';
  return { topics, overall, strengths, gaps, revisit, summary };
}

export function formatScorecard(card: Scorecard): string[] {
  const lines: string[] = ['Scorecard', ''];
  const w = Math.max(0, ...card.topics.map((t) => t.topic.length));
  for (const t of card.topics) lines.push(`  ${t.topic.padEnd(w)}  ${bar(t.score)} ${String(Math.round(t.score * 100)).padStart(3)}%  ${t.verdict}`);
  lines.push(`  ${'overall'.padEnd(w)}  ${bar(card.overall)} ${String(Math.round(card.overall * 100)).padStart(3)}%`, '');
  lines.push('Strengths:', ...(card.strengths.length ? card.strengths.map((s) => `  + ${s}`) : ['  (none yet)']), '');
  lines.push('Gaps:', ...(card.gaps.length ? card.gaps.map((s) => `  - ${s}`) : ['  (none)']), '');
  lines.push('Lessons to revisit:', ...(card.revisit.length ? card.revisit.map((l) => `  kubetutor learn ${l}`) : ['  (none)']), '');
  lines.push(card.summary);
  return lines;
}

const quote = (text: string) => (text.trim() ? text.trim().split('\n').map((l) => `> ${l}`).join('\n') : '> *(no answer)*');

export function transcriptMarkdown(exchanges: Exchange[], card: Scorecard, meta: { date: Date; minutes: number; elapsedMs: number }): string {
  const md: string[] = [];
  md.push(`# Mock interview — ${meta.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`, '');
  md.push(`${exchanges.length} question${exchanges.length === 1 ? '' : 's'}, ${Math.round(meta.elapsedMs / 60000)} of ${meta.minutes} minutes.`, '');
  exchanges.forEach((e, i) => {
    md.push(`## ${i + 1}. ${e.question.topic}`, '', `**Interviewer:** ${e.question.prompt}`, '', quote(e.answer), '');
    md.push(`*${e.result.verdict} (${e.result.score.toFixed(2)})* — missed: ${e.result.missing.map((id) => e.result.labels[id]).join('; ') || 'nothing'}`, '');
    if (e.followUp) {
      md.push(`**Interviewer (follow-up):** ${e.followUp.followUp.prompt}`, '', quote(e.followUp.answer), '');
      md.push(`*follow-up: ${e.followUp.result.verdict} (${e.followUp.result.score.toFixed(2)})*`, '');
    }
  });
  md.push('## Scorecard', '', '| topic | score | verdict |', '| --- | --- | --- |');
  for (const t of card.topics) md.push(`| ${t.topic} | ${Math.round(t.score * 100)}% | ${t.verdict} |`);
  md.push(`| **overall** | **${Math.round(card.overall * 100)}%** | |`, '');
  md.push('### Strengths', '', ...(card.strengths.length ? card.strengths.map((s) => `- ${s}`) : ['- (none yet)']), '');
  md.push('### Gaps', '', ...(card.gaps.length ? card.gaps.map((s) => `- ${s}`) : ['- (none)']), '');
  md.push('### Lessons to revisit', '', ...(card.revisit.length ? card.revisit.map((l) => `- \`kubetutor learn ${l}\``) : ['- (none)']), '');
  md.push(card.summary, '');
  return md.join('\n');
}

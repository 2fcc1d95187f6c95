// The rubric grader: finds each concept of a question's rubric in a free-text answer, notices claims the
// answer gets wrong, and turns that into a score, a verdict and feedback.
//
// A concept is found when every word of one of its aliases appears in one sentence of the answer, in any
// order, within a small window ("the API server is the only thing that talks to etcd" matches the alias
// "only apiserver talk etcd"). A match with a "not"/"never"/"without" just before it or inside it is a
// negation: for a concept that means the answer denies it ("etcd is not critical": a contradiction, which
// costs), for a wrong claim it means the answer rejects it ("components do not poll etcd": fine).
import { distance } from 'fastest-levenshtein';
import type { Concept, Question, WrongClaim } from './bank';
import { NEGATORS, aliasTerms, tokenize, type Token } from './normalise';

export type Verdict = 'strong' | 'partial' | 'weak';

export interface GradeResult {
  id: string;
  score: number;
  verdict: Verdict;
  /** Concept ids found / missed, in rubric order. */
  found: string[];
  missing: string[];
  /** Required concepts the answer denies ("etcd is not the source of truth"). Also listed in `missing`. */
  contradicted: string[];
  /** Wrong claims the answer makes. */
  wrong: string[];
  /** Labels for people, by concept or claim id. */
  labels: Record<string, string>;
  answer: string;
}

export const STRONG = 0.6;
export const PARTIAL = 0.15;
/** What a denied concept costs, as a share of the score, on top of not being found. */
const CONTRADICTION_PENALTY = 0.15;
const DEFAULT_WRONG_PENALTY = 0.25;
/** How far before a match a negator still reaches (in tokens, stop words not counted). */
const NEGATION_REACH = 3;

type Match = { negated: boolean } | undefined;

function same(a: string, b: string): boolean {
  if (a === b) return true;
  // Typos in long words ("kubernets", "reconcilation"); short words never ("etc" is not "etcd").
  return a.length >= 6 && b.length >= 6 && distance(a, b) <= 1;
}

/** Finds the words of one alias in the answer: all in one sentence, within a window. */
function matchAlias(tokens: Token[], terms: string[], slack: number): Match {
  if (terms.length === 0) return undefined;
  const window = terms.length + slack;
  // An alias that says "not" itself ("etcd is not critical") is matched as written, never as a negation.
  const saysNot = terms.some((t) => NEGATORS.has(t));
  let best: Match;
  for (const start of tokens) {
    if (!terms.some((t) => same(t, start.t))) continue;
    // Grow a window from this token; every term must be found before the window closes.
    const left = new Set(terms);
    const hits: number[] = [];
    for (let j = start.i; j < tokens.length && j < start.i + window && tokens[j]!.sentence === start.sentence; j++) {
      for (const t of left) {
        if (same(t, tokens[j]!.t)) {
          left.delete(t);
          hits.push(j);
          break;
        }
      }
      if (left.size === 0) break;
    }
    if (left.size > 0) continue;
    const negated = !saysNot && isNegated(tokens, hits);
    if (!negated) return { negated: false };
    best = { negated: true };
  }
  return best;
}

/** A negator shortly before the match (same clause), or right before one of its words ("does not poll"). */
function isNegated(tokens: Token[], hits: number[]): boolean {
  const from = hits[0]!;
  const clause = tokens[from]!.clause;
  for (let k = from - 1; k >= 0 && k >= from - NEGATION_REACH; k--) {
    if (tokens[k]!.clause !== clause) break;
    if (NEGATORS.has(tokens[k]!.t)) return true;
  }
  return hits.slice(1).some((h) => NEGATORS.has(tokens[h - 1]!.t) && tokens[h - 1]!.clause === tokens[h]!.clause);
}

/** Words a concept's alias may have between its own (a wrong claim must be said more tightly). */
const CONCEPT_SLACK = 3;
const CLAIM_SLACK = 1;

function find(tokens: Token[], aliases: string[], slack: number, echo?: (terms: string[]) => boolean): Match {
  let negated: Match;
  for (const alias of aliases) {
    const terms = aliasTerms(alias);
    if (echo?.(terms)) continue;
    const m = matchAlias(tokens, terms, slack);
    if (m && !m.negated) return m;
    if (m) negated = m;
  }
  return negated;
}

export interface GradeOptions {
  /** Grade against these concepts only (a follow-up probes a few concepts of its question). */
  only?: string[];
}

export function grade(q: Question, answer: string, opts: GradeOptions = {}): GradeResult {
  const tokens = tokenize(answer);
  // An alias made only of the question's own words proves nothing: echoing "stacked or external etcd?" back
  // is not an answer. Such aliases count only for wrong claims.
  const asked = tokenize(q.prompt).map((t) => t.t);
  const echo = (terms: string[]) => terms.every((t) => asked.some((a) => same(a, t)));
  const concepts: Concept[] = opts.only ? q.rubric.concepts.filter((c) => opts.only!.includes(c.id)) : q.rubric.concepts;
  const wrongClaims: WrongClaim[] = q.rubric.wrong ?? [];
  const labels: Record<string, string> = {};
  const found: string[] = [];
  const missing: string[] = [];
  const contradicted: string[] = [];
  const wrong: string[] = [];
  let total = 0;
  let got = 0;
  for (const c of concepts) {
    labels[c.id] = c.label;
    total += c.weight;
    const m = find(tokens, c.aliases, CONCEPT_SLACK, echo);
    if (m && !m.negated) {
      found.push(c.id);
      got += c.weight;
    } else {
      missing.push(c.id);
      // Denying a key claim ("etcd is not the source of truth") costs; a stray "not" near a minor point
      // ("if nothing fits, the pod stays Pending") only leaves that point unfound.
      if (m?.negated && c.required) contradicted.push(c.id);
    }
  }
  let penalty = contradicted.length * CONTRADICTION_PENALTY;
  for (const w of wrongClaims) {
    labels[w.id] = w.label;
    const m = find(tokens, w.aliases, CLAIM_SLACK);
    if (m && !m.negated) {
      wrong.push(w.id);
      penalty += w.penalty ?? DEFAULT_WRONG_PENALTY;
    }
  }
  const raw = total > 0 ? got / total - penalty : 0;
  const score = Math.round(Math.min(1, Math.max(0, raw)) * 100) / 100;
  const requiredMissing = concepts.some((c) => c.required && missing.includes(c.id));
  let verdict: Verdict = score >= STRONG ? 'strong' : score >= PARTIAL ? 'partial' : 'weak';
  if (verdict === 'strong' && (requiredMissing || wrong.length > 0 || contradicted.length > 0)) verdict = 'partial';
  return { id: q.id, score, verdict, found, missing, contradicted, wrong, labels, answer: q.answer };
}

/** The FSRS rating the grader suggests for an answer (the learner may pick another). */
export function suggestedRating(r: Pick<GradeResult, 'score' | 'verdict'>): 'again' | 'hard' | 'good' | 'easy' {
  if (r.verdict === 'weak') return 'again';
  if (r.verdict === 'partial') return 'hard';
  return r.score >= 0.95 ? 'easy' : 'good';
}

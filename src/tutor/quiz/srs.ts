// Spaced repetition with ts-fsrs: every question of the bank is a card. Cards that were never seen are "new";
// like Anki, a day introduces at most 20 new cards and runs at most 200 reviews.
import { Rating, createEmptyCard, fsrs, generatorParameters, type Card, type Grade } from 'ts-fsrs';
import type { ProgressDoc, StoredCard } from '../progress/store';
import type { Question } from './bank';

export const NEW_PER_DAY = 20;
export const REVIEWS_PER_DAY = 200;

export type RatingName = 'again' | 'hard' | 'good' | 'easy';
export const RATINGS: Record<RatingName, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

export function scheduler(opts: { fuzz?: boolean } = {}) {
  return fsrs(generatorParameters({ enable_fuzz: opts.fuzz ?? true }));
}

export function toStored(card: Card): StoredCard {
  return JSON.parse(JSON.stringify(card)) as StoredCard;
}

/** The next state of a question's card after a rating (a card that was never seen starts empty). */
export function rate(stored: StoredCard | undefined, rating: RatingName, now: Date, f = scheduler()): StoredCard {
  const card: Card = stored ? (stored as unknown as Card) : createEmptyCard(now);
  return toStored(f.next(card, now, RATINGS[rating]).card);
}

/** The local calendar day, which the daily caps count by. */
export function today(now: Date): string {
  const d = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 10);
}

export interface DueQueue {
  /** Seen cards whose time has come, most overdue first (within today's review cap). */
  reviews: Question[];
  /** Never-seen questions, in bank order (within today's new-card cap). */
  fresh: Question[];
}

export function dueQueue(doc: ProgressDoc, bank: Question[], now: Date): DueQueue {
  const sameDay = doc.daily.date === today(now);
  const newLeft = Math.max(0, NEW_PER_DAY - (sameDay ? doc.daily.newCards : 0));
  const reviewsLeft = Math.max(0, REVIEWS_PER_DAY - (sameDay ? doc.daily.reviews : 0));
  const reviews = bank
    .filter((q) => doc.cards[q.id] && Date.parse(doc.cards[q.id]!.due) <= now.getTime())
    .sort((a, b) => Date.parse(doc.cards[a.id]!.due) - Date.parse(doc.cards[b.id]!.due))
    .slice(0, reviewsLeft);
  const fresh = bank.filter((q) => !doc.cards[q.id]).slice(0, newLeft);
  return { reviews, fresh };
}

/** Counts one answered card against today's caps. */
export function countToday(doc: ProgressDoc, now: Date, wasNew: boolean): void {
  const day = today(now);
  if (doc.daily.date !== day) doc.daily = { date: day, newCards: 0, reviews: 0 };
  if (wasNew) doc.daily.newCards++;
  else doc.daily.reviews++;
}

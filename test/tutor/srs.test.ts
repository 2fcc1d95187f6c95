// Issue 7, acceptance 3: FSRS scheduling with fuzz off, and the daily caps (20 new, 200 reviews) as Anki has them.
import { describe, expect, it } from 'vitest';
import { State } from 'ts-fsrs';
import { emptyProgress } from '../../src/tutor/progress/store';
import { loadBank } from '../../src/tutor/quiz/bank';
import { countToday, dueQueue, NEW_PER_DAY, rate, scheduler, today } from '../../src/tutor/quiz/srs';
import { suggestedRating } from '../../src/tutor/quiz/grader';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('spaced repetition', async () => {
  const f = scheduler({ fuzz: false });
  const bank = await loadBank({ fresh: true });
  const t0 = new Date('2026-03-02T09:00:00Z');

  it('a new card rated Good is due again after the 10-minute learning step, then after days', () => {
    const first = rate(undefined, 'good', t0, f);
    expect(first.state).toBe(State.Learning);
    expect(Date.parse(first.due) - t0.getTime()).toBe(10 * MIN);
    // Reviewed on time and rated Good again: it graduates to a review interval measured in days.
    const second = rate(first, 'good', new Date(first.due), f);
    expect(second.state).toBe(State.Review);
    expect(second.scheduled_days).toBe(2);
    expect(Date.parse(second.due) - Date.parse(first.due)).toBe(2 * DAY);
    // Good keeps stretching the interval; Again sends it back to relearning within minutes.
    const third = rate(second, 'good', new Date(second.due), f);
    expect(third.scheduled_days).toBeGreaterThan(second.scheduled_days);
    const lapse = rate(third, 'again', new Date(third.due), f);
    expect(lapse.state).toBe(State.Relearning);
    expect(lapse.lapses).toBe(1);
    expect(Date.parse(lapse.due) - Date.parse(third.due)).toBeLessThanOrEqual(10 * MIN);
  });

  it('Easy on a new card skips learning; the same inputs give the same schedule (no fuzz)', () => {
    const easy = rate(undefined, 'easy', t0, f);
    expect(easy.state).toBe(State.Review);
    expect(easy.scheduled_days).toBeGreaterThanOrEqual(4);
    expect(rate(undefined, 'easy', t0, f)).toEqual(easy);
  });

  it('the grader suggests Again for weak, Hard for partial, Good or Easy for strong', () => {
    expect(suggestedRating({ verdict: 'weak', score: 0.1 })).toBe('again');
    expect(suggestedRating({ verdict: 'partial', score: 0.5 })).toBe('hard');
    expect(suggestedRating({ verdict: 'strong', score: 0.8 })).toBe('good');
    expect(suggestedRating({ verdict: 'strong', score: 1 })).toBe('easy');
  });

  it('introduces at most 20 new cards a day, and only due cards come back', () => {
    const doc = emptyProgress();
    let q = dueQueue(doc, bank, t0);
    expect(q.fresh).toHaveLength(NEW_PER_DAY);
    expect(q.reviews).toHaveLength(0);
    // Learn 20 new cards today: no more new ones until tomorrow.
    for (const card of q.fresh) {
      doc.cards[card.id] = rate(undefined, 'good', t0, f);
      countToday(doc, t0, true);
    }
    q = dueQueue(doc, bank, new Date(t0.getTime() + MIN));
    expect(q.fresh).toHaveLength(0);
    expect(q.reviews).toHaveLength(0); // due in 10 minutes, not yet
    q = dueQueue(doc, bank, new Date(t0.getTime() + 11 * MIN));
    expect(q.reviews).toHaveLength(NEW_PER_DAY);
    // The next day the cap starts over.
    const tomorrow = new Date(t0.getTime() + DAY);
    expect(today(tomorrow)).not.toBe(doc.daily.date);
    expect(dueQueue(doc, bank, tomorrow).fresh).toHaveLength(Math.min(NEW_PER_DAY, bank.length - NEW_PER_DAY));
  });

  it('stops at 200 reviews a day', () => {
    const doc = emptyProgress();
    for (const card of bank) doc.cards[card.id] = rate(undefined, 'good', t0, f);
    const later = new Date(t0.getTime() + 20 * MIN);
    doc.daily = { date: today(later), newCards: 0, reviews: 199 };
    expect(dueQueue(doc, bank, later).reviews).toHaveLength(1);
    countToday(doc, later, false);
    expect(dueQueue(doc, bank, later).reviews).toHaveLength(0);
  });
});

// The question bank as commands use it: a broken bank or an unknown id is one clear line, not a stack trace.
import { distance } from 'fastest-levenshtein';
import { UserError } from './errors';
import { BankError, findQuestion, loadBank, type Question } from '../tutor/quiz/bank';

export async function loadBankOrFail(): Promise<Question[]> {
  try {
    return await loadBank();
  } catch (err) {
    if (err instanceof BankError) throw new UserError(err.message);
    throw err;
  }
}

export function requireQuestion(bank: Question[], id: string): Question {
  const q = findQuestion(bank, id);
  if (q) return q;
  const near = bank.map((b) => ({ id: b.id, d: distance(b.id, id) })).sort((a, b) => a.d - b.d)[0];
  const hint = near && near.d <= Math.max(2, Math.floor(id.length / 4)) ? `; did you mean "${near.id}"?` : ' (see `kubetutor questions`)';
  throw new UserError(`unknown question "${id}"${hint}`);
}

export function requireTopic(bank: Question[], topic: string | undefined): Question[] {
  if (topic === undefined) return bank;
  const picked = bank.filter((q) => q.topic === topic);
  if (picked.length === 0) {
    const all = [...new Set(bank.map((q) => q.topic))].join(', ');
    throw new UserError(`unknown topic "${topic}" (topics: ${all})`);
  }
  return picked;
}

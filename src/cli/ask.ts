// Shared by the commands that ask questions (quiz, review, interview): they need a terminal, and a clock.
import { UserError } from './errors';

/** Interactive commands never wait for input that cannot come: without a terminal they say so and exit 1. */
export function requireTerminal(command: string, instead?: string): void {
  if (process.stdin.isTTY && process.stdout.isTTY) return;
  throw new UserError(`"${command}" asks questions and needs a terminal${instead ? `; ${instead}` : ''}`);
}

/** mm:ss */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** A seed from the user, or one from the clock (printed so the run can be repeated). */
export function seedOf(seed: string | undefined): string {
  return seed ?? String(Date.now() % 1_000_000);
}

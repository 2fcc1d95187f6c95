// Colour policy of the contract: NO_COLOR or FORCE_COLOR=0 turn it off; no colour when stdout is not a
// terminal. chalk 5 ignores NO_COLOR on a terminal, so we set its level ourselves (see shared/gotchas.md).
export function colourEnabled(stream: { isTTY?: boolean } = process.stdout): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== undefined) return false;
  if (process.env.FORCE_COLOR === '0' || process.env.FORCE_COLOR === 'false') return false;
  return Boolean(stream.isTTY);
}

/** Call before chalk is first used. */
export async function setupChalk(): Promise<typeof import('chalk').default> {
  const chalk = (await import('chalk')).default;
  if (!colourEnabled()) chalk.level = 0;
  return chalk;
}

// How the CLI fails: one clear line, never a stack trace (unless KUBETUTOR_DEBUG is set), and the exit codes
// of the contract: 0 success, 1 a failed command or bad input, 2 a usage error, 130 after Ctrl-C.

/** A user's mistake or a failed command: printed as one line on stderr, then exit with `code`. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function isCtrlC(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}

/** Prints an error the kind way and returns the exit code to use. */
export function reportError(err: unknown): number {
  if (isCtrlC(err)) return 130;
  // The store's errors (etcd unreachable, no quorum) are etcd's own words about the user's setup: one line.
  if (err instanceof UserError || (err instanceof Error && err.name === 'StoreError')) {
    process.stderr.write(`kubetutor: ${err.message}\n`);
    return err instanceof UserError ? err.code : 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`kubetutor: ${message}\n`);
  if (process.env.KUBETUTOR_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('kubetutor: (set KUBETUTOR_DEBUG=1 to see where this came from)\n');
  return 1;
}

// `kubetutor` with no command: the home menu on a terminal, a short usage text without one.
type Runner = { run: (opts: Record<string, unknown>) => Promise<number | void> };

const ACTIONS: Record<string, { load: () => Promise<Runner>; opts?: Record<string, unknown> }> = {
  learn: { load: () => import('./learn') },
  quiz: { load: () => import('./quiz') },
  review: { load: () => import('./review') },
  interview: { load: () => import('./interview') },
  // The same defaults as `kubetutor cluster` on the command line.
  cluster: { load: () => import('./cluster'), opts: { nodes: 3, seed: '1', store: 'memory' } },
  progress: { load: () => import('./progress') },
};

export async function run(): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { select } = await import('@inquirer/prompts');
  const { UserError } = await import('./errors');
  // Back to the menu after each activity, until Quit (Ctrl-C anywhere still exits 130).
  for (;;) {
    const due = await dueCount();
    const choice = await select({
      message: 'kubetutor — what would you like to do?',
      choices: [
        { name: 'Learn', value: 'learn', description: 'the lessons, in order' },
        { name: 'Quiz', value: 'quiz', description: 'free-text and multiple-choice questions, graded' },
        { name: due === undefined ? 'Review' : `Review (${due.reviews} due, ${due.fresh} new)`, value: 'review', description: 'spaced-repetition cards' },
        { name: 'Mock interview', value: 'interview', description: 'a timed interview with follow-ups and a scorecard' },
        { name: 'Cluster playground', value: 'cluster', description: 'the live mini-cluster REPL' },
        { name: 'Progress', value: 'progress' },
        { name: 'Quit', value: 'quit' },
      ],
    });
    if (choice === 'quit') return 0;
    const action = ACTIONS[choice]!;
    try {
      await (await action.load()).run({ ...action.opts });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      process.stderr.write(`kubetutor: ${err.message}\n`);
    }
    process.stdout.write('\n');
  }
}

/** Cards due for review now (reviews plus today's new cards), or undefined if it cannot be known. */
/** The same two numbers `kubetutor review` starts with: cards due again, and cards never seen. */
async function dueCount(): Promise<{ reviews: number; fresh: number } | undefined> {
  try {
    const [{ loadBank }, { dueQueue }, { loadProgress }] = await Promise.all([
      import('../tutor/quiz/bank'),
      import('../tutor/quiz/srs'),
      import('../tutor/progress/store'),
    ]);
    const q = dueQueue(loadProgress(), await loadBank(), new Date());
    return { reviews: q.reviews.length, fresh: q.fresh.length };
  } catch {
    return undefined;
  }
}

export const USAGE = `kubetutor — get ready for Kubernetes interviews

Usage: kubetutor [command] [options]

  kubetutor                 the home menu (on a terminal)
  kubetutor lessons         the lessons and your progress
  kubetutor learn [ID]      run a lesson
  kubetutor quiz            a graded quiz
  kubetutor review          spaced-repetition cards that are due
  kubetutor interview       a timed mock interview
  kubetutor grade ID --answer TEXT
  kubetutor progress        what you have learned
  kubetutor cluster         the live mini-cluster (REPL or --script FILE)

Run "kubetutor --help" for every option.
`;

// `kubetutor` with no command: the home menu on a terminal, a short usage text without one.
export async function run(): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { select } = await import('@inquirer/prompts');
  const due = await dueCount();
  const choice = await select({
    message: 'kubetutor — what would you like to do?',
    choices: [
      { name: 'Learn', value: 'learn', description: 'the lessons, in order' },
      { name: 'Quiz', value: 'quiz' },
      { name: due === undefined ? 'Review' : `Review (${due} due)`, value: 'review', description: 'spaced-repetition cards' },
      { name: 'Mock interview', value: 'interview' },
      { name: 'Cluster playground', value: 'cluster', description: 'the live mini-cluster REPL' },
      { name: 'Progress', value: 'progress' },
      { name: 'Quit', value: 'quit' },
    ],
  });
  if (choice === 'quit') return 0;
  const load: Record<string, () => Promise<{ run: (opts: Record<string, unknown>) => Promise<number | void> }>> = {
    learn: () => import('./learn'),
    quiz: () => import('./quiz'),
    review: () => import('./review'),
    interview: () => import('./interview'),
    cluster: () => import('./cluster'),
    progress: () => import('./progress'),
  };
  return (await (await load[choice]!()).run({})) ?? 0;
}

/** Cards due for review now (reviews plus today's new cards), or undefined if it cannot be known. */
async function dueCount(): Promise<number | undefined> {
  try {
    const [{ loadBank }, { dueQueue }, { loadProgress }] = await Promise.all([
      import('../tutor/quiz/bank'),
      import('../tutor/quiz/srs'),
      import('../tutor/progress/store'),
    ]);
    const q = dueQueue(loadProgress(), await loadBank(), new Date());
    return q.reviews.length + q.fresh.length;
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

// The entry: only wires commands. Each command's module is loaded with `await import()` when it runs, so
// `kubetutor --help` loads neither Ink nor React nor the cluster.
import { Command, CommanderError, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { reportError } from './errors';

type Runner = (...args: any[]) => Promise<number | void> | number | void;

/** Loads a command's module only when the command runs. */
function lazy(load: () => Promise<{ run: Runner }>) {
  return async (...args: unknown[]) => {
    const mod = await load();
    const code = await mod.run(...args.slice(0, -1)); // drop commander's Command argument
    process.exitCode = typeof code === 'number' ? code : 0;
  };
}

const intArg = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new CommanderError(2, 'kubetutor.badNumber', `error: ${name} must be a whole number, got "${value}"`);
  return Number(value);
};

export function buildProgram(): Command {
  const program = new Command('kubetutor')
    .description('Get ready for Kubernetes interviews: lessons, quizzes and a live mini-cluster you can step through.')
    .version(pkg.version, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride();

  program
    .command('lessons')
    .description('the lessons in order, with their status')
    .option('--json', 'print JSON')
    .action(lazy(() => import('./lessons')));

  program
    .command('learn')
    .description('run a lesson (the next unfinished one by default)')
    .argument('[lesson]', 'lesson id')
    .option('--no-input', 'print the lesson and run its demos without asking anything')
    .action(lazy(() => import('./learn')));

  program
    .command('questions')
    .description('the question bank')
    .option('--topic <topic>', 'only questions of this topic')
    .option('--json', 'print JSON')
    .action(lazy(() => import('./questions')));

  program
    .command('quiz')
    .description('a quiz of free-text and multiple-choice questions, graded with feedback')
    .option('--topic <topic>', 'only questions of this topic')
    .option('--count <n>', 'how many questions', intArg('--count'))
    .option('--seed <seed>', 'same seed, same questions in the same order')
    .action(lazy(() => import('./quiz')));

  program
    .command('review')
    .description('the spaced-repetition cards that are due')
    .action(lazy(() => import('./review')));

  program
    .command('interview')
    .description('a timed mock interview with follow-ups and a scorecard')
    .option('--questions <n>', 'how many main questions', intArg('--questions'))
    .option('--minutes <m>', 'time limit in minutes', intArg('--minutes'))
    .option('--seed <seed>', 'same seed, same questions in the same order (to retake an interview)')
    .option('--transcript <file>', 'write the interview as Markdown')
    .action(lazy(() => import('./interview')));

  program
    .command('grade')
    .description('grade one free-text answer')
    .argument('<question-id>', 'question id (see `kubetutor questions`)')
    .argument('[dash]', '`-` to read the answer from stdin')
    .option('--answer <text>', 'the answer')
    .option('--answer-file <file>', 'read the answer from a file')
    .option('--json', 'print {"id","score","verdict","found","missing"}')
    .action(lazy(() => import('./grade')));

  program
    .command('progress')
    .description('what has been learned and how quizzes went')
    .option('--json', 'print JSON')
    .option('--export <file>', 'write progress to a file')
    .option('--import <file>', 'read progress from a file')
    .option('--reset', 'forget all progress (asks first)')
    .option('-y, --yes', 'do not ask before --reset or --import')
    .action(lazy(() => import('./progress')));

  program
    .command('cluster')
    .description('the live mini-cluster: a REPL on a terminal, or a script')
    .addOption(new Option('--nodes <n>', 'worker nodes, named node-1 … node-N').default(3).argParser(intArg('--nodes')))
    .option('--bare', 'an etcd alone: no API server, no objects')
    .option('--seed <seed>', 'same seed, same script, same output', '1')
    .option('--script <file>', 'run the lines of FILE (or - for stdin), then exit')
    .option('--echo', 'print "$ LINE" before each line\'s output')
    .option('--tui', 'the full-screen view')
    .option('--store <url>', 'memory, or etcd://HOST:PORT[,HOST:PORT…] for a real etcd', 'memory')
    .action(lazy(() => import('./cluster')));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      // No command: the home menu (or usage without a terminal). Kept out of commander so that an unknown
      // command still gets commander's "unknown command" error and suggestion.
      const code = await (await import('./home')).run();
      return typeof code === 'number' ? code : 0;
    }
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      if (err.code === 'kubetutor.badNumber') process.stderr.write(`${err.message}\n`);
      return 2; // every other commander error is a usage error
    }
    return reportError(err);
  }
}

process.on('SIGINT', () => process.exit(130));
// `kubetutor learn --no-input | head`: the reader left, so stop quietly, as Unix tools do, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
const code = await main(process.argv);
process.exitCode = code;

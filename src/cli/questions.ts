// `kubetutor questions [--topic T] [--json]`: the question bank, one line per question (id, topic, lesson, prompt).
import { loadBankOrFail, requireTopic } from './bank';

export async function run(opts: { topic?: string; json?: boolean }): Promise<number> {
  const questions = requireTopic(await loadBankOrFail(), opts.topic);
  if (opts.json) {
    const rows = questions.map(({ id, topic, lesson, prompt }) => ({ id, topic, lesson, prompt }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const w = Math.max(...questions.map((q) => q.id.length));
  const t = Math.max(5, ...questions.map((q) => q.topic.length));
  const l = Math.max(...questions.map((q) => q.lesson.length));
  const lines = questions.map((q) => `${q.id.padEnd(w)}  ${q.topic.padEnd(t)}  ${q.lesson.padEnd(l)}  ${q.prompt}`);
  process.stdout.write(`${'ID'.padEnd(w)}  ${'TOPIC'.padEnd(t)}  ${'LESSON'.padEnd(l)}  PROMPT\n${lines.join('\n')}\n`);
  return 0;
}

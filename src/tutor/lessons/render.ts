// How a lesson looks in the terminal: titles, prose, lines to type, and check verdicts. Plain strings (chalk is
// passed in, so colour follows the CLI's NO_COLOR policy); the CLI decides where they go.
import type { ChalkInstance } from 'chalk';
import type { CheckResult } from './checks';
import { describeCheck } from './checks';
import type { Demo, DemoStep, Lesson, Section } from './types';

export class LessonRenderer {
  constructor(private readonly c: ChalkInstance) {}

  header(lesson: Lesson, n: number, of: number): string {
    const title = `Lesson ${n}/${of} · ${lesson.title}`;
    return `\n${this.c.bold(title)}\n${this.c.dim('─'.repeat(Math.min(title.length, 78)))}\n${lesson.summary}\n${this.c.dim(`topics: ${lesson.topics.join(', ')}`)}\n`;
  }

  section(s: Section, i: number, of: number): string {
    return `\n${this.c.bold.cyan(`§${i + 1}/${of} ${s.title}`)}\n\n${indent(s.text)}\n`;
  }

  demo(d: Demo, i: number, of: number): string {
    const where = d.cluster.bare ? 'a bare etcd' : `a cluster of ${d.cluster.nodes} node${d.cluster.nodes === 1 ? '' : 's'}`;
    return `\n${this.c.bold.magenta(`▶ Demo ${i + 1}/${of}: ${d.title}`)}  ${this.c.dim(`(${where}, seed ${d.cluster.seed})`)}\n`;
  }

  /** The manifests a demo writes into its folder, shown so the learner reads what they will apply. */
  files(d: Demo, workdir?: string): string {
    if (!d.files.length) return '';
    const out = [this.c.dim(`Files in this demo's folder${workdir ? ` (${workdir})` : ''}:`)];
    for (const f of d.files) {
      out.push(this.c.bold(`  ${f.name}`));
      out.push(...f.content.replace(/\n$/, '').split('\n').map((l) => this.c.cyan(`    ${l}`)));
    }
    return `${out.join('\n')}\n`;
  }

  stepText(s: DemoStep): string {
    return s.text ? `\n${indent(s.text)}\n` : '';
  }

  task(s: DemoStep): string {
    return `\n${this.c.bold.yellow('Try it:')} ${s.task}\n${this.c.dim(`  goal: ${describeCheck(s.check!)}`)}\n`;
  }

  line(line: string): string {
    return this.c.green(`$ ${line}`);
  }

  passed(r: CheckResult, s: DemoStep): string {
    return `${this.c.green('✓ check passed')} ${this.c.dim(`— ${r.found}`)}${s.then ? `\n${indent(s.then)}` : ''}\n`;
  }

  failed(r: CheckResult): string {
    return `${this.c.red('✗ not yet')} ${this.c.dim(`— ${r.found}`)}`;
  }

  hint(text: string, n: number, of: number): string {
    return `${this.c.yellow(`hint ${n}/${of}:`)} ${text}`;
  }

  recap(lesson: Lesson): string {
    if (!lesson.recap.length) return '';
    return `\n${this.c.bold('What to remember')}\n${lesson.recap.map((r) => `  • ${r}`).join('\n')}\n`;
  }

  quizPointer(topics: string[], questions: string[]): string {
    const lines = [`\n${this.c.bold('Test yourself')}`];
    for (const t of topics) lines.push(`  kubetutor quiz --topic ${t}`);
    if (questions.length) lines.push(this.c.dim(`  questions: ${questions.join(', ')}`));
    return `${lines.join('\n')}\n`;
  }

  dim(text: string): string {
    return this.c.dim(text);
  }

  bold(text: string): string {
    return this.c.bold(text);
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

/** The hints of a step, from vague to specific, ending with the solution itself. */
export function hintsOf(s: DemoStep): string[] {
  const hints = [...(s.hints ?? [])];
  if (s.solution?.length) hints.push(`the solution: ${s.solution.map((l) => `\`${l}\``).join(', then ')}`);
  return hints;
}

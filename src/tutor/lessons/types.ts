// The shape of a lesson, as `lessons/*.yaml` holds it (rustlings' info.toml, per lesson). The loader turns the
// YAML into these types after validating it; everything else reads only these.
import type { Check } from './checks';

/** `lessons/index.yaml`: the order of the lessons. */
export interface LessonIndexEntry {
  id: string;
  /** The lesson's file, relative to the lessons folder. */
  file: string;
}

/** Which cluster a demo needs: an etcd alone (`bare`) or the full cluster with N nodes. */
export interface DemoCluster {
  bare: boolean;
  nodes: number;
  seed: string;
  /** The store, as `kubetutor cluster --store` takes it (`memory` by default). */
  store?: string;
  /**
   * The store to use where `store` cannot start here (`local-etcd:3` without etcd installed → `memory:3`);
   * the tutor says what the learner misses.
   */
  fallback?: string;
}

/** A file a demo writes into its working folder before it starts (a manifest the learner applies). */
export interface DemoFile {
  name: string;
  content: string;
}

/**
 * One step of a demo. A step with `show` is something the tutor runs for the learner to watch (its output is
 * the lesson). A step with `task` is a "try it": the learner types lines until `check` holds; `solution` is
 * what the tutor runs in --no-input mode and what the linter proves the check against.
 */
export interface DemoStep {
  /** Where the step sits, for messages: `demos[0].steps[2]`. */
  where: string;
  text?: string;
  show?: string[];
  task?: string;
  solution?: string[];
  check?: Check;
  hints?: string[];
  /** Said once the check holds: what the learner just saw happen. */
  then?: string;
  /** The last shown line fails on purpose (a 409 Conflict, a compacted revision): the failure is the lesson. */
  fails?: boolean;
}

export interface Demo {
  id: string;
  title: string;
  cluster: DemoCluster;
  files: DemoFile[];
  /** Lines run before the first step (shown), to bring the cluster to where the demo starts. */
  setup: string[];
  steps: DemoStep[];
}

export interface Section {
  title: string;
  text: string;
}

export interface Lesson {
  id: string;
  title: string;
  topics: string[];
  /** One or two lines: what the lesson is about, for `lessons` and the top of `learn`. */
  summary: string;
  sections: Section[];
  demos: Demo[];
  /** What to remember; printed at the end. */
  recap: string[];
  /** Question ids of the question bank this lesson prepares for. */
  questions: string[];
  /** The file it came from (absolute). */
  file: string;
}

/** A question of the bank as the lessons see it (engineer F's bank holds far more). */
export interface QuestionRef {
  id: string;
  lesson?: string;
  topic?: string;
  file: string;
}

/** A mistake in the lesson files: what and where. */
export class LessonFileError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly detail: string,
  ) {
    super(`${file}${where ? `: ${where}` : ''}: ${detail}`);
    this.name = 'LessonFileError';
  }
}

// The grader's normalisation and claim checks, on the cases a learner's wording actually produces.
import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/tutor/quiz/bank';
import { grade } from '../../src/tutor/quiz/grader';
import { tokenize } from '../../src/tutor/quiz/normalise';

const terms = (s: string) => tokenize(s).map((t) => t.t);

function question(concepts: Array<[string, string[], number?]>, wrong: Array<[string, string[]]> = []): Question {
  return {
    id: 'q', topic: 't', lesson: 'l', prompt: 'p', answer: 'model', followups: [], choices: [],
    rubric: {
      concepts: concepts.map(([id, aliases, weight]) => ({ id, label: id, aliases, weight: weight ?? 1 })),
      wrong: wrong.map(([id, aliases]) => ({ id, label: id, aliases })),
    },
  };
}

describe('normalising an answer', () => {
  it('folds the spellings of Kubernetes components into one', () => {
    for (const s of ['api server', 'API-Server', 'apiserver', 'kube-apiserver', 'Kube API server', 'the API servers']) expect(terms(s), s).toEqual(['apiserver']);
    for (const s of ['replica set', 'ReplicaSets', 'replicaset']) expect(terms(s), s).toEqual(['replicaset']);
    for (const s of ['kube-proxy', 'kube proxy', 'kubeproxy']) expect(terms(s)).toEqual(terms('kube-proxy'));
    for (const s of ['B+ tree', 'b+tree', 'B-tree', 'btree']) expect(terms(s), s).toEqual(['btree']);
    expect(terms('O(log n)')).toEqual(terms('O(logN)'));
  });

  it('keeps "etc." apart from etcd, and controllers apart from control', () => {
    expect(terms('pods, services, etc.')).not.toContain('etcd');
    expect(terms("etcd's data")).toContain('etcd');
    expect(terms('controllers')).not.toEqual(terms('control'));
    expect(terms('reconciliation')).toEqual(terms('reconciles'));
    expect(terms('schedulers')).toEqual(['scheduler']);
  });

  it('opens contractions and keeps negations', () => {
    expect(terms("doesn't poll")).toEqual(['not', 'poll']);
    expect(terms("isn't critical")).toEqual(['not', 'critic']);
    expect(terms('nothing is rolled back')).toContain('nothing');
  });
});

describe('grading', () => {
  const q = question(
    [['truth', ['source of truth']], ['ha', ['three members', 'quorum']], ['watch', ['apiserver watches etcd']]],
    [['poll', ['components poll etcd', 'controllers poll etcd']], ['kubelet-etcd', ['kubelet talks to etcd']]],
  );

  it('finds multi-word aliases in any order, within one sentence', () => {
    expect(grade(q, 'The truth is out there. The source is open.').found).toEqual([]);
    expect(grade(q, 'the truth source for everything').found).toContain('truth');
    expect(grade(q, 'etcd watches are opened by the API server').found).toContain('watch');
    expect(grade(q, 'The API server is busy. It watches etcd.').found).not.toContain('watch');
  });

  it('tolerates a typo in a long word but not etc for etcd', () => {
    expect(grade(q, 'run it with a quorom').found).toContain('ha');
    expect(grade(q, 'the apiserver watches etc.').found).not.toContain('watch');
  });

  it('counts a denied concept as a contradiction and a made wrong claim as a cost', () => {
    q.rubric.concepts[0]!.required = true;
    const denied = grade(q, 'etcd is not the source of truth.');
    expect(denied.contradicted).toEqual(['truth']);
    expect(denied.missing).toContain('truth');
    // A minor point near a stray "not" is only unfound, not a contradiction.
    const minor = grade(q, 'There are not three members.');
    expect(minor.contradicted).toEqual([]);
    expect(minor.missing).toContain('ha');
    const claim = grade(q, 'etcd is the source of truth, run three members; the controllers poll etcd.');
    expect(claim.wrong).toEqual(['poll']);
    expect(claim.verdict).toBe('partial');
    const rejected = grade(q, 'etcd is the source of truth, run three members; the controllers do not poll etcd.');
    expect(rejected.wrong).toEqual([]);
    expect(rejected.score).toBeGreaterThan(claim.score);
  });

  it('does not read a "not" in another clause as a negation', () => {
    expect(grade(q, 'Not only that, etcd is the source of truth.').found).toContain('truth');
    expect(grade(q, 'It does not cache, but it is the source of truth.').found).toContain('truth');
  });

  it('a required concept missing keeps an answer from being strong', () => {
    const r = question([['a', ['alpha'], 1], ['b', ['beta'], 1], ['c', ['gamma'], 1]]);
    r.rubric.concepts[0]!.required = true;
    expect(grade(r, 'beta and gamma').verdict).toBe('partial');
    expect(grade(r, 'alpha, beta and gamma').verdict).toBe('strong');
    expect(grade(r, 'nothing relevant').verdict).toBe('weak');
  });

  it('grades a follow-up against the concepts it probes only', () => {
    const r = grade(q, 'three members, for quorum', { only: ['ha'] });
    expect(r).toMatchObject({ score: 1, verdict: 'strong', found: ['ha'], missing: [] });
  });
});

// The question bank: shape, coverage of the notes and lessons, and rubrics that recognise their own model answers.
import { describe, expect, it } from 'vitest';
import { BankError, loadBank, validateBank } from '../../src/tutor/quiz/bank';
import { grade } from '../../src/tutor/quiz/grader';

const LESSONS = [
  'control-plane-tour', 'etcd-memory', 'fast-reads', 'watch-fanout', 'reconciliation-loop', 'scheduler', 'probes',
  'node-failure', 'services-proxy', 'optimistic-concurrency', 'rolling-updates', 'etcd-ha', 'namespace-deletion',
];
const NOTES_IDS = ['control-plane-components', 'etcd-critical', 'apiserver-fast-search', 'etcd-watch-events', 'reconciliation-loop'];

describe('the question bank', async () => {
  const bank = await loadBank({ fresh: true });

  it('holds at least 40 questions, the five of the notes, and every one points at a known lesson', () => {
    expect(bank.length).toBeGreaterThanOrEqual(40);
    for (const id of NOTES_IDS) expect(bank.map((q) => q.id)).toContain(id);
    for (const q of bank) expect(LESSONS, q.id).toContain(q.lesson);
    for (const lesson of LESSONS) expect(bank.some((q) => q.lesson === lesson), lesson).toBe(true);
  });

  it('grades every model answer strong against its own rubric', () => {
    const weak = bank.map((q) => ({ id: q.id, r: grade(q, q.answer) })).filter(({ r }) => r.verdict !== 'strong');
    expect(weak.map(({ id, r }) => `${id}: ${r.verdict} ${r.score} missing ${r.missing.join(',')} wrong ${r.wrong.join(',')}`)).toEqual([]);
  });

  it('grades an empty answer and an off-topic one weak everywhere', () => {
    for (const q of bank) {
      expect(grade(q, '').verdict, q.id).toBe('weak');
      expect(grade(q, 'I would google it and ask a colleague.').verdict, q.id).toBe('weak');
    }
  });

  it('grades the question echoed back, or a vague answer in its words, weak everywhere', () => {
    for (const q of bank) expect(grade(q, q.prompt).verdict, q.id).toBe('weak');
    const taints = bank.find((q) => q.id === 'taints-affinity')!;
    expect(grade(taints, 'Taints and tolerations and node affinity are both ways to control scheduling. You use each one depending on the situation.').verdict).toBe('weak');
    const colocate = bank.find((q) => q.id === 'pod-affinity-colocate')!;
    expect(grade(colocate, 'Put it on the same node.').verdict).toBe('weak');
    // Answering in the question's words still counts when it says more than the question did.
    const requests = bank.find((q) => q.id === 'requests-limits')!;
    expect(grade(requests, 'The scheduler uses requests, not limits. Limits are the ceiling enforced by cgroups.').found).toEqual(['scheduler-requests', 'limits-cap']);
    const probes = bank.find((q) => q.id === 'kubelet-probes')!;
    expect(grade(probes, 'The kubelet runs them. A startup probe holds off the others until the app has started.').found).toContain('startup');
    const drain = bank.find((q) => q.id === 'drain-cordon')!;
    expect(grade(drain, 'Cordon and drain are for maintenance of a node.').verdict).toBe('weak');
  });

  it('has multiple-choice variants whose right answer is not also a distractor', () => {
    for (const q of bank) for (const c of q.choices) expect(c.distractors, q.id).not.toContain(c.correct);
  });

  it('rejects a duplicate id and a concept without weight, naming the file', () => {
    const q = bank[0]!;
    expect(() => validateBank([{ file: 'a.yaml', data: [q] }, { file: 'b.yaml', data: [q] }])).toThrow(/b\.yaml: question "[^"]+": duplicate id \(also in a\.yaml\)/);
    const noWeight = { ...q, rubric: { concepts: [{ ...q.rubric.concepts[0], weight: undefined }] } };
    expect(() => validateBank([{ file: 'c.yaml', data: [noWeight] }])).toThrow(BankError);
  });
});

// Plain commands start nearly as fast as bare node because they load only what they use. We check what they
// load (the start-up ratios themselves are measured by `npm run bench`, never by a timed test).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadsOf, markersInBundle, partsIn, type Part } from './helpers/loads';

const HEAVY: Part[] = ['ink', 'react', 'yaml', 'ts-fsrs', 'apiserver', 'store'];

describe('what plain commands load', () => {
  beforeAll(() => {
    // Each marker must be somewhere in the bundle, or "not loaded" would prove nothing.
    expect(markersInBundle(HEAVY)).toEqual(HEAVY);
  });

  it('--help loads no Ink, React, YAML parser, ts-fsrs or cluster code', () => {
    const r = loadsOf(['--help']);
    expect(r.code).toBe(0);
    expect(r.urls.some((u) => u.endsWith('/dist/cli.js'))).toBe(true);
    expect(partsIn(r.urls, HEAVY)).toEqual([]);
  });

  it('questions --json reads the pre-built bank: no YAML parser, no ts-fsrs, no UI, no cluster', () => {
    const r = loadsOf(['questions', '--json'], { KUBETUTOR_HOME: '/nonexistent-kt-home' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).length).toBeGreaterThanOrEqual(40);
    expect(partsIn(r.urls, HEAVY)).toEqual([]);
  });

  it('grade loads the grader only', () => {
    const r = loadsOf(['grade', 'etcd-critical', '--json', '--answer', 'etcd is the single source of truth'], { KUBETUTOR_HOME: '/nonexistent-kt-home' });
    expect(r.code).toBe(0);
    expect(partsIn(r.urls, HEAVY)).toEqual([]);
  });
});

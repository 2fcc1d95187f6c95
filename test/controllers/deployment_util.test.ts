import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../src/cluster/apiserver/types';
import { computeHash, fnv32a, safeEncodeString } from '../../src/cluster/controllers/util/hash';
import { compareForDeletion, slowStartBatches } from '../../src/cluster/controllers/util/controller_utils';
import { maxScaledDown, maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts, equalIgnoreHash } from '../../src/cluster/controllers/deployment/util';
import { pod } from '../scheduler/helpers';

const template = { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] } };
const deploy = (replicas: number, strategy?: Deployment['spec']['strategy']): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'nginx' } }, template, strategy },
});
const rs = (name: string, replicas: number, available = replicas): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, uid: name },
  spec: { replicas, selector: {}, template },
  status: { replicas, availableReplicas: available },
});

describe('pod-template-hash', () => {
  it('is FNV-32a of the template, its decimal digits encoded onto bcdf…789', () => {
    expect(fnv32a(new TextEncoder().encode(''))).toBe(0x811c9dc5);
    expect(fnv32a(new TextEncoder().encode('a'))).toBe(0xe40c292c);
    // '0'..'9' map to 4 5 6 7 8 9 b c d f, as in real hashes like 66b6c48dd5.
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    const h = computeHash(template);
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash(structuredClone(template))).toBe(h);
    expect(computeHash(template, 1)).not.toBe(h);
    expect(computeHash({ ...template, spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1' }] } })).not.toBe(h);
  });

  it('equalIgnoreHash ignores only the pod-template-hash label', () => {
    const withHash = structuredClone(template) as typeof template & { metadata: { labels: Record<string, string> } };
    (withHash.metadata.labels as Record<string, string>)['pod-template-hash'] = 'abc';
    expect(equalIgnoreHash(withHash, template)).toBe(true);
  });
});

describe('rolling update arithmetic', () => {
  it('rounds maxSurge up and maxUnavailable down', () => {
    expect(resolveFenceposts('25%', '25%', 3)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts(0, 0, 10)).toEqual({ surge: 0, unavailable: 1 });
    expect(maxSurge(deploy(4))).toBe(1);
    expect(maxUnavailable(deploy(4))).toBe(1);
    expect(maxUnavailable(deploy(4, { type: 'Recreate' }))).toBe(0);
  });

  it('grows the new ReplicaSet up to replicas + maxSurge and shrinks old ones down to replicas − maxUnavailable', () => {
    const d = deploy(3); // surge 1, unavailable 0
    const old = rs('old', 3);
    const fresh = rs('new', 0, 0);
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(1);
    fresh.spec.replicas = 1;
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(1); // 4 pods already: wait
    expect(maxScaledDown(d, [old, fresh], fresh)).toBe(0); // the new pod is not available yet
    fresh.status = { replicas: 1, availableReplicas: 1 };
    expect(maxScaledDown(d, [old, fresh], fresh)).toBe(1);
  });
});

describe('controller utils', () => {
  it('creates in slow-start batches 1, 2, 4 …', () => {
    expect(slowStartBatches(10)).toEqual([1, 2, 4, 3]);
    expect(slowStartBatches(1)).toEqual([1]);
    expect(slowStartBatches(0)).toEqual([]);
  });

  it('deletes unscheduled, pending, not-ready pods first', () => {
    const running = pod('running', { nodeName: 'n' });
    running.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    const pending = pod('pending', { nodeName: 'n' });
    pending.status = { phase: 'Pending' };
    const unscheduled = pod('unscheduled');
    expect([running, pending, unscheduled].sort(compareForDeletion).map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending', 'running']);
  });
});

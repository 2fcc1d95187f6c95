import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { naturalCompare, sortComponents } from '../../src/cluster/sim/debugger';

describe('component order', () => {
  it('nodes by number, components in the contract\'s order', () => {
    expect(['node-10', 'node-2', 'node-1', 'node-1a', 'node-01'].sort(naturalCompare)).toEqual(['node-01', 'node-1', 'node-1a', 'node-2', 'node-10']);
    expect(sortComponents(['kubelet/node-10', 'kube-proxy/node-1', 'etcd', 'kubelet/node-2', 'garbage-collector', 'kube-scheduler', 'zz'])).toEqual([
      'etcd', 'kube-scheduler', 'garbage-collector', 'kubelet/node-2', 'kubelet/node-10', 'kube-proxy/node-1', 'zz',
    ]);
  });

  it('is a consistent order (antisymmetric, agrees with equality)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-c0-9-]{0,8}$/), fc.stringMatching(/^[a-c0-9-]{0,8}$/), (a, b) => {
        expect(Math.sign(naturalCompare(a, b)) + Math.sign(naturalCompare(b, a))).toBe(0);
        if (a !== b) expect(naturalCompare(a, b)).not.toBe(0);
        if (a === b) expect(naturalCompare(a, b)).toBe(0);
      }),
    );
  });
});

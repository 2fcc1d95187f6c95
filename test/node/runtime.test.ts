import { describe, expect, it } from 'vitest';
import { FakeRuntime, fullRef, parseImage, pullDurationMs } from '../../src/cluster/node/runtime';
import { podPhase } from '../../src/cluster/node/pod_status';
import { HostLocalIPAM, podCIDRForNode } from '../../src/cluster/node/ipam';
import { pod } from '../scheduler/helpers';

describe('the simulated container runtime', () => {
  it('names images the way containerd does', () => {
    expect(parseImage('nginx')).toEqual({ repo: 'nginx', tag: 'latest' });
    expect(fullRef('nginx:1.14.2')).toBe('docker.io/library/nginx:1.14.2');
    expect(fullRef('kubetutor/crash')).toBe('docker.io/kubetutor/crash:latest');
    expect(fullRef('registry.k8s.io/pause:3.9')).toBe('registry.k8s.io/pause:3.9');
  });

  it('knows nginx (any tag), busybox and kubetutor/crash; other images fail to pull with containerd’s words', () => {
    const rt = new FakeRuntime();
    expect(rt.resolve('nginx:1.16.1').sizeBytes).toBeGreaterThan(10_000_000);
    expect(rt.resolve('busybox').ref).toBe('docker.io/library/busybox:latest');
    expect(() => rt.resolve('ngnix:1.14.2')).toThrow(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/ngnix:1.14.2": failed to resolve reference "docker.io/library/ngnix:1.14.2": docker.io/library/ngnix:1.14.2: not found',
    );
    expect(rt.behaviour({ name: 'c', image: 'nginx' })).toEqual({ kind: 'runs' });
    expect(rt.behaviour({ name: 'c', image: 'kubetutor/crash' })).toEqual({ kind: 'exits', exitCode: 1 });
    expect(rt.behaviour({ name: 'c', image: 'busybox' })).toEqual({ kind: 'exits', exitCode: 0 });
    expect(rt.behaviour({ name: 'c', image: 'busybox', command: ['sleep', '3600'] })).toEqual({ kind: 'runs', ignoresSigterm: true });
    expect(rt.behaviour({ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 3'] })).toEqual({ kind: 'exits', exitCode: 3 });
    expect(pullDurationMs(67_000_000)).toBe(2233);
  });

  it('pod phase follows kubelet getPhase', () => {
    const p = pod('x');
    const c = (state: object, lastState?: object) => ({ name: 'c', image: 'i', restartCount: 0, ready: false, started: false, state, lastState });
    expect(podPhase(p, [c({ waiting: { reason: 'ContainerCreating' } })])).toBe('Pending');
    expect(podPhase(p, [c({ running: {} })])).toBe('Running');
    expect(podPhase(p, [c({ waiting: { reason: 'CrashLoopBackOff' } }, { terminated: { exitCode: 1 } })])).toBe('Running');
    p.spec.restartPolicy = 'Never';
    expect(podPhase(p, [c({ terminated: { exitCode: 0 } })])).toBe('Succeeded');
    expect(podPhase(p, [c({ terminated: { exitCode: 2 } })])).toBe('Failed');
  });

  it('host-local IPAM hands out .2, .3 … of the node’s /24 and reuses freed addresses later', () => {
    const ipam = new HostLocalIPAM(podCIDRForNode(2));
    expect(ipam.cidr).toBe('10.244.2.0/24');
    expect([ipam.allocate(), ipam.allocate(), ipam.allocate()]).toEqual(['10.244.2.2', '10.244.2.3', '10.244.2.4']);
    ipam.release('10.244.2.3');
    expect(ipam.allocate()).toBe('10.244.2.5');
  });
});

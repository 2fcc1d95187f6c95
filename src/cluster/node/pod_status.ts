// pkg/kubelet/kubelet_pods.go generateAPIPodStatus + getPhase, and pkg/kubelet/status/generate.go: the pod
// status a kubelet reports from what its runtime says about each container.
import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '../apiserver/types';

export interface ContainerRuntimeState {
  name: string;
  image: string;
  imageID?: string;
  containerID?: string;
  state: ContainerState;
  lastState?: ContainerState;
  restartCount: number;
  ready: boolean;
  started: boolean;
}

/** getPhase: Pending while any container waits its first start; Running while any runs or will restart. */
export function podPhase(pod: Pod, containers: ContainerRuntimeState[]): NonNullable<PodStatus['phase']> {
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of containers) {
    if (c.state.running) running++;
    else if (c.state.terminated) {
      stopped++;
      if (c.state.terminated.exitCode === 0) succeeded++;
    } else if (c.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    const policy = pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Always') return 'Running';
    if (policy === 'OnFailure') return stopped === succeeded ? 'Succeeded' : 'Running';
    return stopped === succeeded ? 'Succeeded' : 'Failed';
  }
  return 'Pending';
}

function condition(old: PodCondition[] | undefined, c: PodCondition, now: string): PodCondition {
  const prev = old?.find((x) => x.type === c.type);
  return { ...c, lastProbeTime: null, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now };
}

export interface PodRuntimeView {
  sandboxReady: boolean;
  podIP?: string;
  hostIP: string;
  startTime?: string;
  containers: ContainerRuntimeState[];
  initContainers?: ContainerRuntimeState[];
}

/** The status a kubelet would PUT for this pod now. */
export function generatePodStatus(pod: Pod, view: PodRuntimeView, now: string): PodStatus {
  const old = pod.status?.conditions;
  const inits = view.initContainers ?? [];
  const incompleteInit = inits.filter((c) => !(c.state.terminated && c.state.terminated.exitCode === 0)).map((c) => c.name);
  const initFailed = (pod.spec.restartPolicy ?? 'Always') === 'Never' && inits.some((c) => c.state.terminated && c.state.terminated.exitCode !== 0);
  const phase = initFailed ? 'Failed' : incompleteInit.length > 0 ? 'Pending' : podPhase(pod, view.containers);
  const notReady = view.containers.filter((c) => !c.ready).map((c) => c.name);
  const allReady = notReady.length === 0 && view.containers.length > 0 && phase === 'Running';
  const done = phase === 'Succeeded' || phase === 'Failed';
  const readyCond = (type: 'Ready' | 'ContainersReady'): PodCondition =>
    allReady
      ? { type, status: 'True' }
      : {
          type,
          status: 'False',
          reason: done ? 'PodCompleted' : 'ContainersNotReady',
          ...(done ? {} : { message: `containers with unready status: [${notReady.join(' ')}]` }),
        };
  const conditions: PodCondition[] = [
    condition(old, { type: 'PodReadyToStartContainers', status: view.sandboxReady && !done ? 'True' : 'False' }, now),
    condition(
      old,
      incompleteInit.length
        ? { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incompleteInit.join(' ')}]` }
        : { type: 'Initialized', status: 'True' },
      now,
    ),
    condition(old, readyCond('Ready'), now),
    condition(old, readyCond('ContainersReady'), now),
    condition(old, { type: 'PodScheduled', status: 'True' }, now),
  ];
  // Conditions other components own (DisruptionTarget from the taint manager) stay as they are.
  for (const c of old ?? []) if (!conditions.some((x) => x.type === c.type)) conditions.push(c);
  const toStatus = (c: ContainerRuntimeState): ContainerStatus => ({
    name: c.name,
    image: c.image,
    imageID: c.imageID ?? '',
    ...(c.containerID ? { containerID: c.containerID } : {}),
    ready: c.ready,
    started: c.started,
    restartCount: c.restartCount,
    state: c.state,
    lastState: c.lastState ?? {},
  });
  const containerStatuses = view.containers.map(toStatus);
  return {
    ...pod.status,
    phase,
    conditions,
    hostIP: view.hostIP,
    ...(view.podIP ? { podIP: view.podIP, podIPs: [{ ip: view.podIP }] } : {}),
    ...(view.startTime ? { startTime: view.startTime } : {}),
    ...(inits.length ? { initContainerStatuses: inits.map(toStatus) } : {}),
    containerStatuses,
  };
}

/**
 * Whether a status write would change anything a reader sees: equal as JSON, whatever the key order. Speed: a
 * walk instead of building two canonical JSON strings (every pod sync asked, and they usually differ).
 */
export function statusEqual(a: PodStatus | undefined, b: PodStatus | undefined): boolean {
  return jsonEqual(a ?? {}, b ?? {});
}

/** Equal once written as JSON: undefined fields absent, undefined array items null, key order ignored. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  let na = 0;
  for (const k in oa) {
    const x = oa[k];
    if (x === undefined) continue;
    na++;
    if (ob[k] === undefined || !jsonEqual(x, ob[k])) return false;
  }
  let nb = 0;
  for (const k in ob) if (ob[k] !== undefined) nb++;
  return na === nb;
}

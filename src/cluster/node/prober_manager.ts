// pkg/kubelet/prober/prober_manager.go + worker.go (+ results/results_manager.go): one worker per container per
// probe kind, ticking every periodSeconds of virtual time (a periodic timer: it waits for `time advance`). Each
// tick is one step of kubelet/NODE. A worker keeps its container's result per container ID (readiness starts
// Failure, liveness Success, startup unknown), needs failureThreshold failures or successThreshold successes
// in a row to change it, and tells the kubelet when it changed. The startup probe gates the other two.
import type { Container, Pod, Probe } from '../apiserver/types';
import type { Loop, StepDetail, Timer } from '../sim/loop';
import { probeTimings, probeTypeString, runProbe, type AppFault, type ProbeResult, type ProbeType } from './prober';

/** What the kubelet knows about a container right now (its status manager's view). */
export interface ProbeTarget {
  pod: Pod;
  podIP?: string;
  containerID?: string;
  /** Virtual ms the running container started at; undefined when it is not running. */
  runningSince?: number;
  terminated: boolean;
  /** containerStatuses[].started: the startup probe has passed (or there is none). */
  started: boolean;
  fault?: AppFault;
}

export interface ProberHost {
  component: string;
  loop: Loop;
  target(podKey: string, container: string): ProbeTarget | undefined;
  event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, container: string): Promise<void>;
  /** A result changed: the kubelet syncs the pod (liveness/startup Failure → restart; readiness → status). */
  resultChanged(podKey: string): void;
}

const TYPES: ProbeType[] = ['readiness', 'liveness', 'startup'];

function probeOf(c: Container, t: ProbeType): Probe | undefined {
  return t === 'liveness' ? c.livenessProbe : t === 'readiness' ? c.readinessProbe : c.startupProbe;
}

/** Whether any container of the pod has a probe (pods without any cost the prober nothing). */
export function hasProbes(pod: Pod): boolean {
  for (const c of pod.spec.containers) if (c.livenessProbe || c.readinessProbe || c.startupProbe) return true;
  return false;
}

class Worker {
  timer?: Timer;
  containerID?: string;
  lastResult?: ProbeResult;
  resultRun = 0;
  onHold = false;
  stopped = false;
  /** The container ID a manual (immediate) readiness run was already triggered for. */
  triggeredFor?: string;
  /** Virtual time of the next periodic run (for `queues`). */
  nextAt = 0;

  constructor(
    readonly podKey: string,
    readonly uid: string,
    readonly container: Container,
    readonly type: ProbeType,
    readonly spec: Probe,
  ) {}

  get name(): string {
    return `${this.type} probe ${this.podKey}/${this.container.name}`;
  }
}

export class ProbeManager {
  private workers = new Map<string, Worker[]>();
  private results: Record<ProbeType, Map<string, ProbeResult>> = { liveness: new Map(), readiness: new Map(), startup: new Map() };
  private paused = false;

  constructor(private readonly host: ProberHost) {}

  private get loop(): Loop {
    return this.host.loop;
  }

  /** AddPod: a worker for each probe of each app container. */
  addPod(pod: Pod, podKey: string): void {
    const uid = pod.metadata.uid ?? '';
    if (this.workers.has(uid)) return;
    const list: Worker[] = [];
    for (const c of pod.spec.containers)
      for (const t of TYPES) {
        const spec = probeOf(c, t);
        if (!spec) continue;
        const w = new Worker(podKey, uid, c, t, spec);
        list.push(w);
        if (!this.paused) this.arm(w);
      }
    if (list.length) this.workers.set(uid, list);
  }

  /** RemovePod: its workers stop and their results go. */
  removePod(uid: string): void {
    const list = this.workers.get(uid);
    if (!list) return;
    for (const w of list) this.stopWorker(w);
    this.workers.delete(uid);
  }

  /** The kubelet is down (`fault node-down`): no probing. */
  pause(): void {
    this.paused = true;
    for (const list of this.workers.values()) for (const w of list) w.timer?.cancel();
  }

  /** The kubelet is back: every worker ticks again from now. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const list of this.workers.values()) for (const w of list) if (!w.stopped) this.arm(w);
  }

  stopAll(): void {
    for (const uid of [...this.workers.keys()]) this.removePod(uid);
  }

  private worker(uid: string, container: string, type: ProbeType): Worker | undefined {
    return this.workers.get(uid)?.find((w) => w.container.name === container && w.type === type);
  }

  has(uid: string, container: string, type: ProbeType): boolean {
    return this.worker(uid, container, type) !== undefined;
  }

  /** UpdatePodStatus's started: no startup probe, or it succeeded for this container ID. */
  started(uid: string, container: string, containerID: string | undefined): boolean {
    if (!this.has(uid, container, 'startup')) return true;
    return containerID !== undefined && this.results.startup.get(containerID) === 'Success';
  }

  /** UpdatePodStatus's ready: no readiness probe, or it succeeded for this container ID. */
  ready(uid: string, container: string, containerID: string | undefined): boolean {
    if (!this.has(uid, container, 'readiness')) return true;
    return containerID !== undefined && this.results.readiness.get(containerID) === 'Success';
  }

  /** The liveness or startup result that tells the kubelet to kill this container, if any. */
  killReason(containerID: string | undefined): 'liveness' | 'startup' | undefined {
    if (!containerID) return undefined;
    if (this.results.startup.get(containerID) === 'Failure') return 'startup';
    if (this.results.liveness.get(containerID) === 'Failure') return 'liveness';
    return undefined;
  }

  /**
   * UpdatePodStatus: a started container whose readiness was never probed gets an immediate run (the worker's
   * manualTriggerCh), so a pod need not wait a whole period to become Ready.
   */
  triggerReadiness(uid: string, container: string, containerID: string | undefined): void {
    const w = this.worker(uid, container, 'readiness');
    if (!w || w.stopped || this.paused || !containerID || w.triggeredFor === containerID) return;
    if (this.results.readiness.get(containerID) === 'Success') return;
    w.triggeredFor = containerID;
    this.loop.enqueue({
      component: this.host.component,
      kind: 'probe',
      phase: 'probe',
      title: `${w.name} (run now: the container started)`,
      run: () => (w.stopped ? undefined : this.doProbe(w)),
    });
  }

  private arm(w: Worker): void {
    if (w.stopped) return;
    const period = probeTimings(w.spec).periodSeconds * 1000;
    w.nextAt = this.loop.now() + period;
    w.timer = this.loop.after(period, {
      component: this.host.component,
      kind: 'probe',
      phase: 'probe',
      title: w.name,
      run: () => {
        if (w.stopped) return undefined;
        this.arm(w);
        return this.doProbe(w);
      },
    });
  }

  private stopWorker(w: Worker): void {
    w.stopped = true;
    w.timer?.cancel();
    if (w.containerID) this.results[w.type].delete(w.containerID);
  }

  private set(w: Worker, result: ProbeResult | undefined): boolean {
    if (!w.containerID) return false;
    const m = this.results[w.type];
    const before = m.get(w.containerID);
    if (result === undefined) m.delete(w.containerID);
    else m.set(w.containerID, result);
    return before !== result;
  }

  /** doProbe: one run of the worker. */
  private async doProbe(w: Worker): Promise<StepDetail> {
    const name = w.container.name;
    const t = this.host.target(w.podKey, name);
    const label = probeTypeString(w.type);
    if (!t) return { observe: [`${w.podKey}: no status for the pod yet`] };
    const phase = t.pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.stopWorker(w);
      return { observe: [`${w.podKey} is ${phase}`], act: [`${w.type} worker for ${name} exits`] };
    }
    if (!t.containerID) return { observe: [`container ${name} not created yet`], compare: ['nothing to probe'] };
    if (w.containerID !== t.containerID) {
      if (w.containerID) this.results[w.type].delete(w.containerID);
      w.containerID = t.containerID;
      // initialValue: readiness Failure, liveness Success, startup unknown.
      this.set(w, w.type === 'readiness' ? 'Failure' : w.type === 'liveness' ? 'Success' : undefined);
      w.onHold = false;
      w.lastResult = undefined;
      w.resultRun = 0;
    }
    const short = t.containerID.slice(13, 25);
    if (w.onHold) return { observe: [`container ${name} (${short}) failed its ${w.type} probe and is being restarted`], compare: ['on hold until a new container starts'] };
    if (t.runningSince === undefined) {
      const changed = this.set(w, 'Failure');
      if (changed) this.host.resultChanged(w.podKey);
      if (t.terminated && (t.pod.spec.restartPolicy ?? 'Always') === 'Never') {
        this.stopWorker(w);
        return { observe: [`container ${name} exited and will not restart`], act: [`${w.type} worker for ${name} exits`] };
      }
      return { observe: [`container ${name} is not running`], compare: [`${w.type} result: Failure`] };
    }
    if (t.pod.metadata.deletionTimestamp && (w.type === 'liveness' || w.type === 'startup')) {
      this.set(w, 'Success');
      this.stopWorker(w);
      return { observe: [`${w.podKey} is being deleted`], act: [`${w.type} worker for ${name} stops (result Success: a quiet shutdown)`] };
    }
    const timing = probeTimings(w.spec);
    const ranFor = Math.floor((this.loop.now() - t.runningSince) / 1000);
    if (ranFor < timing.initialDelaySeconds) {
      return { observe: [`container ${name} has run ${ranFor}s`], compare: [`initialDelaySeconds=${timing.initialDelaySeconds}: not probing yet`] };
    }
    if (t.started && w.type === 'startup') return { observe: [`container ${name} has started`], compare: ['the startup probe is done for this container'] };
    if (!t.started && w.type !== 'startup') return { observe: [`container ${name} has not passed its startup probe`], compare: [`${w.type} probes wait for it`] };

    const outcome = runProbe(w.spec, w.container, t.podIP ?? '', t.fault);
    const observe = [outcome.trace];
    const act: string[] = [];
    if (outcome.error) {
      const msg = `${label} probe errored and resulted in unknown state: ${outcome.error}`;
      await this.host.event(t.pod, 'Warning', 'Unhealthy', msg, name);
      return { observe, compare: ['the probe could not run: its result is thrown away'], act: [`event Warning Unhealthy: ${msg}`] };
    }
    const result: ProbeResult = outcome.result === 'Success' ? 'Success' : 'Failure';
    if (result === 'Failure') {
      const msg = `${label} probe failed: ${outcome.output}`;
      await this.host.event(t.pod, 'Warning', 'Unhealthy', msg, name);
      act.push(`event Warning Unhealthy: ${msg.trimEnd()}`);
    }
    if (w.lastResult === result) w.resultRun++;
    else {
      w.lastResult = result;
      w.resultRun = 1;
    }
    const threshold = result === 'Failure' ? timing.failureThreshold : timing.successThreshold;
    const current = this.results[w.type].get(w.containerID!) ?? 'unknown';
    const compare = [`${result === 'Failure' ? 'failure' : 'success'} ${w.resultRun} of ${result === 'Failure' ? 'failureThreshold' : 'successThreshold'} ${threshold} in a row`];
    if (w.resultRun < threshold) {
      compare.push(`${w.type} result stays ${current}`);
      return { observe, compare, act };
    }
    const changed = this.set(w, result);
    compare.push(changed ? `${w.type} result ${current} → ${result}` : `${w.type} result stays ${result}`);
    if (changed) {
      this.host.resultChanged(w.podKey);
      act.push(
        w.type === 'readiness'
          ? `container ${name} ${result === 'Success' ? 'ready' : 'not ready'}: sync the pod's status`
          : w.type === 'startup' && result === 'Success'
            ? `container ${name} started: liveness and readiness probes begin`
            : `container ${name} will be killed and restarted: sync the pod`,
      );
    }
    if ((w.type === 'liveness' || w.type === 'startup') && result === 'Failure') {
      w.onHold = true;
      w.resultRun = 0;
    }
    return { observe, compare, act };
  }

  /** For `queues`: workers counting failures or holding. */
  describe(): string[] {
    const out: string[] = [];
    const now = this.loop.now();
    for (const list of this.workers.values())
      for (const w of list) {
        if (w.stopped) continue;
        const state = w.onHold ? 'on hold until it sees the restarted container' : w.lastResult === 'Failure' ? `${w.resultRun} failure(s) in a row` : w.lastResult === 'Success' ? 'passing' : 'not run yet';
        out.push(`${w.podKey}: ${w.container.name} ${w.type} probe ${state}, next in ${Math.max(0, Math.round((w.nextAt - now) / 1000))}s`);
      }
    return out;
  }

  get workerCount(): number {
    let n = 0;
    for (const list of this.workers.values()) n += list.length;
    return n;
  }
}

// pkg/kubelet/kubelet.go (+ pod_workers.go, kubelet_node_status.go, nodelease/controller.go,
// kuberuntime/kuberuntime_manager.go): one node's agent. It registers its Node, renews its Lease in
// kube-node-lease every 10 s, watches only its own pods (fieldSelector spec.nodeName=NODE) and drives each
// through a simulated runtime: sandbox and pod IP, image pull (virtual time), create, start; restarts with
// CrashLoopBackOff (10 s doubling to 5 min); readiness; graceful termination, finishing the delete.
import type { Client } from '../apiserver/api';
import type { Container, ContainerState, Lease, Node, NodeCondition, Pod } from '../apiserver/types';
import type { SharedIndexInformer, SharedInformerFactory, WorkQueue } from '../client/types';
import { microTime, type ComponentDeps } from '../controllers/util/deps';
import { EventRecorder } from '../controllers/util/events';
import { canonicalJSON } from '../controllers/util/hash';
import { goDuration } from '../sim/clock';
import type { StepDetail, Timer } from '../sim/loop';
import { HostLocalIPAM, nodeIPForIndex, podCIDRForNode } from './ipam';
import { generatePodStatus, statusEqual, type ContainerRuntimeState } from './pod_status';
import { effectiveFault, type AppFault } from './prober';
import { hasProbes, ProbeManager, type ProbeTarget } from './prober_manager';
import { FakeRuntime, ImageNotFoundError, fullRef, imageDigestRef, pullDurationMs, type ImageInfo } from './runtime';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** nodelease.renewIntervalFraction × leaseDurationSeconds = 0.25 × 40 s */
export const LEASE_DURATION_SECONDS = 40;
export const LEASE_RENEW_INTERVAL_MS = 10_000;
/** nodeStatusReportFrequency: an unchanged status is still posted every 5 minutes. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;
/** The container restart back-off (pkg/kubelet/kubelet.go): 10 s, doubling, at most 5 minutes. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
export const KUBELET_VERSION = 'v1.31.0';

export interface KubeletOptions {
  nodeName: string;
  /** 1-based: node-3 → 3 (pod CIDR 10.244.3.0/24). */
  index: number;
  cpu?: string;
  memory?: string;
  maxPods?: number;
}

interface ContainerWork extends ContainerRuntimeState {
  /** Back-off before the next restart (0: the next restart is immediate). */
  backoffMs: number;
  restartAt?: number;
  pullBackoffMs: number;
  pullRetryAt?: number;
  /** Exited and will not restart (restartPolicy). */
  done?: boolean;
  /** `fault app-unhealthy|app-hang`: what is wrong with the process (a restart clears it unless persistent). */
  appFault?: AppFault;
  /** A liveness/startup kill waiting for the grace period (the process ignored SIGTERM): SIGKILL at this time. */
  killAt?: number;
  killedBy?: 'liveness' | 'startup';
}

interface PodWorker {
  key: string;
  uid: string;
  sandboxReady: boolean;
  podIP?: string;
  startTime?: string;
  containers: Map<string, ContainerWork>;
  /** Init containers, run one after another to completion before any app container starts. */
  initContainers: Map<string, ContainerWork>;
  timers: Timer[];
  /** SIGTERM sent; waiting for the grace period to end. */
  terminating?: boolean;
  /** Some container has a probe: the prober manager has workers for this pod. */
  probed?: boolean;
}

/** One container's image pull (the image manager's EnsureImageExists): queued, then pulled, serialized per node. */
interface Pull {
  image: string;
  /** The pod worker's key and the container: each container start asks for its own pull, as upstream's does. */
  waiter: string;
  container: string;
  requestedAt: number;
  startedAt?: number;
  done: boolean;
}

/** The part of a pod a container event is about (ref.GetPartialReference): `spec.containers{nginx}`. */
function containerPath(pod: Pod, container: string): string {
  return pod.spec.initContainers?.some((c) => c.name === container) ? `spec.initContainers{${container}}` : `spec.containers{${container}}`;
}

/** A wait shown in `queues`, to the nearest second (9.6 s to go reads as 10s). */
const inWholeSeconds = (ms: number) => goDuration(Math.round(ms / 1000) * 1000);

export class Kubelet {
  readonly component: string;
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly runtime = new FakeRuntime();
  readonly ipam: HostLocalIPAM;
  private client: Client;
  private factory: SharedInformerFactory;
  private pods!: SharedIndexInformer<Pod>;
  private nodes!: SharedIndexInformer<Node>;
  private queue!: WorkQueue;
  private recorder: EventRecorder;
  /** pkg/kubelet/prober: liveness, readiness and startup workers, made with the first pod that has a probe. */
  private probeManager?: ProbeManager;
  private workers = new Map<string, PodWorker>();
  /** Pulls by pod worker and container; `pullQueue` holds them in the order they run (serializeImagePulls). */
  private pulls = new Map<string, Pull>();
  private pullQueue: Pull[] = [];
  private leaseTimer?: Timer;
  private lastStatusReport = 0;
  private lastReportedStatus = '';
  private hexCount = 0;
  /** `fault node-down`: no heartbeats, no syncing. */
  down = false;

  constructor(
    private readonly deps: ComponentDeps,
    readonly options: KubeletOptions,
  ) {
    this.nodeName = options.nodeName;
    this.component = `kubelet/${options.nodeName}`;
    this.nodeIP = nodeIPForIndex(options.index);
    this.ipam = new HostLocalIPAM(podCIDRForNode(options.index));
    this.client = deps.client(this.component);
    this.factory = deps.informerFactory(this.component);
    this.recorder = new EventRecorder(this.client, deps.loop, 'kubelet', options.nodeName);
  }

  /** The prober manager (made on first use: 5,000 kubelets whose pods have no probes never build one). */
  get prober(): ProbeManager {
    this.probeManager ??= new ProbeManager({
      component: this.component,
      loop: this.deps.loop,
      target: (podKey, container) => this.probeTarget(podKey, container),
      event: (pod, type, reason, message, container) => this.recorder.event(pod, type, reason, message, containerPath(pod, container)),
      resultChanged: (podKey) => {
        if (!this.down) this.queue.add(podKey);
      },
    });
    return this.probeManager;
  }

  /** Whether any pod here ever had a probe (tests: pods without probes build nothing). */
  get hasProber(): boolean {
    return this.probeManager !== undefined;
  }

  private get loop() {
    return this.deps.loop;
  }

  private now(): string {
    return this.loop.clock.rfc3339();
  }

  async start(): Promise<void> {
    this.queue = this.deps.workQueue(
      `${this.component}-pod-workers`,
      { component: this.component, kind: 'sync', title: (k) => `syncPod ${k}` },
      (key) => this.syncPod(key),
    );
    this.pods = this.factory.forResource<Pod>('pods', { fieldSelector: `spec.nodeName=${this.nodeName}` });
    this.nodes = this.factory.forResource<Node>('nodes', { fieldSelector: `metadata.name=${this.nodeName}` });
    this.pods.addEventHandler({
      onAdd: (p) => this.enqueue(p),
      onUpdate: (_o, p) => this.enqueue(p),
      onDelete: (p) => this.enqueue(p),
    });
    this.deps.loop.registerQueue(this.component, () => this.describe());
    await this.registerNode();
    await this.factory.start();
    this.scheduleLease(0);
  }

  stop(): void {
    this.deps.loop.unregisterQueue(this.component);
    this.leaseTimer?.cancel();
    this.probeManager?.stopAll();
    for (const w of this.workers.values()) for (const t of w.timers) t.cancel();
    this.queue?.shutDown();
    this.factory.stop();
  }

  private enqueue(p: Pod): void {
    if (this.down) return;
    this.queue.add(`${p.metadata.namespace ?? 'default'}/${p.metadata.name}`);
  }

  /** `fault node-down`: the kubelet stops heartbeating and syncing (its containers keep running). */
  setDown(): void {
    this.down = true;
    this.leaseTimer?.cancel();
    this.leaseTimer = undefined;
    this.probeManager?.pause();
  }

  /** `fault node-up`: heartbeats resume at once and every pod is synced again. */
  setUp(): void {
    if (!this.down) return;
    this.down = false;
    this.lastReportedStatus = '';
    this.scheduleLease(0);
    this.probeManager?.resume();
    for (const p of this.pods.getIndexer().list()) this.enqueue(p);
    for (const key of this.workers.keys()) this.queue.add(key);
  }

  // ---- node registration, status and lease ------------------------------------------------------------

  private nodeConditions(prev: NodeCondition[] | undefined, heartbeat: string): NodeCondition[] {
    const wanted: Array<Pick<NodeCondition, 'type' | 'status' | 'reason' | 'message'>> = [
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
      { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ];
    return wanted.map((w) => {
      const old = prev?.find((c) => c.type === w.type);
      return { ...w, lastHeartbeatTime: heartbeat, lastTransitionTime: old && old.status === w.status ? old.lastTransitionTime : heartbeat };
    });
  }

  private nodeStatus(prev: Node | undefined): Node['status'] {
    const cap = { cpu: this.options.cpu ?? '2', 'ephemeral-storage': '61202244Ki', memory: this.options.memory ?? '4009156Ki', pods: String(this.options.maxPods ?? 110) };
    return {
      capacity: cap,
      allocatable: cap,
      conditions: this.nodeConditions(prev?.status?.conditions, this.now()),
      addresses: [
        { type: 'InternalIP', address: this.nodeIP },
        { type: 'Hostname', address: this.nodeName },
      ],
      nodeInfo: {
        kubeletVersion: KUBELET_VERSION,
        containerRuntimeVersion: 'containerd://1.7.18',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.8.0-kubetutor',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: this.runtime.nodeImages(),
    };
  }

  private async registerNode(): Promise<void> {
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.nodeName,
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': this.nodeName,
          'kubernetes.io/os': 'linux',
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
      },
      spec: { podCIDR: this.ipam.cidr, podCIDRs: [this.ipam.cidr] },
    };
    let created: Node;
    try {
      created = await this.client.create<Node>('nodes', node);
    } catch {
      created = await this.client.get<Node>('nodes', this.nodeName);
    }
    created.status = this.nodeStatus(undefined);
    await this.client.updateStatus('nodes', created).catch(() => undefined);
    this.lastStatusReport = this.loop.now();
    this.lastReportedStatus = this.statusFingerprint(created.status);
  }

  private statusFingerprint(s: Node['status']): string {
    return canonicalJSON({ ...s, conditions: s?.conditions?.map((c) => ({ type: c.type, status: c.status })) });
  }

  private scheduleLease(delay: number): void {
    this.leaseTimer?.cancel();
    this.leaseTimer = this.loop.after(delay, {
      component: this.component,
      kind: 'lease',
      phase: 'lease',
      title: `renew lease ${NODE_LEASE_NAMESPACE}/${this.nodeName}`,
      run: () => this.heartbeat(),
    });
  }

  /** One heartbeat: renew the Lease; post the node status when it changed or 5 minutes went by. */
  private async heartbeat(): Promise<StepDetail> {
    if (this.down) return { lines: ['kubelet is down: no heartbeat'] };
    this.scheduleLease(LEASE_RENEW_INTERVAL_MS);
    const act: string[] = [];
    const renewTime = microTime(this.loop.now());
    try {
      const lease = await this.client.get<Lease>('leases', this.nodeName, NODE_LEASE_NAMESPACE);
      lease.spec = { ...lease.spec, holderIdentity: this.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime };
      await this.client.update('leases', lease);
      act.push(`PUT leases/${this.nodeName} renewTime=${renewTime}`);
    } catch {
      const node = this.nodes?.getIndexer().get(this.nodeName);
      const lease: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: this.nodeName,
          namespace: NODE_LEASE_NAMESPACE,
          ...(node?.metadata.uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: node.metadata.uid }] } : {}),
        },
        spec: { holderIdentity: this.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, acquireTime: renewTime, renewTime },
      };
      try {
        await this.client.create('leases', lease, NODE_LEASE_NAMESPACE);
        act.push(`POST leases/${this.nodeName} (created)`);
      } catch (err) {
        act.push(`lease: ${(err as Error).message}`);
      }
    }
    act.push(...(await this.syncNodeStatus()));
    return { observe: [`node ${this.nodeName}: kubelet alive`], act };
  }

  private async syncNodeStatus(force = false): Promise<string[]> {
    const cached = this.nodes?.getIndexer().get(this.nodeName);
    if (!cached) return [];
    const status = this.nodeStatus(cached);
    const fp = this.statusFingerprint(status);
    const stale = this.loop.now() - this.lastStatusReport >= NODE_STATUS_REPORT_FREQUENCY_MS;
    const notReady = cached.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True';
    if (!force && !stale && !notReady && fp === this.lastReportedStatus) return [];
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const node = attempt === 0 ? structuredClone(cached) : await this.client.get<Node>('nodes', this.nodeName);
        node.status = this.nodeStatus(node);
        await this.client.updateStatus('nodes', node);
        this.lastStatusReport = this.loop.now();
        this.lastReportedStatus = fp;
        // recordNodeStatusEvent: a node that was not ready says so when it is again.
        if (notReady) await this.recorder.event(node, 'Normal', 'NodeReady', `Node ${this.nodeName} status is now: NodeReady`);
        return [`PUT nodes/${this.nodeName}/status (Ready=True)`];
      } catch {
        // a conflict with the node lifecycle controller's update: read again and retry
      }
    }
    return [`node status update failed`];
  }

  // ---- pod workers --------------------------------------------------------------------------------------

  private hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.deps.rand.int(16)];
    this.hexCount++;
    return s;
  }

  private podRef(pod: Pod): string {
    return `${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid})`;
  }

  private schedule(w: PodWorker, delay: number, short: boolean, title: string): void {
    const t = this.loop.after(
      delay,
      { component: this.component, kind: 'timer', title, run: () => (this.down ? undefined : void this.queue.add(w.key)) },
      { short },
    );
    w.timers.push(t);
    if (w.timers.length > 16) w.timers = w.timers.slice(-16);
  }

  private killWorker(w: PodWorker, act: string[]): void {
    for (const t of w.timers) t.cancel();
    for (const c of w.containers.values()) if (c.state.running) act.push(`StopContainer ${c.name}`);
    if (w.probed) this.prober.removePod(w.uid);
    this.ipam.release(w.podIP);
    if (w.podIP) act.push(`StopPodSandbox (released ${w.podIP})`);
    this.workers.delete(w.key);
  }

  async syncPod(key: string): Promise<StepDetail> {
    if (this.down) return { lines: ['kubelet is down: not syncing'] };
    const pod = this.pods.getIndexer().get(key);
    const observe: string[] = [];
    const act: string[] = [];
    let w = this.workers.get(key);
    if (w && (!pod || pod.metadata.uid !== w.uid)) {
      observe.push(`pod ${key} is gone from the API server`);
      this.killWorker(w, act);
      w = undefined;
    }
    if (!pod) return { observe, compare: ['desired: no pod', 'actual: no containers'], act };

    if (pod.metadata.deletionTimestamp) {
      const grace = pod.metadata.deletionGracePeriodSeconds ?? 30;
      observe.push(`pod ${key} is terminating (grace ${grace}s)`);
      if (w) {
        const now = this.loop.now();
        const deadline = Date.parse(pod.metadata.deletionTimestamp);
        // SIGTERM to each running container (once); those that ignore it are killed when the grace period ends.
        const stubborn: string[] = [];
        for (const spec of pod.spec.containers) {
          const c = w.containers.get(spec.name);
          if (!c?.state.running) continue;
          if (!w.terminating) await this.recorder.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, containerPath(pod, c.name));
          const b = this.runtime.behaviour(spec);
          if (b.kind === 'runs' && b.ignoresSigterm && now < deadline) stubborn.push(c.name);
          else {
            const killed = b.kind === 'runs' && b.ignoresSigterm;
            c.state = { terminated: { exitCode: killed ? 137 : 0, reason: killed ? 'Error' : 'Completed', startedAt: c.state.running.startedAt, finishedAt: this.now(), containerID: c.containerID } as ContainerState['terminated'] };
            c.ready = false;
            act.push(killed ? `SIGKILL ${c.name} (grace period over; exit 137)` : `StopContainer ${c.name} (SIGTERM; exit 0)`);
          }
        }
        if (stubborn.length) {
          if (!w.terminating) {
            w.terminating = true;
            this.schedule(w, deadline - now, false, `grace period of ${key} ends: SIGKILL`);
            act.push(`SIGTERM ignored by ${stubborn.join(', ')}: waiting ${Math.round((deadline - now) / 1000)}s (terminationGracePeriodSeconds) before SIGKILL`);
          }
          return { observe, compare: ['desired: pod deleted', `actual: ${stubborn.length} container(s) still running`], act };
        }
        this.killWorker(w, act);
      }
      try {
        await this.client.delete('pods', pod.metadata.name, pod.metadata.namespace, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
        act.push(`DELETE pods/${pod.metadata.name} gracePeriodSeconds=0 (containers stopped)`);
      } catch (err) {
        act.push(`DELETE pods/${pod.metadata.name}: ${(err as Error).message}`);
      }
      return { observe, compare: ['desired: pod deleted', 'actual: containers stopped'], act };
    }

    if (!w) {
      w = { key, uid: pod.metadata.uid ?? '', sandboxReady: false, containers: new Map(), initContainers: new Map(), timers: [] };
      this.workers.set(key, w);
      if (hasProbes(pod)) {
        w.probed = true;
        this.prober.addPod(pod, key);
      }
      // A pod that already ran here (a kubelet restart, a restored snapshot) keeps its address.
      if (pod.status?.podIP?.startsWith(`${this.ipam.prefix}.`)) {
        this.ipam.claim(pod.status.podIP);
        w.podIP = pod.status.podIP;
        w.sandboxReady = true;
        w.startTime = pod.status.startTime;
      }
    }
    if (!w.sandboxReady) {
      const ip = this.ipam.allocate();
      if (!ip) return { lines: ['no free pod IP on this node'] };
      w.podIP = ip;
      w.sandboxReady = true;
      w.startTime = this.now();
      act.push(`RunPodSandbox → pod IP ${ip}`);
    }
    observe.push(`pod ${key}: ${pod.spec.containers.length} container(s), restartPolicy ${pod.spec.restartPolicy ?? 'Always'}`);
    if (w.probed) await this.probeKills(pod, w, act);

    // Init containers first, in order: each must exit 0 before the next (and before any app container) starts.
    let initialized = true;
    for (const spec of pod.spec.initContainers ?? []) {
      const c = this.containerWork(w, spec, w.initContainers);
      if (!(c.done && c.state.terminated?.exitCode === 0)) await this.syncContainer(pod, w, spec, c, act, true);
      if (c.done && c.state.terminated?.exitCode === 0) continue;
      initialized = false;
      break;
    }
    if (initialized)
      for (const spec of pod.spec.containers) {
        const c = this.containerWork(w, spec);
        const blocked = await this.syncContainer(pod, w, spec, c, act);
        if (blocked) break; // image pulls are serialized: the next container waits for this one
      }
    else for (const spec of pod.spec.containers) this.containerWork(w, spec).state = { waiting: { reason: 'PodInitializing' } };
    if (w.probed) this.applyProbeResults(pod, w);

    const status = generatePodStatus(
      pod,
      {
        sandboxReady: w.sandboxReady,
        podIP: w.podIP,
        hostIP: this.nodeIP,
        startTime: w.startTime,
        containers: [...w.containers.values()],
        initContainers: (pod.spec.initContainers ?? []).map((spec) => this.containerWork(w!, spec, w!.initContainers)),
      },
      this.now(),
    );
    const compare = [`phase: ${pod.status?.phase ?? '(none)'} → ${status.phase}`];
    if (!statusEqual(pod.status, status)) {
      const ok = await this.writeStatus(pod, status);
      act.push(ok ? `PUT pods/${pod.metadata.name}/status phase=${status.phase}` : 'status update failed');
    }
    return { observe, compare, act };
  }

  private containerWork(w: PodWorker, spec: Container, into: Map<string, ContainerWork> = w.containers): ContainerWork {
    let c = into.get(spec.name);
    if (!c || c.image !== spec.image) {
      c = {
        name: spec.name,
        image: spec.image,
        state: { waiting: { reason: 'ContainerCreating' } },
        restartCount: c?.restartCount ?? 0,
        ready: false,
        started: false,
        backoffMs: 0,
        pullBackoffMs: 0,
      };
      into.set(spec.name, c);
    }
    return c;
  }

  private async writeStatus(pod: Pod, status: Pod['status']): Promise<boolean> {
    let current = pod;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.client.updateStatus('pods', { ...current, status });
        return true;
      } catch {
        try {
          current = await this.client.get<Pod>('pods', pod.metadata.name, pod.metadata.namespace);
          if (current.metadata.uid !== pod.metadata.uid) return false;
          status = { ...status, conditions: mergeForeignConditions(status?.conditions, current.status?.conditions) };
        } catch {
          return false;
        }
      }
    }
    return false;
  }

  /** Returns true when this container holds up the ones after it (waiting for its image). */
  private async syncContainer(pod: Pod, w: PodWorker, spec: Container, c: ContainerWork, act: string[], isInit = false): Promise<boolean> {
    const now = this.loop.now();
    if (c.state.running || c.done) return false;
    if (c.restartAt !== undefined && now < c.restartAt) return false;
    if (c.pullRetryAt !== undefined && now < c.pullRetryAt) return true;

    // The image: pull it (serialized per node) unless the policy lets a present one be used.
    const policy = spec.imagePullPolicy ?? 'IfNotPresent';
    const present = this.runtime.hasImage(spec.image);
    if (policy === 'Never' && !present) {
      c.state = { waiting: { reason: 'ErrImageNeverPull', message: `Container image "${spec.image}" is not present with pull policy of Never` } };
      return true;
    }
    // EnsureImageExists, once per start: a pull made for this start and finished is used up by it (so a restart
    // pulls again under policy Always); one in flight is waited for; otherwise pull when the policy says so.
    const id = `${w.key}\u0000${spec.name}`;
    const pull = this.pulls.get(id);
    if (pull?.done) this.pulls.delete(id);
    else if (pull || policy === 'Always' || !present) {
      if (!pull) {
        try {
          this.runtime.resolve(spec.image);
        } catch (err) {
          if (!(err instanceof ImageNotFoundError)) throw err;
          return this.pullFailed(pod, w, spec, c, err.message, act);
        }
        this.requestPull(id, spec.image, w.key, spec.name);
        await this.recorder.event(pod, 'Normal', 'Pulling', `Pulling image "${spec.image}"`, containerPath(pod, spec.name));
        act.push(`PullImage ${spec.image} (${this.pullQueue.length > 1 ? `queued behind ${this.pullQueue.length - 1}` : 'queued'})`);
      }
      if (!c.containerID) c.state = { waiting: { reason: 'ContainerCreating' } }; // never created yet; a restart keeps its last state
      return true;
    } else {
      await this.recorder.event(pod, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`, containerPath(pod, spec.name));
    }
    c.pullBackoffMs = 0;
    c.pullRetryAt = undefined;
    const stored = this.runtime.images.get(fullRef(spec.image));
    c.imageID = stored ? imageDigestRef(stored.ref) : undefined;

    // Create and start.
    const restarting = c.started || c.lastState?.terminated !== undefined || c.state.terminated !== undefined || c.state.waiting?.reason === 'CrashLoopBackOff';
    if (restarting) {
      const last = c.state.terminated ?? c.lastState?.terminated;
      if (last) c.lastState = { terminated: last };
      c.restartCount++;
      // A fault in the process dies with it; a persistent one (a bad config) comes back with the new container.
      if (!c.appFault?.persistent) c.appFault = undefined;
    }
    c.containerID = `containerd://${this.hex(64)}`;
    // Kubernetes 1.31's words (a colon came in 1.33, and 1.35 drops the name): these nodes say v1.31.0.
    await this.recorder.event(pod, 'Normal', 'Created', `Created container ${spec.name}`, containerPath(pod, spec.name));
    await this.recorder.event(pod, 'Normal', 'Started', `Started container ${spec.name}`, containerPath(pod, spec.name));
    const startedAt = this.now();
    const behaviour = this.runtime.behaviour(spec);
    c.restartAt = undefined;
    if (behaviour.kind === 'runs') {
      c.state = { running: { startedAt } };
      // Without probes a running container is started and ready; with them the prober decides (applyProbeResults).
      c.started = !spec.startupProbe;
      c.ready = !spec.startupProbe && !spec.readinessProbe;
      act.push(`CreateContainer + StartContainer ${spec.name} (${c.containerID.slice(13, 25)}) → running`);
      return false;
    }
    // It exited at once.
    const exitCode = behaviour.exitCode;
    c.state = { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt, finishedAt: startedAt, containerID: c.containerID } as ContainerState['terminated'] };
    c.started = false;
    c.ready = false;
    act.push(`CreateContainer + StartContainer ${spec.name} → exited with code ${exitCode}`);
    await this.afterExit(pod, w, spec, c, act, isInit, false);
    return false;
  }

  /**
   * A container stopped: restart it now (the first time), after a back-off (10 s, 20 s, 40 s … 5 min), or never
   * (restartPolicy). A container killed for failing a probe restarts unless the policy is Never.
   */
  private async afterExit(pod: Pod, w: PodWorker, spec: Container, c: ContainerWork, act: string[], isInit: boolean, probeKill: boolean): Promise<void> {
    const now = this.loop.now();
    const exitCode = c.state.terminated?.exitCode ?? 0;
    const policy2 = pod.spec.restartPolicy ?? 'Always';
    // An init container that exits 0 is done; an app container that exits 0 under Always is restarted.
    if (policy2 === 'Never' || (!probeKill && exitCode === 0 && (isInit || policy2 === 'OnFailure'))) {
      c.done = true;
      return;
    }
    // The back-off forgets a container that ran for twice the longest back-off (10 minutes) before it stopped.
    const ranSince = c.state.terminated?.startedAt ? Date.parse(c.state.terminated.startedAt) : now;
    if (now - ranSince > 2 * BACKOFF_MAX_MS) c.backoffMs = 0;
    if (c.backoffMs === 0) {
      // The first restart is immediate; later ones back off 10 s, 20 s, 40 s … 5 min.
      c.backoffMs = BACKOFF_INITIAL_MS;
      c.restartAt = now;
      this.queue.add(w.key);
      return;
    }
    const wait = c.backoffMs;
    c.lastState = { terminated: c.state.terminated! };
    c.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(wait)} restarting failed container=${spec.name} pod=${this.podRef(pod)}` } };
    c.restartAt = now + wait;
    c.backoffMs = Math.min(wait * 2, BACKOFF_MAX_MS);
    this.schedule(w, wait, false, `restart ${key(pod)}/${spec.name} after back-off`);
    await this.recorder.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${this.podRef(pod)}`, containerPath(pod, spec.name));
    act.push(`back-off ${goDuration(wait)} before restarting ${spec.name}`);
  }

  // ---- probes (pkg/kubelet/prober with kuberuntime's computePodActions) ----------------------------------

  /** What the prober's workers see of a container: the kubelet's own view of it (its status manager). */
  private probeTarget(podKey: string, container: string): ProbeTarget | undefined {
    const w = this.workers.get(podKey);
    const pod = this.pods.getIndexer().get(podKey);
    if (!w || !pod || pod.metadata.uid !== w.uid) return undefined;
    const c = w.containers.get(container);
    if (!c) return { pod, podIP: w.podIP, terminated: false, started: false };
    const running = c.state.running && c.killAt === undefined ? Date.parse(c.state.running.startedAt ?? '') : undefined;
    const fault = running === undefined ? undefined : effectiveFault(c.appFault, this.loop.now() - running);
    return { pod, podIP: w.podIP, containerID: c.containerID, runningSince: running, terminated: !!c.state.terminated, started: c.started, fault };
  }

  /**
   * computePodActions: a running container whose liveness (or startup) result is Failure is killed — SIGTERM,
   * then SIGKILL when the grace period ends if the process ignores it — and restarted under the pod's policy.
   */
  private async probeKills(pod: Pod, w: PodWorker, act: string[]): Promise<void> {
    const now = this.loop.now();
    for (const spec of pod.spec.containers) {
      const c = w.containers.get(spec.name);
      if (!c?.state.running) continue;
      if (c.killAt !== undefined) {
        if (now < c.killAt) continue;
        this.stopContainer(c, 137, 'Error');
        act.push(`SIGKILL ${spec.name} (grace period over; exit 137)`);
        await this.afterExit(pod, w, spec, c, act, false, true);
        continue;
      }
      const why = this.prober.killReason(c.containerID);
      if (!why) continue;
      await this.recorder.event(pod, 'Normal', 'Killing', `Container ${spec.name} failed ${why} probe, will be restarted`, containerPath(pod, spec.name));
      c.killedBy = why;
      c.ready = false;
      const b = this.runtime.behaviour(spec);
      const probe = why === 'liveness' ? spec.livenessProbe : spec.startupProbe;
      const grace = probe?.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      if (b.kind === 'runs' && b.ignoresSigterm && grace > 0) {
        c.killAt = now + grace * 1000;
        this.schedule(w, grace * 1000, false, `grace period of ${spec.name} in ${key(pod)} ends: SIGKILL`);
        act.push(`StopContainer ${spec.name}: SIGTERM ignored, SIGKILL in ${grace}s (failed ${why} probe)`);
        continue;
      }
      const killed = b.kind === 'runs' && b.ignoresSigterm;
      this.stopContainer(c, killed ? 137 : 0, killed ? 'Error' : 'Completed');
      act.push(`StopContainer ${spec.name} (failed ${why} probe; exit ${killed ? 137 : 0})`);
      await this.afterExit(pod, w, spec, c, act, false, true);
    }
  }

  private stopContainer(c: ContainerWork, exitCode: number, reason: string): void {
    const startedAt = c.state.running?.startedAt;
    c.state = { terminated: { exitCode, reason, startedAt, finishedAt: this.now(), containerID: c.containerID } as ContainerState['terminated'] };
    c.killAt = undefined;
    c.started = false;
    c.ready = false;
  }

  /** UpdatePodStatus: started from the startup probe, ready from the readiness probe (each per container ID). */
  private applyProbeResults(pod: Pod, w: PodWorker): void {
    for (const spec of pod.spec.containers) {
      const c = w.containers.get(spec.name);
      if (!c) continue;
      // A container being killed (SIGTERM ignored, waiting for SIGKILL) is still started, but not ready.
      c.started = !!c.state.running && this.prober.started(w.uid, spec.name, c.containerID);
      c.ready = c.started && c.killAt === undefined && this.prober.ready(w.uid, spec.name, c.containerID);
      if (c.started && !c.ready) this.prober.triggerReadiness(w.uid, spec.name, c.containerID);
    }
  }

  /** What is wrong with the app in a container (for `curl` to the pod). */
  appFault(podKey: string, container: string): AppFault | undefined {
    const c = this.workers.get(podKey)?.containers.get(container);
    if (!c?.state.running) return undefined;
    return effectiveFault(c.appFault, this.loop.now() - Date.parse(c.state.running.startedAt ?? ''));
  }

  /** `fault app-unhealthy|app-hang|app-healthy`: change what the app in a container answers. */
  setAppFault(podKey: string, container: string, fault: AppFault | undefined): boolean {
    const c = this.workers.get(podKey)?.containers.get(container);
    if (!c) return false;
    c.appFault = fault;
    return true;
  }

  private async pullFailed(pod: Pod, w: PodWorker, spec: Container, c: ContainerWork, message: string, act: string[]): Promise<boolean> {
    const now = this.loop.now();
    if (c.state.waiting?.reason === 'ErrImagePull') {
      // Right after a failed attempt: back off before the next one.
      c.pullBackoffMs = c.pullBackoffMs ? Math.min(c.pullBackoffMs * 2, BACKOFF_MAX_MS) : BACKOFF_INITIAL_MS;
      c.pullRetryAt = now + c.pullBackoffMs;
      c.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${spec.image}"` } };
      this.schedule(w, c.pullBackoffMs, false, `retry pulling ${spec.image}`);
      await this.recorder.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${spec.image}"`, containerPath(pod, spec.name));
      await this.recorder.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', containerPath(pod, spec.name));
      act.push(`back-off ${goDuration(c.pullBackoffMs)} before pulling ${spec.image} again`);
      return true;
    }
    const path = containerPath(pod, spec.name);
    await this.recorder.event(pod, 'Normal', 'Pulling', `Pulling image "${spec.image}"`, path);
    await this.recorder.event(pod, 'Warning', 'Failed', `Failed to pull image "${spec.image}": ${message}`, path);
    await this.recorder.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', path);
    c.state = { waiting: { reason: 'ErrImagePull', message: `failed to pull and unpack image "${fullRef(spec.image)}": not found` } };
    this.queue.add(w.key);
    act.push(`PullImage ${spec.image} → not found`);
    return true;
  }

  /**
   * Image pulls run one at a time on a node (serializeImagePulls), each taking virtual time: the image's size
   * the first time, a manifest check (400ms) when the layers are already here (policy Always, or a second pod
   * that queued for the same image). Every container start has its own pull and its own Pulling / Pulled events.
   */
  private requestPull(id: string, image: string, waiter: string, container: string): void {
    const pull: Pull = { image, waiter, container, requestedAt: this.loop.now(), done: false };
    this.pulls.set(id, pull);
    this.pullQueue.push(pull);
    this.startNextPull();
  }

  private startNextPull(): void {
    const head = this.pullQueue[0];
    if (!head || head.startedAt !== undefined) return;
    head.startedAt = this.loop.now();
    const info = this.runtime.resolve(head.image);
    const duration = this.runtime.hasImage(head.image) ? 400 : pullDurationMs(info.sizeBytes);
    this.loop.after(
      duration,
      {
        component: this.component,
        kind: 'pull',
        phase: 'pull',
        title: `image pull done: ${head.image} for ${head.waiter}`,
        run: () => this.pullDone(head, info),
      },
      { short: true },
    );
  }

  private async pullDone(pull: Pull, info: ImageInfo): Promise<StepDetail> {
    this.runtime.store(info);
    pull.done = true;
    this.pullQueue.shift();
    const now = this.loop.now();
    const took = goDuration(now - pull.startedAt!);
    const waited = goDuration(now - pull.requestedAt);
    const pod = this.pods.getIndexer().get(pull.waiter);
    if (pod)
      await this.recorder.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${pull.image}" in ${took} (${waited} including waiting). Image size: ${info.sizeBytes} bytes.`, containerPath(pod, pull.container));
    const w = this.workers.get(pull.waiter);
    if (!w) this.pulls.delete(`${pull.waiter}\u0000${pull.container}`); // the pod went away meanwhile
    if (w && !this.down) this.queue.add(pull.waiter);
    this.startNextPull();
    return { act: [`pulled ${info.ref} (${info.sizeBytes} bytes) for ${pull.waiter} in ${took}${waited !== took ? `, ${waited} with the wait in the queue` : ''}`] };
  }

  /** For `queues`: image pulls in flight, and pods waiting on a back-off, a probe or a grace period. */
  describe(): string[] {
    const now = this.loop.now();
    const out: string[] = [];
    if (this.down) out.push('kubelet down (fault node-down): no heartbeats, no syncs');
    for (const p of this.pullQueue) out.push(`${p.startedAt !== undefined ? 'pulling' : 'waiting to pull'} ${p.image} for ${p.waiter}`);
    for (const w of this.workers.values()) {
      for (const c of w.containers.values()) {
        if (c.restartAt !== undefined && c.restartAt > now) out.push(`${w.key}: ${c.name} CrashLoopBackOff, restart in ${inWholeSeconds(c.restartAt - now)}`);
        if (c.pullRetryAt !== undefined && c.pullRetryAt > now) out.push(`${w.key}: ${c.name} ImagePullBackOff, retry in ${inWholeSeconds(c.pullRetryAt - now)}`);
        if (c.killAt !== undefined && c.killAt > now) out.push(`${w.key}: ${c.name} failed its ${c.killedBy} probe, SIGKILL in ${inWholeSeconds(c.killAt - now)}`);
      }
      if (w.terminating) out.push(`${w.key}: terminating, waiting for the grace period`);
    }
    if (this.probeManager) out.push(...this.probeManager.describe());
    return out;
  }

  /** The pods this kubelet runs (names, without namespace), for completion. */
  podNames(): string[] {
    return [...this.workers.keys()].map((k) => k.slice(k.indexOf('/') + 1));
  }

  /** How many pod workers are alive (for tests and the TUI). */
  get workerCount(): number {
    return this.workers.size;
  }
}

function key(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** Keeps conditions other writers own (DisruptionTarget) when re-applying our status over a fresher pod. */
type Conditions = NonNullable<Pod['status']>['conditions'];
function mergeForeignConditions(ours: Conditions, theirs: Conditions): Conditions {
  const own = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  const out = [...(ours ?? [])];
  for (const c of theirs ?? []) if (!own.has(c.type) && !out.some((x) => x.type === c.type)) out.push(c);
  return out;
}

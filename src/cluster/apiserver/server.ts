// Models kube-apiserver's generic registry (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go)
// over the etcd3 storage (pkg/storage/etcd3/store.go) and the Cacher, with the per-resource strategies of
// pkg/registry/core/{pod,service,node,namespace}/ and pkg/registry/apps/{deployment,replicaset}/.
//
// Every request is handled inline by the caller (a kubectl line, or a component's step): it reads and writes
// etcd through the KV. Changes then come back from etcd's watch as steps and are fanned out by the Cacher.
import { ApiMetrics } from './metrics';
import type { Loop } from '../sim/loop';
import type { Rand } from '../sim/rand';
import type { KV, KeyValue } from '../store/types';
import { prefixEnd, StoreError } from '../store/types';
import {
  ApiError,
  type ClientObserver as ApiClientObserver,
  type Client,
  type DeleteOptions,
  type ListOptions,
  type ObjectList,
  type ResourceName,
  type WatchEvent,
  type WatchHandle,
  type WatchOptions,
} from './api';
import { Cacher, type CacherSummary } from './cacher';
import { Compactor, DEFAULT_COMPACTION_INTERVAL_MS } from './compact';
import { EVENT_TTL_SECONDS, LeaseManager } from './lease_manager';
import { CorruptObjectError, decodeObject, deepCopy, encodeObject, tryDecodeObject } from './codec';
import { admitDefaultTolerationSeconds, applyDefaults, podQOSClass } from './defaults';
import { admitServiceAccount } from './serviceaccount_admission';
import {
  fieldErr,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newForbidden,
  newInternalError,
  newInvalid,
  newNotFound,
  qualifiedResource,
  newResourceExpired,
  type FieldError,
} from './errors';
import { NodePortAllocator, ServiceIPAllocator } from './ipallocator';
import { generateName, newUID } from './names';
import { listPrefix, objectKey, RESOURCE_NAMES, resourceInfo, type ResourceInfo } from './registry';
import {
  parseFieldSelector,
  parseLabelSelector,
  SelectorParseError,
  type FieldSelectorMatcher,
  type LabelSelectorMatcher,
} from './selectors';
import { TraceLog } from './trace';
import { checkDecode } from './schema';
import type { KubeObject, Namespace, Pod, PodCondition, Service, Status } from './types';
import { validateCreate, validateUpdate } from './validation';

export interface ApiServerOptions {
  /** The watch cache's window per resource (events kept); a number for all, or per resource. Default 1024. */
  watchCacheSize?: number | Partial<Record<ResourceName, number>>;
  /** Changes kept in the trace log (default 500). */
  traceLimit?: number;
  /** Service CIDR (default 10.96.0.0/12). */
  serviceCIDR?: string;
  /** How long Events live in etcd (--event-ttl, default 1 h); 0 keeps them for ever. */
  eventTTLSeconds?: number;
  /** How often etcd is compacted (--etcd-compaction-interval, default 5 minutes of virtual time); 0 turns it off. */
  compactionIntervalMs?: number;
}

/** The etcd operation a write verb becomes (etcd3 store: Create, GuaranteedUpdate, Delete). */
const WRITE_OPS: Partial<Record<RequestRecord['verb'], string>> = {
  create: 'create',
  update: 'update',
  updateStatus: 'update',
  finalize: 'update',
  bind: 'update',
  delete: 'delete',
};

/** One request as the API server's audit log would record it (bounded; for `trace` and tests). */
export interface RequestRecord {
  step: number;
  at: number;
  who: string;
  verb: 'create' | 'get' | 'list' | 'update' | 'updateStatus' | 'finalize' | 'delete' | 'deletecollection' | 'watch' | 'bind';
  resource: ResourceName;
  namespace?: string;
  name?: string;
  /** HTTP status code returned. */
  code: number;
  /** The resulting resourceVersion, for writes. */
  resourceVersion?: string;
}

/** Hooks the client machinery may call; exposed on clients made by the API server (see Client.observer). */
export type ClientObserver = ApiClientObserver;

/** metav1.CreateOptions.FieldValidation. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const DEFAULT_WATCH_CACHE_SIZE = 1024;
/** The address the `kubernetes` Service's Endpoints point at: the API server itself. */
export const API_SERVER_ADDRESS = '172.18.0.2';

export class ApiServer {
  readonly cachers = {} as Record<ResourceName, Cacher>;
  readonly traces: TraceLog;
  readonly serviceIPs: ServiceIPAllocator;
  readonly nodePorts: NodePortAllocator;
  readonly compactor: Compactor;
  readonly leases: LeaseManager;
  private requests: RequestRecord[] = [];
  /** /metrics: where reads were served from (watch cache or etcd). */
  readonly metrics = new ApiMetrics();
  private readonly requestLimit = 1000;
  private started = false;
  /** The ServiceAccount admission plugin's random stream, apart from `rand`. */
  private readonly serviceAccountRand: Rand;

  constructor(
    readonly kv: KV,
    readonly loop: Loop,
    readonly rand: Rand,
    readonly options: ApiServerOptions = {},
  ) {
    this.traces = new TraceLog(options.traceLimit ?? 500);
    // The ServiceAccount admission's own stream (kube-api-access-XXXXX): same seed, same suffixes, and no other
    // seeded name moves.
    this.serviceAccountRand = rand.derive('serviceaccount-admission');
    this.serviceIPs = new ServiceIPAllocator(options.serviceCIDR ?? '10.96.0.0/12', rand);
    this.nodePorts = new NodePortAllocator(rand);
    this.leases = new LeaseManager(kv, loop);
    this.compactor = new Compactor(kv, loop, options.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS);
    for (const r of RESOURCE_NAMES) {
      const size = typeof options.watchCacheSize === 'number' ? options.watchCacheSize : options.watchCacheSize?.[r];
      this.cachers[r] = new Cacher(resourceInfo(r), kv, loop, this.traces, { capacity: size ?? DEFAULT_WATCH_CACHE_SIZE });
    }
  }

  /** Starts one Cacher per resource (a list and an etcd watch each) and registers with `queues`. */
  async start(): Promise<void> {
    if (this.started) return;
    for (const r of RESOURCE_NAMES) await this.cachers[r].start();
    // Rebuild the allocators from what etcd already holds (a restart over an existing store).
    for (const s of this.cachers.services.watchCache.list() as Service[]) this.claimServiceAddresses(s);
    this.started = true;
    this.loop.registerQueue('kube-apiserver', () => this.describeQueues());
    this.compactor.start();
  }

  async stop(): Promise<void> {
    this.loop.unregisterQueue('kube-apiserver');
    this.compactor.stop();
    for (const r of RESOURCE_NAMES) await this.cachers[r].stop();
    this.started = false;
  }

  /**
   * What kube-apiserver's bootstrap controllers create: the four system namespaces and the `kubernetes` Service
   * (ClusterIP 10.96.0.1) with its Endpoints. Idempotent.
   */
  async bootstrap(): Promise<void> {
    const c = this.client('kube-apiserver');
    for (const ns of SYSTEM_NAMESPACES) {
      await c.create<Namespace>('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch(ignoreExists);
    }
    // As upstream's bootstrap controller: read first, create only what is missing (a restart over an
    // existing etcd finds the Service there, its ClusterIP already claimed).
    const existing = await c.get<Service>('services', 'kubernetes', 'default').catch(() => undefined);
    if (!existing) await c
      .create<Service>(
        'services',
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
          spec: {
            type: 'ClusterIP',
            clusterIP: '10.96.0.1',
            ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
          },
        },
        'default',
      )
      .catch(ignoreExists);
    await c
      .create(
        'endpoints',
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
          subsets: [{ addresses: [{ ip: API_SERVER_ADDRESS }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
        } as KubeObject,
        'default',
      )
      .catch(ignoreExists);
  }

  /**
   * A client for one identity (`kubectl`, `kube-scheduler`, `kubelet/node-1` …). `fieldValidation` is what its
   * writes ask for: kubectl asks Strict (its default --validate=strict), so an unknown field fails; components
   * send what they built, Ignore.
   */
  client(who: string, opts: { fieldValidation?: FieldValidation; dryRun?: boolean } = {}): Client & { observer: ClientObserver } {
    return new ServerClient(this, who, opts.fieldValidation ?? (who === 'kubectl' ? 'Strict' : 'Ignore'), opts.dryRun ?? false);
  }

  /**
   * `?dryRun=All` (apiserver's registry store with DryRunnableStorage): a write that runs decoding, defaulting,
   * admission and validation as a real one does and answers with the object it would have stored, but writes
   * nothing to etcd (no revision, no watch event). Its random draws (uid, generated names, the ServiceAccount
   * plugin's volume suffix, a ClusterIP or NodePort) come from a stream of their own, one per dry-run request,
   * so a dry run shifts none of the names later real writes get.
   */
  private dryRunRequests = 0;
  private dryRunRand(): Rand {
    return this.rand.derive(`dry-run/${++this.dryRunRequests}`);
  }

  /**
   * What restarting kube-apiserver does: every watch cache relists from etcd and every watcher gets 410 Gone, so
   * every informer relists. Call it after the keyspace was replaced underneath (`etcdctl snapshot restore`).
   */
  async resync(): Promise<void> {
    this.leases.reset();
    this.serviceIPs.clear();
    this.nodePorts.clear();
    for (const r of RESOURCE_NAMES) await this.cachers[r].resync();
    for (const s of this.cachers.services.watchCache.list() as Service[]) this.claimServiceAddresses(s);
  }

  cacher(resource: ResourceName): Cacher {
    return this.cachers[resource];
  }

  /** The last `n` API requests (oldest first). */
  recentRequests(n = 50): RequestRecord[] {
    return this.requests.slice(-n);
  }

  /** Per resource: the watch cache's window and its watchers. */
  summaries(): CacherSummary[] {
    return RESOURCE_NAMES.map((r) => this.cachers[r].summary());
  }

  /** The `queues` entry for kube-apiserver: each watch cache with its window and watchers. */
  describeQueues(): string[] {
    return this.summaries()
      .filter((s) => s.watchers > 0 || s.window > 0)
      .map(
        (s) =>
          `watch cache ${s.resource}: ${s.window}/${s.capacity} events (rv ${s.resourceVersion}, resumable from rv ${s.oldest - 1}), ${s.objects} objects, ${s.watchers} watchers${s.indexedWatchers ? ` (${s.indexedWatchers} indexed)` : ''}`,
      );
  }

  // ---------------------------------------------------------------- requests

  private log(rec: Omit<RequestRecord, 'step' | 'at'>): void {
    this.requests.push({ step: this.loop.steps, at: this.loop.now(), ...rec });
    if (this.requests.length > this.requestLimit * 2) this.requests = this.requests.slice(-this.requestLimit);
  }

  /** Runs one request for `who` and records it in the request log. */
  async handle<T>(
    who: string,
    verb: RequestRecord['verb'],
    resource: ResourceName,
    namespace: string | undefined,
    name: string | undefined,
    fn: () => Promise<T>,
    dryRun = false,
  ): Promise<T> {
    try {
      const out = await fn();
      const op = WRITE_OPS[verb];
      if (op && !dryRun) this.metrics.etcd(op, resourceInfo(resource));
      const rv = (out as KubeObject | undefined)?.metadata?.resourceVersion;
      this.log({ who, verb, resource, namespace, name: name ?? (out as KubeObject | undefined)?.metadata?.name, code: verb === 'create' ? 201 : 200, resourceVersion: rv });
      return out;
    } catch (err) {
      this.log({ who, verb, resource, namespace, name, code: err instanceof ApiError ? err.code : 500 });
      // etcd failing under a request (no quorum, unreachable) reaches the client as a 500 with etcd's own
      // words and no reason, so kubectl prints `Error from server: etcdserver: request timed out`.
      if (err instanceof StoreError) {
        throw new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: err.message, reason: '', code: 500 });
      }
      if (err instanceof CorruptObjectError) {
        throw newInternalError(`object ${qualifiedResource(resourceInfo(resource))} "${name ?? ''}" stored in etcd does not decode: ${err.detail}`);
      }
      throw err;
    }
  }

  private async getKV(key: string): Promise<KeyValue | undefined> {
    const r = await this.kv.range({ key });
    return r.kvs[0];
  }

  private namespaceOf(info: ResourceInfo, obj: KubeObject | undefined, nsArg: string | undefined): string | undefined {
    if (!info.namespaced) return undefined;
    const fromObj = obj?.metadata?.namespace;
    if (nsArg && fromObj && nsArg !== fromObj) {
      throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    return nsArg || fromObj || 'default';
  }

  /**
   * The NamespaceLifecycle admission plugin: no new objects in a namespace that does not exist, or that is being
   * terminated (Forbidden, naming the object refused: `pods "web" is forbidden: …`, as admission.NewForbidden does).
   */
  private async admitNamespace(namespace: string | undefined, info: ResourceInfo, name: string): Promise<void> {
    if (namespace === undefined) return;
    const key = objectKey(resourceInfo('namespaces'), namespace);
    let ns = this.cachers.namespaces.watchCache.get(key) as Namespace | undefined;
    if (!ns) {
      const kv = await this.getKV(key); // the cache may lag a fresh namespace by a step: ask etcd
      if (!kv) throw newNotFound(resourceInfo('namespaces'), namespace);
      ns = decodeObject(kv.value, kv.modRevision) as Namespace;
    }
    if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
      throw newForbidden(info, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  private invalid(info: ResourceInfo, name: string, errs: FieldError[]): ApiError {
    return newInvalid(info.kind, info.group, name, errs);
  }

  private checkKind(info: ResourceInfo, obj: KubeObject): void {
    if (!obj || typeof obj !== 'object') throw newBadRequest('the body of the request was in an unknown format');
    obj.apiVersion ||= info.apiVersion;
    obj.kind ||= info.kind;
    if (obj.kind !== info.kind) {
      throw newBadRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${info.kind})`);
    }
    if (obj.apiVersion !== info.apiVersion) {
      throw newBadRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${info.apiVersion})`);
    }
    obj.metadata ??= { name: '' };
  }

  /**
   * The txn of a write: put `key` if its mod_revision is still `modRevision` (0: absent). Events carry a lease
   * (their TTL); should the store refuse the lease, the write goes through without one and TTLs are off.
   */
  private async putWithTTL(resource: ResourceName, key: string, value: string, modRevision: number) {
    const lease = await this.leaseFor(resource);
    const txn = (put: { key: string; value: string; lease?: number }) =>
      this.kv.txn({ compare: [{ key, target: 'MOD', result: 'EQUAL', value: modRevision }], success: [{ put }], failure: [] });
    if (!lease) return txn({ key, value });
    try {
      return await txn({ key, value, lease });
    } catch (err) {
      if (!(err instanceof Error) || !/lease not found/.test(err.message)) throw err;
      this.ttlBroken = true;
      return txn({ key, value });
    }
  }

  private ttlBroken = false;

  /** Put `key` if its mod_revision is still `modRevision`: the compare-and-swap every write here is. */
  private casPut(key: string, modRevision: number, value: string) {
    return this.kv.txn({ compare: [{ key, target: 'MOD', result: 'EQUAL', value: modRevision }], success: [{ put: { key, value } }], failure: [] });
  }

  /** Delete `key` if its mod_revision is still `modRevision`. */
  private casDelete(key: string, modRevision: number) {
    return this.kv.txn({ compare: [{ key, target: 'MOD', result: 'EQUAL', value: modRevision }], success: [{ deleteRange: { key } }], failure: [] });
  }

  /** The lease to write `resource` with: Events live --event-ttl (the TTL is renewed on every write). */
  private async leaseFor(resource: ResourceName): Promise<number | undefined> {
    if (resource !== 'events' || this.ttlBroken) return undefined;
    const ttl = this.options.eventTTLSeconds ?? EVENT_TTL_SECONDS;
    if (ttl <= 0) return undefined;
    try {
      return await this.leases.getLease(ttl);
    } catch {
      this.leases.reset();
      return await this.leases.getLease(ttl);
    }
  }

  private nowMs = -1;
  private nowText = '';
  /** metav1.Now() in RFC 3339 (memoised: many writes share one instant of virtual time). */
  /** The serializer's decode: wrong JSON types always fail; unknown fields fail when the request asks Strict. */
  private decode(info: ResourceInfo, obj: KubeObject, validation: FieldValidation): void {
    const probs = checkDecode(obj);
    const version = info.apiVersion.includes('/') ? info.apiVersion.slice(info.apiVersion.indexOf('/') + 1) : info.apiVersion;
    const head = `${info.kind} in version "${version}" cannot be handled as a ${info.kind}`;
    if (probs.typeError) throw newBadRequest(`${head}: ${probs.typeError}`);
    if (validation === 'Strict' && probs.unknown.length) {
      throw newBadRequest(`${head}: strict decoding error: ${probs.unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
    }
  }

  private now(): string {
    const ms = this.loop.now();
    if (ms !== this.nowMs) {
      this.nowMs = ms;
      this.nowText = this.loop.clock.rfc3339(ms);
    }
    return this.nowText;
  }

  private recordWrite(rev: number, who: string, verb: string): void {
    this.traces.recordWrite(rev, who, verb, this.loop.steps, this.loop.now());
  }

  // ---- create

  async create(
    who: string,
    resource: ResourceName,
    input: KubeObject,
    nsArg?: string,
    validation: FieldValidation = 'Ignore',
    dryRun = false,
  ): Promise<KubeObject> {
    const info = resourceInfo(resource);
    const obj = deepCopy(input);
    this.checkKind(info, obj);
    this.decode(info, obj, validation);
    const namespace = this.namespaceOf(info, obj, nsArg);
    if (namespace !== undefined) obj.metadata.namespace = namespace;
    else delete obj.metadata.namespace;
    if (obj.metadata.resourceVersion) throw newBadRequest('resourceVersion should not be set on objects to be created');
    await this.admitNamespace(resource === 'namespaces' ? undefined : namespace, info, obj.metadata.name ?? '');

    // rest.BeforeCreate + the strategy's PrepareForCreate.
    const m = obj.metadata;
    const rand = dryRun ? this.dryRunRand() : this.rand;
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    m.uid = newUID(rand);
    m.creationTimestamp = this.now();
    if (info.tracksGeneration) m.generation = 1;
    else delete m.generation;
    prepareForCreate(obj);
    applyDefaults(obj);
    if (obj.kind === 'Pod') {
      // The mutating admission chain, in the API server's plugin order (ServiceAccount before
      // DefaultTolerationSeconds), on the decoded and defaulted object (upstream before BeforeCreate sets the
      // uid and a generated name; neither plugin reads those, so the order shows nowhere).
      admitServiceAccount(obj as Pod, dryRun ? rand.derive('serviceaccount-admission') : this.serviceAccountRand);
      admitDefaultTolerationSeconds(obj as Pod);
      (obj as Pod).status = { phase: 'Pending', qosClass: podQOSClass(obj as Pod) };
    }
    const generated = !m.name && !!m.generateName;
    if (generated) m.name = generateName(rand, m.generateName!);
    const errs = validateCreate(obj);
    if (errs.length) throw this.invalid(info, m.name || m.generateName || '', errs);
    const release = obj.kind === 'Service' ? this.allocateServiceAddresses(obj as Service, rand) : () => undefined;
    if (dryRun) {
      // DryRunnableStorage.Create: the key must be free, as for a real create; the allocations are let go.
      try {
        const held = await this.getKV(objectKey(info, m.name, namespace));
        if (held) throw this.alreadyExists(info, m.name, held);
        return obj;
      } finally {
        release();
      }
    }
    try {
      // A generated name may collide; the API server retries with a fresh suffix (RetryGenerateName).
      for (let attempt = 0; ; attempt++) {
        const key = objectKey(info, m.name, namespace);
        const value = encodeObject(obj);
        const resp = await this.putWithTTL(resource, key, value, 0);
        if (resp.succeeded) {
          const rev = resp.header.revision;
          this.recordWrite(rev, who, 'create');
          m.resourceVersion = String(rev);
          return obj;
        }
        if (!generated || attempt >= 7) throw this.alreadyExists(info, m.name, await this.getKV(key));
        m.name = generateName(this.rand, m.generateName!);
      }
    } catch (err) {
      release();
      throw err;
    }
  }

  /** AlreadyExists; the registry store says when the name is held by an object on its way out (a Terminating namespace). */
  private alreadyExists(info: ResourceInfo, name: string, held: KeyValue | undefined): ApiError {
    const err = newAlreadyExists(info, name);
    if (held && decodeObject(held.value, held.modRevision).metadata.deletionTimestamp) {
      err.status.message = `object is being deleted: ${err.status.message}`;
      err.message = err.status.message;
    }
    return err;
  }

  /** Services: a ClusterIP from the service CIDR (or the one asked for), NodePorts for NodePort services. */
  private allocateServiceAddresses(svc: Service, rand: Rand = this.rand): () => void {
    const spec = svc.spec;
    const claimed: string[] = [];
    const ports: number[] = [];
    const release = () => {
      for (const ip of claimed) this.serviceIPs.release(ip);
      for (const p of ports) this.nodePorts.release(p);
    };
    if (spec.type === 'ExternalName') return release;
    if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    } else if (spec.clusterIP) {
      if (!this.serviceIPs.contains(spec.clusterIP)) {
        throw newInvalid('Service', '', svc.metadata.name, [
          fieldErr.invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${this.serviceIPs.cidr}`),
        ]);
      }
      if (!this.serviceIPs.allocate(spec.clusterIP)) {
        throw newInvalid('Service', '', svc.metadata.name, [
          fieldErr.invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`),
        ]);
      }
      claimed.push(spec.clusterIP);
      spec.clusterIPs = [spec.clusterIP];
    } else {
      const ip = this.serviceIPs.allocateNext(rand);
      if (!ip) throw newInvalid('Service', '', svc.metadata.name, [fieldErr.invalid('spec.clusterIPs', [], 'failed to allocate IP: range is full')]);
      claimed.push(ip);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const [i, p] of (spec.ports ?? []).entries()) {
        if (p.nodePort) {
          if (!this.nodePorts.allocate(p.nodePort)) {
            release();
            throw newInvalid('Service', '', svc.metadata.name, [
              fieldErr.invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'),
            ]);
          }
        } else p.nodePort = this.nodePorts.allocateNext(rand);
        if (p.nodePort) ports.push(p.nodePort);
      }
    }
    return release;
  }

  private claimServiceAddresses(svc: Service): void {
    if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') this.serviceIPs.allocate(svc.spec.clusterIP);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) this.nodePorts.allocate(p.nodePort);
  }

  private releaseServiceAddresses(svc: Service): void {
    if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') this.serviceIPs.release(svc.spec.clusterIP);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) this.nodePorts.release(p.nodePort);
  }

  // ---- get / list

  async get(resource: ResourceName, name: string, nsArg?: string): Promise<KubeObject> {
    const info = resourceInfo(resource);
    const namespace = info.namespaced ? nsArg || 'default' : undefined;
    this.metrics.etcd('get', info);
    const kv = await this.getKV(objectKey(info, name, namespace));
    if (!kv) throw newNotFound(info, name);
    return decodeObject(kv.value, kv.modRevision);
  }

  private parseSelectors(info: ResourceInfo, opts: ListOptions): { label: LabelSelectorMatcher; field: FieldSelectorMatcher } {
    let label: LabelSelectorMatcher;
    let field: FieldSelectorMatcher;
    try {
      label = parseLabelSelector(opts.labelSelector);
      field = parseFieldSelector(opts.fieldSelector);
    } catch (err) {
      if (err instanceof SelectorParseError) throw newBadRequest(err.message);
      throw err;
    }
    for (const r of field.requirements) {
      if (!info.fields[r.field]) throw newBadRequest(`field label not supported: ${r.field}`);
    }
    return { label, field };
  }

  /**
   * List. resourceVersion "" → a quorum read from etcd; "0" → the watch cache; a number the cache has reached
   * → the watch cache; a newer number → etcd. (Kubernetes 1.31's ConsistentListFromCache would serve "" from the
   * cache after asking etcd for its revision, but only on etcd 3.4.31+ / 3.5.13+: on the 3.4.23 this store
   * reports, the API server falls back to etcd, as here.)
   */
  async list(resource: ResourceName, nsArg: string | undefined, opts: ListOptions = {}): Promise<ObjectList> {
    const info = resourceInfo(resource);
    const namespace = info.namespaced && nsArg ? nsArg : undefined;
    const { label, field } = this.parseSelectors(info, opts);
    const cacher = this.cachers[resource];
    const rvText = opts.resourceVersion ?? '';
    const limit = opts.limit && opts.limit > 0 ? Math.floor(opts.limit) : 0;
    const fromCache =
      !opts.continue &&
      cacher.ready &&
      rvText !== '' &&
      (rvText === '0' || (Number(rvText) >= 0 && Number(rvText) <= cacher.watchCache.resourceVersion));
    if (fromCache) {
      this.metrics.cacheList(info);
      // The watch cache serves the whole list at its own revision (limit is not honoured there, as upstream).
      const items = cacher.list(namespace, label, field);
      return { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: String(cacher.watchCache.resourceVersion) }, items };
    }
    if (rvText !== '' && !/^\d+$/.test(rvText)) throw newBadRequest(`invalid resource version "${rvText}"`);
    if (opts.continue && rvText !== '') throw newBadRequest('specifying resource version is not allowed when using continue');
    // etcd3 store GetList: a range over the prefix, at the first page's revision when continuing.
    const prefix = listPrefix(info, namespace);
    let from = prefix;
    let atRev = 0;
    if (opts.continue) {
      const tok = decodeContinue(opts.continue);
      if (!tok || !tok.start.startsWith(prefix.slice(info.prefix.length))) {
        throw newBadRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
      }
      from = info.prefix + tok.start;
      atRev = tok.rv;
    }
    let resp;
    this.metrics.etcd('listWithCount', info);
    try {
      resp = await this.kv.range({ key: from, rangeEnd: prefixEnd(prefix), revision: atRev || undefined });
    } catch (err) {
      if (atRev && err instanceof Error && /compacted/.test(err.message)) {
        throw newResourceExpired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
      throw err;
    }
    const rv = atRev || resp.header.revision;
    const items: KubeObject[] = [];
    let lastKey = '';
    let more = false;
    let scanned = 0;
    for (const kv of resp.kvs) {
      if (limit && items.length === limit) {
        more = true;
        break;
      }
      scanned++;
      lastKey = kv.key;
      const obj = tryDecodeObject(kv.value, kv.modRevision);
      if (!obj) continue;
      if (!label.empty && !label.matches(obj.metadata.labels)) continue;
      if (!field.empty && !field.matches((f) => info.fields[f]!(obj))) continue;
      items.push(obj);
    }
    const list: ObjectList = { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: String(rv) }, items };
    if (more) {
      list.metadata.continue = encodeContinue(rv, lastKey.slice(info.prefix.length) + '\u0000');
      if (label.empty && field.empty) list.metadata.remainingItemCount = resp.kvs.length - scanned;
    }
    return list;
  }

  // ---- update

  /**
   * PUT (and PUT …/status): GuaranteedUpdate. Reads the current object, checks the caller's resourceVersion
   * (stale → 409 Conflict), builds the new object, and writes it with a txn on mod_revision; a write that lost a
   * race is retried from a fresh read when the caller gave no resourceVersion.
   */
  async update(
    who: string,
    resource: ResourceName,
    input: KubeObject,
    subresource: 'main' | 'status' | 'finalize',
    validation: FieldValidation = 'Ignore',
    dryRun = false,
  ): Promise<KubeObject> {
    const info = resourceInfo(resource);
    const obj0 = deepCopy(input);
    this.checkKind(info, obj0);
    this.decode(info, obj0, validation);
    const name = obj0.metadata.name;
    if (!name) throw newBadRequest('name is required');
    const namespace = info.namespaced ? obj0.metadata.namespace || 'default' : undefined;
    const key = objectKey(info, name, namespace);
    const wantRV = obj0.metadata.resourceVersion;
    for (let attempt = 0; ; attempt++) {
      const kv = await this.getKV(key);
      if (!kv) throw newNotFound(info, name);
      // Both objects are our own copies (fresh from etcd, and of the request), so they are changed in place.
      const cur = decodeObject(kv.value, kv.modRevision);
      if (wantRV && wantRV !== cur.metadata.resourceVersion) throw newConflict(info, name);
      let src = obj0;
      if (attempt > 0) {
        src = deepCopy(input);
        this.checkKind(info, src);
      }
      const next =
        subresource === 'status'
          ? this.prepareStatusUpdate(cur, src)
          : subresource === 'finalize'
            ? prepareFinalizeUpdate(cur as Namespace, src as Namespace)
            : this.prepareUpdate(info, cur, src);
      const nextEnc = encodeObject(next);
      // Nothing changed (the bytes are what etcd holds): no write, the resourceVersion stays.
      if (nextEnc === kv.value) {
        next.metadata.resourceVersion = String(kv.modRevision);
        return next;
      }
      const m = next.metadata;
      if (dryRun) {
        // DryRunnableStorage.GuaranteedUpdate: the object the update would have stored; etcd is not written.
        m.resourceVersion = String(kv.modRevision);
        return next;
      }
      if (shouldDeleteDuringUpdate(next)) {
        // The last finalizer is gone from an object being deleted: the update completes the delete.
        const resp = await this.casDelete(key, kv.modRevision);
        if (!resp.succeeded) {
          if (wantRV) throw newConflict(info, name);
          continue;
        }
        // A finalize that empties the last finalizers deletes the namespace: `trace` says it was the finalize.
        this.recordWrite(resp.header.revision, who, subresource === 'finalize' ? 'finalize' : 'delete');
        if (resource === 'services') this.releaseServiceAddresses(next as Service);
        m.resourceVersion = String(resp.header.revision);
        return next;
      }
      const resp = await this.putWithTTL(resource, key, nextEnc, kv.modRevision);
      if (!resp.succeeded) {
        if (wantRV) throw newConflict(info, name);
        continue;
      }
      this.recordWrite(resp.header.revision, who, subresource === 'status' ? 'updateStatus' : subresource === 'finalize' ? 'finalize' : 'update');
      m.resourceVersion = String(resp.header.revision);
      return next;
    }
  }

  /** The strategy's PrepareForUpdate + validation for a PUT of the main resource. */
  private prepareUpdate(info: ResourceInfo, cur: KubeObject, next: KubeObject): KubeObject {
    const m = next.metadata;
    const c = cur.metadata;
    // Fields only the server sets.
    m.uid = c.uid;
    m.creationTimestamp = c.creationTimestamp;
    m.namespace = c.namespace;
    if (c.deletionTimestamp) m.deletionTimestamp = c.deletionTimestamp;
    else delete m.deletionTimestamp;
    if (c.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = c.deletionGracePeriodSeconds;
    else delete m.deletionGracePeriodSeconds;
    if (c.generateName) m.generateName = c.generateName;
    if (info.hasStatus) {
      if (cur.status === undefined) delete next.status;
      else next.status = cur.status;
    }
    if (next.kind === 'Service') {
      const ns = (next as Service).spec;
      const cs = (cur as Service).spec;
      if (ns && cs) {
        ns.clusterIP ||= cs.clusterIP;
        ns.clusterIPs ??= cs.clusterIPs;
        for (const p of ns.ports ?? []) {
          const old = cs.ports?.find((o) => o.port === p.port && (o.name ?? '') === (p.name ?? ''));
          if (!p.nodePort && old?.nodePort) p.nodePort = old.nodePort;
        }
      }
    }
    if (next.kind === 'Namespace') {
      // namespaceStrategy.PrepareForUpdate: spec.finalizers change only through …/finalize.
      const fins = (cur as Namespace).spec?.finalizers;
      const spec = ((next as Namespace).spec ??= {});
      if (fins) spec.finalizers = fins;
      else delete spec.finalizers;
    }
    if (next.kind === 'Pod') {
      // Tolerations the DefaultTolerationSeconds plugin added stay; nodeName changes only through binding.
      const np = next as Pod;
      const cp = cur as Pod;
      if (np.spec && cp.spec) {
        np.spec.nodeName ??= cp.spec.nodeName;
        if (np.spec.tolerations === undefined) np.spec.tolerations = cp.spec.tolerations;
      }
    }
    applyDefaults(next);
    const errs = validateUpdate(next, cur);
    if (errs.length) throw this.invalid(info, m.name, errs);
    if (info.tracksGeneration) {
      const changed = JSON.stringify(next.spec) !== JSON.stringify(cur.spec);
      m.generation = (c.generation ?? 1) + (changed ? 1 : 0);
    } else if (c.generation !== undefined) m.generation = c.generation;
    else delete m.generation;
    return next;
  }

  /** PUT …/status: only .status changes; everything else stays as stored. */
  private prepareStatusUpdate(cur: KubeObject, input: KubeObject): KubeObject {
    if (input.status === undefined) delete cur.status;
    else cur.status = input.status;
    return cur;
  }

  // ---- delete

  /**
   * DELETE. Pods on a node are deleted gracefully: deletionTimestamp = now + grace, and the kubelet finishes the
   * delete with grace 0 once the containers stopped. An unscheduled or finished pod goes at once. Objects with
   * finalizers stay (with a deletionTimestamp) until their finalizers are removed.
   */
  async delete(
    who: string,
    resource: ResourceName,
    name: string,
    nsArg: string | undefined,
    opts: DeleteOptions = {},
    dryRun = false,
  ): Promise<KubeObject | Status> {
    const info = resourceInfo(resource);
    const namespace = info.namespaced ? nsArg || 'default' : undefined;
    const key = objectKey(info, name, namespace);
    if (resource === 'namespaces') return this.deleteNamespace(who, name, opts, dryRun);
    for (;;) {
      const kv = await this.getKV(key);
      if (!kv) throw newNotFound(info, name);
      const cur = decodeObject(kv.value, kv.modRevision);
      const pre = opts.preconditions;
      if (pre?.uid && pre.uid !== cur.metadata.uid) {
        throw newConflict(info, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid ?? ''}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion) {
        throw newConflict(info, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`);
      }
      let grace = 0;
      if (resource === 'pods') {
        const pod = cur as Pod;
        grace = opts.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
        const phase = pod.status?.phase;
        if (!pod.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
        if (grace < 0) grace = 0;
      }
      const next = deepCopy(cur);
      const m = next.metadata;
      const finalizers = [...(m.finalizers ?? [])];
      if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
      if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
      if (grace > 0 || finalizers.length > 0) {
        let changed = finalizers.length !== (cur.metadata.finalizers?.length ?? 0);
        const had = cur.metadata.deletionGracePeriodSeconds ?? 0;
        if (!cur.metadata.deletionTimestamp || grace < had) {
          // Already terminating: only a shorter grace period changes anything.
          m.deletionTimestamp = this.loop.clock.rfc3339(this.loop.now() + grace * 1000);
          m.deletionGracePeriodSeconds = grace;
          changed = true;
        }
        if (!changed) return cur;
        if (finalizers.length) m.finalizers = finalizers;
        if (dryRun) return next;
        const resp = await this.casPut(key, kv.modRevision, encodeObject(next));
        if (!resp.succeeded) continue;
        this.recordWrite(resp.header.revision, who, 'delete');
        m.resourceVersion = String(resp.header.revision);
        return next;
      }
      if (dryRun) return cur;
      const resp = await this.casDelete(key, kv.modRevision);
      if (!resp.succeeded) continue;
      this.recordWrite(resp.header.revision, who, 'delete');
      if (resource === 'services') this.releaseServiceAddresses(cur as Service);
      return cur;
    }
  }

  /**
   * DELETE of a namespace (pkg/registry/core/namespace/storage/storage.go). The system ones may not be deleted.
   * The first DELETE only marks it: deletionTimestamp = now and status.phase Terminating, and the namespace
   * controller empties it and removes its `kubernetes` finalizer through …/finalize. It goes for real once
   * spec.finalizers and metadata.finalizers are both empty (a DELETE then, or the update that empties them).
   */
  private async deleteNamespace(who: string, name: string, opts: DeleteOptions, dryRun = false): Promise<KubeObject> {
    const info = resourceInfo('namespaces');
    if (SYSTEM_NAMESPACES.includes(name)) throw newForbidden(info, name, 'this namespace may not be deleted');
    const key = objectKey(info, name);
    for (;;) {
      const kv = await this.getKV(key);
      if (!kv) throw newNotFound(info, name);
      const cur = decodeObject(kv.value, kv.modRevision) as Namespace;
      const uid = opts.preconditions?.uid;
      if (uid && uid !== cur.metadata.uid) {
        throw newConflict(info, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${cur.metadata.uid ?? ''}`);
      }
      if (!cur.metadata.deletionTimestamp) {
        const next = deepCopy(cur);
        next.metadata.deletionTimestamp = this.now();
        next.status = { ...(next.status ?? {}), phase: 'Terminating' };
        if (dryRun) return next;
        const resp = await this.casPut(key, kv.modRevision, encodeObject(next));
        if (!resp.succeeded) continue;
        this.recordWrite(resp.header.revision, who, 'delete');
        next.metadata.resourceVersion = String(resp.header.revision);
        return next;
      }
      // Already terminating: it stays until its finalizers are gone.
      if (cur.spec?.finalizers?.length || cur.metadata.finalizers?.length || dryRun) return cur;
      const resp = await this.casDelete(key, kv.modRevision);
      if (!resp.succeeded) continue;
      this.recordWrite(resp.header.revision, who, 'delete');
      return cur;
    }
  }

  /**
   * DELETE of a collection (the registry store's DeleteCollection): every object of `resource` in `namespace`,
   * each deleted as a DELETE of it would be (pods gracefully, objects with finalizers only marked).
   */
  async deleteCollection(who: string, resource: ResourceName, namespace: string | undefined, opts: DeleteOptions = {}, dryRun = false): Promise<ObjectList> {
    const info = resourceInfo(resource);
    const prefix = listPrefix(info, info.namespaced ? namespace : undefined);
    this.metrics.etcd('listWithCount', info);
    const resp = await this.kv.range({ key: prefix, rangeEnd: prefixEnd(prefix) });
    const items: KubeObject[] = [];
    for (const item of resp.kvs) {
      const obj = decodeObject(item.value, item.modRevision);
      try {
        if (!dryRun) this.metrics.etcd('delete', info);
        const out = await this.delete(who, resource, obj.metadata.name, obj.metadata.namespace, opts, dryRun);
        if ((out as KubeObject).metadata) items.push(out as KubeObject);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
    return { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: String(resp.header.revision) }, items };
  }

  // ---- bind

  /** POST pods/NAME/binding: sets spec.nodeName and the PodScheduled condition (assignPod in pod/storage). */
  async bind(who: string, namespace: string, podName: string, nodeName: string, dryRun = false): Promise<KubeObject> {
    const info = resourceInfo('pods');
    const key = objectKey(info, podName, namespace);
    const bindingRes = { group: '', resource: 'pods/binding' };
    for (;;) {
      const kv = await this.getKV(key);
      if (!kv) throw newNotFound(info, podName);
      const pod = decodeObject(kv.value, kv.modRevision) as Pod;
      if (pod.metadata.deletionTimestamp) {
        throw newConflict(bindingRes, podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
      }
      if (pod.spec.nodeName) {
        throw newConflict(bindingRes, podName, `pod ${podName} is already assigned to node "${pod.spec.nodeName}"`);
      }
      pod.spec.nodeName = nodeName;
      const status = (pod.status ??= {});
      delete status.nominatedNodeName; // the nomination has served its purpose (pod/storage's assignPod)
      const conds = (status.conditions ??= []);
      const cond: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.now() };
      const i = conds.findIndex((c) => c.type === 'PodScheduled');
      if (i >= 0) {
        if (conds[i]!.status === 'True') cond.lastTransitionTime = conds[i]!.lastTransitionTime;
        conds[i] = cond;
      } else conds.push(cond);
      if (dryRun) return pod;
      const resp = await this.casPut(key, kv.modRevision, encodeObject(pod));
      if (!resp.succeeded) continue;
      this.recordWrite(resp.header.revision, who, 'bind');
      pod.metadata.resourceVersion = String(resp.header.revision);
      return pod;
    }
  }

  // ---- watch

  async watch(
    who: string,
    resource: ResourceName,
    nsArg: string | undefined,
    opts: WatchOptions,
    handler: (ev: WatchEvent) => void,
  ): Promise<WatchHandle> {
    const info = resourceInfo(resource);
    const namespace = info.namespaced && nsArg ? nsArg : undefined;
    const { label, field } = this.parseSelectors(info, opts);
    const cacher = this.cachers[resource];
    const w = cacher.watch(who, namespace, label, field, opts.resourceVersion, handler);
    return { stop: () => cacher.removeWatcher(w) };
  }
}

/** The continue token: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"KEY-AFTER-PREFIX"} as upstream encodes it. */
function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64');
}

function decodeContinue(token: string): { rv: number; start: string } | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') return undefined;
    return { rv: t.rv, start: t.start };
  } catch {
    return undefined;
  }
}

function ignoreExists(err: unknown): void {
  if (err instanceof ApiError && err.reason === 'AlreadyExists') return;
  throw err;
}

/** The strategies' PrepareForCreate: status is the server's to fill. */
function prepareForCreate(obj: KubeObject): void {
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
      obj.status = {};
      break;
    case 'Service':
      obj.status = { loadBalancer: {} };
      break;
    case 'Namespace': {
      obj.status = { phase: 'Active' };
      // On create the `kubernetes` finalizer is required (not a default: it is removed over the namespace's life).
      const spec = ((obj as Namespace).spec ??= {});
      if (!spec.finalizers?.includes('kubernetes')) spec.finalizers = [...(spec.finalizers ?? []), 'kubernetes'];
      break;
    }
  }
}

/**
 * ShouldDeleteDuringUpdate (and ShouldDeleteNamespaceDuringUpdate): an update that leaves an object being
 * deleted without finalizers completes the delete. A namespace also needs its spec.finalizers empty.
 */
function shouldDeleteDuringUpdate(obj: KubeObject): boolean {
  const m = obj.metadata;
  if (!m.deletionTimestamp || m.finalizers?.length || (m.deletionGracePeriodSeconds ?? 0) !== 0) return false;
  return obj.kind !== 'Namespace' || !(obj as Namespace).spec?.finalizers?.length;
}

/** PUT namespaces/NAME/finalize (namespaceFinalizeStrategy): only spec.finalizers changes. */
function prepareFinalizeUpdate(cur: Namespace, input: Namespace): Namespace {
  const fins = [...new Set(input.spec?.finalizers ?? [])];
  const spec = (cur.spec ??= {});
  if (fins.length) spec.finalizers = fins;
  else delete spec.finalizers;
  return cur;
}

/** A Client bound to one identity; every call goes through the API server's handlers. */
class ServerClient implements Client {
  readonly observer: ClientObserver;
  constructor(
    private readonly api: ApiServer,
    readonly who: string,
    private readonly validation: FieldValidation,
    /** Every write this client sends carries dryRun=All. */
    readonly dryRun = false,
  ) {
    this.observer = {
      informerHandled: (_resource, revision, key, step) => api.traces.noteInformer(revision, key, who, step),
    };
  }

  create<T extends KubeObject>(resource: ResourceName, obj: T, namespace?: string): Promise<T> {
    return this.api.handle(this.who, 'create', resource, namespace ?? obj?.metadata?.namespace, obj?.metadata?.name, () =>
      this.api.create(this.who, resource, obj, namespace, this.validation, this.dryRun),
      this.dryRun,
    ) as Promise<T>;
  }
  get<T extends KubeObject>(resource: ResourceName, name: string, namespace?: string): Promise<T> {
    return this.api.handle(this.who, 'get', resource, namespace, name, () => this.api.get(resource, name, namespace)) as Promise<T>;
  }
  list<T extends KubeObject>(resource: ResourceName, namespace?: string, opts?: ListOptions): Promise<ObjectList<T>> {
    return this.api.handle(this.who, 'list', resource, namespace, undefined, () => this.api.list(resource, namespace, opts)) as Promise<ObjectList<T>>;
  }
  update<T extends KubeObject>(resource: ResourceName, obj: T): Promise<T> {
    return this.api.handle(this.who, 'update', resource, obj?.metadata?.namespace, obj?.metadata?.name, () =>
      this.api.update(this.who, resource, obj, 'main', this.validation, this.dryRun),
      this.dryRun,
    ) as Promise<T>;
  }
  updateStatus<T extends KubeObject>(resource: ResourceName, obj: T): Promise<T> {
    return this.api.handle(this.who, 'updateStatus', resource, obj?.metadata?.namespace, obj?.metadata?.name, () =>
      this.api.update(this.who, resource, obj, 'status', this.validation, this.dryRun),
      this.dryRun,
    ) as Promise<T>;
  }
  delete(resource: ResourceName, name: string, namespace?: string, opts?: DeleteOptions): Promise<KubeObject | Status> {
    return this.api.handle(this.who, 'delete', resource, namespace, name, () => this.api.delete(this.who, resource, name, namespace, opts, this.dryRun), this.dryRun);
  }
  deleteCollection(resource: ResourceName, namespace: string | undefined, opts?: DeleteOptions): Promise<ObjectList> {
    return this.api.handle(this.who, 'deletecollection', resource, namespace, undefined, () => this.api.deleteCollection(this.who, resource, namespace, opts, this.dryRun), this.dryRun);
  }
  finalize(ns: Namespace): Promise<Namespace> {
    return this.api.handle(this.who, 'finalize', 'namespaces', undefined, ns?.metadata?.name, () =>
      this.api.update(this.who, 'namespaces', ns, 'finalize', this.validation, this.dryRun),
      this.dryRun,
    ) as Promise<Namespace>;
  }
  watch<T extends KubeObject>(
    resource: ResourceName,
    namespace: string | undefined,
    opts: WatchOptions,
    handler: (ev: WatchEvent<T>) => void,
  ): Promise<WatchHandle> {
    return this.api.watch(this.who, resource, namespace, opts, handler as (ev: WatchEvent) => void);
  }
  async bind(namespace: string, podName: string, nodeName: string): Promise<void> {
    await this.api.handle(this.who, 'bind', 'pods', namespace, podName, () => this.api.bind(this.who, namespace, podName, nodeName, this.dryRun), this.dryRun);
  }

  async getRaw(path: string): Promise<string> {
    if (path === '/metrics') return this.api.metrics.text();
    const target = parseRestPath(path);
    if (!target) throw new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
    const { resource, namespace, name, query } = target;
    const body = name
      ? await this.get(resource, name, namespace)
      : await this.list(resource, namespace, {
          resourceVersion: query.get('resourceVersion') ?? undefined,
          labelSelector: query.get('labelSelector') ?? undefined,
          fieldSelector: query.get('fieldSelector') ?? undefined,
          limit: query.has('limit') ? Number(query.get('limit')) : undefined,
          continue: query.get('continue') ?? undefined,
        });
    return JSON.stringify(body);
  }
}

/**
 * `/api/v1/[namespaces/NS/]RESOURCE[/NAME]` or `/apis/GROUP/VERSION/[namespaces/NS/]RESOURCE[/NAME]`, with a
 * query; undefined for a path this API server does not serve.
 */
function parseRestPath(path: string): { resource: ResourceName; namespace?: string; name?: string; query: URLSearchParams } | undefined {
  let url: URL;
  try {
    url = new URL(path, 'http://kube-apiserver');
  } catch {
    return undefined;
  }
  const parts = url.pathname.split('/').filter(Boolean);
  let rest: string[];
  let apiVersion: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    apiVersion = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    apiVersion = `${parts[1]}/${parts[2]}`;
    rest = parts.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  // /namespaces/NS/RESOURCE… is namespaced; /namespaces and /namespaces/NAME are the namespaces themselves.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length < 1 || rest.length > 2) return undefined;
  const resource = RESOURCE_NAMES.find((r) => r === rest[0]);
  if (!resource || resourceInfo(resource).apiVersion !== apiVersion) return undefined;
  if (namespace !== undefined && !resourceInfo(resource).namespaced) return undefined;
  return { resource, namespace, name: rest[1], query: url.searchParams };
}

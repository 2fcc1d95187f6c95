// What a component sees of kube-apiserver: a typed REST client (client-go's kubernetes.Interface, flattened to
// one generic client over resources) and the API's errors (apimachinery/pkg/api/errors). Implemented by the
// API server in this folder; components never touch the store.
import type { KubeObject, ListMeta, Namespace, Status } from './types';

export type ResourceName =
  | 'namespaces'
  | 'nodes'
  | 'pods'
  | 'services'
  | 'endpoints'
  | 'deployments'
  | 'replicasets'
  | 'events'
  | 'leases';

export interface ObjectList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string; // PodList, NodeList …
  metadata: ListMeta;
  items: T[];
}

export interface ListOptions {
  /** `app=web,tier!=db`, `env in (a,b)`, `!key` … as kubectl -l takes it. */
  labelSelector?: string;
  /** `spec.nodeName=node-1`, `metadata.name=x`, `status.phase!=Running`. */
  fieldSelector?: string;
  /**
   * "" (absent): a quorum read from etcd. "0": served from the watch cache (any recent state). A number: at
   * least that fresh, from the cache.
   */
  resourceVersion?: string;
  /** At most this many items; the list's metadata.continue then fetches the next page (a quorum read only). */
  limit?: number;
  /** The token from a previous page's metadata.continue: the next page, as of that first page's revision. */
  continue?: string;
}

export interface WatchOptions extends ListOptions {
  /** Start after this resourceVersion; too old for the cache window → 410 Gone ("too old resource version"). */
  resourceVersion?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  /** For ERROR: a Status (410 Gone when the watch fell out of the cache window). */
  object: T | Status;
}

export interface WatchHandle {
  stop(): void;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/**
 * The API, as one client identity sees it. `who` (the user agent: kube-scheduler, kubelet/node-1,
 * replicaset-controller, kubectl) is recorded on each request and each watch, so `trace` can show who
 * reacted. All calls go through the API server; nothing reaches into another component's memory.
 */
/** Hooks the client machinery calls so `trace` can follow a change into a component (optional). */
export interface ClientObserver {
  /** `who`'s informer handled the change to `key` (namespace/name) at `revision`, in loop step `step`. */
  informerHandled(resource: ResourceName, revision: number, key: string, step: number): void;
}

export interface Client {
  readonly who: string;
  /** Set on clients made by the API server; the informers report to it. */
  readonly observer?: ClientObserver;
  create<T extends KubeObject>(resource: ResourceName, obj: T, namespace?: string): Promise<T>;
  get<T extends KubeObject>(resource: ResourceName, name: string, namespace?: string): Promise<T>;
  list<T extends KubeObject>(resource: ResourceName, namespace?: string, opts?: ListOptions): Promise<ObjectList<T>>;
  /** PUT: fails with 409 Conflict when obj.metadata.resourceVersion is stale. Leaves .status as stored. */
  update<T extends KubeObject>(resource: ResourceName, obj: T): Promise<T>;
  /** PUT …/status: only .status changes. */
  updateStatus<T extends KubeObject>(resource: ResourceName, obj: T): Promise<T>;
  delete(resource: ResourceName, name: string, namespace?: string, opts?: DeleteOptions): Promise<KubeObject | Status>;
  /** DELETE of a collection: every object of `resource` in `namespace`, each as its own DELETE would go. */
  deleteCollection(resource: ResourceName, namespace: string | undefined, opts?: DeleteOptions): Promise<ObjectList>;
  /** PUT namespaces/NAME/finalize: only spec.finalizers changes (the namespace controller's last word). */
  finalize(ns: Namespace): Promise<Namespace>;
  /**
   * A watch through the watch cache. Each event reaches `handler` as its own step of the loop (the cacher's
   * dispatch to this watcher). Omitted namespace = all namespaces.
   */
  watch<T extends KubeObject>(
    resource: ResourceName,
    namespace: string | undefined,
    opts: WatchOptions,
    handler: (ev: WatchEvent<T>) => void,
  ): Promise<WatchHandle>;
  /** POST pods/NAME/binding: the scheduler's bind. */
  bind(namespace: string, podName: string, nodeName: string): Promise<void>;
  /**
   * GET of a raw path, as `kubectl get --raw` sends it: `/metrics`, or a REST path such as
   * `/api/v1/namespaces/default/pods?resourceVersion=0`. Returns the response body.
   */
  getRaw?(path: string): Promise<string>;
}

/**
 * apimachinery's StatusError. kubectl prints `Error from server (REASON): MESSAGE`, e.g.
 * `Error from server (NotFound): pods "x" not found`, `Error from server (Conflict): Operation cannot be
 * fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and
 * try again`, `Error from server (AlreadyExists): pods "x" already exists`.
 */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason;
  }
}

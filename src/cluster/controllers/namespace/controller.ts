// pkg/controller/namespace/namespace_controller.go: a work queue of namespaces being deleted. A namespace with a
// deletionTimestamp is queued 5 s later (namespaceDeletionGracePeriod, so informers everywhere see it
// Terminating first), and each sync runs the deleter (deleter.ts) once. While content remains it looks again
// after estimate/2 + 1 seconds; it does not watch the content, so a finalizer someone removes is noticed on the
// next look. Errors retry with backoff.
import type { Namespace } from '../../apiserver/types';
import type { ReconcileResult, SharedIndexInformer, SharedInformerFactory, WorkQueue } from '../../client/types';
import { rfc3339, type ComponentDeps } from '../util/deps';
import { NamespacedResourcesDeleter } from './deleter';

export const COMPONENT = 'namespace-controller';
/** namespaceDeletionGracePeriod: how long after a namespace is marked before the first sync. */
export const NAMESPACE_DELETION_GRACE_PERIOD_MS = 5_000;

export class NamespaceController {
  private nsInf: SharedIndexInformer<Namespace>;
  private queue: WorkQueue;
  private deleter: NamespacedResourcesDeleter;

  constructor(private readonly deps: ComponentDeps, factory: SharedInformerFactory) {
    const client = deps.client(COMPONENT);
    this.deleter = new NamespacedResourcesDeleter(client, () => deps.loop.now(), () => rfc3339(deps));
    this.nsInf = factory.forResource<Namespace>('namespaces');
    // nsControllerRateLimiter: the usual backoff, but a failing namespace is retried at least every minute.
    this.queue = deps.workQueue(COMPONENT, { component: COMPONENT, title: (k) => `sync namespace ${k}`, maxBackoffMs: 60_000 }, (key) =>
      this.syncNamespaceFromKey(key),
    );
    this.nsInf.addEventHandler({
      onAdd: (ns) => this.enqueueNamespace(ns),
      onUpdate: (_old, ns) => this.enqueueNamespace(ns),
    });
  }

  /** Only namespaces being deleted are of interest. */
  private enqueueNamespace(ns: Namespace): void {
    if (!ns.metadata.deletionTimestamp) return;
    this.queue.addAfter(ns.metadata.name, NAMESPACE_DELETION_GRACE_PERIOD_MS);
  }

  private async syncNamespaceFromKey(key: string): Promise<ReconcileResult> {
    if (!this.nsInf.getIndexer().get(key)) return { observe: [`namespace ${key}: not in the informer's cache (deleted)`], compare: [], act: [] };
    const r = await this.deleter.delete(key);
    const result: ReconcileResult = { observe: r.observe, compare: r.compare, act: r.act };
    if (r.error) {
      result.requeue = true;
      return result;
    }
    if (r.estimate > 0) {
      // ResourcesRemainingError: look again after half the estimate (plus one second). Pods going away gracefully
      // are progress `run` waits for; content held by finalizers waits for `time advance` (nobody here can help).
      const seconds = Math.floor(r.estimate / 2) + 1;
      this.queue.addAfter(key, seconds * 1000, { short: !r.waitingOnFinalizers });
      result.lines = [`Content remaining in namespace ${key}, waiting ${seconds} seconds`];
    }
    return result;
  }
}

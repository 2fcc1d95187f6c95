// pkg/controller/namespace/deletion/namespaced_resources_deleter.go: empties one Terminating namespace. Every
// namespaced resource is deleted as a collection (pods gracefully, as any DELETE of them; objects with finalizers
// only marked), listed again to see what is left, and the namespace's conditions say what remains and which
// finalizers hold it. Nothing left: the `kubernetes` finalizer goes through …/finalize and the API server
// deletes the namespace. Something left: an estimate of how long it should take (pods' grace periods, 15 s for
// finalizers) decides when to look again.
import { ApiError, type Client, type ResourceName } from '../../apiserver/api';
import { RESOURCE_NAMES, resourceInfo } from '../../apiserver/registry';
import type { KubeObject, Namespace, Pod } from '../../apiserver/types';
import { NamespaceConditionUpdater, type ContentTotals } from './conditions';

/** The finalizer this controller owns on spec.finalizers (v1.FinalizerKubernetes). */
export const FINALIZER_KUBERNETES = 'kubernetes';
/** finalizerEstimateSeconds: how long finalizers on content are assumed to take. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** What one pass of Delete saw and did, as the step shows it. */
export interface DeleteResult {
  observe: string[];
  compare: string[];
  act: string[];
  /** ResourcesRemainingError: content is still going away; look again after about this many seconds. */
  estimate: number;
  /** Whether some of what is left waits on finalizers (nobody but their owner can make progress). */
  waitingOnFinalizers: boolean;
  /** Some step failed (retried with backoff). */
  error?: string;
}

/** Discovery: the namespaced resources that can be deleted, in the order the API server lists them. */
const NAMESPACED: ResourceName[] = RESOURCE_NAMES.filter((r) => resourceInfo(r).namespaced);

/** `pods.` / `deployments.apps`: a GroupVersionResource as the condition messages print it. */
function gvrText(r: ResourceName): string {
  return `${r}.${resourceInfo(r).group}`;
}

/** `/v1, Resource=pods`, `apps/v1, Resource=deployments`: a GroupVersionResource's String(), as %v prints it. */
function gvrValue(r: ResourceName): string {
  const info = resourceInfo(r);
  const version = info.apiVersion.includes('/') ? info.apiVersion.split('/')[1] : info.apiVersion;
  return `${info.group}/${version}, Resource=${r}`;
}

export class NamespacedResourcesDeleter {
  constructor(
    private readonly client: Client,
    private readonly now: () => number,
    private readonly rfc3339: () => string,
  ) {}

  async delete(name: string): Promise<DeleteResult> {
    const out: DeleteResult = { observe: [], compare: [], act: [], estimate: 0, waitingOnFinalizers: false };
    // Several writers may touch a namespace while it terminates: start from its latest state.
    let ns = await this.getNamespace(name);
    if (!ns) {
      out.observe.push(`namespace ${name}: not found (deleted already)`);
      return out;
    }
    if (!ns.metadata.deletionTimestamp) {
      out.observe.push(`namespace ${name}: no deletionTimestamp (not being deleted)`);
      return out;
    }
    out.observe.push(
      `namespace ${name}: deletionTimestamp ${ns.metadata.deletionTimestamp}, phase ${ns.status?.phase ?? ''}, spec.finalizers [${(ns.spec?.finalizers ?? []).join(', ')}]`,
    );
    if (ns.status?.phase !== 'Terminating') {
      ns = await this.retryOnConflict(ns, (n) => this.client.updateStatus('namespaces', { ...n, status: { ...(n.status ?? {}), phase: 'Terminating' } }));
      if (!ns) return out;
      out.act.push(`PUT namespaces/${name}/status phase=Terminating`);
    }
    if (!(ns.spec?.finalizers ?? []).length) {
      out.compare.push('spec.finalizers is empty: finalized already (the API server deletes it once metadata.finalizers are gone too)');
      return out;
    }

    const { estimate, errors, totals } = await this.deleteAllContent(ns, out);
    const updater = new NamespaceConditionUpdater(this.rfc3339());
    for (const e of errors) updater.processDeleteContentErr(e);
    updater.processContentTotals(totals);
    // Always written when changed: a condition that was failing and is fine now must say so.
    if (updater.update(ns)) {
      try {
        ns = await this.client.updateStatus('namespaces', ns);
        const summary = (ns.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => `${c.type}=True (${c.reason})`);
        out.act.push(`PUT namespaces/${name}/status conditions: ${summary.length ? summary.join(', ') : 'all False (nothing wrong, nothing left)'}`);
      } catch (err) {
        out.act.push(`couldn't update status condition for namespace "${name}": ${(err as Error).message}`);
      }
    }
    if (errors.length) {
      out.error = errors.join('; ');
      out.compare.push(`deleting content failed: ${out.error}`);
      return out;
    }
    if (estimate > 0) {
      out.estimate = estimate;
      out.waitingOnFinalizers = totals.finalizers.size > 0;
      const left = [...totals.remaining].map(([r, n]) => `${r} has ${n}`).join(', ');
      out.compare.push(`content remains (${left}): ResourcesRemainingError, estimate ${estimate} seconds`);
      return out;
    }

    // Empty: this controller's part is done. Drop its finalizer through …/finalize.
    out.compare.push(`namespace ${name} is empty → remove the ${FINALIZER_KUBERNETES} finalizer`);
    const finalized = await this.retryOnConflict(ns, (n) => {
      const rest = [...new Set((n.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES))].sort();
      return this.client.finalize({ ...n, spec: { ...(n.spec ?? {}), finalizers: rest } });
    });
    const rest = finalized?.spec?.finalizers ?? [];
    const metaFins = finalized?.metadata.finalizers ?? [];
    out.act.push(
      `PUT namespaces/${name}/finalize spec.finalizers=[${rest.join(', ')}]` +
        (rest.length || metaFins.length ? ` (still waiting on ${[...rest, ...metaFins].join(', ')})` : ' → no finalizers left: the API server deletes the namespace'),
    );
    return out;
  }

  private async getNamespace(name: string): Promise<Namespace | undefined> {
    try {
      return await this.client.get<Namespace>('namespaces', name);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return undefined;
      throw err;
    }
  }

  /** retryOnConflictError: on 409, read again (the same namespace: same uid) and retry. */
  private async retryOnConflict(ns: Namespace, fn: (ns: Namespace) => Promise<Namespace>): Promise<Namespace | undefined> {
    let latest = ns;
    for (;;) {
      try {
        return await fn(latest);
      } catch (err) {
        if (err instanceof ApiError && err.code === 404) return undefined;
        if (!(err instanceof ApiError && err.code === 409)) throw err;
        const again = await this.getNamespace(ns.metadata.name);
        if (!again) return undefined;
        if (again.metadata.uid !== latest.metadata.uid) throw new Error('namespace uid has changed across retries');
        latest = again;
      }
    }
  }

  /** deleteAllContent: every namespaced resource, one after another; the largest estimate wins. */
  private async deleteAllContent(ns: Namespace, out: DeleteResult): Promise<{ estimate: number; errors: string[]; totals: ContentTotals }> {
    const name = ns.metadata.name;
    const deletedAt = Date.parse(ns.metadata.deletionTimestamp!);
    const totals: ContentTotals = { remaining: new Map(), finalizers: new Map() };
    const errors: string[] = [];
    let estimate = 0;
    for (const r of NAMESPACED) {
      const res = await this.deleteAllContentFor(r, name, deletedAt, out);
      if (res.error) errors.push(res.error);
      if (res.estimate > estimate) estimate = res.estimate;
      if (res.remaining > 0) {
        totals.remaining.set(gvrText(r), res.remaining);
        for (const [f, n] of res.finalizers) totals.finalizers.set(f, (totals.finalizers.get(f) ?? 0) + n);
      }
    }
    return { estimate, errors, totals };
  }

  /** deleteAllContentForGroupVersionResource: estimate, delete the collection, then see what is left. */
  private async deleteAllContentFor(
    r: ResourceName,
    namespace: string,
    deletedAt: number,
    out: DeleteResult,
  ): Promise<{ estimate: number; remaining: number; finalizers: Map<string, number>; error?: string }> {
    const finalizers = new Map<string, number>();
    let estimate = r === 'pods' ? await this.estimateForPods(namespace) : 0;
    // The estimate only counts while it has not run out since the namespace was deleted.
    if (this.now() - deletedAt >= estimate * 1000) estimate = 0;
    try {
      const gone = await this.client.deleteCollection(r, namespace, { propagationPolicy: 'Background' });
      if (gone.items.length) out.act.push(`DELETE ${r}?namespace=${namespace} (deletecollection): ${gone.items.length} object${gone.items.length === 1 ? '' : 's'}`);
    } catch (err) {
      return { estimate, remaining: 0, finalizers, error: (err as Error).message };
    }
    let items: KubeObject[];
    try {
      items = (await this.client.list(r, namespace)).items;
    } catch (err) {
      return { estimate, remaining: 0, finalizers, error: (err as Error).message };
    }
    if (items.length === 0) return { estimate: 0, remaining: 0, finalizers };
    for (const o of items) for (const f of o.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    const held = [...finalizers].map(([f, n]) => `${f} on ${n}`).join(', ');
    out.observe.push(`${r}: ${items.length} left (${items.map((o) => o.metadata.name).slice(0, 5).join(', ')}${items.length > 5 ? ', …' : ''})${held ? `; finalizers: ${held}` : ''}`);
    if (estimate > 0) return { estimate, remaining: items.length, finalizers };
    // Finalizers are normal: give whoever owns them time to finish.
    if (finalizers.size > 0) return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: items.length, finalizers };
    return {
      estimate,
      remaining: items.length,
      finalizers,
      error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvrValue(r)}`,
    };
  }

  /** estimateGracefulTerminationForPods: the longest grace period of the pods not yet finished. */
  private async estimateForPods(namespace: string): Promise<number> {
    const pods = (await this.client.list<Pod>('pods', namespace)).items;
    let estimate = 0;
    for (const p of pods) {
      if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      const grace = p.spec?.terminationGracePeriodSeconds;
      if (grace !== undefined && grace > estimate) estimate = grace;
    }
    return estimate;
  }
}

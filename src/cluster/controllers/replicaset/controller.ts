// pkg/controller/replicaset/replica_set.go: keeps spec.replicas pods alive for each ReplicaSet. Pods are found
// through an index on their controller's uid (never by listing every pod); creations go out in slow-start
// batches (1, 2, 4 …) and expectations stop a second reconcile from creating again before the informer has
// seen the first one's pods.
import { ApiError, type Client } from '../../apiserver/api';
import type { Pod, ReplicaSet, ReplicaSetStatus } from '../../apiserver/types';
import type { ReconcileResult, SharedIndexInformer, SharedInformerFactory, WorkQueue } from '../../client/types';
import {
  compareForDeletion, controllerRef, ControllerExpectations, isPodActive, isPodAvailable, isPodReady, metaKey,
  newControllerRef, podFromTemplate, slowStartBatches, splitKey,
} from '../util/controller_utils';
import type { ComponentDeps } from '../util/deps';
import { EventRecorder } from '../util/events';
import { BY_CONTROLLER_UID, BY_UID, indexByControllerUID, indexByUID, NAMESPACE, ORPHANS_BY_NAMESPACE } from '../util/indexes';
import { selectorMatches } from '../util/labels';

export const COMPONENT = 'replicaset-controller';
/** BurstReplicas: at most this many creations or deletions per reconcile. */
export const BURST_REPLICAS = 500;

export class ReplicaSetController {
  readonly expectations: ControllerExpectations;
  private client: Client;
  private rsInf: SharedIndexInformer<ReplicaSet>;
  private podInf: SharedIndexInformer<Pod>;
  private queue: WorkQueue;
  private recorder: EventRecorder;

  constructor(private readonly deps: ComponentDeps, factory: SharedInformerFactory) {
    this.client = deps.client(COMPONENT);
    this.recorder = new EventRecorder(this.client, deps.loop, COMPONENT);
    this.expectations = new ControllerExpectations(() => deps.loop.now());
    this.rsInf = factory.forResource<ReplicaSet>('replicasets');
    this.podInf = factory.forResource<Pod>('pods');
    indexByUID(this.rsInf);
    indexByControllerUID(this.podInf);
    this.queue = deps.workQueue(COMPONENT, { component: COMPONENT, title: (k) => `sync ReplicaSet ${k}` }, (key) => this.syncReplicaSet(key));

    this.rsInf.addEventHandler({
      onAdd: (rs) => this.queue.add(metaKey(rs)),
      onUpdate: (_o, rs) => this.queue.add(metaKey(rs)),
      onDelete: (rs) => {
        this.expectations.deleteExpectations(metaKey(rs));
        this.queue.add(metaKey(rs));
      },
    });
    this.podInf.addEventHandler({
      onAdd: (p) => {
        if (p.metadata.deletionTimestamp) return this.onPodDeleted(p);
        const rs = this.ownerOf(p);
        if (rs) {
          this.expectations.creationObserved(metaKey(rs));
          this.queue.add(metaKey(rs));
        } else this.enqueueMatchingOrphanOwners(p);
      },
      onUpdate: (old, p) => {
        if (p.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) return this.onPodDeleted(p);
        const rsOld = this.ownerOf(old);
        const rsNew = this.ownerOf(p);
        if (rsOld && rsOld !== rsNew) this.queue.add(metaKey(rsOld));
        if (rsNew) {
          this.queue.add(metaKey(rsNew));
          const minReady = rsNew.spec.minReadySeconds ?? 0;
          if (minReady > 0 && !isPodReady(old) && isPodReady(p)) this.queue.addAfter(metaKey(rsNew), minReady * 1000 + 1000);
        } else this.enqueueMatchingOrphanOwners(p);
      },
      onDelete: (p) => this.onPodDeleted(p),
    });
  }

  private onPodDeleted(p: Pod): void {
    const rs = this.ownerOf(p);
    if (!rs) return;
    this.expectations.deletionObserved(metaKey(rs));
    this.queue.add(metaKey(rs));
  }

  private ownerOf(p: Pod): ReplicaSet | undefined {
    const ref = controllerRef(p);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    return this.rsInf.getIndexer().byIndex(BY_UID, ref.uid)[0];
  }

  /** An orphan pod: wake the ReplicaSets of its namespace whose selector matches, so one may adopt it. */
  private enqueueMatchingOrphanOwners(p: Pod): void {
    if (controllerRef(p)) return;
    for (const rs of this.rsInf.getIndexer().byIndex(NAMESPACE, p.metadata.namespace ?? ''))
      if (selectorMatches(rs.spec.selector, p.metadata.labels)) this.queue.add(metaKey(rs));
  }

  async syncReplicaSet(key: string): Promise<ReconcileResult> {
    const rs = this.rsInf.getIndexer().get(key);
    if (!rs) {
      this.expectations.deleteExpectations(key);
      return { observe: [`ReplicaSet ${key} no longer exists`], compare: ['nothing to keep alive'], act: [] };
    }
    const observe: string[] = [];
    const compare: string[] = [];
    const act: string[] = [];
    const uid = rs.metadata.uid!;
    const ns = rs.metadata.namespace ?? 'default';

    // Claim: adopt matching orphans, release owned pods whose labels no longer match (ClaimPods).
    let owned = this.podInf.getIndexer().byIndex(BY_CONTROLLER_UID, uid);
    if (!rs.metadata.deletionTimestamp) {
      for (const p of this.podInf.getIndexer().byIndex(ORPHANS_BY_NAMESPACE, ns)) {
        if (p.metadata.deletionTimestamp || !selectorMatches(rs.spec.selector, p.metadata.labels)) continue;
        try {
          const adopted = await this.client.update<Pod>('pods', {
            ...p,
            metadata: { ...p.metadata, ownerReferences: [...(p.metadata.ownerReferences ?? []), newControllerRef(rs)] },
          });
          owned = [...owned, adopted];
          act.push(`PUT pods/${p.metadata.name} (adopted: ownerReference → ReplicaSet ${rs.metadata.name})`);
        } catch {
          // someone else got there first; the next reconcile sees it
        }
      }
      for (const p of owned) {
        if (selectorMatches(rs.spec.selector, p.metadata.labels) || p.metadata.deletionTimestamp) continue;
        try {
          await this.client.update<Pod>('pods', {
            ...p,
            metadata: { ...p.metadata, ownerReferences: (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid) },
          });
          act.push(`PUT pods/${p.metadata.name} (released: labels no longer match)`);
        } catch {
          // retried on the next reconcile
        }
        owned = owned.filter((x) => x !== p);
      }
    }
    const active = owned.filter(isPodActive);
    const desired = rs.spec.replicas ?? 1;
    observe.push(`ReplicaSet ${key}: spec.replicas=${desired}`);
    observe.push(
      `pods owned (index ${BY_CONTROLLER_UID}=${uid.slice(0, 8)}…): ${active.length} active` +
        (owned.length > active.length ? `, ${owned.length - active.length} terminating or finished` : ''),
    );

    const satisfied = this.expectations.satisfiedExpectations(key);
    let requeue = false;
    if (!satisfied) {
      compare.push(`desired ${desired}, actual ${active.length}: ${this.expectations.describe(key) ?? 'waiting'}; no action until then`);
    } else if (rs.metadata.deletionTimestamp) {
      compare.push('ReplicaSet is being deleted: no new pods');
    } else {
      const diff = active.length - desired;
      if (diff < 0) {
        const n = Math.min(-diff, BURST_REPLICAS);
        compare.push(`desired ${desired}, actual ${active.length} → create ${n} pod${n === 1 ? '' : 's'}`);
        const ok = await this.createPods(rs, n, act);
        if (!ok) requeue = true;
      } else if (diff > 0) {
        const n = Math.min(diff, BURST_REPLICAS);
        compare.push(`desired ${desired}, actual ${active.length} → delete ${n} pod${n === 1 ? '' : 's'}`);
        const victims = [...active].sort(compareForDeletion).slice(0, n);
        this.expectations.expectDeletions(key, victims.length);
        for (const p of victims) {
          try {
            await this.client.delete('pods', p.metadata.name, ns);
            act.push(`DELETE pods/${p.metadata.name}`);
            await this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
          } catch (err) {
            this.expectations.deletionObserved(key);
            if (!(err instanceof ApiError && err.code === 404)) act.push(`DELETE pods/${p.metadata.name} failed: ${(err as Error).message}`);
          }
        }
      } else compare.push(`desired ${desired}, actual ${active.length} → nothing to do`);
    }

    // Status (calculateStatus + updateReplicaSetStatus).
    const now = this.deps.loop.now();
    const templateLabels = rs.spec.template.metadata?.labels ?? {};
    const status: ReplicaSetStatus = {
      replicas: active.length,
      fullyLabeledReplicas: active.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length,
      readyReplicas: active.filter(isPodReady).length,
      availableReplicas: active.filter((p) => isPodAvailable(p, rs.spec.minReadySeconds ?? 0, now)).length,
      observedGeneration: rs.metadata.generation,
    };
    const old = rs.status ?? { replicas: 0 };
    if (
      old.replicas !== status.replicas ||
      (old.fullyLabeledReplicas ?? 0) !== status.fullyLabeledReplicas ||
      (old.readyReplicas ?? 0) !== status.readyReplicas ||
      (old.availableReplicas ?? 0) !== status.availableReplicas ||
      old.observedGeneration !== status.observedGeneration
    ) {
      try {
        await this.client.updateStatus<ReplicaSet>('replicasets', { ...rs, status: pruneZero(status) });
        act.push(`PUT replicasets/${rs.metadata.name}/status replicas=${status.replicas} ready=${status.readyReplicas} available=${status.availableReplicas}`);
      } catch {
        requeue = true;
      }
    }
    const minReady = rs.spec.minReadySeconds ?? 0;
    const result: ReconcileResult = { observe, compare, act };
    if (requeue) result.requeue = true;
    else if (minReady > 0 && status.readyReplicas !== status.availableReplicas) result.requeueAfter = minReady * 1000;
    return result;
  }

  /** slowStartBatch: a failed batch stops the rest, and the expectations forget what was never sent. */
  private async createPods(rs: ReplicaSet, n: number, act: string[]): Promise<boolean> {
    const key = metaKey(rs);
    this.expectations.expectCreations(key, n);
    const batches = slowStartBatches(n);
    let sent = 0;
    let failed = false;
    for (const size of batches) {
      const results = [];
      for (let i = 0; i < size; i++) {
        try {
          const pod = await this.client.create<Pod>('pods', podFromTemplate(rs.spec.template, rs), rs.metadata.namespace);
          results.push(true);
          act.push(`POST pods (generateName ${rs.metadata.name}-) → ${pod.metadata.name}`);
          await this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
        } catch (err) {
          results.push(false);
          this.expectations.creationObserved(key);
          act.push(`POST pods failed: ${(err as Error).message}`);
          await this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
        }
      }
      sent += size;
      if (results.includes(false)) {
        failed = true;
        break;
      }
    }
    for (let i = sent; i < n; i++) this.expectations.creationObserved(key);
    if (batches.length > 1) act.push(`slow start: batches of ${batches.slice(0, batches.length).join(', ')}`);
    return !failed;
  }
}

function pruneZero(s: ReplicaSetStatus): ReplicaSetStatus {
  const out: ReplicaSetStatus = { replicas: s.replicas };
  if (s.fullyLabeledReplicas) out.fullyLabeledReplicas = s.fullyLabeledReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.observedGeneration !== undefined) out.observedGeneration = s.observedGeneration;
  return out;
}

export { splitKey };

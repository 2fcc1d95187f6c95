// pkg/controller/deployment/{deployment_controller.go,sync.go,rolling.go,recreate.go,progress.go}: drives a
// Deployment's ReplicaSets. The ReplicaSet whose template equals the Deployment's is the new one, named
// `<deployment>-<pod-template-hash>`; a rolling update grows it by maxSurge and shrinks the old ones within
// maxUnavailable, a step at a time, as their pods become available. Rolling back is just the template going
// back: the old ReplicaSet matches again and gets the next revision.
import { ApiError, type Client } from '../../apiserver/api';
import type { Deployment, DeploymentCondition, DeploymentStatus, Pod, ReplicaSet } from '../../apiserver/types';
import type { ReconcileResult, SharedIndexInformer, SharedInformerFactory, WorkQueue } from '../../client/types';
import { controllerRef, isPodActive, metaKey, newControllerRef } from '../util/controller_utils';
import type { ComponentDeps } from '../util/deps';
import { EventRecorder } from '../util/events';
import { computeHash } from '../util/hash';
import { BY_CONTROLLER_UID, BY_UID, indexByControllerUID, indexByUID } from '../util/indexes';
import {
  byCreation, copiedAnnotations, DEFAULT_POD_TEMPLATE_HASH_LABEL, deploymentComplete, DESIRED_REPLICAS_ANNOTATION,
  findNewReplicaSet, findOldReplicaSets, getCondition, isRolling, MAX_REPLICAS_ANNOTATION, maxRevision, maxSurge,
  maxUnavailable, newRSNewReplicas, replicasOf, revision, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION,
  setCondition, specReplicas, sumSpec, sumStatus,
} from './util';

export const COMPONENT = 'deployment-controller';

interface Ctx {
  d: Deployment;
  observe: string[];
  compare: string[];
  act: string[];
}

export class DeploymentController {
  private client: Client;
  private dInf: SharedIndexInformer<Deployment>;
  private rsInf: SharedIndexInformer<ReplicaSet>;
  private podInf: SharedIndexInformer<Pod>;
  private queue: WorkQueue;
  private recorder: EventRecorder;

  constructor(private readonly deps: ComponentDeps, factory: SharedInformerFactory) {
    this.client = deps.client(COMPONENT);
    this.recorder = new EventRecorder(this.client, deps.loop, COMPONENT);
    this.dInf = factory.forResource<Deployment>('deployments');
    this.rsInf = factory.forResource<ReplicaSet>('replicasets');
    this.podInf = factory.forResource<Pod>('pods');
    indexByUID(this.dInf);
    indexByUID(this.rsInf);
    indexByControllerUID(this.rsInf);
    indexByControllerUID(this.podInf);
    this.queue = deps.workQueue(COMPONENT, { component: COMPONENT, title: (k) => `sync Deployment ${k}` }, (key) => this.syncDeployment(key));

    this.dInf.addEventHandler({
      onAdd: (d) => this.queue.add(metaKey(d)),
      onUpdate: (_o, d) => this.queue.add(metaKey(d)),
      onDelete: (d) => this.queue.add(metaKey(d)),
    });
    const rsChanged = (rs: ReplicaSet) => {
      const d = this.ownerOf(rs);
      if (d) this.queue.add(metaKey(d));
    };
    this.rsInf.addEventHandler({ onAdd: rsChanged, onUpdate: (_o, rs) => rsChanged(rs), onDelete: rsChanged });
    // Recreate waits for the old pods to be gone: a pod's deletion may be what it waits for.
    this.podInf.addEventHandler({
      onDelete: (p) => {
        const ref = controllerRef(p);
        const rs = ref && this.rsInf.getIndexer().byIndex(BY_UID, ref.uid)[0];
        const d = rs && this.ownerOf(rs);
        if (d && d.spec.strategy?.type === 'Recreate') this.queue.add(metaKey(d));
      },
    });
  }

  private ownerOf(rs: ReplicaSet): Deployment | undefined {
    const ref = controllerRef(rs);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    return this.dInf.getIndexer().byIndex(BY_UID, ref.uid)[0];
  }

  async syncDeployment(key: string): Promise<ReconcileResult> {
    const cached = this.dInf.getIndexer().get(key);
    if (!cached) return { observe: [`Deployment ${key} no longer exists`], compare: ['its ReplicaSets are the garbage collector’s now'], act: [] };
    const ctx: Ctx = { d: structuredClone(cached), observe: [], compare: [], act: [] };
    const d = ctx.d;
    const rsList = this.rsInf.getIndexer().byIndex(BY_CONTROLLER_UID, d.metadata.uid!).map((r) => structuredClone(r));
    ctx.observe.push(
      `Deployment ${key}: replicas=${replicasOf(d)}, strategy ${d.spec.strategy?.type ?? 'RollingUpdate'}` +
        (isRolling(d) ? ` (maxSurge ${maxSurge(d)}, maxUnavailable ${maxUnavailable(d)})` : ''),
    );
    ctx.observe.push(
      `ReplicaSets owned: ${rsList.length ? rsList.sort(byCreation).map((r) => `${r.metadata.name} (rev ${revision(r)}, ${specReplicas(r)} desired, ${r.status?.availableReplicas ?? 0} available)`).join(', ') : 'none'}`,
    );
    let requeueAfter: number | undefined;
    try {
      if (d.metadata.deletionTimestamp) {
        ctx.compare.push('Deployment is being deleted: only its status is kept up to date');
        await this.syncStatusOnly(ctx, rsList);
      } else if (d.spec.paused) {
        ctx.compare.push('Deployment is paused: scale only, no rollout');
        await this.sync(ctx, rsList);
      } else if (this.isScalingEvent(d, rsList)) {
        ctx.compare.push(`a scaling event: ReplicaSets were sized for another replica count than ${replicasOf(d)}`);
        await this.sync(ctx, rsList);
      } else if (d.spec.strategy?.type === 'Recreate') {
        requeueAfter = await this.rolloutRecreate(ctx, rsList);
      } else {
        requeueAfter = await this.rolloutRolling(ctx, rsList);
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 409) {
        ctx.act.push(`conflict: ${err.message} — requeued`);
        return { observe: ctx.observe, compare: ctx.compare, act: ctx.act, requeue: true };
      }
      throw err;
    }
    if (ctx.compare.length === 0) ctx.compare.push('actual matches desired');
    const r: ReconcileResult = { observe: ctx.observe, compare: ctx.compare, act: ctx.act };
    if (requeueAfter !== undefined) r.requeueAfter = requeueAfter;
    return r;
  }

  /** isScalingEvent: an active ReplicaSet's desired-replicas annotation disagrees with spec.replicas. */
  private isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
    const newRS = findNewReplicaSet(d, rsList);
    const old = findOldReplicaSets(rsList, newRS);
    for (const rs of [newRS, ...old]) {
      if (!rs || specReplicas(rs) === 0) continue;
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
      if (desired !== undefined && Number(desired) !== replicasOf(d)) return true;
    }
    return false;
  }

  // ---- new and old ReplicaSets, revisions --------------------------------------------------------------

  /** getAllReplicaSetsAndSyncRevision: finds (or creates) the new ReplicaSet and keeps revisions in step. */
  private async getAll(ctx: Ctx, rsList: ReplicaSet[], create: boolean): Promise<{ newRS?: ReplicaSet; oldRSs: ReplicaSet[] }> {
    const d = ctx.d;
    const existing = findNewReplicaSet(d, rsList);
    const oldRSs = findOldReplicaSets(rsList, existing);
    const newRevision = maxRevision(oldRSs) + 1;
    let newRS: ReplicaSet | undefined;
    if (existing) {
      const rs = existing;
      if (this.setNewReplicaSetAnnotations(d, rs, newRevision, true)) {
        const updated = await this.client.update<ReplicaSet>('replicasets', rs);
        const idx = rsList.indexOf(rs);
        rsList[idx] = updated;
        newRS = updated;
        ctx.act.push(`PUT replicasets/${rs.metadata.name} revision=${revision(updated)}`);
      } else newRS = rs;
      if (!getCondition(d, 'Progressing')) {
        d.status = {
          ...d.status,
          conditions: setCondition(d.status?.conditions ?? [], this.cond('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${newRS.metadata.name}"`)),
        };
      }
    } else if (create) {
      newRS = await this.createNewReplicaSet(ctx, rsList, oldRSs, newRevision);
      if (!newRS) return { oldRSs };
    }
    if (newRS) await this.setDeploymentRevision(ctx, String(revision(newRS)));
    return { newRS, oldRSs };
  }

  private setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
    const ann = { ...(rs.metadata.annotations ?? {}) };
    const before = JSON.stringify(ann);
    Object.assign(ann, copiedAnnotations(d));
    const oldRevision = ann[REVISION_ANNOTATION];
    if (Number(oldRevision ?? 0) < newRevision) {
      ann[REVISION_ANNOTATION] = String(newRevision);
      if (exists && oldRevision) {
        const hist = ann[REVISION_HISTORY_ANNOTATION];
        ann[REVISION_HISTORY_ANNOTATION] = hist ? `${hist},${oldRevision}` : oldRevision;
      }
    }
    ann[DESIRED_REPLICAS_ANNOTATION] = String(replicasOf(d));
    ann[MAX_REPLICAS_ANNOTATION] = String(replicasOf(d) + maxSurge(d));
    rs.metadata.annotations = ann;
    return JSON.stringify(ann) !== before;
  }

  private async setDeploymentRevision(ctx: Ctx, rev: string): Promise<void> {
    const d = ctx.d;
    if (d.metadata.annotations?.[REVISION_ANNOTATION] === rev) return;
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: rev };
    const updated = await this.client.update<Deployment>('deployments', d);
    d.metadata = updated.metadata;
    ctx.act.push(`PUT deployments/${d.metadata.name} annotation ${REVISION_ANNOTATION}=${rev}`);
  }

  private async createNewReplicaSet(ctx: Ctx, rsList: ReplicaSet[], oldRSs: ReplicaSet[], newRevision: number): Promise<ReplicaSet | undefined> {
    const d = ctx.d;
    const hash = computeHash(d.spec.template, d.status?.collisionCount);
    const template = structuredClone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [DEFAULT_POD_TEMPLATE_HASH_LABEL]: hash } };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        ownerReferences: [newControllerRef(d)],
      },
      spec: {
        replicas: 0,
        minReadySeconds: d.spec.minReadySeconds ?? 0,
        selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [DEFAULT_POD_TEMPLATE_HASH_LABEL]: hash } },
        template,
      },
    };
    const all = [...oldRSs, rs];
    rs.spec.replicas = newRSNewReplicas(d, all, rs);
    this.setNewReplicaSetAnnotations(d, rs, newRevision, false);
    ctx.compare.push(`no ReplicaSet matches the pod template → create ${rs.metadata.name} (pod-template-hash ${hash}) with ${rs.spec.replicas} replicas`);
    let created: ReplicaSet;
    try {
      created = await this.client.create<ReplicaSet>('replicasets', rs, d.metadata.namespace);
    } catch (err) {
      if (err instanceof ApiError && err.code === 409) {
        // A hash collision: a ReplicaSet of that name with another template. Bump collisionCount and retry.
        const collisionCount = (d.status?.collisionCount ?? 0) + 1;
        d.status = { ...d.status, collisionCount };
        await this.client.updateStatus('deployments', d);
        ctx.act.push(`ReplicaSet ${rs.metadata.name} exists with another template: collisionCount=${collisionCount}`);
        throw err;
      }
      throw err;
    }
    rsList.push(created);
    ctx.act.push(`POST replicasets → ${created.metadata.name} (revision ${newRevision}, replicas ${created.spec.replicas})`);
    if ((created.spec.replicas ?? 0) > 0)
      await this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${created.spec.replicas}`);
    d.status = {
      ...d.status,
      conditions: setCondition(d.status?.conditions ?? [], this.cond('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`)),
    };
    return created;
  }

  private cond(type: DeploymentCondition['type'], status: DeploymentCondition['status'], reason: string, message: string): DeploymentCondition {
    const t = this.deps.loop.clock.rfc3339();
    return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
  }

  private async scaleReplicaSet(ctx: Ctx, rs: ReplicaSet, newScale: number): Promise<ReplicaSet> {
    const d = ctx.d;
    const old = specReplicas(rs);
    const copy = structuredClone(rs);
    copy.spec.replicas = newScale;
    copy.metadata.annotations = {
      ...(copy.metadata.annotations ?? {}),
      [DESIRED_REPLICAS_ANNOTATION]: String(replicasOf(d)),
      [MAX_REPLICAS_ANNOTATION]: String(replicasOf(d) + maxSurge(d)),
    };
    if (old === newScale && JSON.stringify(copy.metadata.annotations) === JSON.stringify(rs.metadata.annotations)) return rs;
    const updated = await this.client.update<ReplicaSet>('replicasets', copy);
    Object.assign(rs, updated);
    if (old !== newScale) {
      const dir = old < newScale ? 'up' : 'down';
      ctx.act.push(`PUT replicasets/${rs.metadata.name} spec.replicas ${old} → ${newScale}`);
      await this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${dir} replica set ${rs.metadata.name} from ${old} to ${newScale}`);
    }
    return rs;
  }

  // ---- rolling update ----------------------------------------------------------------------------------

  private async rolloutRolling(ctx: Ctx, rsList: ReplicaSet[]): Promise<number | undefined> {
    const { newRS, oldRSs } = await this.getAll(ctx, rsList, true);
    if (!newRS) return undefined;
    const d = ctx.d;
    const all = [...oldRSs, newRS];
    if (await this.reconcileNewReplicaSet(ctx, all, newRS)) return this.syncRolloutStatus(ctx, all, newRS);
    if (await this.reconcileOldReplicaSets(ctx, all, oldRSs.filter((r) => specReplicas(r) > 0), newRS)) return this.syncRolloutStatus(ctx, all, newRS);
    const status = this.calculateStatus(all, newRS, d);
    if (deploymentComplete({ ...d, status })) await this.cleanupDeployment(ctx, oldRSs);
    return this.syncRolloutStatus(ctx, all, newRS);
  }

  private async reconcileNewReplicaSet(ctx: Ctx, all: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
    const d = ctx.d;
    const want = replicasOf(d);
    if (specReplicas(newRS) === want) return false;
    if (specReplicas(newRS) > want) {
      ctx.compare.push(`new ReplicaSet has ${specReplicas(newRS)} > ${want}: scale it down`);
      await this.scaleReplicaSet(ctx, newRS, want);
      return true;
    }
    const next = newRSNewReplicas(d, all, newRS);
    ctx.compare.push(
      `pods in all ReplicaSets: ${sumSpec(all)}, at most ${want + maxSurge(d)} (replicas + maxSurge) → new ReplicaSet ${newRS.metadata.name}: ${specReplicas(newRS)} → ${next}`,
    );
    if (next === specReplicas(newRS)) return false;
    await this.scaleReplicaSet(ctx, newRS, next);
    return true;
  }

  private async reconcileOldReplicaSets(ctx: Ctx, all: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
    const d = ctx.d;
    const oldPods = sumSpec(oldRSs);
    if (oldPods === 0) return false;
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = sumSpec(all) - minAvailable - newUnavailable;
    ctx.compare.push(
      `old ReplicaSets hold ${oldPods} pods; may remove ${Math.max(0, maxScaledDown)} (all ${sumSpec(all)} − min available ${minAvailable} − new unavailable ${newUnavailable})`,
    );
    if (maxScaledDown <= 0) return false;
    // cleanupUnhealthyReplicas: old pods that are not available go first, without touching availability.
    let cleaned = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (cleaned >= maxScaledDown) break;
      const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
      if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
      const n = Math.min(maxScaledDown - cleaned, unhealthy);
      await this.scaleReplicaSet(ctx, rs, specReplicas(rs) - n);
      cleaned += n;
    }
    // scaleDownOldReplicaSetsForRollingUpdate: then available ones, keeping replicas − maxUnavailable available.
    const available = sumStatus(all, 'availableReplicas');
    let scaled = 0;
    if (available > minAvailable) {
      const total = available - minAvailable;
      for (const rs of [...oldRSs].sort(byCreation)) {
        if (scaled >= total) break;
        if (specReplicas(rs) === 0) continue;
        const n = Math.min(specReplicas(rs), total - scaled);
        await this.scaleReplicaSet(ctx, rs, specReplicas(rs) - n);
        scaled += n;
      }
    }
    return cleaned + scaled > 0;
  }

  // ---- recreate ----------------------------------------------------------------------------------------

  private async rolloutRecreate(ctx: Ctx, rsList: ReplicaSet[]): Promise<number | undefined> {
    let { newRS, oldRSs } = await this.getAll(ctx, rsList, false);
    const activeOld = oldRSs.filter((r) => specReplicas(r) > 0);
    if (activeOld.length) {
      ctx.compare.push(`Recreate: scale the old ReplicaSets (${activeOld.map((r) => r.metadata.name).join(', ')}) to 0 first`);
      for (const rs of activeOld) await this.scaleReplicaSet(ctx, rs, 0);
      return this.syncRolloutStatus(ctx, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
    }
    const running = oldRSs.flatMap((rs) => this.podInf.getIndexer().byIndex(BY_CONTROLLER_UID, rs.metadata.uid!)).filter(
      (p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded',
    );
    if (running.length) {
      ctx.compare.push(`Recreate: waiting for ${running.length} old pod(s) to be gone`);
      return this.syncRolloutStatus(ctx, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
    }
    if (!newRS) ({ newRS, oldRSs } = await this.getAll(ctx, rsList, true));
    if (!newRS) return undefined;
    if (specReplicas(newRS) !== replicasOf(ctx.d)) await this.scaleReplicaSet(ctx, newRS, replicasOf(ctx.d));
    const all = [...oldRSs, newRS];
    if (deploymentComplete({ ...ctx.d, status: this.calculateStatus(all, newRS, ctx.d) })) await this.cleanupDeployment(ctx, oldRSs);
    return this.syncRolloutStatus(ctx, all, newRS);
  }

  // ---- scaling (sync.go) -------------------------------------------------------------------------------

  private async sync(ctx: Ctx, rsList: ReplicaSet[]): Promise<void> {
    const { newRS, oldRSs } = await this.getAll(ctx, rsList, false);
    await this.scale(ctx, newRS, oldRSs);
    const all = [...oldRSs, ...(newRS ? [newRS] : [])];
    if (newRS && deploymentComplete({ ...ctx.d, status: this.calculateStatus(all, newRS, ctx.d) })) await this.cleanupDeployment(ctx, oldRSs);
    await this.syncDeploymentStatus(ctx, all, newRS);
  }

  private async scale(ctx: Ctx, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const d = ctx.d;
    const active = [...(newRS ? [newRS] : []), ...oldRSs].filter((r) => specReplicas(r) > 0);
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? [...oldRSs].sort(byCreation).pop();
      if (target && specReplicas(target) !== replicasOf(d)) {
        ctx.compare.push(`one active ReplicaSet: ${target.metadata.name} ${specReplicas(target)} → ${replicasOf(d)}`);
        await this.scaleReplicaSet(ctx, target, replicasOf(d));
      } else if (target) await this.scaleReplicaSet(ctx, target, specReplicas(target));
      return;
    }
    if (newRS && specReplicas(newRS) === replicasOf(d) && (newRS.status?.availableReplicas ?? 0) === replicasOf(d)) {
      for (const rs of oldRSs) if (specReplicas(rs) > 0) await this.scaleReplicaSet(ctx, rs, 0);
      return;
    }
    if (!isRolling(d)) return;
    // Proportional scaling: spread the change over the active ReplicaSets by their share.
    const allowed = replicasOf(d) + maxSurge(d);
    const toAdd = allowed - sumSpec(active);
    ctx.compare.push(`proportional scaling mid-rollout: ${toAdd >= 0 ? '+' : ''}${toAdd} pods over ${active.length} ReplicaSets`);
    const sorted = [...active].sort((a, b) =>
      toAdd > 0 ? specReplicas(b) - specReplicas(a) || -byCreation(a, b) : specReplicas(b) - specReplicas(a) || byCreation(a, b),
    );
    const sizes = new Map<ReplicaSet, number>();
    let added = 0;
    for (const rs of sorted) {
      const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION] ?? d.status?.replicas ?? 0) || 1;
      const fraction = replicasOf(d) === 0 ? -specReplicas(rs) : Math.round((specReplicas(rs) * allowed) / annotated) - specReplicas(rs);
      const remaining = toAdd - added;
      const share = toAdd > 0 ? Math.min(fraction, remaining) : Math.max(fraction, remaining);
      sizes.set(rs, share);
      added += share;
    }
    if (sorted.length) sizes.set(sorted[0]!, (sizes.get(sorted[0]!) ?? 0) + (toAdd - added));
    for (const rs of sorted) await this.scaleReplicaSet(ctx, rs, Math.max(0, specReplicas(rs) + (sizes.get(rs) ?? 0)));
  }

  // ---- history and status ------------------------------------------------------------------------------

  /** cleanupDeployment: keeps revisionHistoryLimit old ReplicaSets (empty ones beyond it are deleted). */
  private async cleanupDeployment(ctx: Ctx, oldRSs: ReplicaSet[]): Promise<void> {
    const limit = ctx.d.spec.revisionHistoryLimit ?? 10;
    const alive = oldRSs.filter((r) => !r.metadata.deletionTimestamp);
    const diff = alive.length - limit;
    if (diff <= 0) return;
    const byRevision = [...alive].sort((a, b) => revision(a) - revision(b) || byCreation(a, b));
    let deleted = 0;
    for (const rs of byRevision) {
      if (deleted >= diff) break;
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
      try {
        await this.client.delete('replicasets', rs.metadata.name, rs.metadata.namespace);
        ctx.act.push(`DELETE replicasets/${rs.metadata.name} (beyond revisionHistoryLimit ${limit})`);
        deleted++;
      } catch {
        // gone already
      }
    }
  }

  private calculateStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment): DeploymentStatus {
    const available = sumStatus(all, 'availableReplicas');
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation,
      replicas: sumStatus(all, 'replicas'),
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: sumStatus(all, 'readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicasOf(d) - available),
      conditions: d.status?.conditions ?? [],
    };
    if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    status.conditions =
      available >= minAvailable
        ? setCondition(status.conditions!, this.cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'))
        : setCondition(status.conditions!, this.cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
    return status;
  }

  /** syncRolloutStatus (progress.go): Progressing condition, then the status write. Returns a requeue delay. */
  private async syncRolloutStatus(ctx: Ctx, all: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<number | undefined> {
    const d = ctx.d;
    const status = this.calculateStatus(all, newRS, d);
    const deadline = d.spec.progressDeadlineSeconds ?? 600;
    let requeue: number | undefined;
    if (newRS && !d.spec.paused) {
      const name = newRS.metadata.name;
      const prev = getCondition(d, 'Progressing');
      if (deploymentComplete({ ...d, status })) {
        status.conditions = setCondition(status.conditions!, this.cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${name}" has successfully progressed.`));
      } else if (this.progressing(d, status)) {
        const c = this.cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${name}" is progressing.`);
        status.conditions = [...status.conditions!.filter((x) => x.type !== 'Progressing'), { ...c, lastTransitionTime: prev?.status === 'True' ? prev.lastTransitionTime : c.lastTransitionTime }].sort((a, b) => (a.type < b.type ? -1 : 1));
        requeue = deadline * 1000;
      } else if (prev?.lastUpdateTime && prev.reason !== 'NewReplicaSetAvailable' && prev.reason !== 'ProgressDeadlineExceeded') {
        const since = Date.parse(prev.lastUpdateTime);
        const left = since + deadline * 1000 - this.deps.loop.now();
        if (left <= 0)
          status.conditions = setCondition(status.conditions!, this.cond('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${name}" has timed out progressing.`));
        else requeue = left;
      }
    }
    await this.writeStatus(ctx, status);
    return requeue;
  }

  /** DeploymentProgressing: more updated, ready or available pods than last time, or fewer old ones. */
  private progressing(d: Deployment, s: DeploymentStatus): boolean {
    const o = d.status ?? {};
    const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
    const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
    return (
      (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
      newOld < oldOld ||
      (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
      (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0)
    );
  }

  private async syncDeploymentStatus(ctx: Ctx, all: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> {
    await this.writeStatus(ctx, this.calculateStatus(all, newRS, ctx.d));
  }

  private async syncStatusOnly(ctx: Ctx, rsList: ReplicaSet[]): Promise<void> {
    const newRS = findNewReplicaSet(ctx.d, rsList);
    await this.syncDeploymentStatus(ctx, rsList, newRS);
  }

  private async writeStatus(ctx: Ctx, status: DeploymentStatus): Promise<void> {
    const d = ctx.d;
    const clean = (s: DeploymentStatus | undefined) =>
      JSON.stringify({ ...s, conditions: s?.conditions?.map((c) => ({ ...c, lastUpdateTime: undefined, lastTransitionTime: undefined })) });
    const pruned: DeploymentStatus = { ...status };
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) if (!pruned[k]) delete pruned[k];
    if (clean(d.status) === clean(pruned) && JSON.stringify(d.status?.conditions) === JSON.stringify(pruned.conditions)) return;
    if (clean(d.status) === clean(pruned)) {
      // Only timestamps differ: not worth a write.
      return;
    }
    d.status = pruned;
    const updated = await this.client.updateStatus<Deployment>('deployments', d);
    d.metadata = updated.metadata;
    ctx.act.push(
      `PUT deployments/${d.metadata.name}/status replicas=${pruned.replicas ?? 0} updated=${pruned.updatedReplicas ?? 0} ready=${pruned.readyReplicas ?? 0} available=${pruned.availableReplicas ?? 0}`,
    );
  }
}

export { isPodActive };

// pkg/controller/garbagecollector/{garbagecollector.go,graph_builder.go,graph.go}: a graph of ownerReferences
// built from the informers (uidToNode). When an owner disappears its dependents are checked one by one
// (attemptToDelete): a dependent whose owners are all gone is deleted in the background, so deleting a
// Deployment removes its ReplicaSets and then their Pods. Foreground deletion (the owner waits, with the
// foregroundDeletion finalizer, until its blocking dependents are gone) and orphaning (the orphan finalizer:
// dependents lose the reference and stay) are handled too.
import { ApiError, type Client, type ResourceName } from '../../apiserver/api';
import type { KubeObject, OwnerReference } from '../../apiserver/types';
import type { ReconcileResult, SharedIndexInformer, SharedInformerFactory, WorkQueue } from '../../client/types';
import type { ComponentDeps } from '../util/deps';

export const COMPONENT = 'garbage-collector';


/** The kinds the graph watches: what owns and what is owned in this cluster. */
const MONITORED: Array<{ resource: ResourceName; kind: string }> = [
  { resource: 'deployments', kind: 'Deployment' },
  { resource: 'replicasets', kind: 'ReplicaSet' },
  { resource: 'pods', kind: 'Pod' },
  { resource: 'services', kind: 'Service' },
  { resource: 'endpoints', kind: 'Endpoints' },
  { resource: 'nodes', kind: 'Node' },
  { resource: 'leases', kind: 'Lease' },
];

interface GraphNode {
  uid: string;
  kind: string;
  resource?: ResourceName;
  namespace?: string;
  name: string;
  owners: OwnerReference[];
  dependents: Set<string>;
  /** Known only as someone's owner: not observed (yet) in any informer. */
  virtual: boolean;
  deletingDependents: boolean;
  beingDeleted: boolean;
}

export class GarbageCollector {
  private client: Client;
  private queue: WorkQueue;
  private uidToNode = new Map<string, GraphNode>();
  private informers: Array<{ inf: SharedIndexInformer<KubeObject>; resource: ResourceName; kind: string }> = [];

  constructor(private readonly deps: ComponentDeps, factory: SharedInformerFactory) {
    this.client = deps.client(COMPONENT);
    this.queue = deps.workQueue(COMPONENT, { component: COMPONENT, title: (k) => this.title(k) }, (key) => this.process(key));
    for (const m of MONITORED) {
      const inf = factory.forResource<KubeObject>(m.resource, m.resource === 'leases' ? { namespace: 'kube-node-lease' } : {});
      this.informers.push({ inf, ...m });
      inf.addEventHandler({
        onAdd: (o) => this.upsert(o, m.resource, m.kind),
        onUpdate: (_old, o) => this.upsert(o, m.resource, m.kind),
        onDelete: (o) => this.remove(o),
      });
    }
  }

  private title(key: string): string {
    const [op, uid] = key.split(':') as [string, string];
    const n = this.uidToNode.get(uid);
    const who = n ? `${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}` : `${uid.slice(0, 8)}…`;
    return `${op === 'orphan' ? 'orphan the dependents of' : op === 'foreground' ? 'foreground deletion of' : 'attemptToDelete'} ${who}`;
  }

  /** graph_builder processGraphChanges for an add or update. */
  private upsert(o: KubeObject, resource: ResourceName, kind: string): void {
    const uid = o.metadata.uid;
    if (!uid) return;
    let n = this.uidToNode.get(uid);
    const owners = o.metadata.ownerReferences ?? [];
    if (!n) {
      n = { uid, kind, resource, namespace: o.metadata.namespace, name: o.metadata.name, owners: [], dependents: new Set(), virtual: false, deletingDependents: false, beingDeleted: false };
      this.uidToNode.set(uid, n);
    } else if (n.virtual) {
      // The owner we only heard of exists after all: its dependents are fine.
      n.virtual = false;
      Object.assign(n, { kind, resource, namespace: o.metadata.namespace, name: o.metadata.name });
    }
    // Owner edges.
    for (const old of n.owners) if (!owners.some((r) => r.uid === old.uid)) this.uidToNode.get(old.uid)?.dependents.delete(uid);
    for (const ref of owners) {
      let owner = this.uidToNode.get(ref.uid);
      if (!owner) {
        owner = { uid: ref.uid, kind: ref.kind, namespace: o.metadata.namespace, name: ref.name, owners: [], dependents: new Set(), virtual: true, deletingDependents: false, beingDeleted: false };
        this.uidToNode.set(ref.uid, owner);
        // An owner nobody has seen: make sure it exists (attemptToDelete verifies with a live GET).
        this.queue.add(`delete:${uid}`);
      }
      owner.dependents.add(uid);
    }
    n.owners = owners;
    n.beingDeleted = !!o.metadata.deletionTimestamp;
    const fins = o.metadata.finalizers ?? [];
    if (n.beingDeleted && fins.includes('orphan')) this.queue.add(`orphan:${uid}`);
    if (n.beingDeleted && fins.includes('foregroundDeletion')) {
      n.deletingDependents = true;
      this.queue.add(`foreground:${uid}`);
      for (const d of n.dependents) this.queue.add(`delete:${d}`);
    }
  }

  private remove(o: KubeObject): void {
    const uid = o.metadata.uid;
    if (!uid) return;
    const n = this.uidToNode.get(uid);
    if (!n) return;
    this.uidToNode.delete(uid);
    for (const ref of n.owners) {
      const owner = this.uidToNode.get(ref.uid);
      if (!owner) continue;
      owner.dependents.delete(uid);
      // An owner waiting for its dependents (foreground) may be done now.
      if (owner.deletingDependents) this.queue.add(`foreground:${owner.uid}`);
      if (owner.virtual && owner.dependents.size === 0) this.uidToNode.delete(owner.uid);
    }
    // The dependents of a deleted owner get checked.
    for (const d of n.dependents) this.queue.add(`delete:${d}`);
    if (n.dependents.size > 0) this.uidToNode.set(uid, { ...n, virtual: true, owners: [], beingDeleted: false, deletingDependents: false });
  }

  private live(n: GraphNode): { inf: SharedIndexInformer<KubeObject>; resource: ResourceName } | undefined {
    return this.informers.find((i) => i.kind === n.kind);
  }

  private objectOf(n: GraphNode): KubeObject | undefined {
    const i = this.live(n);
    if (!i) return undefined;
    const o = i.inf.getIndexer().get(n.namespace ? `${n.namespace}/${n.name}` : n.name);
    return o?.metadata.uid === n.uid ? o : undefined;
  }

  /** Does the owner exist? The graph first; a virtual owner is checked with a live GET (as upstream). */
  private async ownerState(ref: OwnerReference, ns: string | undefined): Promise<'solid' | 'dangling' | 'deletingDependents'> {
    const n = this.uidToNode.get(ref.uid);
    if (n && !n.virtual) return n.deletingDependents ? 'deletingDependents' : 'solid';
    const m = MONITORED.find((x) => x.kind === ref.kind);
    if (!m) return 'solid'; // a kind we do not watch: assume it is there
    try {
      const o = await this.client.get(m.resource, ref.name, ns);
      return o.metadata.uid === ref.uid ? 'solid' : 'dangling';
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return 'dangling';
      return 'solid';
    }
  }

  async process(key: string): Promise<ReconcileResult> {
    const [op, uid] = key.split(':') as [string, string];
    const n = this.uidToNode.get(uid);
    if (!n || n.virtual) return { observe: [`${uid.slice(0, 8)}…: not in the graph any more`], compare: [], act: [] };
    const what = `${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}`;
    if (op === 'orphan') return this.orphanDependents(n, what);
    if (op === 'foreground') return this.processDeletingDependents(n, what);
    return this.attemptToDelete(n, what);
  }

  private async attemptToDelete(n: GraphNode, what: string): Promise<ReconcileResult> {
    const obj = this.objectOf(n);
    if (!obj) return { observe: [`${what}: gone already`], compare: [], act: [] };
    if (obj.metadata.deletionTimestamp && !n.deletingDependents) return { observe: [`${what}: already being deleted`], compare: [], act: [] };
    const owners = obj.metadata.ownerReferences ?? [];
    if (owners.length === 0) return { observe: [`${what}: no owners`], compare: ['nothing to collect'], act: [] };
    const states = await Promise.all(owners.map(async (r) => ({ r, s: await this.ownerState(r, obj.metadata.namespace) })));
    const observe = [`${what}: owners ${states.map(({ r, s }) => `${r.kind}/${r.name} (${s})`).join(', ')}`];
    const solid = states.filter((x) => x.s === 'solid');
    const dangling = states.filter((x) => x.s === 'dangling');
    const waiting = states.filter((x) => x.s === 'deletingDependents');
    const resource = this.live(n)!.resource;
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return { observe, compare: ['an owner still exists: keep'], act: [] };
      const keep = owners.filter((r) => solid.some((x) => x.r.uid === r.uid));
      await this.client.update(resource, { ...obj, metadata: { ...obj.metadata, ownerReferences: keep } });
      return { observe, compare: ['some owners are gone, one remains: drop the dangling references'], act: [`PUT ${resource}/${n.name} ownerReferences → ${keep.map((r) => r.name).join(', ')}`] };
    }
    // Every owner is gone or being deleted in the foreground: delete this one too.
    const policy = waiting.length > 0 && n.dependents.size > 0 ? 'Foreground' : 'Background';
    try {
      await this.client.delete(resource, n.name, n.namespace, { propagationPolicy: policy, preconditions: { uid: n.uid } });
    } catch (err) {
      if (!(err instanceof ApiError && (err.code === 404 || err.code === 409))) throw err;
    }
    return {
      observe,
      compare: [`no owner left (${waiting.length ? 'owner deleting in the foreground' : 'owners deleted'}) → delete ${what}`],
      act: [`DELETE ${resource}/${n.name} propagationPolicy=${policy}`],
    };
  }

  /** The owner has the foregroundDeletion finalizer: once no blocking dependent is left, drop the finalizer. */
  private async processDeletingDependents(n: GraphNode, what: string): Promise<ReconcileResult> {
    const blocking = [...n.dependents].filter((d) => {
      const dn = this.uidToNode.get(d);
      return dn && !dn.virtual && dn.owners.some((r) => r.uid === n.uid && r.blockOwnerDeletion);
    });
    if (blocking.length) {
      for (const d of blocking) this.queue.add(`delete:${d}`);
      return { observe: [`${what}: deleting in the foreground`], compare: [`${blocking.length} blocking dependent(s) left`], act: [] };
    }
    return this.removeFinalizer(n, what, 'foregroundDeletion');
  }

  /** The owner has the orphan finalizer: dependents lose their reference to it, then the finalizer goes. */
  private async orphanDependents(n: GraphNode, what: string): Promise<ReconcileResult> {
    const act: string[] = [];
    for (const d of [...n.dependents]) {
      const dn = this.uidToNode.get(d);
      if (!dn || dn.virtual) continue;
      const obj = this.objectOf(dn);
      if (!obj) continue;
      const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== n.uid);
      try {
        await this.client.update(this.live(dn)!.resource, { ...obj, metadata: { ...obj.metadata, ownerReferences: refs.length ? refs : undefined } });
        act.push(`PUT ${this.live(dn)!.resource}/${dn.name} (orphaned)`);
      } catch {
        this.queue.addRateLimited(`orphan:${n.uid}`);
      }
    }
    const r = await this.removeFinalizer(n, what, 'orphan');
    return { observe: [`${what}: deleted with propagationPolicy=Orphan`], compare: r.compare, act: [...act, ...(r.act ?? [])] };
  }

  private async removeFinalizer(n: GraphNode, what: string, fin: string): Promise<ReconcileResult> {
    const obj = this.objectOf(n);
    if (!obj) return { observe: [`${what}: gone`], compare: [], act: [] };
    const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== fin);
    try {
      await this.client.update(this.live(n)!.resource, { ...obj, metadata: { ...obj.metadata, finalizers: finalizers.length ? finalizers : undefined } });
    } catch (err) {
      if (err instanceof ApiError && err.code === 409) return { observe: [`${what}`], compare: [], act: ['conflict; retry'], requeue: true };
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
    n.deletingDependents = false;
    return { observe: [`${what}: no dependents block it`], compare: [`remove the ${fin} finalizer`], act: [`PUT ${this.live(n)!.resource}/${n.name} finalizers -${fin}`] };
  }

  /** For tests: how many objects the graph holds. */
  get graphSize(): number {
    return this.uidToNode.size;
  }
}

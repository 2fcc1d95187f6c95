// The informer indexes the controllers use instead of listing everything (client-go tools/cache index.go;
// upstream's controllers index pods by controller uid and by node in the same spirit).
import type { KubeObject, Pod } from '../../apiserver/types';
import type { SharedIndexInformer } from '../../client/types';
import { controllerRef } from './controller_utils';

/** Objects by the uid of their controller (ownerReference with controller=true). */
export const BY_CONTROLLER_UID = 'controllerUID';
/** Objects by the uid of every owner (for the garbage collector). */
export const BY_OWNER_UID = 'ownerUID';
/** Pods by spec.nodeName. */
export const BY_NODE = 'nodeName';
/** Objects without a controller, by namespace: the orphans a controller may adopt. */
export const ORPHANS_BY_NAMESPACE = 'orphansByNamespace';
/** Objects by uid. */
export const BY_UID = 'uid';
export const NAMESPACE = 'namespace';

const registered = new WeakMap<object, Set<string>>();

function once<T extends KubeObject>(inf: SharedIndexInformer<T>, name: string, fn: (o: T) => string[]): void {
  let s = registered.get(inf);
  if (!s) registered.set(inf, (s = new Set()));
  if (s.has(name)) return;
  s.add(name);
  inf.addIndexers({ [name]: fn });
}

export function indexByControllerUID<T extends KubeObject>(inf: SharedIndexInformer<T>): void {
  once(inf, BY_CONTROLLER_UID, (o) => {
    const ref = controllerRef(o);
    return ref ? [ref.uid] : [];
  });
  once(inf, ORPHANS_BY_NAMESPACE, (o) => (controllerRef(o) ? [] : [o.metadata.namespace ?? '']));
}

export function indexByOwnerUID<T extends KubeObject>(inf: SharedIndexInformer<T>): void {
  once(inf, BY_OWNER_UID, (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
}

export function indexByUID<T extends KubeObject>(inf: SharedIndexInformer<T>): void {
  once(inf, BY_UID, (o) => (o.metadata.uid ? [o.metadata.uid] : []));
}

export function indexPodsByNode(inf: SharedIndexInformer<Pod>): void {
  once(inf, BY_NODE, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
}

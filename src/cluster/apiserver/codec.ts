// Models staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go's encode/decode path and its APIObjectVersioner:
// objects are stored without a resourceVersion and get etcd's mod_revision as their resourceVersion on the way
// out. Note: the real kube-apiserver stores most objects as protobuf (with a `k8s\0` prefix); the mini-cluster
// stores JSON so that `etcdctl get` shows something a learner can read.
import type { KubeObject } from './types';

/** The bytes written to etcd: the object with metadata.resourceVersion cleared. */
export function encodeObject(obj: KubeObject): string {
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return JSON.stringify({ ...obj, metadata: meta });
}

/** A value under /registry/ that is not an object (written there by hand with etcdctl, say). */
export class CorruptObjectError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'CorruptObjectError';
  }
}

/** An object read from etcd, its resourceVersion set from the key's mod_revision. */
export function decodeObject(value: string, modRevision: number): KubeObject {
  let obj: KubeObject;
  try {
    obj = JSON.parse(value) as KubeObject;
  } catch (err) {
    throw new CorruptObjectError(err instanceof Error ? err.message : String(err));
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new CorruptObjectError('not a JSON object');
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = { name: '' };
  obj.metadata.resourceVersion = String(modRevision);
  return obj;
}

/** decodeObject, or undefined for a value that does not decode (skipped by lists and the watch cache). */
export function tryDecodeObject(value: string, modRevision: number): KubeObject | undefined {
  try {
    return decodeObject(value, modRevision);
  } catch (err) {
    if (err instanceof CorruptObjectError) return undefined;
    throw err;
  }
}

/**
 * Objects in the watch cache are shared by every watcher and list, as upstream shares them; freezing them makes
 * an accidental mutation fail loudly instead of corrupting the cache. Copy with deepCopy before changing one.
 */
export function deepFreeze<T>(obj: T): T {
  if (obj === null || typeof obj !== 'object' || Object.isFrozen(obj)) return obj;
  Object.freeze(obj);
  for (const v of Object.values(obj as object)) deepFreeze(v);
  return obj;
}

/**
 * runtime.Object.DeepCopy: a mutable copy of an object (e.g. one from an informer's cache). Speed: a walk that
 * copies what a JSON round trip would keep (undefined fields dropped, undefined array items as null), about five
 * times faster than JSON.parse(JSON.stringify()) on a pod and without the intermediate string; every create and
 * update starts with one.
 */
export function deepCopy<T>(obj: T): T {
  return obj === undefined ? obj : (cloneJSON(obj) as T);
}

function cloneJSON(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out[i] = x === undefined || typeof x === 'function' || typeof x === 'symbol' ? null : cloneJSON(x);
    }
    return out;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(v));
  const out: Record<string, unknown> = {};
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const x = o[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    out[k] = cloneJSON(x);
  }
  return out;
}

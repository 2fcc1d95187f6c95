// k8s.io/api/core/v1/toleration.go ToleratesTaint and component-helpers/scheduling/corev1 taint helpers.
import type { Taint, Toleration } from '../../apiserver/types';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Does this toleration tolerate this taint? (An empty key with Exists tolerates everything.) */
export function toleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  switch (tol.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      if (!tol.key) return false;
      return (tol.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tols: Toleration[] | undefined, taint: Taint): boolean {
  return (tols ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint (with one of `effects`) that no toleration tolerates. */
export function findUntoleratedTaint(taints: Taint[] | undefined, tols: Toleration[] | undefined, effects: Array<Taint['effect']>): Taint | undefined {
  for (const t of taints ?? []) {
    if (!effects.includes(t.effect)) continue;
    if (!tolerationsTolerateTaint(tols, t)) return t;
  }
  return undefined;
}

/** `node.kubernetes.io/unreachable:NoExecute` as kubectl describe prints a taint. */
export function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

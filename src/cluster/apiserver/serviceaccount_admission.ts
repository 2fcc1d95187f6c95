// Models plugin/pkg/admission/serviceaccount/admission.go (the ServiceAccount admission plugin's Admit on pod CREATE).
import type { Rand } from '../sim/rand';
import { generateName } from './names';
import type { Pod, Volume } from './types';

/** The admission plugin's name, as `--enable-admission-plugins` spells it. */
export const PLUGIN_NAME = 'ServiceAccount';
/** DefaultServiceAccountName: the account a pod runs as when it names none. */
export const DEFAULT_SERVICE_ACCOUNT_NAME = 'default';
/** ServiceAccountVolumeName: the prefix of the projected token volume (`kube-api-access-` + 5 random characters). */
export const SERVICE_ACCOUNT_VOLUME_NAME = 'kube-api-access';
/** DefaultAPITokenMountPath: where every container finds `token`, `ca.crt` and `namespace`. */
export const DEFAULT_API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: one hour and seven seconds. */
export const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 60 * 60 + 7;
/** ProjectedVolumeSourceDefaultMode (0644), written out explicitly by the plugin. */
const PROJECTED_DEFAULT_MODE = 0o644;
/** The kubelet's annotation on a static pod's mirror: the plugin leaves such pods alone. */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * TokenVolumeSource: a projected volume with the bound token (kubelet-requested, audience the API server),
 * the cluster's CA bundle from the `kube-root-ca.crt` ConfigMap, and the pod's namespace.
 */
export function tokenVolumeSource(): NonNullable<Volume['projected']> {
  return {
    defaultMode: PROJECTED_DEFAULT_MODE,
    sources: [
      { serviceAccountToken: { expirationSeconds: WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

/**
 * shouldAutomount: the pod's `automountServiceAccountToken` wins; then the ServiceAccount's (the mini-cluster
 * keeps no ServiceAccount objects, so there is none to ask); true otherwise.
 */
export function shouldAutomount(pod: Pod): boolean {
  const own = pod.spec.automountServiceAccountToken;
  return typeof own === 'boolean' ? own : true;
}

/**
 * The plugin's Admit for a pod being created: default `serviceAccountName`, then (unless the pod opts out)
 * give every init container and container a read-only mount of the token volume at
 * /var/run/secrets/kubernetes.io/serviceaccount — except containers that already mount something there — and
 * add the volume if any container took the mount. The volume keeps an existing `kube-api-access-*` volume's
 * name, else gets a fresh one from SimpleNameGenerator drawn from `rand`: the plugin's own stream, so the
 * suffix never moves any other seeded name.
 */
export function admitServiceAccount(pod: Pod, rand: Rand): void {
  if (pod.kind !== 'Pod' || !pod.spec) return;
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
  if (!pod.spec.serviceAccountName) pod.spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT_NAME;
  if (shouldAutomount(pod)) mountServiceAccountToken(pod, rand);
}

function mountServiceAccountToken(pod: Pod, rand: Rand): void {
  const spec = pod.spec;
  const existing = (spec.volumes ?? []).find((v) => typeof v?.name === 'string' && v.name.startsWith(`${SERVICE_ACCOUNT_VOLUME_NAME}-`));
  const volumeName = existing ? existing.name : generateName(rand, `${SERVICE_ACCOUNT_VOLUME_NAME}-`);
  let needsVolume = false;
  for (const list of [spec.initContainers, spec.containers]) {
    for (const c of list ?? []) {
      if (!c || typeof c !== 'object') continue;
      const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
      if (mounts.some((m) => m?.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH)) continue;
      c.volumeMounts = [...mounts, { name: volumeName, readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }];
      needsVolume = true;
    }
  }
  if (!existing && needsVolume) {
    spec.volumes = [...(Array.isArray(spec.volumes) ? spec.volumes : []), { name: volumeName, projected: tokenVolumeSource() }];
  }
}

// A simulated container runtime, standing in for containerd behind the CRI (k8s.io/cri-api runtime/v1 api.proto:
// PullImage, RunPodSandbox, CreateContainer, StartContainer, StopContainer). It knows a few demo images and
// what their containers do when started:
//   nginx:*            (any tag)  serves forever on port 80
//   busybox[:tag]                 runs its command: `sleep N` keeps running (and, as PID 1, ignores SIGTERM:
//                                 its pod takes the whole grace period to stop), `exit N` / `false` exits, none exits 0
//   kubetutor/crash[:tag]         exits with code 1 right after it starts (CrashLoopBackOff on demand)
//   registry.k8s.io/pause[:tag]   runs forever
// Any other image fails to pull (ErrImagePull, then ImagePullBackOff), as a typo would on a real cluster.
import { createHash } from 'node:crypto';
import type { Container } from '../apiserver/types';

export interface ImageInfo {
  /** The reference as the runtime reports it: docker.io/library/nginx:1.14.2 */
  ref: string;
  sizeBytes: number;
}

/**
 * What a started container does. `ignoresSigterm`: PID 1 without a SIGTERM handler (busybox `sleep`) keeps
 * running when asked to stop, so deleting its pod waits the whole grace period before SIGKILL.
 */
export type ContainerBehaviour = { kind: 'runs'; ignoresSigterm?: boolean } | { kind: 'exits'; exitCode: number };

const MB = 1000 * 1000;

interface KnownImage {
  repo: RegExp;
  size: number;
  behaviour(c: Container): ContainerBehaviour;
}

const KNOWN: KnownImage[] = [
  { repo: /^(docker\.io\/)?(library\/)?nginx$/, size: 67 * MB, behaviour: () => ({ kind: 'runs' }) },
  { repo: /^(docker\.io\/)?(library\/)?busybox$/, size: Math.round(4.3 * MB), behaviour: busybox },
  { repo: /^(docker\.io\/)?kubetutor\/crash$/, size: Math.round(1.2 * MB), behaviour: () => ({ kind: 'exits', exitCode: 1 }) },
  { repo: /^registry\.k8s\.io\/pause$/, size: Math.round(0.3 * MB), behaviour: () => ({ kind: 'runs' }) },
];

function busybox(c: Container): ContainerBehaviour {
  const words = [...(c.command ?? []), ...(c.args ?? [])].join(' ');
  if (!words.trim()) return { kind: 'exits', exitCode: 0 };
  const exit = /\bexit\s+(\d+)/.exec(words);
  if (exit) return { kind: 'exits', exitCode: Number(exit[1]) };
  if (/\bfalse\b/.test(words)) return { kind: 'exits', exitCode: 1 };
  if (/\b(sleep|tail|while)\b/.test(words)) return { kind: 'runs', ignoresSigterm: true };
  if (/\b(httpd|nc)\b/.test(words)) return { kind: 'runs' };
  return { kind: 'exits', exitCode: 0 };
}

/** `nginx` → {repo: nginx, tag: latest}; `kubetutor/crash:v1` → {repo: kubetutor/crash, tag: v1}. */
export function parseImage(image: string): { repo: string; tag: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { repo: image.slice(0, at), tag: image.slice(at + 1) };
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  return colon < 0 ? { repo: image, tag: 'latest' } : { repo: image.slice(0, colon), tag: image.slice(colon + 1) };
}

const refs = new Map<string, string>();

/** docker.io/library/nginx:1.14.2, as containerd names a Docker Hub image. */
export function fullRef(image: string): string {
  let ref = refs.get(image);
  if (ref === undefined) {
    ref = computeFullRef(image);
    if (refs.size < 10_000) refs.set(image, ref);
  }
  return ref;
}

function computeFullRef(image: string): string {
  const { repo, tag } = parseImage(image);
  let r = repo;
  const first = r.split('/')[0]!;
  const hasRegistry = r.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) r = r.includes('/') ? `docker.io/${r}` : `docker.io/library/${r}`;
  return `${r}:${tag}`;
}

function known(image: string): KnownImage | undefined {
  const { repo } = parseImage(image);
  return KNOWN.find((k) => k.repo.test(repo));
}

/** Pulls take virtual time in proportion to size: about 30 MB/s, at least half a second. */
export function pullDurationMs(sizeBytes: number): number {
  return Math.max(500, Math.round((sizeBytes / (30 * MB)) * 1000));
}

export class ImageNotFoundError extends Error {}

/** One node's runtime: the images it holds. Containers' states live in the kubelet's pod workers. */
export class FakeRuntime {
  readonly images = new Map<string, ImageInfo>();

  hasImage(image: string): boolean {
    return this.images.has(fullRef(image));
  }

  /** What a pull would fetch, or an error in containerd's words. */
  resolve(image: string): ImageInfo {
    const k = known(image);
    if (!k) {
      const ref = fullRef(image);
      throw new ImageNotFoundError(
        `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
      );
    }
    return { ref: fullRef(image), sizeBytes: k.size };
  }

  /** The pull finished: the image is now on the node. */
  store(info: ImageInfo): void {
    this.images.set(info.ref, info);
  }

  behaviour(c: Container): ContainerBehaviour {
    return known(c.image)?.behaviour(c) ?? { kind: 'runs' };
  }

  /** For node.status.images, biggest first as the kubelet reports them. */
  nodeImages(): Array<{ names: string[]; sizeBytes: number }> {
    return [...this.images.values()]
      .sort((a, b) => b.sizeBytes - a.sizeBytes || (a.ref < b.ref ? -1 : 1))
      .map((i) => ({ names: [i.ref], sizeBytes: i.sizeBytes }));
  }
}

/** The repo digest containerd reports as imageID: docker.io/library/nginx@sha256:… (stable per reference). */
export function imageDigestRef(ref: string): string {
  const at = ref.lastIndexOf(':');
  const repo = at > ref.lastIndexOf('/') ? ref.slice(0, at) : ref;
  return `${repo}@sha256:${createHash('sha256').update(ref).digest('hex')}`;
}

/** `containerd://3f2a…`: a container ID from the seeded source. */
export function containerID(hex: () => string): string {
  return `containerd://${hex()}`;
}

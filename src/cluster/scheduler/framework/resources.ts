// apimachinery/pkg/api/resource (Quantity) and component-helpers/resource (PodRequests), with the scheduler's
// non-zero defaults from pkg/scheduler/util/pod_resources.go (100m CPU, 200Mi memory for a container
// that asks for nothing, so that empty pods still spread when scoring).
import type { Container, Pod, ResourceList } from '../../apiserver/types';

/** DefaultMilliCPURequest */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** DefaultMemoryRequest: 200 MiB */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

/** A Quantity (`500m`, `2`, `128Mi`, `1e3`) in base units; undefined when malformed. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+)(?:[eE]([+-]?\d+))?(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (Number.isNaN(n)) return undefined;
  const exp = m[2] ? 10 ** Number(m[2]) : 1;
  return n * exp * SUFFIX[m[3] ?? '']!;
}

export function milliCPU(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(v * 1000 - 1e-9);
}

export function bytes(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(v - 1e-9);
}

/** What the scheduler counts: CPU in millicores, memory in bytes, pods as a count. */
export interface Resource {
  milliCPU: number;
  memory: number;
}

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0 };
}

export function resourceListToResource(list: ResourceList | undefined): Resource & { pods: number } {
  return { milliCPU: milliCPU(list?.cpu), memory: bytes(list?.memory), pods: Math.floor(parseQuantity(list?.pods) ?? 0) };
}

function containerRequest(c: Container, nonZero: boolean): Resource {
  // Requests only: the API server has already defaulted them from limits (SetDefaults_Pod).
  const req = c.resources?.requests ?? {};
  const cpu = req.cpu;
  const mem = req.memory;
  return {
    milliCPU: cpu === undefined ? (nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0) : milliCPU(cpu),
    memory: mem === undefined ? (nonZero ? DEFAULT_MEMORY_REQUEST : 0) : bytes(mem),
  };
}

/**
 * PodRequests: the sum over app containers, raised to any init container's need (init containers run one at
 * a time, before the others). With nonZero, a container that asks for nothing counts 100m / 200Mi.
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const sum = emptyResource();
  for (const c of pod.spec.containers ?? []) {
    const r = containerRequest(c, nonZero);
    sum.milliCPU += r.milliCPU;
    sum.memory += r.memory;
  }
  for (const c of pod.spec.initContainers ?? []) {
    const r = containerRequest(c, nonZero);
    sum.milliCPU = Math.max(sum.milliCPU, r.milliCPU);
    sum.memory = Math.max(sum.memory, r.memory);
  }
  return sum;
}

/** `1500m`, `2`, for explain tables. */
export function formatMilliCPU(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

export function formatBytes(b: number): string {
  for (const [s, f] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) if (b % f === 0 && b >= f) return `${b / f}${s}`;
  return String(b);
}

import { Loop } from '../../src/cluster/sim/loop';
import { createMemoryStore, type MemoryStore } from '../../src/cluster/store/memory';
import type { WatchEvent, WatchRequest, WatchResponse } from '../../src/cluster/store/types';

export function fresh(opts: { treeOrder?: number } = {}): { loop: Loop; kv: MemoryStore } {
  const loop = new Loop();
  return { loop, kv: createMemoryStore(loop, opts) };
}

export async function rejects(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the request to fail');
}

/** A watch that records every response; events flattened as "PUT key@rev". */
export async function recordWatch(kv: MemoryStore, req: WatchRequest) {
  const responses: WatchResponse[] = [];
  const w = await kv.watch(req, (r) => responses.push(r));
  return {
    w,
    responses,
    events: (): WatchEvent[] => responses.flatMap((r) => r.events),
    lines: (): string[] => responses.flatMap((r) => r.events.map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`)),
  };
}

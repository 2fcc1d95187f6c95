// Placeholder until the embedded mvcc store lands (issue 2).
import type { Loop } from '../sim/loop';
import type { KV } from './types';

export function createMemoryStore(_loop: Loop): KV {
  throw new Error('the embedded store is not built yet');
}

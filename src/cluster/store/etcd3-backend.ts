// Placeholder until the real-etcd backend lands (issue 8).
import type { Loop } from '../sim/loop';
import type { KV } from './types';

export async function connectEtcd(_url: string, _loop: Loop): Promise<KV> {
  throw new Error('--store etcd:// is not built yet');
}

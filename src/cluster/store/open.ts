// Opens the store a `--store` URL names: the embedded mvcc store (`memory`) or a real etcd (`etcd://…`).
import type { Loop } from '../sim/loop';
import type { KV } from './types';

export async function openStore(url: string, loop: Loop): Promise<KV> {
  if (url === 'memory') {
    const { createMemoryStore } = await import('./memory');
    return createMemoryStore(loop);
  }
  if (url.startsWith('etcd://')) {
    const { connectEtcd } = await import('./etcd3-backend');
    return connectEtcd(url, loop);
  }
  throw new Error(`unknown store "${url}": use memory or etcd://HOST:PORT[,HOST:PORT…]`);
}

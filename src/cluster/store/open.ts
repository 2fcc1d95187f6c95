// Opens the store a `--store` URL names:
//   memory          the embedded mvcc store (one member)
//   memory:N        the embedded store with N simulated members (quorum.ts), for the HA lesson anywhere
//   etcd://H:P,…    a real etcd that someone else runs
//   local-etcd:N    N real etcd members that kubetutor starts on loopback for this session and stops after
import type { Loop } from '../sim/loop';
import { StoreError, type KV } from './types';

export const STORE_FORMS = 'memory, memory:N, etcd://HOST:PORT[,HOST:PORT…] or local-etcd:N';

export async function openStore(url: string, loop: Loop): Promise<KV> {
  const sized = /^(memory|local-etcd):(\d+)$/.exec(url);
  const size = sized ? Number(sized[2]) : 0;
  if (sized && (size < 1 || size > 7)) throw new StoreError('invalid', `--store ${url}: an etcd cluster has 1 to 7 members`);
  if (url === 'memory' || sized?.[1] === 'memory') {
    const { createMemoryStore } = await import('./memory');
    const kv = createMemoryStore(loop);
    if (!sized) return kv;
    const { withSimulatedMembers } = await import('./quorum');
    return withSimulatedMembers(kv, size);
  }
  if (url.startsWith('etcd://')) {
    const { connectEtcd } = await import('./etcd3-backend');
    return connectEtcd(url, loop);
  }
  if (sized?.[1] === 'local-etcd') {
    const [{ LocalEtcd }, { connectEtcd }] = await Promise.all([import('./local_etcd'), import('./etcd3-backend')]);
    const members = await LocalEtcd.start(size);
    try {
      const kv = await connectEtcd(members.url, loop);
      kv.members = members;
      const close = kv.close.bind(kv);
      kv.close = async () => {
        await close();
        await members.shutdown();
      };
      return kv;
    } catch (err) {
      await members.shutdown();
      throw err;
    }
  }
  throw new StoreError('invalid', `unknown store "${url}": use ${STORE_FORMS}`);
}

// Builds ComponentDeps from kube-apiserver and client-go's machinery (src/cluster/client): clients with an
// identity, a shared informer factory per process, and rate-limited work queues whose keys run as loop steps.
import type { ApiServer } from '../../apiserver/server';
import { newSharedInformerFactory } from '../../client/factory';
import { runWorker } from '../../client/worker';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, RateLimitingQueue } from '../../client/workqueue';
import type { Loop } from '../../sim/loop';
import type { Rand } from '../../sim/rand';
import type { ComponentDeps } from './deps';

export function componentDeps(api: ApiServer, loop: Loop, rand: Rand): ComponentDeps {
  return {
    loop,
    rand,
    client: (who) => api.client(who),
    informerFactory: (who) => newSharedInformerFactory(api.client(who), loop),
    workQueue: (name, opts, reconcile) => {
      const rateLimiter =
        opts.maxBackoffMs === undefined
          ? undefined
          : new MaxOfRateLimiter([new ItemExponentialFailureRateLimiter(5, opts.maxBackoffMs), new BucketRateLimiter(() => loop.now(), 10, 100)]);
      const q = new RateLimitingQueue(name, loop, { rateLimiter });
      runWorker(q, loop, reconcile, { component: opts.component, phase: opts.phase ?? opts.kind, kind: opts.kind, title: opts.title });
      return q;
    },
  };
}

// client-go, as the components import it: informers, listers' indexes, work queues, the event recorder.
export { newSharedInformerFactory, SharedInformerFactoryImpl } from './factory';
export { SharedIndexInformerImpl } from './shared_informer';
export { Reflector } from './reflector';
export { DeltaFIFO } from './delta_fifo';
export {
  ThreadSafeIndexer,
  metaNamespaceKey,
  splitMetaNamespaceKey,
  NAMESPACE_INDEX,
  NODE_NAME_INDEX,
  namespaceIndexFunc,
  nodeNameIndexFunc,
} from './store';
export { RateLimitingQueue, ItemExponentialFailureRateLimiter, BucketRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter } from './workqueue';
export { runWorker, type Reconciler } from './worker';
export { EventRecorder, objectReference } from './record';
export { deepCopy } from '../apiserver/codec';
export type * from './types';

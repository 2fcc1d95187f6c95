// The learner's progress (see store.ts for the API and the guarantees of the file).
export * from './store';

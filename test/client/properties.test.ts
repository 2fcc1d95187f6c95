// Properties of the watch path and the work queue, checked over random histories (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/cluster/apiserver/types';
import { newSharedInformerFactory } from '../../src/cluster/client/factory';
import { RateLimitingQueue } from '../../src/cluster/client/workqueue';
import { Loop } from '../../src/cluster/sim/loop';
import { pod, startApi } from '../apiserver/helpers';

type Op =
  | { op: 'create'; name: number; node: number; app: number }
  | { op: 'label'; name: number; app: number }
  | { op: 'bind'; name: number; node: number }
  | { op: 'delete'; name: number }
  | { op: 'run' }
  | { op: 'drop' }
  | { op: 'reconnect' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('create' as const), name: fc.nat(7), node: fc.nat(3), app: fc.nat(2) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('label' as const), name: fc.nat(7), app: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('bind' as const), name: fc.nat(7), node: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), name: fc.nat(7) }) },
  { weight: 3, arbitrary: fc.constant({ op: 'run' as const }) },
  { weight: 2, arbitrary: fc.constant({ op: 'drop' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'reconnect' as const }) },
);

const phaseArb = fc.record({ drop: fc.boolean(), writes: fc.array(opArb, { maxLength: 8 }), reconnect: fc.boolean() });

describe('informers over random histories', () => {
  it('end up holding exactly what a quorum list with the same selectors returns, through drops and 410s', async () => {
    let expired = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(phaseArb, { maxLength: 8 }), fc.integer({ min: 1, max: 4 }), async (phases, window) => {
        const ops: Op[] = phases.flatMap((ph) => [
          ...(ph.drop ? [{ op: 'drop' as const }] : []),
          ...ph.writes,
          { op: 'run' as const },
          ...(ph.reconnect ? [{ op: 'reconnect' as const }, { op: 'run' as const }] : []),
        ]);
        const { api, loop, client } = await startApi({ watchCacheSize: window, compactionIntervalMs: 0 });
        const selectors = [{}, { labelSelector: 'app=a1' }, { fieldSelector: 'spec.nodeName=node-1' }, { labelSelector: 'app!=a0', fieldSelector: 'spec.nodeName!=node-2' }];
        const informers = selectors.map((sel, i) => {
          const f = newSharedInformerFactory(api.client(`watcher-${i}`), loop);
          const inf = f.forResource<Pod>('pods', sel);
          const names = new Set<string>();
          inf.addEventHandler({ onAdd: (p) => names.add(p.metadata.name), onDelete: (p) => names.delete(p.metadata.name) });
          return { f, inf, sel, names };
        });
        for (const i of informers) await i.f.start();
        for (const o of ops) {
          const name = `p${'name' in o ? o.name : 0}`;
          try {
            if (o.op === 'create') await client.create<Pod>('pods', pod(name, o.node ? { nodeName: `node-${o.node}` } : {}, { app: `a${o.app}` }));
            else if (o.op === 'label') {
              const p = await client.get<Pod>('pods', name, 'default');
              await client.update('pods', { ...p, metadata: { ...p.metadata, labels: { app: `a${o.app}` } } });
            } else if (o.op === 'bind') await client.bind('default', name, `node-${o.node}`);
            else if (o.op === 'delete') await client.delete('pods', name, 'default', { gracePeriodSeconds: 0 });
            else if (o.op === 'run') await loop.run();
            else if (o.op === 'drop') for (const i of informers) i.inf.reflector.disconnect();
            else if (o.op === 'reconnect') for (const i of informers) await i.inf.reflector.reconnect();
          } catch (err) {
            if (!(err instanceof Error) || !/not found|already exists|already assigned/.test(err.message)) throw err;
          }
        }
        for (const i of informers) await i.inf.reflector.reconnect();
        await loop.run();
        expired += informers.reduce((a, i) => a + i.inf.reflector.expired, 0);
        for (const i of informers) {
          const truth = (await client.list<Pod>('pods', undefined, i.sel)).items;
          const want = truth.map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`).sort();
          const got = i.inf.getIndexer().list().map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`).sort();
          expect(got).toEqual(want);
          expect([...i.names].sort()).toEqual(truth.map((p) => p.metadata.name).sort());
        }
      }),
      { numRuns: 100 },
    );
    // The histories do reach the 410 path, often.
    expect(expired).toBeGreaterThan(20);
  }, 60_000);
});

describe('the work queue over random operations', () => {
  it('never queues a key twice, never hands out a key being processed, and loses no added key', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ add: fc.nat(4) }), fc.constant({ get: true }), fc.record({ done: fc.nat(3) })), { maxLength: 80 }),
        (ops) => {
          const q = new RateLimitingQueue('q', new Loop(), { register: false });
          const processing: string[] = [];
          const wanted = new Set<string>();
          for (const o of ops) {
            if ('add' in o) {
              q.add(`k${o.add}`);
              wanted.add(`k${o.add}`);
            } else if ('get' in o) {
              const k = q.get();
              if (k !== undefined) {
                expect(processing).not.toContain(k);
                processing.push(k);
                wanted.delete(k);
              }
            } else if (processing.length) {
              const k = processing.splice(o.done % processing.length, 1)[0]!;
              q.done(k);
            }
            const pending = q.pending();
            expect(new Set(pending).size).toBe(pending.length);
            for (const k of pending) expect(processing).not.toContain(k);
          }
          // Finish everything: every key added since it was last handed out comes out again.
          for (const k of processing.splice(0)) q.done(k);
          const rest = new Set<string>();
          for (let k = q.get(); k !== undefined; k = q.get()) {
            rest.add(k);
            q.done(k);
          }
          for (const k of wanted) expect(rest).toContain(k);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// kubectl events (k8s.io/kubectl/pkg/cmd/events: events.go and event_printer.go): the namespace's events sorted
// by when they last happened, LAST SEEN with "(x3 over 2m)" for repeats, OBJECT as Kind/name, --for TYPE/NAME,
// --types, -A and -w.
import type { WatchHandle } from '../../apiserver/api';
import type { KubeEvent, Status } from '../../apiserver/types';
import { LineError } from '../shell';
import { asLineError, emit, type KubectlEnv } from './env';
import { bool, parseFlags, str, strs, type FlagSpec } from './flags';
import { eventInterval } from './printers';
import { requireType } from './resources';
import { TABLE_OPTIONS, TabWriter } from './tabwriter';

const EVENTS_FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'for', type: 'string' },
  { name: 'types', type: 'strings' },
  { name: 'no-headers', type: 'bool' },
  { name: 'chunk-size', type: 'int' },
];

/** eventTime: what the events are sorted by (the last occurrence). */
function eventTime(e: KubeEvent): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
  return t ? Date.parse(t) : 0;
}


function row(e: KubeEvent, now: number, allNs: boolean): string {
  const cells = [eventInterval(e, now), e.type, e.reason, `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`, (e.message ?? '').trim()];
  if (allNs) cells.unshift(e.metadata.namespace ?? '');
  return `${cells.join('\t')}\n`;
}

function headings(allNs: boolean): string {
  return `${allNs ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
}

export async function runEvents(env: KubectlEnv, argv: string[]): Promise<void> {
  const p = parseFlags('events', argv, EVENTS_FLAGS);
  if (p.args.length > 0) throw new LineError(`error: unknown command "${p.args[0]}" for "kubectl events"`);
  const allNs = bool(p, 'all-namespaces');
  const namespace = str(p, 'namespace') ?? 'default';
  const ns = allNs ? undefined : namespace;
  const types = (strs(p, 'types') ?? []).filter((t) => t !== '');
  for (const t of types) {
    if (!['normal', 'warning'].includes(t.toLowerCase())) throw new LineError(`error: valid --types are Normal or Warning`);
  }
  const wanted = (e: KubeEvent) => types.length === 0 || types.some((t) => t.toLowerCase() === (e.type ?? '').toLowerCase());
  let fieldSelector: string | undefined;
  const forObject = str(p, 'for');
  if (forObject !== undefined) {
    const parts = forObject.split('/');
    if (!forObject.includes('/')) throw new LineError('error: --for must be in resource/name form');
    if (parts.length !== 2) throw new LineError('error: arguments in resource/name form may not have more than one slash');
    const type = requireType(parts[0]!);
    fieldSelector = `involvedObject.kind=${type.kind},involvedObject.name=${parts[1]}`;
  }
  const noHeaders = bool(p, 'no-headers');
  const tw = new TabWriter(TABLE_OPTIONS);

  if (bool(p, 'watch')) {
    // runWatch: every later event, the headings before the first; deletions (expired events) are not shown
    let headed = noHeaders;
    let handle: WatchHandle | undefined;
    handle = await env.client
      .watch<KubeEvent>('events', ns, { fieldSelector }, (ev) => {
        if (ev.type === 'BOOKMARK' || ev.type === 'DELETED') return;
        if (ev.type === 'ERROR') {
          env.io.err(`error: watch error: ${(ev.object as Status).message}`);
          handle?.stop();
          return;
        }
        const e = ev.object as KubeEvent;
        if (!wanted(e)) return;
        if (!headed) tw.write(headings(allNs));
        headed = true;
        tw.write(row(e, env.now(), allNs));
        emit(env.io, 'out', tw.flush());
      })
      .catch((err) => {
        throw asLineError(err);
      });
    env.foregroundWatch?.(() => handle?.stop());
    env.onStop?.(() => handle?.stop());
    return;
  }

  let items: KubeEvent[];
  try {
    items = (await env.client.list<KubeEvent>('events', ns, { fieldSelector })).items.filter(wanted);
  } catch (err) {
    throw asLineError(err);
  }
  if (items.length === 0) {
    env.io.err(allNs ? 'No events found.' : `No events found in ${namespace} namespace.`);
    return;
  }
  // sort.Sort is not stable upstream; equal times keep the list (key) order here
  items = items.map((e, i) => ({ e, i })).sort((a, b) => eventTime(a.e) - eventTime(b.e) || a.i - b.i).map((x) => x.e);
  if (!noHeaders) tw.write(headings(allNs));
  for (const e of items) tw.write(row(e, env.now(), allNs));
  emit(env.io, 'out', tw.flush());
}

// kubectl's --dry-run (k8s.io/kubectl/pkg/cmd/util/helpers.go: AddDryRunFlag, GetDryRunStrategy,
// PrintFlagsWithDryRunStrategy): none sends the change; client sends nothing that mutates and prints what it would
// have sent; server sends it with dryRun=All, so the API server runs it through admission and validation and
// answers with the object it would have stored, without storing it.
import type { Client } from '../../apiserver/api';
import type { KubeObject } from '../../apiserver/types';
import { LineError } from '../shell';
import type { KubectlEnv } from './env';
import { parseBool, str, type FlagSpec, type Parsed } from './flags';
import { printJSON, printYAML } from './output';

export type DryRunStrategy = 'none' | 'client' | 'server';

/** `--dry-run[=none|client|server]`; bare, it takes pflag's NoOptDefVal "unchanged" (read as client). */
export const DRY_RUN_FLAG: FlagSpec = { name: 'dry-run', type: 'string', noOptDefVal: 'unchanged' };

/** klog's header on a warning line: `W1128 01:39:04.000000       1 helpers.go:704] `, on the virtual clock. */
function klogWarning(now: number, message: string): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`;
  // the thread id column: kubectl is process 1 of the shell's (imagined) container
  return `W${stamp}       1 helpers.go:704] ${message}`;
}

/** GetDryRunStrategy: the strategy the line asked for, with kubectl's warnings and its error for a bad value. */
export function dryRunStrategy(env: KubectlEnv, p: Parsed): DryRunStrategy {
  const v = str(p, 'dry-run');
  if (v === undefined) return 'none';
  const asBool = parseBool(v);
  if (asBool !== undefined) {
    const instead = asBool ? 'client' : 'none';
    env.io.err(klogWarning(env.now(), `--dry-run=${v} is deprecated (boolean value) and can be replaced with --dry-run=${instead}.`));
    return instead;
  }
  switch (v) {
    case 'unchanged':
      env.io.err(klogWarning(env.now(), '--dry-run is deprecated and can be replaced with --dry-run=client.'));
      return 'client';
    case 'client':
    case 'server':
    case 'none':
      return v;
    default:
      throw new LineError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  }
}

/** PrintFlagsWithDryRunStrategy: `created` → `created (dry run)` / `created (server dry run)`. */
export function withDryRun(operation: string, strategy: DryRunStrategy): string {
  return strategy === 'client' ? `${operation} (dry run)` : strategy === 'server' ? `${operation} (server dry run)` : operation;
}

/** The client a write goes through: for a server dry run, one whose every write carries dryRun=All. */
export function writer(env: KubectlEnv, strategy: DryRunStrategy): Client {
  if (strategy !== 'server') return env.client;
  if (!env.dryRunClient) throw new LineError('error: this API server does not support server-side dry run');
  return env.dryRunClient;
}

/**
 * The printer a mutating verb ends with (PrintFlags.ToPrinter): -o yaml|json prints the object (the one built
 * for a client dry run, the server's answer otherwise), -o name prints `kind/name`, nothing prints
 * `kind/name OPERATION` with the dry-run suffix.
 */
export function printResult(env: KubectlEnv, output: string | undefined, obj: KubeObject | Record<string, unknown>, ref: string, operation: string, strategy: DryRunStrategy): void {
  if (output === 'yaml') env.io.out(printYAML(obj));
  else if (output === 'json') env.io.out(printJSON(obj));
  else if (output === 'name') env.io.out(ref);
  else if (output === undefined || output === '') env.io.out(`${ref} ${withDryRun(operation, strategy)}`);
  else throw new LineError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
}

/** How kubectl shows an object it built itself (never sent): zero timestamps as null, an empty status. */
export function asBuilt<T extends KubeObject>(obj: T, status: unknown = {}): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown> & { metadata: Record<string, unknown> };
  copy.metadata = { creationTimestamp: null, ...copy.metadata };
  if (copy.status === undefined) copy.status = status;
  return copy;
}

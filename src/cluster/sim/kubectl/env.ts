// What a kubectl subcommand runs against: the API (only through Client), where to print, the virtual clock,
// the working directory for -f paths, and hooks into the loop (rollout status waits for the loop to settle;
// get --watch keeps its watch open until the cluster stops).
import { ApiError, type Client } from '../../apiserver/api';
import type { ShellIO } from '../shell';
import { LineError } from '../shell';

export interface KubectlEnv {
  client: Client;
  /** The same identity, every write sent with dryRun=All (`--dry-run=server`). */
  dryRunClient?: Client;
  io: ShellIO;
  now(): number;
  cwd: string;
  /** Runs the loop until idle (mode auto) — undefined when nothing may move (mode step). */
  runLoop?: () => Promise<void>;
  /** Registers a clean-up for when the cluster stops (open watches). */
  onStop?: (fn: () => void) => void;
  /**
   * Makes `stop` the session's one `get --watch` (stopping the one before): a real kubectl -w holds the
   * terminal until Ctrl-C, so a second one replaces the first rather than printing twice.
   */
  foregroundWatch?: (stop: () => void) => void;
  /** Reads stdin for `-f -`. */
  stdin?: () => string;
}

/** kubectl's CheckErr wording for an API error. */
export function apiErrorText(err: ApiError): string {
  const st = err.status;
  if (st.reason === 'Invalid' && st.details && (st.details.kind || st.details.name)) {
    const head = `The ${st.details.kind ?? ''} "${st.details.name ?? ''}" is invalid`;
    const causes = (st.details.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    if (causes.length === 1) return `${head}: ${causes[0]}`;
    if (causes.length > 1) return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
    return `${head}: ${st.message}`;
  }
  // A status without a reason (StatusReasonUnknown) prints without the parenthesis, as kubectl does.
  return st.reason ? `Error from server (${st.reason}): ${st.message}` : `Error from server: ${st.message}`;
}

/** AddSourceToErr: `error when creating "web.yaml": …` in the message, then CheckErr's wording. */
export function apiErrorWithSource(err: ApiError, verb: string, source: string): string {
  if (err.status.reason === 'Invalid' && err.status.details && (err.status.details.kind || err.status.details.name)) return apiErrorText(err);
  return apiErrorText(new ApiError({ ...err.status, message: `error when ${verb} "${source}": ${err.status.message}` }));
}

/**
 * One object kubectl failed on, in the two ways CheckErr prints it: alone (an Invalid error as `The Pod "x" is
 * invalid: …`), or among several (MultipleErrors: each as StandardErrorMessage, `Error from server (Invalid):
 * error when creating "f.yaml": Pod "x" is invalid: …`).
 */
export interface FailedObject {
  alone: string;
  among: string;
}

export function failedObject(err: ApiError, verb: string, source: string): FailedObject {
  const st = err.status;
  const message = `error when ${verb} "${source}": ${st.message}`;
  return {
    alone: apiErrorWithSource(err, verb, source),
    among: st.reason ? `Error from server (${st.reason}): ${message}` : `Error from server: ${message}`,
  };
}

/** checkErr on the aggregate: an aggregate of one is that error; several print one after another. */
export function failedText(failed: FailedObject[]): string {
  return failed.length === 1 ? failed[0]!.alone : failed.map((f) => f.among).join('\n');
}

/** Turns an API error into the line's failure text; rethrows anything else. */
export function asLineError(err: unknown): LineError {
  if (err instanceof LineError) return err;
  if (err instanceof ApiError) return new LineError(apiErrorText(err));
  throw err;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status.code === 404;
}

/** Writes text unless it is empty (ShellIO adds a newline to every call). */
export function emit(io: ShellIO, stream: 'out' | 'err', text: string): void {
  if (text === '') return;
  io[stream](text);
}

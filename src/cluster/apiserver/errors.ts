// Models k8s.io/apimachinery/pkg/api/errors/errors.go: the StatusErrors the API server returns, in upstream's
// words, plus field errors (apimachinery/pkg/util/validation/field/errors.go) and kubectl's way of printing them.
import { ApiError } from './api';
import type { Status } from './types';

/** schema.GroupResource for messages: `pods`, `deployments.apps`, `leases.coordination.k8s.io`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function status(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  const s: Status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code };
  if (details) s.details = details;
  // API errors are answers, not bugs: skip capturing a stack trace (controllers meet NotFound and Conflict often).
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new ApiError(s);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function newNotFound(gr: GroupResource, name: string): ApiError {
  return status(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

export function newAlreadyExists(gr: GroupResource, name: string): ApiError {
  return status(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

/** The optimistic-concurrency failure every controller learns to retry. */
export const OBJECT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

export function newConflict(gr: GroupResource, name: string, why: string = OBJECT_MODIFIED): ApiError {
  return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

export function newBadRequest(message: string): ApiError {
  return status(400, 'BadRequest', message);
}

export function newForbidden(gr: GroupResource, name: string, why: string): ApiError {
  return status(403, 'Forbidden', `${qualifiedResource(gr)} "${name}" is forbidden: ${why}`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

/** 410 Gone with reason Expired: a watch (or list) from a resourceVersion the watch cache no longer holds. */
export function newResourceExpired(message: string): ApiError {
  return status(410, 'Expired', message);
}

export function newInternalError(message: string): ApiError {
  return status(500, 'InternalError', `Internal error occurred: ${message}`);
}

// ---- field errors (field.Error) ----

export type FieldErrorType = 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueDuplicate' | 'FieldValueNotSupported' | 'FieldValueForbidden';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** field.Error.ErrorBody(): `Required value`, `Invalid value: -1: must be greater than or equal to 0`… */
  body: string;
}

/** Go's %#v-ish rendering of a bad value, as field.Error prints it. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return 'map[string]string(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]string{${v.map((x) => JSON.stringify(String(x))).join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(String(x))}`).join(', ')}}`;
  }
  return String(v);
}

export const fieldErr = {
  required: (field: string, detail?: string): FieldError => ({
    type: 'FieldValueRequired',
    field,
    body: detail ? `Required value: ${detail}` : 'Required value',
  }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({
    type: 'FieldValueInvalid',
    field,
    body: `Invalid value: ${goValue(value)}: ${detail}`,
  }),
  duplicate: (field: string, value: unknown): FieldError => ({
    type: 'FieldValueDuplicate',
    field,
    body: `Duplicate value: ${goValue(value)}`,
  }),
  notSupported: (field: string, value: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    body: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, body: `Forbidden: ${detail}` }),
};

/**
 * errors.NewInvalid: `Deployment.apps "x" is invalid: spec.replicas: Invalid value: -1: …` (several errors are
 * aggregated as `[a, b]`). details carries kind, group, name and one cause per field, from which kubectl
 * prints `The Deployment "x" is invalid: spec.replicas: …` (see kubectlErrorText).
 */
export function newInvalid(kind: string, group: string, name: string, errs: FieldError[]): ApiError {
  const texts = errs.map((e) => `${e.field}: ${e.body}`);
  const agg = texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return status(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${agg}`, {
    name,
    group: group || undefined,
    kind,
    causes: errs.map((e) => ({ reason: e.type, message: e.body, field: e.field })),
  });
}

/**
 * How kubectl prints an API error (kubectl/pkg/cmd/util/helpers.go StandardErrorMessage): Invalid errors as
 * `The KIND "NAME" is invalid: FIELD: MESSAGE` (several causes one per line, each after `* `), everything
 * else as `Error from server (REASON): MESSAGE`.
 */
export function kubectlErrorText(err: ApiError): string {
  const s = err.status;
  if (s.reason === 'Invalid' && s.details) {
    const head =
      s.details.kind || s.details.name ? `The ${s.details.kind ?? ''} "${s.details.name ?? ''}" is invalid` : 'The request is invalid';
    const causes = s.details.causes ?? [];
    if (causes.length === 0) return `${head}: ${s.message}`;
    if (causes.length === 1) return `${head}: ${causes[0]!.field}: ${causes[0]!.message}`;
    return `${head}: \n${causes.map((c) => `* ${c.field}: ${c.message}`).join('\n')}`;
  }
  return `Error from server (${s.reason}): ${s.message}`;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 404;
}
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof ApiError && err.reason === 'AlreadyExists';
}
export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.reason === 'Conflict';
}
export function isResourceExpired(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone');
}

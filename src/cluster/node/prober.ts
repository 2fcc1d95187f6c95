// pkg/kubelet/prober/prober.go (runProbe, extractPort) with pkg/probe/{http,tcp,exec}: one probe of a container,
// answered by the simulated app inside it. An app listens where its image says (nginx on 80 and its declared
// ports; busybox httpd/nc on its declared ports); `fault app-unhealthy` makes it answer badly, `fault app-hang`
// makes it stop answering and `fault app-slow-start` makes every start take a while (not listening yet), so the
// learner sees the real failure texts.
import type { Container, Probe } from '../apiserver/types';
import { parseImage } from './runtime';

export type ProbeType = 'liveness' | 'readiness' | 'startup';
/** pkg/kubelet/prober/results: the result a worker keeps per container ID. */
export type ProbeResult = 'Success' | 'Failure';

/** What `fault app-unhealthy|app-hang` did to the process in a container. */
export interface AppFault {
  /**
   * unhealthy: answers with errors (HTTP 500, refused connections, exit 1); hang: never answers (timeouts);
   * starting: each start of the app takes `startMs` before it listens (refused connections until then).
   */
  mode: 'unhealthy' | 'hang' | 'starting';
  /** The fault survives a restart (a bad config) instead of living in the process (a deadlock). */
  persistent: boolean;
  /** With mode starting: how long each start takes. */
  startMs?: number;
}

/** The fault as the app shows it `ranMs` after its container started: a slow start is over once it is done. */
export function effectiveFault(f: AppFault | undefined, ranMs: number): AppFault | undefined {
  if (f?.mode === 'starting') return ranMs < (f.startMs ?? 0) ? f : undefined;
  return f;
}

export interface ProbeOutcome {
  result: 'Success' | 'Failure' | 'Unknown';
  /** The probe's output: the text after "Liveness probe failed: ". */
  output: string;
  /** An error that means the probe could not run at all ("errored and resulted in Unknown state"). */
  error?: string;
  /** What was tried and what came back, for the step's detail: `GET http://10.244.1.2:80/ → 200 OK`. */
  trace: string;
}

/** probeType.String(): Liveness, Readiness, Startup. */
export function probeTypeString(t: ProbeType): string {
  return t === 'liveness' ? 'Liveness' : t === 'readiness' ? 'Readiness' : 'Startup';
}

/** SetDefaults_Probe's values, for a probe read back without them (older stored objects). */
export function probeTimings(p: Probe): { initialDelaySeconds: number; periodSeconds: number; timeoutSeconds: number; successThreshold: number; failureThreshold: number } {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds || 10,
    timeoutSeconds: p.timeoutSeconds || 1,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
  };
}

const NGINX = /(^|\/)nginx$/;
const BUSYBOX = /(^|\/)busybox$/;

/** The ports the container's process listens on. */
export function listeningPorts(c: Container): Set<number> {
  const repo = parseImage(c.image).repo;
  const declared = (c.ports ?? []).map((p) => p.containerPort);
  if (NGINX.test(repo)) return new Set([80, ...declared]);
  const words = [...(c.command ?? []), ...(c.args ?? [])].join(' ');
  if (BUSYBOX.test(repo) && /\b(httpd|nc)\b/.test(words)) return new Set(declared.length ? declared : [80]);
  return new Set();
}

/** extractPort: a number, a named container port, or a number written as a string. */
function extractPort(port: number | string, c: Container): { port?: number; error?: string } {
  let n: number;
  if (typeof port === 'number') n = port;
  else {
    const named = (c.ports ?? []).find((p) => p.name === port);
    if (named) n = named.containerPort;
    else if (/^[+-]?\d+$/.test(port)) n = Number(port);
    else return { error: `strconv.Atoi: parsing "${port}": invalid syntax` };
  }
  if (n > 0 && n < 65536) return { port: n };
  return { error: `invalid port number: ${n}` };
}

/** A run of the probe `p` against container `c` at `podIP`, with the app's current fault (if any). */
export function runProbe(p: Probe, c: Container, podIP: string, fault: AppFault | undefined): ProbeOutcome {
  const timeout = probeTimings(p).timeoutSeconds;
  const listening = listeningPorts(c);
  if (p.httpGet) {
    const { port, error } = extractPort(p.httpGet.port, c);
    if (error) return { result: 'Unknown', output: '', error, trace: `httpGet port ${p.httpGet.port}: ${error}` };
    const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
    const host = p.httpGet.host || podIP;
    let path = p.httpGet.path ?? '/';
    if (!path.startsWith('/')) path = `/${path}`;
    const url = `${scheme}://${host}:${port}${path}`;
    if (!listening.has(port!) || fault?.mode === 'starting') {
      const msg = `Get "${url}": dial tcp ${host}:${port}: connect: connection refused`;
      const why = fault?.mode === 'starting' && listening.has(port!) ? 'the app is still starting' : `nothing listens on ${port}`;
      return { result: 'Failure', output: msg, trace: `GET ${url} → connection refused (${why})` };
    }
    if (fault?.mode === 'hang') {
      const msg = `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
      return { result: 'Failure', output: msg, trace: `GET ${url} → no answer within timeoutSeconds=${timeout}` };
    }
    if (fault?.mode === 'unhealthy') return { result: 'Failure', output: 'HTTP probe failed with statuscode: 500', trace: `GET ${url} → 500 Internal Server Error` };
    // nginx serves its welcome page and nothing else: any other path is a 404 (a failure: not 2xx or 3xx).
    const nginx = NGINX.test(parseImage(c.image).repo);
    if (nginx && path !== '/' && path !== '/index.html') return { result: 'Failure', output: 'HTTP probe failed with statuscode: 404', trace: `GET ${url} → 404 Not Found` };
    return { result: 'Success', output: '', trace: `GET ${url} → 200 OK` };
  }
  if (p.tcpSocket) {
    const { port, error } = extractPort(p.tcpSocket.port, c);
    if (error) return { result: 'Unknown', output: '', error, trace: `tcpSocket port ${p.tcpSocket.port}: ${error}` };
    const host = p.tcpSocket.host || podIP;
    if (!listening.has(port!) || fault?.mode === 'unhealthy' || fault?.mode === 'starting') {
      const msg = `dial tcp ${host}:${port}: connect: connection refused`;
      return { result: 'Failure', output: msg, trace: `connect ${host}:${port} → connection refused` };
    }
    if (fault?.mode === 'hang') return { result: 'Failure', output: `dial tcp ${host}:${port}: i/o timeout`, trace: `connect ${host}:${port} → no answer within timeoutSeconds=${timeout}` };
    return { result: 'Success', output: '', trace: `connect ${host}:${port} → connected` };
  }
  if (p.exec) {
    const cmd = p.exec.command ?? [];
    const line = cmd.join(' ');
    if (fault?.mode === 'hang') {
      const msg = `command "${line}" timed out`;
      return { result: 'Failure', output: msg, trace: `exec [${line}] → killed after timeoutSeconds=${timeout}` };
    }
    if (fault?.mode === 'unhealthy' || fault?.mode === 'starting') {
      // The classic health file: `cat /tmp/healthy` fails the way busybox cat says it.
      const cat = cmd[0] === 'cat' && cmd[1] ? `cat: can't open '${cmd[1]}': No such file or directory` : '';
      return { result: 'Failure', output: cat, trace: `exec [${line}] → exit code 1${cat ? `: ${cat}` : ''}` };
    }
    return { result: 'Success', output: '', trace: `exec [${line}] → exit code 0` };
  }
  if (p.grpc) {
    const host = podIP;
    const port = p.grpc.port;
    if (!listening.has(port) || fault?.mode === 'starting') return { result: 'Failure', output: `timeout: failed to connect service "${host}:${port}" within ${timeout}s: context deadline exceeded`, trace: `grpc ${host}:${port} → nothing listens` };
    if (fault?.mode === 'hang') return { result: 'Failure', output: `timeout: health rpc did not complete within ${timeout}s`, trace: `grpc ${host}:${port} → no answer` };
    if (fault?.mode === 'unhealthy') return { result: 'Failure', output: 'service unhealthy (responded with "NOT_SERVING")', trace: `grpc ${host}:${port} → NOT_SERVING` };
    return { result: 'Success', output: '', trace: `grpc ${host}:${port} → SERVING` };
  }
  return { result: 'Unknown', output: '', error: 'missing probe handler', trace: 'no probe handler (httpGet, tcpSocket, exec or grpc)' };
}

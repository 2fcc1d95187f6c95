// The TUI's state and keys: each key runs one of the cluster's own lines (s = `step`, r = `run`, : = any line),
// so the TUI, the REPL and scripts behave the same. Loaded only by `kubetutor cluster --tui`.
import React, { useCallback, useEffect, useRef, useState } from 'react';
import { useApp, useInput, useStdin, useStdout } from 'ink';
import type { Cluster } from '../cluster/sim/cluster';
import type { StepRecord } from '../cluster/sim/loop';
import { debuggerFor } from '../cluster/sim/debugger';
import { reportRun } from '../cluster/sim/lines/debugger';
import { eventLine, isReconcile, snapshot, type Snapshot } from './model';
import { Screen } from './views';
import { WELCOME } from './frame';

const KEEP_EVENTS = 500;
const KEEP_OUTPUT = 200;
/** Steps between redraws during `r`. */
const RUN_SLICE = 500;

export interface AppProps {
  cluster: Cluster;
  initial: Snapshot;
  /** Where the cluster's shell writes (set up by the caller as the shell's io); drained after each line. */
  sink: string[];
  colour: boolean;
  /** Called with the exit code (0 for q, 130 for Ctrl-C) just before the app unmounts. */
  onExit(code: number): void;
}

export function App({ cluster, initial, sink, colour, onExit }: AppProps): React.ReactElement {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const { isRawModeSupported } = useStdin();
  const [dims, setDims] = useState({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const [snap, setSnap] = useState(initial);
  const [output, setOutput] = useState<string[]>(() => [WELCOME, ...sink.splice(0)]);
  const [prompt, setPrompt] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const events = useRef<string[]>(initial.events);
  const lastReconcile = useRef<StepRecord | undefined>(undefined);
  const history = useRef<string[]>([]);
  const historyAt = useRef(0);

  useEffect(() => {
    // A smaller terminal reflows what was drawn; clear the (alternate) screen so the new frame starts clean.
    const onResize = () => {
      if (stdout.isTTY) stdout.write('\x1b[2J\x1b[H');
      setDims({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);

  useEffect(
    () =>
      cluster.loop.onStep((r) => {
        events.current.push(eventLine(r));
        if (events.current.length > KEEP_EVENTS * 2) events.current = events.current.slice(-KEEP_EVENTS);
        if (isReconcile(r)) lastReconcile.current = r;
      }),
    [cluster],
  );

  // Lines run one after another: a key pressed while a run is under way waits its turn, never is lost.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const quitting = useRef(false);
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const runTask = useCallback(
    (label: string, task: () => Promise<unknown>) => {
      chain.current = chain.current.then(async () => {
        if (quitting.current) return;
        busyRef.current = true;
        setBusy(true);
        sink.length = 0;
        try {
          await task();
        } finally {
          const printed = sink.splice(0);
          setOutput((old) => [...old, `$ ${label}`, ...printed].slice(-KEEP_OUTPUT));
          if (!quitting.current) setSnap(await snapshot(cluster, events.current, lastReconcile.current));
          busyRef.current = false;
          setBusy(false);
          setProgress(undefined);
        }
      });
      return chain.current;
    },
    [cluster, sink],
  );
  const runLine = useCallback((line: string) => runTask(line, () => cluster.shell.exec(line)), [cluster, runTask]);
  // `r`: the run line's work in slices, so the frame shows progress and Ctrl-C is heard during a long run.
  const runKey = useCallback(
    () =>
      runTask('run', async () => {
        const first = cluster.loop.steps + 1;
        const r = await debuggerFor(cluster).runInSlices(RUN_SLICE, {
          cancelled: () => quitting.current,
          progress: () => setProgress(cluster.loop.steps),
        });
        await reportRun(cluster, cluster.shell.io, r, first);
      }),
    [cluster, runTask],
  );

  const quit = (code: number) => {
    quitting.current = true;
    onExit(code);
    exit();
  };

  // The prompt lives in a ref as well as in state: several keys can arrive in one chunk (a paste, tmux's
  // send-keys), before React has re-rendered with the new state.
  const promptRef = useRef<string | undefined>(undefined);
  const setLine = (p: string | undefined) => {
    promptRef.current = p;
    setPrompt(p);
  };

  const submit = () => {
    const line = (promptRef.current ?? '').trim();
    setLine(undefined);
    if (!line) return;
    history.current.push(line);
    historyAt.current = history.current.length;
    void runLine(line);
  };

  const typeChar = (ch: string) => {
    const p = promptRef.current;
    if (p !== undefined) {
      if (ch === '\r' || ch === '\n') submit();
      else if (ch === '\x7f' || ch === '\b') setLine(p.slice(0, -1));
      else if (ch >= ' ') setLine(p + ch);
      return;
    }
    if (ch === 'q') return quit(0);
    if (ch === ':') return setLine('');
    if (ch === 's') void runLine('step');
    else if (ch === 'r') void runKey();
    else if (ch === 'b') {
      void runLine('breaks');
      setLine('break ');
    }
  };

  const complete = (partial: string) => {
    void cluster.shell.complete(partial).then((hits) => {
      if (promptRef.current !== partial) return;
      if (hits.length > 1) setOutput((old) => [...old, hits.join('  ')].slice(-KEEP_OUTPUT));
      if (hits.length !== 1) return;
      const cut = /\s$/.test(partial) ? partial.length : partial.lastIndexOf(' ') + 1;
      setLine(`${partial.slice(0, cut)}${hits[0]} `);
    });
  };

  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return quit(130);
      const p = promptRef.current;
      if (p !== undefined) {
        if (key.escape) return setLine(undefined);
        if (key.return) return submit();
        if (key.backspace || key.delete) return setLine(p.slice(0, -1));
        if (key.upArrow || key.downArrow) {
          const h = history.current;
          historyAt.current = Math.max(0, Math.min(h.length, historyAt.current + (key.upArrow ? -1 : 1)));
          return setLine(h[historyAt.current] ?? '');
        }
        if (key.tab) return complete(p);
      }
      if (key.ctrl || key.meta) return;
      for (const ch of input) typeChar(ch);
    },
    { isActive: isRawModeSupported === true },
  );

  return <Screen snap={snap} output={output} prompt={prompt} busy={busy} progress={progress} cols={dims.cols} rows={dims.rows} colour={colour} />;
}

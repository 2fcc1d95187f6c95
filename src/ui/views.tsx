// The panes of `kubetutor cluster --tui`: pure views of a Snapshot. Every pane has a fixed height and every
// line is cut to the pane's width, so the whole frame stays one line shorter than the terminal and Ink
// redraws it in place (no flicker, no scrolling) at 80×24 and larger.
import React from 'react';
import { Box, Text } from 'ink';
import type { NodeView, Snapshot } from './model';

export interface ScreenProps {
  snap: Snapshot;
  /** The last command's output (stdout and stderr), oldest first. */
  output: string[];
  /** The `:` command line being typed, or undefined when closed. */
  prompt?: string;
  /** Shown in the footer while a step or run is under way. */
  busy?: boolean;
  /** The step a long run has reached. */
  progress?: number;
  cols: number;
  rows: number;
  colour: boolean;
}

export interface Layout {
  /** Rows of the whole frame: one less than the terminal, so Ink never scrolls. */
  height: number;
  colWidth: number;
  top: number;
  bottom: number;
  output: number;
}

/** `outputLines`: how many lines the last command printed; the output pane grows for it, the panes above shrink. */
export function layout(cols: number, rows: number, outputLines = 0): Layout {
  const height = Math.max(10, rows - 1);
  const base = Math.max(3, Math.min(12, Math.floor(height / 4)));
  // The output pane grows for a long answer, up to half the frame: the panes above stay readable.
  const output = Math.max(base, Math.min(outputLines + 1, Math.floor((height - 2) / 2)));
  const body = height - 2 - output; // header, footer
  const top = Math.ceil(body / 2);
  return { height, colWidth: Math.max(20, Math.floor(cols / 2)), top, bottom: body - top, output };
}

export function Screen({ snap, output, prompt, busy, progress, cols, rows, colour }: ScreenProps): React.ReactElement {
  const l = layout(cols, rows, lastCommand(output).length);
  const c = (name: string) => (colour ? name : undefined);
  const right = cols - l.colWidth;
  return (
    <Box flexDirection="column" width={cols} height={l.height}>
      <Header snap={snap} cols={cols} colour={colour} />
      <Box flexDirection="row" height={l.top + l.bottom}>
        <Box flexDirection="column" width={l.colWidth}>
          <Pane title="nodes and pods" lines={nodeLines(snap)} height={l.top} width={l.colWidth - 1} colour={c('cyan')} />
          <Pane title="queues" lines={snap.queues} height={l.bottom} width={l.colWidth - 1} colour={c('cyan')} />
        </Box>
        <Box flexDirection="column" width={right}>
          <Pane title="events: etcd → watch cache → watchers" lines={snap.events} height={l.top} width={right} tail colour={c('cyan')} />
          <Pane title="reconcile: observe / compare / act" lines={reconcileLines(snap)} height={l.bottom} width={right} colour={c('cyan')} />
        </Box>
      </Box>
      <Pane title="output" lines={outputLines(output, l.output - 1)} height={l.output} width={cols} colour={c('cyan')} />
      <Footer prompt={prompt} busy={busy} progress={progress} breakpoints={snap.breakpoints.length} colour={colour} />
    </Box>
  );
}

export function Header({ snap, cols, colour }: { snap: Snapshot; cols: number; colour: boolean }): React.ReactElement {
  // A stop at a breakpoint comes right after the counters, so a narrow terminal still shows it.
  const stop = snap.stopped ? [`● ${snap.stopped}`] : [];
  const head = [`step ${snap.step}`, `rev ${snap.revision}`, ...stop];
  const tail = [`mode ${snap.mode}`, snap.store];
  let text = ` kubetutor │ ${[...head, snap.elapsed, ...tail].join(' │ ')} `;
  // The full virtual time when there is room for it (it is what creationTimestamps show).
  const full = ` kubetutor │ ${[...head, `${snap.elapsed} (${snap.time})`, ...tail].join(' │ ')} `;
  if (full.length <= cols) text = full;
  return (
    <Box height={1} width={cols}>
      <Text wrap="truncate" bold inverse={colour}>
        {text.padEnd(cols)}
      </Text>
    </Box>
  );
}

export function Pane(props: { title: string; lines: string[]; height: number; width: number; tail?: boolean; colour?: string }): React.ReactElement {
  const room = Math.max(0, props.height - 1);
  let shown: string[];
  if (props.lines.length <= room) shown = props.lines;
  else if (props.tail) shown = props.lines.slice(-room);
  else shown = [...props.lines.slice(0, room - 1), `… ${props.lines.length - room + 1} more`];
  return (
    <Box flexDirection="column" height={props.height} width={props.width} overflow="hidden">
      <Text wrap="truncate" bold color={props.colour}>
        {props.title}
      </Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}

export function Footer(props: { prompt?: string; busy?: boolean; progress?: number; breakpoints: number; colour: boolean }): React.ReactElement {
  const { prompt, busy, progress, breakpoints, colour } = props;
  if (prompt !== undefined) {
    return (
      <Box height={1}>
        <Text wrap="truncate">
          <Text bold color={colour ? 'yellow' : undefined}>:</Text>
          {prompt}
          <Text inverse> </Text>
          <Text dimColor>{'   Enter runs · Esc closes'}</Text>
        </Text>
      </Box>
    );
  }
  const keys = ' s step · r run · b breakpoints · : command · q quit';
  return (
    <Box height={1}>
      <Text wrap="truncate" dimColor={colour}>
        {busy ? ` running…${progress !== undefined ? ` step ${progress}` : ''} (Ctrl-C quits)` : `${keys}${breakpoints ? ` · ${breakpoints} breakpoint${breakpoints === 1 ? '' : 's'}` : ''}`}
      </Text>
    </Box>
  );
}

/** A node, then its pods indented; pods with no node yet come last. */
export function nodeLines(snap: Snapshot): string[] {
  if (snap.bare) return ['bare: an etcd alone, no nodes', 'try: etcdctl put /a 1'];
  const out: string[] = [];
  const state = (n: NodeView) => `${n.ready}${n.unschedulable ? ',SchedulingDisabled' : ''}`;
  for (const n of snap.nodes) {
    out.push(`${n.name}  ${state(n)}  ${n.pods.length} pod${n.pods.length === 1 ? '' : 's'}`);
    for (const p of n.pods) out.push(`  ${p.name}  ${p.phase}`);
  }
  if (!snap.nodes.length) out.push('no nodes registered yet');
  if (snap.pending.length) {
    out.push(`unscheduled  ${snap.pending.length} pod${snap.pending.length === 1 ? '' : 's'}`);
    for (const p of snap.pending) out.push(`  ${p.name}  ${p.phase}`);
  }
  return out;
}

export function reconcileLines(snap: Snapshot): string[] {
  const out = [snap.next];
  if (snap.reconcile) out.push(snap.reconcile.title, ...snap.reconcile.lines);
  else out.push('no reconcile has run yet: press s to step');
  return out;
}

/**
 * The output pane: the last command from its `$ LINE` on (a table's header matters more than its end), with
 * earlier output above it when there is room; cut with "… N more lines" when it does not fit.
 */
export function outputLines(output: string[], room: number): string[] {
  const last = lastCommand(output);
  if (last.length <= room) return output.slice(Math.max(0, output.length - room));
  return [...last.slice(0, room - 1), `… ${last.length - room + 1} more lines (:${last[0]!.slice(2)} in a wider terminal, or the REPL)`];
}

/** The last command's `$ LINE` and what it printed. */
function lastCommand(output: string[]): string[] {
  let start = output.length - 1;
  while (start > 0 && !output[start]!.startsWith('$ ')) start--;
  return output.slice(Math.max(0, start));
}

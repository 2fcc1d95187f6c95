import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Screen } from '../../src/ui/views';
import { fit, frame, layout, paint, width } from '../../src/ui/frame';
import type { Snapshot } from '../../src/ui/model';

const snap = (over: Partial<Snapshot> = {}): Snapshot => ({
  step: 42,
  revision: 17,
  elapsed: '00:00:05',
  time: '2026-01-01T00:00:05Z',
  mode: 'step',
  store: 'memory',
  bare: false,
  nodes: [
    { name: 'node-1', ready: 'Ready', unschedulable: false, pods: [{ name: 'web-7d4b9c8f5-x2k4p', namespace: 'default', phase: 'Running' }] },
    { name: 'node-2', ready: 'Ready', unschedulable: true, pods: [] },
    { name: 'node-3', ready: 'Unknown', unschedulable: false, pods: [{ name: 'web-7d4b9c8f5-q8zfn', namespace: 'default', phase: 'Pending' }] },
  ],
  pending: [{ name: 'big-1', namespace: 'default', phase: 'Pending' }],
  events: Array.from({ length: 40 }, (_, i) => `#${i + 1} etcd  watch-event  PUT /registry/pods/default/p${i + 1}`),
  queues: ['kube-scheduler', '  activeQ: default/big-1', 'replicaset-controller', '  workqueue: default/web-7d4b9c8f5'],
  reconcile: { title: '#41 replicaset-controller  sync ReplicaSet default/web-7d4b9c8f5', lines: ['  observe  desired 2 replicas', '  compare  actual 0: 2 missing', '  act      create 2 pods'] },
  next: 'next: step 43  kube-scheduler  schedule  default/big-1',
  breakpoints: ['1 replicaset-controller (hits 1)'],
  ...over,
});

afterEach(() => cleanup());

function frameLines(frame: string | undefined): string[] {
  return (frame ?? '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split('\n');
}

describe('the TUI panes', () => {
  it('show the header, nodes with their pods, events, queues and the reconcile at 80×24', () => {
    const { lastFrame } = render(<Screen snap={snap()} output={['$ step', 'step 42  etcd  watch-event  PUT …']} cols={80} rows={24} colour={false} />);
    const lines = frameLines(lastFrame());
    const text = lines.join('\n');
    expect(lines.length).toBeLessThanOrEqual(23); // one line shorter than the terminal: Ink redraws in place
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toContain('step 42 │ rev 17 │ 00:00:05');
    expect(lines[0]).toContain('mode step');
    expect(text).toContain('node-1  Ready  1 pod');
    expect(text).toContain('web-7d4b9c8f5-x2k4p  Running');
    expect(text).toContain('node-2  Ready,SchedulingDisabled');
    expect(text).toContain('events: etcd → watch cache → watchers');
    expect(text).toContain('#40 etcd  watch-event'); // the newest events, not the oldest
    expect(text).not.toContain('#1 etcd  watch-event');
    expect(text).toContain('activeQ: default/big-1');
    expect(text).toContain('observe  desired 2 replicas');
    expect(text).toContain('act      create 2 pods');
    expect(text).toContain('s step · r run · b breakpoints · : command · q quit');
  });

  it('grow with the terminal at 160×48, still one line short of it', () => {
    const { lastFrame } = render(<Screen snap={snap()} output={[]} cols={160} rows={48} colour={false} />);
    const lines = frameLines(lastFrame());
    expect(lines.length).toBeLessThanOrEqual(47);
    const text = lines.join('\n');
    expect(text).toContain('unscheduled  1 pod');
    expect(text).toContain('next: step 43  kube-scheduler');
  });

  it('show the command line while one is typed', () => {
    const { lastFrame } = render(<Screen snap={snap()} output={[]} prompt="kubectl get po" cols={80} rows={24} colour={false} />);
    expect(frameLines(lastFrame()).join('\n')).toMatch(/^:kubectl get po .*Enter runs · Esc closes/m);
  });

  it('say so in a bare cluster', () => {
    const { lastFrame } = render(<Screen snap={snap({ bare: true, nodes: [], pending: [] })} output={[]} cols={80} rows={24} colour={false} />);
    expect(lastFrame()).toContain('bare: an etcd alone, no nodes');
  });

  it('the layout leaves every pane at least its title at the smallest sizes', () => {
    for (const [c, r] of [[80, 24], [100, 30], [160, 48]] as const) {
      const l = layout(c, r);
      expect(l.height).toBe(r - 1);
      expect(l.top + l.bottom + l.output + 2).toBe(l.height);
      expect(Math.min(l.top, l.bottom, l.output)).toBeGreaterThanOrEqual(3);
    }
  });

  it('colour off means no escape codes for colour', () => {
    const { lastFrame } = render(<Screen snap={snap()} output={[]} cols={80} rows={24} colour={false} />);
    expect(lastFrame()).not.toMatch(/\x1b\[3[0-9]m/);
  });
});

describe('the frame painted before Ink loads', () => {
  const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  /** What a terminal shows after `paint`: its rows, as Ink's lastFrame gives them (trailing spaces trimmed). */
  const painted = (props: Parameters<typeof Screen>[0]) =>
    strip(paint(frame(props), props.colour).replace(/^\x1b\[H/, '')).split('\r\n').map((l) => l.trimEnd());
  const inks = (props: Parameters<typeof Screen>[0]) => frameLines(render(<Screen {...props} />).lastFrame()).map((l) => l.trimEnd());
  const long = 'x'.repeat(300);
  const cases: Array<[string, Parameters<typeof Screen>[0]]> = [
    ['80×24', { snap: snap(), output: ['$ step', 'step 42  etcd  watch-event  PUT …'], cols: 80, rows: 24, colour: false }],
    ['120×40 with lines too long for their pane', { snap: snap({ next: `next: ${long}`, queues: [long] }), output: ['$ kubectl get pods', long], cols: 120, rows: 40, colour: false }],
    ['160×48 with the command line open', { snap: snap(), output: [], prompt: 'kubectl get po', cols: 160, rows: 48, colour: false }],
    ['80×24 running, stopped at a breakpoint', { snap: snap({ stopped: 'Breakpoint 1, replicaset-controller' }), output: [], busy: true, progress: 500, cols: 80, rows: 24, colour: false }],
    ['a narrow 60×20, bare', { snap: snap({ bare: true, nodes: [], pending: [] }), output: [], cols: 60, rows: 20, colour: false }],
    ['100×30 in colour', { snap: snap(), output: ['$ step'], cols: 100, rows: 30, colour: true }],
  ];
  for (const [name, props] of cases) {
    it(`is the frame Ink draws, cell for cell: ${name}`, () => {
      const ours = painted(props);
      expect(ours).toHaveLength(layout(props.cols, props.rows).height);
      expect(ours).toEqual(inks(props));
      for (const l of ours) expect(width(l)).toBeLessThanOrEqual(props.cols);
    });
  }

  it('uses the SGR codes Ink styles with, and none without colour', () => {
    const rows = frame({ snap: snap(), output: [], cols: 80, rows: 24, colour: true });
    const text = paint(rows, true);
    expect(text).toContain('\x1b[1;7m kubetutor │ step 42'); // the header: bold, inverse
    expect(text).toContain('\x1b[1;36mnodes and pods\x1b[39m\x1b[22m');
    expect(paint(frame({ snap: snap(), output: [], cols: 80, rows: 24, colour: false }), false)).not.toMatch(/\x1b\[[0-9;]*m/);
  });

  it('cuts a line the way Ink truncates: what fits in one cell less, then …', () => {
    expect(fit([{ text: 'abcdef' }], 4)).toEqual([{ text: 'abc' }, { text: '…' }]);
    expect(fit([{ text: 'ab', bold: true }, { text: 'cdef' }], 4)).toEqual([{ text: 'ab', bold: true }, { text: 'c' }, { text: '…' }]);
    expect(fit([{ text: 'abcd' }], 4)).toEqual([{ text: 'abcd' }]);
    expect(width('节点 │ x')).toBe(8); // wide characters take two cells
  });
});

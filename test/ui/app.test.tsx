import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/ui/app';
import { snapshot } from '../../src/ui/model';
import { harness, work } from '../debugger/harness';

afterEach(() => cleanup());

async function start() {
  const h = await harness();
  const sink: string[] = [];
  h.cluster.shell.io = { out: (t) => sink.push(t), err: (t) => sink.push(t) };
  h.cluster.mode = 'step';
  h.keys.set('/registry/minions/node-1', JSON.stringify({ metadata: { name: 'node-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }));
  h.keys.set('/registry/pods/default/web-1', JSON.stringify({ metadata: { name: 'web-1', namespace: 'default' }, spec: { nodeName: 'node-1' }, status: { phase: 'Running' } }));
  for (let i = 1; i <= 3; i++) {
    h.cluster.loop.enqueue(
      work('replicaset-controller', 'reconcile', `sync ReplicaSet default/web-${i}`, {
        detail: { observe: [`desired ${i} replicas`], compare: ['actual 0'], act: [`create ${i} pods`] },
      }),
    );
  }
  const exits: number[] = [];
  const initial = await snapshot(h.cluster, []);
  const ui = render(<App cluster={h.cluster} initial={initial} sink={sink} colour={false} onExit={(c) => exits.push(c)} />);
  return { h, ui, exits };
}

describe('the TUI app', () => {
  it('starts in mode step at step 0 and shows nodes and pods', async () => {
    const { ui } = await start();
    expect(ui.lastFrame()).toContain('step 0 │ rev 1');
    expect(ui.lastFrame()).toContain('mode step');
    expect(ui.lastFrame()).toContain('node-1  Ready  1 pod');
    expect(ui.lastFrame()).toContain('web-1  Running');
  });

  it('s runs one step: the counter moves, the event and the reconcile show', async () => {
    const { ui } = await start();
    ui.stdin.write('s');
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('step 1 │'));
    const f = ui.lastFrame()!;
    expect(f).toContain('#1   replicaset-controller  reconcile  sync Repli');
    expect(f).toContain('observe  desired 1 replicas');
    expect(f).toContain('act      create 1 pods');
    expect(f).toContain('next: step 2  replicaset-controller');
    ui.stdin.write('s');
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('step 2 │'));
    expect(ui.lastFrame()).toContain('observe  desired 2 replicas');
  });

  it('r runs until idle; b lists breakpoints and opens `break `', async () => {
    const { ui, h } = await start();
    ui.stdin.write('b');
    await vi.waitFor(() => expect(ui.lastFrame()).toContain(':break '));
    expect(ui.lastFrame()).toContain('No breakpoints.');
    ui.stdin.write('replicaset-controller');
    ui.stdin.write('\r');
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('Breakpoint 1 at replicaset-controller'));
    expect(ui.lastFrame()).toContain('1 breakpoint');
    ui.stdin.write('r'); // the next step is a replicaset-controller one: it stops at once
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('Breakpoint 1, replicaset-controller: stopped before step 1 (ran 0 steps)'));
    ui.stdin.write('r'); // goes on past it, as gdb's continue does, and stops before the next
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('Breakpoint 1, replicaset-controller: stopped before step 2 (ran 1 step)'));
    expect(h.cluster.loop.steps).toBe(1);
    expect(ui.lastFrame()!.split('\n')[0]).toContain('│ ● Breakpoint 1, replicaset-controller');
    ui.stdin.write('s'); // a step moves off the stop
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('step 2 │'));
    expect(ui.lastFrame()!.split('\n')[0]).not.toContain('●');
  });

  it(': runs any line and shows its output; Esc closes the line unrun', async () => {
    const { ui } = await start();
    ui.stdin.write(':');
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('Enter runs'));
    ui.stdin.write('status');
    await vi.waitFor(() => expect(ui.lastFrame()).toContain(':status'));
    ui.stdin.write('\r');
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('$ status'));
    expect(ui.lastFrame()).toMatch(/pods\s+1 \(1 Running\)/);
    ui.stdin.write(':mode auto'); // several keys in one chunk, as a paste or tmux send-keys delivers them
    await vi.waitFor(() => expect(ui.lastFrame()).toContain(':mode auto'));
    ui.stdin.write('\x1b');
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('s step · r run'));
    expect(ui.lastFrame()).toContain('mode step');
  });

  it('a failing line shows its error in the output pane', async () => {
    const { ui } = await start();
    ui.stdin.write(':break nowhere\r');
    await vi.waitFor(() => expect(ui.lastFrame()).toContain('Error: unknown component "nowhere"'));
  });

  it('q quits with 0, Ctrl-C with 130', async () => {
    const a = await start();
    a.ui.stdin.write('q');
    await vi.waitFor(() => expect(a.exits).toEqual([0]));
    cleanup();
    const b = await start();
    b.ui.stdin.write('\x03');
    await vi.waitFor(() => expect(b.exits).toEqual([130]));
  });
});

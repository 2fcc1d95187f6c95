// `kubetutor --help` (and every plain command) must not load Ink or React: they are imported only by the TUI.
// We record every module the real binary loads and look inside each loaded file of the bundle.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/cli';
import { loadsOf, markersInBundle, partsIn } from '../helpers/loads';

const uiCodeIn = (urls: string[]) => partsIn(urls, ['ink', 'react']);

describe('plain commands load no Ink or React', () => {
  beforeAll(() => ensureBuilt());

  it('the markers we look for are in the bundle (so the check below means something)', () => {
    expect(markersInBundle(['ink', 'react'])).toEqual(['ink', 'react']);
  });

  it('kubetutor --help', () => {
    const r = loadsOf(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: kubetutor');
    expect(r.urls.some((u) => u.endsWith('/dist/cli.js'))).toBe(true); // the hook saw the loads
    expect(uiCodeIn(r.urls)).toEqual([]);
  });

  it('kubetutor cluster --tui without a terminal refuses in one line, exit 1, before loading Ink', () => {
    const r = loadsOf(['cluster', '--tui']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kubetutor: --tui needs a terminal (stdin and stdout); use --script FILE, or run it without --tui\n');
    expect(uiCodeIn(r.urls)).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { DESCRIBE_OPTIONS, TABLE_OPTIONS, TabWriter, tabbed } from '../../src/cluster/sim/kubectl/tabwriter';

describe('TabWriter (Go text/tabwriter as kubectl configures it)', () => {
  test('table: padding 3 and a minimum width of 6; the last cell is not padded', () => {
    const out = tabbed('NAME\tREADY\tAGE\nweb-1\t1/1\t5s\nx\t0/1\t10m\n', TABLE_OPTIONS);
    expect(out).toBe('NAME    READY   AGE\nweb-1   1/1     5s\nx       0/1     10m\n');
  });

  test('a short column is still six wide (minwidth)', () => {
    expect(tabbed('A\tB\n1\t2\n', TABLE_OPTIONS)).toBe('A     B\n1     2\n');
  });

  test('describe: a line without a tab ends the column block, so the lines below align on their own', () => {
    const text = 'Name:\tweb\nNamespace:\tdefault\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web-1\n';
    // as kubectl describe pod prints it: "  IP:" lines up with "Controlled By:", not with "Name:"
    expect(tabbed(text, DESCRIBE_OPTIONS)).toBe(
      'Name:       web\nNamespace:  default\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/web-1\n',
    );
  });

  test('RememberWidths: a later row lines up with the first table, and widens a column when it must', () => {
    const w = new TabWriter(TABLE_OPTIONS);
    w.write('NAME\tSTATUS\tAGE\nweb\tPending\t0s\n');
    expect(w.flush()).toBe('NAME   STATUS    AGE\nweb    Pending   0s\n');
    w.write('web\tRunning\t5s\n');
    expect(w.flush()).toBe('web    Running   5s\n');
    w.write('web\tContainerCreating\t5s\n');
    expect(w.flush()).toBe('web    ContainerCreating   5s\n');
  });

  test('nested blocks: a second column exists only where lines have it', () => {
    const text = 'a\tb\tc\naa\tbb\nx\n';
    expect(tabbed(text, DESCRIBE_OPTIONS)).toBe('a   b  c\naa  bb\nx\n');
  });
});

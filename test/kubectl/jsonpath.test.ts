import { describe, expect, test } from 'vitest';
import { executeJSONPath } from '../../src/cluster/sim/kubectl/jsonpath';
import { LineError } from '../../src/cluster/sim/shell';
import { toList } from '../../src/cluster/sim/kubectl/output';
import { pods } from './fixtures';

const list = JSON.parse(JSON.stringify(toList(pods.slice(0, 4))));

describe('-o jsonpath templates', () => {
  test('fields, [*], [n], negative index, slices', () => {
    expect(executeJSONPath('{.items[*].metadata.name}', list)).toBe('pending creating crashy running');
    expect(executeJSONPath('{.items[0].metadata.name}', list)).toBe('pending');
    expect(executeJSONPath('{.items[-1].metadata.name}', list)).toBe('running');
    expect(executeJSONPath('{.items[1:3].metadata.name}', list)).toBe('creating crashy');
    expect(executeJSONPath("{.items[0].metadata['name']}", list)).toBe('pending');
  });

  test('range … end with literals, filters, recursive descent, missing keys print nothing', () => {
    expect(executeJSONPath('{range .items[*]}{.metadata.name}{"\\t"}{.spec.nodeName}{"\\n"}{end}', list)).toBe(
      'pending\t\ncreating\tnode-1\ncrashy\tnode-2\nrunning\tnode-1\n',
    );
    expect(executeJSONPath('{.items[?(@.status.phase=="Running")].metadata.name}', list)).toBe('crashy running');
    expect(executeJSONPath('{.items[?(@.status.containerStatuses[0].restartCount>3)].metadata.name}', list)).toBe('crashy');
    expect(executeJSONPath('{..podIP}', list)).toBe('10.244.2.7 10.244.1.3');
    expect(executeJSONPath('{.items[0].status.nope}', list)).toBe('');
    expect(executeJSONPath('names: {.items[0].metadata.name}', list)).toBe('names: pending');
  });

  test('objects print as JSON; errors as kubectl words them', () => {
    expect(executeJSONPath('{.items[0].metadata.namespace}/{.items[0].spec.containers[0]}', list)).toBe('default/{"image":"nginx:1.14.2","name":"nginx"}');
    const err = (t: string) => {
      try {
        executeJSONPath(t, list);
      } catch (e) {
        return (e as LineError).text;
      }
      return '';
    };
    expect(err('{.items[9]}')).toBe('error: error executing jsonpath "{.items[9]}": Error executing template: array index out of bounds: index 9, length 4');
    expect(err('{range .items[*]}{.metadata.name}')).toBe('error: error parsing jsonpath {range .items[*]}{.metadata.name}, unclosed range');
  });
});

import { describe, expect, test } from 'vitest';
import { renderTable } from '../../src/cluster/sim/kubectl/printers';
import { TABLE_OPTIONS, tabbed } from '../../src/cluster/sim/kubectl/tabwriter';
import type { KubeObject, Lease, Namespace } from '../../src/cluster/apiserver/types';
import type { ResourceName } from '../../src/cluster/apiserver/api';
import { NOW, ago, deployment, endpoints, events, nodes, pods, replicaSet, services } from './fixtures';

const table = (r: ResourceName, objs: KubeObject[], opts = {}) => tabbed(renderTable(r, objs, NOW, opts), TABLE_OPTIONS);

describe('kubectl get tables (hand-checked against kubectl output)', () => {
  test('pods: STATUS as kubectl computes it, restarts with "(30s ago)", ages', () => {
    expect(table('pods', pods)).toBe(
      [
        'NAME       READY   STATUS              RESTARTS      AGE',
        'pending    0/1     Pending             0             10s',
        'creating   0/1     ContainerCreating   0             45s',
        'crashy     0/1     CrashLoopBackOff    4 (30s ago)   5m',
        'running    1/1     Running             0             2m5s',
        'going      1/1     Terminating         0             3h',
        'done       0/1     Completed           0             9d',
        '',
      ].join('\n'),
    );
  });

  test('pods -o wide: IP, NODE, NOMINATED NODE, READINESS GATES; <none> while unscheduled', () => {
    expect(table('pods', pods.slice(0, 4), { wide: true })).toBe(
      [
        'NAME       READY   STATUS              RESTARTS      AGE    IP           NODE     NOMINATED NODE   READINESS GATES',
        'pending    0/1     Pending             0             10s    <none>       <none>   <none>           <none>',
        'creating   0/1     ContainerCreating   0             45s    <none>       node-1   <none>           <none>',
        'crashy     0/1     CrashLoopBackOff    4 (30s ago)   5m     10.244.2.7   node-2   <none>           <none>',
        'running    1/1     Running             0             2m5s   10.244.1.3   node-1   <none>           <none>',
        '',
      ].join('\n'),
    );
  });

  test('pods -A: NAMESPACE first; several types: TYPE/NAME', () => {
    expect(table('pods', [pods[0]!], { withNamespace: true, kindPrefix: 'pod/' })).toBe(
      ['NAMESPACE   NAME          READY   STATUS    RESTARTS   AGE', 'default     pod/pending   0/1     Pending   0          10s', ''].join('\n'),
    );
  });

  test('nodes: Ready, Ready,SchedulingDisabled, NotReady (Ready=Unknown), Unknown (no Ready condition); roles', () => {
    expect(table('nodes', nodes)).toBe(
      [
        'NAME     STATUS                     ROLES           AGE   VERSION',
        'cp-0     Ready                      control-plane   10m   v1.31.0',
        'node-1   Ready,SchedulingDisabled   <none>          10m   v1.31.0',
        'node-2   NotReady                   <none>          10m   v1.31.0',
        'node-3   Unknown                    <none>          10m   v1.31.0',
        '',
      ].join('\n'),
    );
  });

  test('nodes -o wide', () => {
    expect(table('nodes', [nodes[1]!], { wide: true })).toBe(
      [
        'NAME     STATUS                     ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME',
        'node-1   Ready,SchedulingDisabled   <none>   10m   v1.31.0   10.0.0.1      <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-18-amd64   containerd://1.7.18',
        '',
      ].join('\n'),
    );
  });

  test('deployments, and -o wide with CONTAINERS IMAGES SELECTOR', () => {
    expect(table('deployments', [deployment])).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/3     3            2           5m\n');
    expect(table('deployments', [deployment], { wide: true })).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR\nweb    2/3     3            2           5m    nginx        nginx:1.16.1   app=web\n',
    );
  });

  test('replicasets', () => {
    expect(table('replicasets', [replicaSet('5d9c7b9d8f', '1', 'nginx:1.14.2', 0), replicaSet('7c5ddbdf54', '2', 'nginx:1.16.1', 3)])).toBe(
      ['NAME             DESIRED   CURRENT   READY   AGE', 'web-5d9c7b9d8f   0         0         0       5m', 'web-7c5ddbdf54   3         3         2       2m', ''].join('\n'),
    );
  });

  test('services: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S) with the node port', () => {
    expect(table('services', services)).toBe(
      [
        'NAME         TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE',
        'kubernetes   ClusterIP   10.96.0.1     <none>        443/TCP        10m',
        'web          NodePort    10.96.45.12   <none>        80:30080/TCP   60s',
        '',
      ].join('\n'),
    );
  });

  test('endpoints: three addresses then "+ N more...", <none> without subsets', () => {
    expect(table('endpoints', endpoints)).toBe(
      ['NAME    ENDPOINTS' + ' '.repeat(47) + 'AGE', 'web     10.244.1.2:80,10.244.2.2:80,10.244.3.2:80 + 1 more...   60s', 'empty   <none>' + ' '.repeat(50) + '60s', ''].join('\n'),
    );
  });

  test('events: LAST SEEN (the last occurrence only: printEvent has no "x3 over"), TYPE, REASON, OBJECT, MESSAGE', () => {
    expect(table('events', events)).toBe(
      [
        'LAST SEEN   TYPE      REASON             OBJECT        MESSAGE',
        '2m5s        Normal    Scheduled          pod/running   Successfully assigned default/running to node-1',
        '2m1s        Normal    Pulled             pod/running   Container image "nginx:1.14.2" already present on machine',
        '10s         Warning   FailedScheduling   pod/big       0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
        '',
      ].join('\n'),
    );
  });

  test('namespaces and leases', () => {
    const ns: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-node-lease', creationTimestamp: ago(600) }, status: { phase: 'Active' } };
    expect(table('namespaces', [ns])).toBe('NAME              STATUS   AGE\nkube-node-lease   Active   10m\n');
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'node-1', namespace: 'kube-node-lease', creationTimestamp: ago(600) },
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 },
    };
    expect(table('leases', [lease])).toBe('NAME     HOLDER   AGE\nnode-1   node-1   10m\n');
  });

  test('--show-labels adds LABELS last; an empty list prints nothing (not even the header)', () => {
    expect(table('deployments', [deployment], { showLabels: true })).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   LABELS\nweb    2/3     3            2           5m    app=web\n',
    );
    expect(table('pods', [])).toBe('');
  });
});

import { describe, expect, test } from 'vitest';
import { describeDeploymentText, describePodText, rfc1123z } from '../../src/cluster/sim/kubectl/describe';
import type { Pod } from '../../src/cluster/apiserver/types';
import { NOW, deployment, events, pods, replicaSet } from './fixtures';

function runningPod(): Pod {
  const p = structuredClone(pods[3]!);
  p.metadata.labels = { app: 'web', 'pod-template-hash': '7c5ddbdf54' };
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c5ddbdf54', uid: 'u', controller: true }];
  p.spec.priority = 0;
  p.spec.serviceAccountName = 'default';
  p.spec.containers[0]!.ports = [{ containerPort: 80, protocol: 'TCP' }];
  p.spec.tolerations = [
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
  p.status!.hostIP = '10.0.0.1';
  p.status!.startTime = '2026-01-01T00:07:55Z';
  p.status!.conditions = [
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', status: 'True' },
    { type: 'ContainersReady', status: 'True' },
    { type: 'PodScheduled', status: 'True' },
  ];
  return p;
}

describe('kubectl describe (hand-checked against kubectl output)', () => {
  test('times print as Go RFC1123Z', () => {
    expect(rfc1123z('2026-01-01T00:07:55Z')).toBe('Thu, 01 Jan 2026 00:07:55 +0000');
  });

  test('a running pod: the column blocks break where kubectl breaks them, tolerations sorted, events last', () => {
    const text = describePodText(runningPod(), events.filter((e) => e.involvedObject.name === 'running'), NOW);
    expect(text).toBe(
      [
        'Name:             running',
        'Namespace:        default',
        'Priority:         0',
        'Service Account:  default',
        'Node:             node-1/10.0.0.1',
        'Start Time:       Thu, 01 Jan 2026 00:07:55 +0000',
        'Labels:           app=web',
        '                  pod-template-hash=7c5ddbdf54',
        'Annotations:      <none>',
        'Status:           Running',
        'IP:               10.244.1.3',
        'IPs:',
        '  IP:           10.244.1.3',
        'Controlled By:  ReplicaSet/web-7c5ddbdf54',
        'Containers:',
        '  nginx:',
        '    Container ID:   ',
        '    Image:          nginx:1.14.2',
        '    Image ID:       ',
        '    Port:           80/TCP',
        '    Host Port:      0/TCP',
        '    State:          Running',
        '      Started:      Thu, 01 Jan 2026 00:08:00 +0000',
        '    Ready:          True',
        '    Restart Count:  0',
        '    Environment:    <none>',
        '    Mounts:         <none>',
        'Conditions:',
        '  Type              Status',
        '  Initialized       True ',
        '  Ready             True ',
        '  ContainersReady   True ',
        '  PodScheduled      True ',
        'Volumes:            <none>',
        'QoS Class:          BestEffort',
        'Node-Selectors:     <none>',
        'Tolerations:        node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                    node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
        '  Type    Reason     Age   From               Message',
        '  ----    ------     ----  ----               -------',
        '  Normal  Scheduled  2m5s  default-scheduler  Successfully assigned default/running to node-1',
        '  Normal  Pulled     2m1s  kubelet            Container image "nginx:1.14.2" already present on machine',
        '',
      ].join('\n'),
    );
  });

  test('a pending pod with no node: Node <none>, IPs <none>, "Events: <none>" joins the block above it', () => {
    const text = describePodText(pods[0]!, [], NOW);
    expect(text).toContain('Node:         <none>\n');
    expect(text).toContain('IP:           \nIPs:          <none>\n');
    expect(text).toContain('Tolerations:      <none>\nEvents:           <none>\n');
  });

  test('a crash-looping container shows State Waiting (CrashLoopBackOff), the Last State and the restart count', () => {
    const text = describePodText(pods[2]!, [], NOW);
    expect(text).toContain(
      [
        '    State:          Waiting',
        '      Reason:       CrashLoopBackOff',
        '    Last State:     Terminated',
        '      Reason:       Error',
        '      Exit Code:    1',
        '      Started:      Thu, 01 Jan 2026 00:09:29 +0000',
        '      Finished:     Thu, 01 Jan 2026 00:09:30 +0000',
        '    Ready:          False',
        '    Restart Count:  4',
      ].join('\n'),
    );
  });

  test('a deployment: replicas line, strategy, pod template, conditions, old and new ReplicaSets', () => {
    const text = describeDeploymentText(deployment, [replicaSet('5d9c7b9d8f', '1', 'nginx:1.14.2', 0)], replicaSet('7c5ddbdf54', '2', 'nginx:1.16.1', 3), [], NOW);
    expect(text).toBe(
      [
        'Name:                   web',
        'Namespace:              default',
        'CreationTimestamp:      Thu, 01 Jan 2026 00:05:00 +0000',
        'Labels:                 app=web',
        'Annotations:            deployment.kubernetes.io/revision: 2',
        'Selector:               app=web',
        'Replicas:               3 desired | 3 updated | 3 total | 2 available | 1 unavailable',
        'StrategyType:           RollingUpdate',
        'MinReadySeconds:        0',
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
        'Pod Template:',
        '  Labels:  app=web',
        '  Containers:',
        '   nginx:',
        '    Image:         nginx:1.16.1',
        '    Port:          80/TCP',
        '    Host Port:     0/TCP',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Conditions:',
        '  Type           Status  Reason',
        '  ----           ------  ------',
        '  Available      False   MinimumReplicasUnavailable',
        '  Progressing    True    ReplicaSetUpdated',
        'OldReplicaSets:  web-5d9c7b9d8f (0/0 replicas created)',
        'NewReplicaSet:   web-7c5ddbdf54 (3/3 replicas created)',
        'Events:          <none>',
        '',
      ].join('\n'),
    );
  });
});

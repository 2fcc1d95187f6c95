// The components' EventRecorder: client-go's tools/record (src/cluster/client/record.ts), written inline in the
// caller's step, and never failing the caller: a lost Event is dropped, as client-go's broadcaster drops it.
import type { Client } from '../../apiserver/api';
import type { KubeObject } from '../../apiserver/types';
import { EventRecorder as Recorder, objectReference } from '../../client/record';
import type { Loop } from '../../sim/loop';

export class EventRecorder {
  private readonly recorder: Recorder;

  constructor(
    client: Client,
    loop: Loop,
    /** source.component: default-scheduler, kubelet, deployment-controller … */
    readonly component: string,
    readonly host?: string,
  ) {
    this.recorder = new Recorder(client, loop, host ? { component, host } : { component });
  }

  /** `fieldPath`: the part of `obj` the event is about, as the kubelet names a container (`spec.containers{nginx}`). */
  async event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): Promise<void> {
    const ref = objectReference(obj);
    if (fieldPath) ref.fieldPath = fieldPath;
    try {
      await this.recorder.write(ref, type, reason, message);
    } catch {
      /* dropped */
    }
  }
}

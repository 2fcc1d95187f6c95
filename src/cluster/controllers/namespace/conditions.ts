// pkg/controller/namespace/deletion/status_condition_utils.go: the five conditions the namespace controller keeps
// on a Terminating namespace. Each is True with a reason and message while something is wrong or left, and
// False with its "ok" wording otherwise; lastTransitionTime moves only when the status flips.
import type { Namespace, NamespaceCondition } from '../../apiserver/types';

type ConditionType = NamespaceCondition['type'];

/** In the order upstream appends them to status.conditions. */
export const CONDITION_TYPES: ConditionType[] = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
];

const OK: Record<ConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What one pass over the namespace's content left behind (allGVRDeletionMetadata). */
export interface ContentTotals {
  /** `pods.` / `deployments.apps` (resource.group, as upstream prints a GroupVersionResource) → objects left. */
  remaining: Map<string, number>;
  /** Finalizer → objects still carrying it. */
  finalizers: Map<string, number>;
}

/** namespaceConditionUpdater: collects the failures of one sync, then writes all five conditions. */
export class NamespaceConditionUpdater {
  private conditions: NamespaceCondition[] = [];
  private deleteContentErrors: string[] = [];

  constructor(private readonly now: string) {}

  processDeleteContentErr(message: string): void {
    this.deleteContentErrors.push(message);
  }

  processContentTotals(t: ContentTotals): void {
    const resources = [...t.remaining].filter(([, n]) => n > 0).map(([r, n]) => `${r} has ${n} resource instances`).sort();
    if (t.remaining.size) {
      this.conditions.push(this.failed('NamespaceContentRemaining', 'SomeResourcesRemain', `Some resources are remaining: ${resources.join(', ')}`));
    }
    const fins = [...t.finalizers].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
    if (t.finalizers.size) {
      this.conditions.push(
        this.failed('NamespaceFinalizersRemaining', 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${fins.join(', ')}`),
      );
    }
  }

  /** Writes the conditions into `ns.status`; true when anything changed (then the status is PUT). */
  update(ns: Namespace): boolean {
    if (this.deleteContentErrors.length && !this.conditions.some((c) => c.type === 'NamespaceDeletionContentFailure')) {
      const msgs = [...this.deleteContentErrors].sort();
      this.conditions.push(
        this.failed('NamespaceDeletionContentFailure', 'ContentDeletionFailed', `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`),
      );
    }
    const status = (ns.status ??= {});
    const have = (status.conditions ??= []);
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const next = this.conditions.find((c) => c.type === type) ?? { type, status: 'False', lastTransitionTime: this.now, ...OK[type] };
      const old = have.find((c) => c.type === type);
      if (!old) {
        have.push(next);
        changed = true;
      } else if (old.status !== next.status || old.reason !== next.reason || old.message !== next.message) {
        if (old.status !== next.status) old.lastTransitionTime = this.now;
        old.status = next.status;
        old.reason = next.reason;
        old.message = next.message;
        changed = true;
      }
    }
    return changed;
  }

  private failed(type: ConditionType, reason: string, message: string): NamespaceCondition {
    return { type, status: 'True', lastTransitionTime: this.now, reason, message };
  }
}

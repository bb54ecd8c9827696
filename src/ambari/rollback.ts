// Undoing kafka-aks's last change: the KAFKA service config version that was current just before the
// last version kafka-aks wrote (found by its note). Ambari reverts by making a NEW version that reuses
// the old tags (apache/ambari ClusterImpl.applyServiceConfigVersion), so "already rolled back" means the
// current tags equal the target's.
import type { ServiceConfigVersion } from './configs.js';
import { KAFKA_TYPES } from './kafka-configs.js';

/** Notes kafka-aks writes on its advertising change; rollbacks carry another prefix. */
export const ADVERTISE_NOTE_PREFIX = 'kafka-aks: advertise';

export type RollbackPlan =
  | { kind: 'never-changed' }
  | { kind: 'already-rolled-back'; target: ServiceConfigVersion; undone: ServiceConfigVersion }
  | { kind: 'revert'; target: ServiceConfigVersion; undone: ServiceConfigVersion; current: ServiceConfigVersion }
  /** Someone saved a version after kafka-aks's: restoring the target would silently discard it. */
  | { kind: 'changed-since'; target: ServiceConfigVersion; undone: ServiceConfigVersion; current: ServiceConfigVersion };

export function planRollback(versions: ServiceConfigVersion[]): RollbackPlan {
  const ours = versions.filter((v) => v.note.startsWith(ADVERTISE_NOTE_PREFIX));
  const undone = ours.at(-1);
  if (!undone) return { kind: 'never-changed' };
  const target = versions.filter((v) => v.version < undone.version).at(-1);
  if (!target) return { kind: 'never-changed' };
  const current = versions.find((v) => v.isCurrent) ?? versions.at(-1)!;
  const same = KAFKA_TYPES.every((type) => target.tags[type] !== undefined && current.tags[type] === target.tags[type]);
  if (same) return { kind: 'already-rolled-back', target, undone };
  // A revert is a whole-version restore: what was saved after kafka-aks's version would go with it.
  const changedSince = current.version > undone.version && KAFKA_TYPES.some((type) => current.tags[type] !== undone.tags[type]);
  if (changedSince) return { kind: 'changed-since', target, undone, current };
  return { kind: 'revert', target, undone, current };
}

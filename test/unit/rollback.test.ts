import { describe, expect, it } from 'vitest';
import type { ServiceConfigVersion } from '../../src/ambari/configs.js';
import { planRollback } from '../../src/ambari/rollback.js';

const version = (n: number, note: string, tags: [string, string], isCurrent = false): ServiceConfigVersion => ({
  version: n,
  note,
  isCurrent,
  createTime: n,
  user: 'admin',
  tags: { 'kafka-env': tags[0], 'kafka-broker': tags[1], 'kafka-log4j': 'INITIAL' },
});

describe('planRollback', () => {
  it('finds nothing to undo when kafka-aks never wrote a version', () => {
    expect(planRollback([version(1, 'Initial configurations for KAFKA', ['INITIAL', 'INITIAL'], true)])).toEqual({ kind: 'never-changed' });
  });

  it("targets the version current just before kafka-aks's last change, even after later edits by others", () => {
    const versions = [
      version(1, 'Initial configurations for KAFKA', ['INITIAL', 'INITIAL']),
      version(2, 'retention 72h', ['INITIAL', 'v2']),
      version(3, 'kafka-aks: advertise broker IPs (PLAINTEXT://$IP_ADDRESS:9092)', ['v3', 'v3'], true),
    ];
    const plan = planRollback(versions);
    expect(plan).toMatchObject({ kind: 'revert', target: { version: 2 }, undone: { version: 3 }, current: { version: 3 } });
  });

  it("refuses to revert past a version someone saved after kafka-aks's: a whole-version restore would discard it", () => {
    const versions = [
      version(1, 'Initial configurations for KAFKA', ['INITIAL', 'INITIAL']),
      version(2, 'kafka-aks: advertise broker IPs (PLAINTEXT://$IP_ADDRESS:9092)', ['v2', 'v2']),
      version(3, 'hand edit by operator', ['v2', 'v3'], true),
    ];
    expect(planRollback(versions)).toMatchObject({ kind: 'changed-since', target: { version: 1 }, undone: { version: 2 }, current: { version: 3 } });
    // Saved again with kafka-aks's own tags (an edit undone by hand): nothing would be lost.
    const undoneByHand = [...versions.slice(0, 2), version(3, 'hand edit by operator', ['v2', 'v3']), version(4, 'back', ['v2', 'v2'], true)];
    expect(planRollback(undoneByHand)).toMatchObject({ kind: 'revert', target: { version: 1 } });
  });

  it('recognises a rollback already done (Ambari made it a new version with the old tags)', () => {
    const versions = [
      version(1, 'Initial configurations for KAFKA', ['INITIAL', 'INITIAL']),
      version(2, 'kafka-aks: advertise broker IPs (PLAINTEXT://$IP_ADDRESS:9092)', ['v2', 'v2']),
      version(3, 'kafka-aks rollback: restore version 1 (undo version 2)', ['INITIAL', 'INITIAL'], true),
    ];
    expect(planRollback(versions)).toMatchObject({ kind: 'already-rolled-back', target: { version: 1 } });
  });
});

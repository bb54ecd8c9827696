// What `kafka-aks peer` reports: the two VNets and, per direction, the peering, what was (or would be)
// done and the state it is in. One shape for --json, a table for people.
import type { PeeringInspection, PeeringAction } from '../azure/peering-inspect.js';
import type { PeeringResult } from '../azure/peering-apply.js';
import type { VnetView } from '../azure/network.js';
import { renderTable } from '../output/table.js';

export interface PeerReport {
  dryRun: boolean;
  /** False when both peerings were already as they should be. */
  changed: boolean;
  aksVnet: VnetSummary;
  hdinsightVnet: VnetSummary;
  peerings: PeeringLine[];
}

interface VnetSummary {
  id: string;
  name: string;
  addressPrefixes: string[];
  foundBy: string;
}

interface PeeringLine {
  direction: PeeringResult['direction'];
  name: string;
  localVnet: string;
  remoteVnet: string;
  action: PeeringAction;
  reason: string;
  state: string;
  syncLevel: string;
}

export function peerReport(inspection: PeeringInspection, results: PeeringResult[] | undefined, dryRun: boolean): PeerReport {
  const summary = (vnet: VnetView, foundBy: string): VnetSummary => ({
    id: vnet.id,
    name: vnet.name,
    addressPrefixes: vnet.addressPrefixes,
    foundBy,
  });
  return {
    dryRun,
    changed: !dryRun && inspection.plans.some((plan) => plan.action !== 'none'),
    aksVnet: summary(inspection.aksVnet, inspection.aks.vnetSource === 'node resource group'
      ? `node resource group ${inspection.aks.cluster.nodeResourceGroup}`
      : inspection.aks.vnetSource),
    hdinsightVnet: summary(inspection.hdinsightVnet, inspection.hdinsight.vnetSource),
    peerings: inspection.plans.map((plan, i) => ({
      direction: plan.direction,
      name: plan.name,
      localVnet: plan.local.name,
      remoteVnet: plan.remote.name,
      action: plan.action,
      reason: plan.reason,
      state: results?.[i]?.state ?? plan.existing?.state ?? 'missing',
      syncLevel: results?.[i]?.syncLevel ?? plan.existing?.syncLevel ?? 'missing',
    })),
  };
}

const done: Record<PeeringAction, string> = {
  none: 'unchanged',
  create: 'created',
  recreate: 're-created',
  sync: 'synced',
  update: 'updated',
};

export function renderPeerReport(report: PeerReport): string {
  const vnets = renderTable(
    [
      { header: 'SIDE', value: (row: [string, VnetSummary]) => row[0] },
      { header: 'VNET', value: (row) => row[1].name },
      { header: 'ADDRESS SPACE', value: (row) => row[1].addressPrefixes.join(', ') },
      { header: 'FOUND BY', value: (row) => row[1].foundBy },
    ],
    [
      ['AKS', report.aksVnet],
      ['HDInsight', report.hdinsightVnet],
    ],
  );
  const peerings = renderTable(
    [
      { header: 'PEERING', value: (p: PeeringLine) => p.name },
      { header: 'LOCAL VNET', value: (p) => p.localVnet },
      { header: 'REMOTE VNET', value: (p) => p.remoteVnet },
      { header: report.dryRun ? 'WOULD' : 'ACTION', value: (p) => (report.dryRun ? (p.action === 'none' ? 'nothing' : p.action) : done[p.action]) },
      { header: 'STATE', value: (p) => p.state },
      { header: 'SYNC', value: (p) => p.syncLevel },
      ...(report.dryRun ? [{ header: 'WHY', value: (p: PeeringLine) => p.reason }] : []),
    ],
    report.peerings,
  );
  return `${vnets}\n\n${peerings}`;
}

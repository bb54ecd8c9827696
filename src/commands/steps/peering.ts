// Runbook step 1 as a unit that `peer`, `up` and `status` share. Its inspect, plan and apply live in
// src/azure (peering-inspect.ts, peering-apply.ts); this file turns the flags into a target and the
// inspection into the checks `status` shows.
import type { AzureClients } from '../../azure/clients.js';
import { describeConflict } from '../../azure/address-space.js';
import type { DirectionPlan, PeeringInspection, PeeringTarget } from '../../azure/peering-inspect.js';
import { vnetIdFlag } from '../../azure/resource-id.js';
import type { Finding } from '../../findings.js';
import { aksClusterOf, type AksFlags } from '../aks-options.js';

export interface PeeringFlags extends AksFlags {
  cluster: string;
  resourceGroup: string;
}

export function peeringTarget(clients: AzureClients, flags: PeeringFlags): PeeringTarget {
  return {
    aks: {
      ...aksClusterOf(clients, flags),
      ...(flags.aksVnet ? { vnet: vnetIdFlag('--aks-vnet', flags.aksVnet) } : {}),
    },
    hdinsight: {
      resourceGroup: flags.resourceGroup,
      name: flags.cluster,
      ...(flags.hdinsightVnet ? { vnet: vnetIdFlag('--hdinsight-vnet', flags.hdinsightVnet) } : {}),
    },
  };
}

/** What `status` says about runbook step 1, from an inspection (no other call). */
export function peeringFindings(inspection: PeeringInspection): Finding[] {
  const { aks, hdinsight, aksVnet, hdinsightVnet, conflicts } = inspection;
  return [
    {
      id: 'aks-vnet',
      title: 'AKS virtual network found',
      status: 'ok',
      evidence: `${aksVnet.name} (${aksVnet.addressPrefixes.join(', ')}), from the ${aks.vnetSource} of ${aks.cluster.name}`,
    },
    {
      id: 'hdinsight-vnet',
      title: 'HDInsight virtual network found',
      status: 'ok',
      evidence: `${hdinsightVnet.name} (${hdinsightVnet.addressPrefixes.join(', ')}), from the ${hdinsight.vnetSource} of ${hdinsight.cluster.name}`,
    },
    {
      id: 'address-spaces',
      title: 'address spaces do not overlap (VNets, their peers, AKS service and pod ranges)',
      status: conflicts.length === 0 ? 'ok' : 'failed',
      evidence: conflicts.length === 0 ? 'no overlap' : conflicts.map(describeConflict).join('; '),
      ...(conflicts.length === 0
        ? {}
        : { fix: { manual: 'Peered VNets must not share addresses: recreate one side with a range that overlaps none of the others.' } }),
    },
    ...inspection.plans.map(directionFinding),
  ];
}

function directionFinding(plan: DirectionPlan): Finding {
  const id = `peering-${plan.direction}`;
  const title = `peering ${plan.local.name} → ${plan.remote.name}: Connected, FullyInSync, VNet access allowed`;
  const existing = plan.existing;
  if (!existing) return { id, title, status: 'failed', evidence: `no peering from ${plan.local.name} to ${plan.remote.name}`, fix: { command: 'peer' } };
  const healthy =
    existing.state === 'Connected' && existing.syncLevel === 'FullyInSync' && existing.allowVirtualNetworkAccess && existing.provisioningState === 'Succeeded';
  return {
    id,
    title,
    status: healthy ? 'ok' : 'failed',
    evidence:
      `${existing.name}: ${existing.state}, ${existing.syncLevel}, VNet access ${existing.allowVirtualNetworkAccess ? 'allowed' : 'off'}` +
      (existing.provisioningState === 'Succeeded' ? '' : `, provisioning ${existing.provisioningState}`),
    ...(healthy ? {} : { fix: { command: 'peer' } }),
  };
}

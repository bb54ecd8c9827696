// The network path beyond peering, for `status`: NSGs and user routes on both subnets (read and judged in
// src/azure/network-path.ts), each finding with the exact change that fixes it.
import type { NetworkPathFinding, Obstacle } from '../../azure/network-path.js';
import type { Finding } from '../../findings.js';

export function networkPathChecks(findings: NetworkPathFinding[], port: number): Finding[] {
  return findings.map((finding) => ({
    id: finding.id,
    title: finding.title,
    status: finding.status,
    evidence: finding.evidence,
    ...(finding.blockedBy ? { fix: { manual: fixFor(finding.blockedBy, port) } } : {}),
  }));
}

/** The az command an operator runs, with the names read from Azure; the decision stays theirs. */
function fixFor(obstacle: Obstacle, port: number): string {
  if (obstacle.kind === 'security-rule') {
    const { nsg, rule, blocked } = obstacle;
    const direction = rule.direction === 'Inbound' ? 'Inbound' : 'Outbound';
    // A rule of lower number than the blocking one is evaluated first (NSG rules: lowest priority number wins).
    const priority = Math.max(100, rule.isDefault ? 4096 : rule.priority - 1);
    return (
      `Allow the Kafka traffic ahead of rule ${rule.name} (priority ${rule.priority}) in NSG ${nsg.name}, with any free priority below it: ` +
      `az network nsg rule create --subscription ${nsg.subscriptionId} --resource-group ${nsg.resourceGroup} --nsg-name ${nsg.name} ` +
      `--name allow-kafka-aks --priority ${priority} --direction ${direction} --access Allow --protocol Tcp ` +
      `--source-address-prefixes ${blocked.sources.join(' ')} --destination-address-prefixes ${blocked.destinations.join(' ')} --destination-port-ranges ${port}`
    );
  }
  const user = obstacle.route?.route;
  if (user) {
    const table = user.table;
    return (
      `Route ${user.name} in route table ${table.name} sends ${obstacle.destination} away from the peering: remove it, or narrow it to exclude ${obstacle.prefixes.join(', ')}: ` +
      `az network route-table route delete --subscription ${table.subscriptionId} --resource-group ${table.resourceGroup} --route-table-name ${table.name} --name ${user.name}`
    );
  }
  return `Traffic to ${obstacle.destination} takes no peering route: check that both peerings are Connected (kafka-aks peer), then the subnets' route tables.`;
}

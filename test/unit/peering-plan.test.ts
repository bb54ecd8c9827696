// The read side's decisions, from VNets as ARM reports them: what each direction needs, and which
// ranges collide.
import { describe, expect, it } from 'vitest';
import { findConflicts } from '../../src/azure/address-space.js';
import { kubernetesRangesOf, vnetsOfAgentPools } from '../../src/azure/aks.js';
import { vnetsOfRoles } from '../../src/azure/hdinsight.js';
import type { PeeringView, VnetView } from '../../src/azure/network.js';
import { addressSpaceOf, peeringName, planDirection } from '../../src/azure/peering-inspect.js';
import { parseVnetId } from '../../src/azure/resource-id.js';

const id = (rg: string, name: string) => `/subscriptions/s1/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
const vnet = (name: string, prefixes: string[], peerings: PeeringView[] = []): VnetView => ({
  ...parseVnetId(id('rg', name))!,
  location: 'westeurope',
  addressPrefixes: prefixes,
  subnets: [],
  peerings,
});
const peering = (name: string, remote: string, fields: Partial<PeeringView> = {}): PeeringView => ({
  name,
  id: `x/${name}`,
  remoteVnetId: id('rg', remote),
  state: 'Connected',
  syncLevel: 'FullyInSync',
  provisioningState: 'Succeeded',
  remoteAddressPrefixes: [],
  allowVirtualNetworkAccess: true,
  allowForwardedTraffic: false,
  allowGatewayTransit: false,
  useRemoteGateways: false,
  ...fields,
});
const settings = { prefix: 'kafka-aks', allowForwardedTraffic: false };
const kafka = vnet('kafka-vnet', ['10.10.0.0/16']);

describe('planning one direction', () => {
  const cases: [string, Partial<PeeringView> | undefined, string, string][] = [
    ['no peering', undefined, 'create', 'no peering to kafka-vnet yet'],
    ['Connected and in sync', {}, 'none', 'connected'],
    ['Initiated (the other side is missing)', { state: 'Initiated' }, 'none', 'waiting for the other side'],
    ['Disconnected', { state: 'Disconnected' }, 'recreate', 'Disconnected: the other side was deleted or re-created'],
    ['Connected without VNet access', { allowVirtualNetworkAccess: false }, 'update', 'access to the remote VNet is off, so no traffic would flow'],
    ['out of sync here', { syncLevel: 'LocalNotInSync' }, 'sync', "its copy of the remote address space is out of date"],
    ['out of sync on the other side only', { syncLevel: 'RemoteNotInSync' }, 'none', 'connected'],
    ['failed provisioning', { provisioningState: 'Failed' }, 'update', 'its last change failed'],
  ];
  for (const [title, existing, action, reason] of cases) {
    it(`${title} → ${action}`, () => {
      const local = vnet('aks-vnet', ['10.224.0.0/12'], existing ? [peering('by-hand', 'Kafka-VNet', existing)] : []);
      const plan = planDirection('aks-to-hdinsight', local, kafka, settings);
      expect([plan.action, plan.reason, plan.name]).toEqual([action, reason, existing ? 'by-hand' : 'kafka-aks-to-kafka-vnet']);
    });
  }

  it('asks for forwarded traffic on an existing peering only when told to', () => {
    const local = vnet('aks-vnet', ['10.224.0.0/12'], [peering('p', 'kafka-vnet')]);
    expect(planDirection('aks-to-hdinsight', local, kafka, { ...settings, allowForwardedTraffic: true }).action).toBe('update');
  });

  it('refuses a new name already used by a peering to another VNet', () => {
    const local = vnet('aks-vnet', ['10.224.0.0/12'], [peering('kafka-aks-to-kafka-vnet', 'elsewhere')]);
    expect(() => planDirection('aks-to-hdinsight', local, kafka, settings)).toThrow(/already has a peering named kafka-aks-to-kafka-vnet/);
  });

  it("checks peering names against Azure's rules", () => {
    expect(peeringName('kafka-aks', 'aks-vnet-12345678')).toBe('kafka-aks-to-aks-vnet-12345678');
    expect(() => peeringName('x'.repeat(70), 'kafka-vnet')).toThrow(/naming rules/);
    expect(() => peeringName('_x', 'v')).toThrow(/naming rules/);
  });
});

describe('range conflicts', () => {
  it('names VNet overlaps, already-peered overlaps and Kubernetes ranges with their owners', () => {
    const aks = vnet('aks-vnet', ['10.224.0.0/12'], [peering('to-hub', 'hub', { remoteAddressPrefixes: ['10.10.200.0/24'] })]);
    const hdi = vnet('kafka-vnet', ['10.10.0.0/16', '10.230.0.0/16'], [peering('to-aks', 'aks-vnet', { remoteAddressPrefixes: ['10.224.0.0/12'] })]);
    const conflicts = findConflicts({
      aksCluster: 'aks1',
      aksVnet: addressSpaceOf(aks),
      hdinsightVnet: addressSpaceOf(hdi),
      kubernetesRanges: [{ prefix: '10.10.0.0/20', kind: 'service' }],
    });
    expect(conflicts).toEqual([
      { kind: 'vnets', left: { prefix: '10.224.0.0/12', owner: 'VNet aks-vnet' }, right: { prefix: '10.230.0.0/16', owner: 'VNet kafka-vnet' } },
      { kind: 'already-peered', left: { prefix: '10.10.0.0/16', owner: 'VNet kafka-vnet' }, right: { prefix: '10.10.200.0/24', owner: 'VNet hub (already peered with aks-vnet)' } },
      { kind: 'kubernetes', left: { prefix: '10.10.0.0/20', owner: 'AKS service range of aks1' }, right: { prefix: '10.10.0.0/16', owner: 'VNet kafka-vnet' } },
    ]);
  });
});

describe('reading the clusters', () => {
  it('takes the VNet of bring-your-own subnets, whatever the casing, once per VNet', () => {
    const subnet = (s: string) => `/subscriptions/s2/resourcegroups/net/providers/microsoft.network/virtualNetworks/byo/subnets/${s}`;
    const refs = vnetsOfAgentPools({ agentPoolProfiles: [{ name: 'a', vnetSubnetID: subnet('one') }, { name: 'b', vnetSubnetID: subnet('two') }, { name: 'c' }] });
    expect(refs).toEqual([{ id: '/subscriptions/s2/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/byo', subscriptionId: 's2', resourceGroup: 'net', name: 'byo' }]);
    expect(vnetsOfAgentPools({ agentPoolProfiles: [{ name: 'a' }] })).toEqual([]);
  });

  it('counts the pod range only where pods live outside the VNet (kubenet, overlay)', () => {
    expect(kubernetesRangesOf({ networkProfile: { networkPlugin: 'kubenet', podCidr: '10.244.0.0/16', serviceCidr: '10.0.0.0/16' } })).toEqual([
      { prefix: '10.0.0.0/16', kind: 'service' },
      { prefix: '10.244.0.0/16', kind: 'pod' },
    ]);
    expect(kubernetesRangesOf({ networkProfile: { networkPlugin: 'azure', podCidr: '10.244.0.0/16', serviceCidrs: ['10.0.0.0/16', 'fd00::/108'] } })).toEqual([
      { prefix: '10.0.0.0/16', kind: 'service' },
      { prefix: 'fd00::/108', kind: 'service' },
    ]);
    expect(kubernetesRangesOf({ networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidrs: ['192.168.0.0/16'], serviceCidr: '10.0.0.0/16' } })).toContainEqual({ prefix: '192.168.0.0/16', kind: 'pod' });
  });

  it('reads the HDInsight VNet from the roles, none for a cluster without one', () => {
    const role = (vnetId?: string) => ({ name: 'workernode', ...(vnetId ? { virtualNetworkProfile: { id: vnetId, subnet: `${vnetId}/subnets/s` } } : {}) });
    expect(vnetsOfRoles({ properties: { clusterDefinition: {}, computeProfile: { roles: [role(id('rg', 'v')), role(id('RG', 'V'))] } } }).map((v) => v.name)).toEqual(['v']);
    expect(vnetsOfRoles({ properties: { clusterDefinition: {}, computeProfile: { roles: [role()] } } })).toEqual([]);
  });
});

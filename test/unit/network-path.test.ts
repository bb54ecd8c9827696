// The network-path findings from what was read (the parts the ARM simulator cannot produce), and the
// parsing of what ARM sends for NSGs and route tables.
import type { NetworkSecurityGroup, RouteTable } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import type { VnetView } from '../../src/azure/network.js';
import { networkPathFindings, type NetworkPathTarget, type SubnetReading } from '../../src/azure/network-path.js';
import { parseVnetId } from '../../src/azure/resource-id.js';
import { routeTableViewOf } from '../../src/azure/route-table.js';
import { nsgViewOf } from '../../src/azure/security-rules.js';
import type { SubnetControls } from '../../src/azure/subnet-controls.js';
import { KafkaAksError } from '../../src/errors.js';

const vnetId = (rg: string, name: string) => `/subscriptions/s1/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
const NSG = '/subscriptions/s1/resourceGroups/kafka-rg/providers/Microsoft.Network/networkSecurityGroups/kafka-nsg';
const vnet = (rg: string, name: string, prefixes: string[]): VnetView => ({ ...parseVnetId(vnetId(rg, name))!, location: 'westeurope', addressPrefixes: prefixes, subnets: [], peerings: [] });
const aksVnet = vnet('aks-rg', 'aks-vnet', ['10.224.0.0/12']);
const kafkaVnet = vnet('kafka-rg', 'kafka-vnet', ['10.10.0.0/16']);
const kafkaSubnet = `${kafkaVnet.id}/subnets/kafka-subnet`;
const aksSubnet = `${aksVnet.id}/subnets/aks-subnet`;

const read = (id: string, prefixes: string[], controls: Partial<SubnetControls> = {}): SubnetReading => ({
  id,
  lookup: {
    kind: 'read',
    value: {
      subnet: { id, name: id.split('/').pop()!, vnet: parseVnetId(id)!, addressPrefixes: prefixes, nsgId: undefined, routeTableId: undefined },
      nsg: { kind: 'none' },
      routeTable: { kind: 'none' },
      ...controls,
    },
  },
});
const target = (aksSubnetIds: string[]): NetworkPathTarget => ({
  aks: { vnet: aksVnet, subnetIds: aksSubnetIds },
  hdinsight: { vnet: kafkaVnet, subnetId: kafkaSubnet },
  port: 9092,
});

describe('network-path findings', () => {
  it('without an AKS subnet there is no source range: the inbound and return checks cannot be made', () => {
    const findings = networkPathFindings(target([]), { hdinsight: read(kafkaSubnet, ['10.10.0.0/24']), aks: [] });
    expect(findings.map((f) => [f.id, f.status, f.evidence])).toEqual([
      ['nsg-hdinsight-inbound', 'could-not-check', 'No subnet of the AKS cluster is known, so there is no source range to check.'],
      ['routes-hdinsight-to-aks', 'could-not-check', 'No subnet of the AKS cluster is known, so there is no source range to check.'],
    ]);
  });

  it('an NSG kafka-aks could not make sense of, and one whose verdict depends on an application security group', () => {
    const odd = { what: 'NSG kafka-nsg', id: NSG, reason: 'unexpected-answer' as const, message: 'ARM answered rule r of NSG kafka-nsg with priority missing, which kafka-aks cannot evaluate.', permission: undefined };
    const asgNsg = nsgViewOf({
      id: NSG,
      securityRules: [
        {
          name: 'deny-brokers', priority: 100, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', sourceAddressPrefix: '*', sourcePortRange: '*', destinationPortRange: '9092',
          destinationApplicationSecurityGroups: [{ id: '/subscriptions/s1/resourceGroups/kafka-rg/providers/Microsoft.Network/applicationSecurityGroups/brokers' }],
        },
      ],
    });
    const findings = networkPathFindings(target([aksSubnet]), {
      hdinsight: read(kafkaSubnet, ['10.10.0.0/24'], { nsg: { kind: 'read', value: asgNsg } }),
      aks: [read(aksSubnet, ['10.224.0.0/16'], { nsg: { kind: 'unreadable', unreadable: odd } })],
    });
    expect(findings.find((f) => f.id === 'nsg-hdinsight-inbound')).toMatchObject({
      status: 'could-not-check',
      evidence: expect.stringContaining('depends on rule deny-brokers (priority 100), which names application security group brokers'),
    });
    expect(findings.find((f) => f.id === 'nsg-aks-outbound:aks-subnet')).toMatchObject({ status: 'could-not-check', evidence: odd.message, unreadable: [odd] });
  });
});

describe("parsing ARM's NSGs and route tables", () => {
  it('takes the plural field when ARM filled it, else the singular one, and keeps defaults apart', () => {
    const nsg: NetworkSecurityGroup = {
      id: NSG,
      securityRules: [
        {
          name: 'r', id: `${NSG}/securityRules/r`, priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
          sourceAddressPrefix: '', sourceAddressPrefixes: ['10.1.0.0/16', '10.2.0.0/16'], destinationAddressPrefix: '*', destinationAddressPrefixes: [],
          sourcePortRange: '*', destinationPortRanges: ['9092', '9093'],
        },
      ],
      defaultSecurityRules: [
        { name: 'DenyAllInBound', priority: 65500, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*', sourcePortRange: '*', destinationPortRange: '*' },
      ],
    };
    expect(nsgViewOf(nsg)).toMatchObject({
      name: 'kafka-nsg',
      resourceGroup: 'kafka-rg',
      rules: [
        { name: 'r', sourceAddresses: ['10.1.0.0/16', '10.2.0.0/16'], destinationAddresses: ['*'], sourcePorts: ['*'], destinationPorts: ['9092', '9093'], isDefault: false },
        { name: 'DenyAllInBound', isDefault: true },
      ],
    });
  });

  const refusals: [string, () => unknown, string][] = [
    ['an NSG without an id', () => nsgViewOf({}), 'ARM answered a network security group without a usable id (none).'],
    [
      'a rule without a priority',
      () => nsgViewOf({ id: NSG, securityRules: [{ name: 'r', direction: 'Inbound', access: 'Allow', protocol: '*' }] }),
      'ARM answered rule r of NSG kafka-nsg with priority missing, which kafka-aks cannot evaluate.',
    ],
    [
      'a rule with an access it does not know',
      () => nsgViewOf({ id: NSG, securityRules: [{ name: 'r', priority: 100, direction: 'Inbound', access: 'Maybe', protocol: '*' }] }),
      'ARM answered rule r of NSG kafka-nsg with access "Maybe", which kafka-aks cannot evaluate.',
    ],
    [
      'a rule without ports',
      () => nsgViewOf({ id: NSG, securityRules: [{ name: 'r', priority: 100, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*' }] }),
      'ARM answered rule r of NSG kafka-nsg with source port range missing, which kafka-aks cannot evaluate.',
    ],
    [
      'a route without a next hop type',
      () => routeTableViewOf({ id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt', routes: [{ name: 'x', addressPrefix: '10.0.0.0/8' }] } as RouteTable),
      'ARM answered route x of route table rt without a next hop type.',
    ],
  ];
  it.each(refusals)('refuses %s, saying what is missing', (_, parse, message) => {
    expect(parse).toThrow(KafkaAksError);
    expect(parse).toThrow(message);
  });
});

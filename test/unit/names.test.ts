// Azure's naming rules, as kafka-aks checks the names it puts into ARM and Ambari paths.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/commander.js';
import { aksClusterName, hdinsightClusterName, resourceGroupName, subscriptionId, virtualNetworkName } from '../../src/azure/names.js';
import { nameOf } from '../../src/commands/parsers.js';
import { vnetIdFlag } from '../../src/azure/resource-id.js';

/** Names that would leave their path segment, or are no name at all: no rule may accept them. */
const ESCAPES = ['', '.', '..', 'a/b', '..%2f', '%2e%2e', 'a\\b', 'a?b', 'a#b', ' kafka', 'kafka '];

describe('Azure names', () => {
  it('HDInsight clusters: 3-59 letters, digits and hyphens, starting and ending with a letter or digit', () => {
    for (const name of ['kafka', 'abc', 'Kafka-Prod-01', '0kafka9', 'a'.repeat(59)]) expect(hdinsightClusterName.pattern.test(name), name).toBe(true);
    for (const name of [...ESCAPES, 'ab', 'a'.repeat(60), '-kafka', 'kafka-', 'kafka_prod', 'kafka.prod', 'kafkä']) {
      expect(hdinsightClusterName.pattern.test(name), name).toBe(false);
    }
  });

  it("resource groups: 1-90 letters (any script), digits, '_', '-', '.', '(' and ')', not ending in '.'", () => {
    for (const name of ['r', 'kafka-rg', 'MC_aks-rg_aks1_westeurope', 'rg.(test)', 'ресурсы', 'グループ', 'x'.repeat(90), '.rg']) {
      expect(resourceGroupName.pattern.test(name), name).toBe(true);
    }
    // U+2215 DIVISION SLASH looks like '/' and is no letter: refused like any other symbol.
    for (const name of [...ESCAPES, 'rg.', 'x'.repeat(91), 'rg\u2215x', 'rg😀', 'rg x']) {
      expect(resourceGroupName.pattern.test(name), name).toBe(false);
    }
  });

  it('AKS clusters: 1-63 letters, digits, underscores and hyphens, starting and ending with a letter or digit', () => {
    for (const name of ['a', 'aks1', 'aks_prod-1', 'A'.repeat(63)]) expect(aksClusterName.pattern.test(name), name).toBe(true);
    for (const name of [...ESCAPES, 'A'.repeat(64), '_aks', 'aks-', 'aks.1', 'aks\u00e9']) {
      expect(aksClusterName.pattern.test(name), name).toBe(false);
    }
  });

  it('virtual networks: 2-64 letters, digits, _ . -, starting with a letter or digit, ending with one or _', () => {
    for (const name of ['kafka-vnet', 'aks-vnet-51832928', 'v.net_', 'v'.repeat(64)]) expect(virtualNetworkName.pattern.test(name), name).toBe(true);
    for (const name of [...ESCAPES, 'v', 'v'.repeat(65), 'vnet.', 'vnet-', '_vnet']) expect(virtualNetworkName.pattern.test(name), name).toBe(false);
  });

  it('subscription ids are GUIDs', () => {
    expect(subscriptionId.pattern.test('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(subscriptionId.pattern.test('ABCDEF01-2345-6789-abcd-ef0123456789')).toBe(true);
    for (const id of [...ESCAPES, 'Production', '00000000-0000-0000-0000-00000000000']) expect(subscriptionId.pattern.test(id), id).toBe(false);
  });

  it('as a flag parser, a bad name is a usage error that states the rule; a good one comes back as given', () => {
    const parse = nameOf(hdinsightClusterName);
    expect(parse('MyKafka')).toBe('MyKafka');
    expect(() => parse('..')).toThrow(InvalidArgumentError);
    expect(() => parse('..')).toThrow(hdinsightClusterName.says);
  });

  it('a VNet id whose segments break the rules is refused, though it has the shape of an id', () => {
    const id = (sub: string, rg: string, vnet: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}`;
    const sub = '00000000-0000-0000-0000-000000000000';
    expect(vnetIdFlag('--aks-vnet', id(sub, 'aks-rg', 'aks-vnet')).name).toBe('aks-vnet');
    expect(() => vnetIdFlag('--aks-vnet', id('..', 'aks-rg', 'aks-vnet'))).toThrow(subscriptionId.says);
    expect(() => vnetIdFlag('--aks-vnet', id(sub, '..', 'aks-vnet'))).toThrow(resourceGroupName.says);
    expect(() => vnetIdFlag('--aks-vnet', id(sub, 'aks-rg', '..'))).toThrow(virtualNetworkName.says);
  });
});

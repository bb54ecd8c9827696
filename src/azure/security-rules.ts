// A network security group as ARM reports it (NetworkSecurityGroupGet.json; spec
// specification/network/.../2025-05-01/networkSecurityGroup.json, SecurityRulePropertiesFormat), checked
// field by field: a rule whose priority, direction, access, protocol, addresses or ports cannot be read
// cannot be evaluated either.
import type { NetworkSecurityGroup, SecurityRule } from '@azure/arm-network';
import { operationFailed } from '../errors.js';
import { parseNetworkResourceId, type NetworkResourceRef } from './resource-id.js';

export type RuleDirection = 'Inbound' | 'Outbound';
export type RuleAccess = 'Allow' | 'Deny';

export interface SecurityRuleView {
  name: string;
  id: string;
  priority: number;
  direction: RuleDirection;
  access: RuleAccess;
  /** `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah` or `*`. */
  protocol: string;
  /** Prefixes, addresses, `*` or service tags: the plural field when ARM filled it, else the singular one. */
  sourceAddresses: string[];
  destinationAddresses: string[];
  /** `*`, `9092`, `9000-9100`. */
  sourcePorts: string[];
  destinationPorts: string[];
  /** Application security groups (ids) named instead of addresses. */
  sourceGroups: string[];
  destinationGroups: string[];
  /** One of the six `defaultSecurityRules` every NSG carries, evaluated after every custom rule. */
  isDefault: boolean;
}

export interface NsgView extends NetworkResourceRef {
  /** Custom rules, then default rules, as ARM listed them. */
  rules: SecurityRuleView[];
}

export function nsgViewOf(nsg: NetworkSecurityGroup): NsgView {
  const ref = parseNetworkResourceId(nsg.id ?? '', 'networkSecurityGroups');
  if (!ref) throw operationFailed(`ARM answered a network security group without a usable id (${nsg.id ?? 'none'}).`);
  return {
    ...ref,
    rules: [
      ...(nsg.securityRules ?? []).map((rule) => ruleViewOf(rule, false, ref.name)),
      ...(nsg.defaultSecurityRules ?? []).map((rule) => ruleViewOf(rule, true, ref.name)),
    ],
  };
}

function ruleViewOf(rule: SecurityRule, isDefault: boolean, nsg: string): SecurityRuleView {
  const name = rule.name ?? '(unnamed)';
  const unreadable = (field: string, value: unknown) =>
    operationFailed(`ARM answered rule ${name} of NSG ${nsg} with ${field} ${JSON.stringify(value) ?? 'missing'}, which kafka-aks cannot evaluate.`);
  if (typeof rule.priority !== 'number') throw unreadable('priority', rule.priority);
  if (rule.direction !== 'Inbound' && rule.direction !== 'Outbound') throw unreadable('direction', rule.direction);
  if (rule.access !== 'Allow' && rule.access !== 'Deny') throw unreadable('access', rule.access);
  if (typeof rule.protocol !== 'string') throw unreadable('protocol', rule.protocol);
  const either = (plural: string[] | undefined, singular: string | undefined) =>
    plural?.length ? plural : singular !== undefined && singular !== '' ? [singular] : [];
  const groups = (list: { id?: string }[] | undefined) => (list ?? []).map((group) => group.id ?? '(unnamed group)');
  const sourceAddresses = either(rule.sourceAddressPrefixes, rule.sourceAddressPrefix);
  const destinationAddresses = either(rule.destinationAddressPrefixes, rule.destinationAddressPrefix);
  const sourcePorts = either(rule.sourcePortRanges, rule.sourcePortRange);
  const destinationPorts = either(rule.destinationPortRanges, rule.destinationPortRange);
  const sourceGroups = groups(rule.sourceApplicationSecurityGroups);
  const destinationGroups = groups(rule.destinationApplicationSecurityGroups);
  // A rule without one of these would match nothing here, and might hide a deny that Azure applies.
  if (sourceAddresses.length + sourceGroups.length === 0) throw unreadable('source', undefined);
  if (destinationAddresses.length + destinationGroups.length === 0) throw unreadable('destination', undefined);
  if (sourcePorts.length === 0) throw unreadable('source port range', undefined);
  if (destinationPorts.length === 0) throw unreadable('destination port range', undefined);
  return {
    name,
    id: rule.id ?? '',
    priority: rule.priority,
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    sourceAddresses,
    destinationAddresses,
    sourcePorts,
    destinationPorts,
    sourceGroups,
    destinationGroups,
    isDefault,
  };
}

// Network security groups of the simulated world. Seeds are checked the way ARM checks a PUT (spec
// networkSecurityGroup.json, SecurityRulePropertiesFormat): priority 100-4096 and unique per direction,
// ports `*`, `n` or `n-m`, addresses a prefix, an address, `*` or one of the service tags the
// simulator models. Every NSG carries the six default rules of NetworkSecurityGroupGet.json.
import { isIP } from 'node:net';

export interface SecurityRule {
  name: string;
  direction: 'Inbound' | 'Outbound';
  priority: number;
  access: 'Allow' | 'Deny';
  protocol: 'Tcp' | 'Udp' | 'Icmp' | '*';
  sources: string[];
  destinations: string[];
  sourcePorts: string[];
  destinationPorts: string[];
  description: string | undefined;
  etag: string;
}

export interface SecurityRuleSeed {
  name: string;
  priority: number;
  direction: SecurityRule['direction'];
  access: SecurityRule['access'];
  /** Default `*`. */
  protocol?: SecurityRule['protocol'];
  /** Prefixes, addresses, `*`, `VirtualNetwork`, `AzureLoadBalancer` or `Internet`; default `*`. */
  source?: string | string[];
  destination?: string | string[];
  /** `*`, `9092` or `9000-9100`; default `*`. */
  sourcePorts?: string | string[];
  destinationPorts?: string | string[];
  description?: string;
}

export interface Nsg {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  rules: SecurityRule[];
  resourceGuid: string;
  etag: string;
}

export interface NsgSeed {
  subscriptionId?: string;
  resourceGroup: string;
  name: string;
  location?: string;
  rules?: SecurityRuleSeed[];
}

/** The tags the simulator can resolve; Azure has many more (service-tags-overview.md). */
export const MODELLED_TAGS = ['VirtualNetwork', 'AzureLoadBalancer', 'Internet'];

/** NetworkSecurityGroupGet.json `defaultSecurityRules`, in its order and words. */
export const DEFAULT_RULES: Omit<SecurityRule, 'etag'>[] = (
  [
    ['AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow inbound traffic from all VMs in VNET'],
    ['AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*', 'Allow inbound traffic from azure load balancer'],
    ['DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*', 'Deny all inbound traffic'],
    ['AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow outbound traffic from all VMs to all VMs in VNET'],
    ['AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet', 'Allow outbound traffic from all VMs to Internet'],
    ['DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*', 'Deny all outbound traffic'],
  ] as const
).map(([name, priority, direction, access, source, destination, description]) => ({
  name, priority, direction, access, protocol: '*', sources: [source], destinations: [destination], sourcePorts: ['*'], destinationPorts: ['*'], description,
}));

/** A rule as ARM would store it, or an Error saying what ARM would refuse. */
export function securityRuleOf(seed: SecurityRuleSeed, existing: SecurityRule[], etag: string): SecurityRule {
  const list = (value: string | string[] | undefined) => (value === undefined ? ['*'] : Array.isArray(value) ? value : [value]);
  const rule: SecurityRule = {
    name: seed.name,
    priority: seed.priority,
    direction: seed.direction,
    access: seed.access,
    protocol: seed.protocol ?? '*',
    sources: list(seed.source),
    destinations: list(seed.destination),
    sourcePorts: list(seed.sourcePorts),
    destinationPorts: list(seed.destinationPorts),
    description: seed.description,
    etag,
  };
  if (!Number.isInteger(rule.priority) || rule.priority < 100 || rule.priority > 4096) {
    throw new Error(`rule ${rule.name}: priority must be 100-4096 (SecurityRuleInvalidPriority)`);
  }
  const clash = existing.find((r) => r.direction === rule.direction && (r.priority === rule.priority || r.name.toLowerCase() === rule.name.toLowerCase()));
  if (clash) throw new Error(`rule ${rule.name}: rule ${clash.name} already has priority ${clash.priority} or this name (SecurityRuleConflict)`);
  for (const address of [...rule.sources, ...rule.destinations]) {
    const [ip, length] = address.split('/');
    const prefix = isIP(ip!) !== 0 && (length === undefined || /^\d+$/.test(length));
    if (!prefix && address !== '*' && !MODELLED_TAGS.includes(address)) throw new Error(`rule ${rule.name}: address ${address} is not modelled`);
  }
  for (const port of [...rule.sourcePorts, ...rule.destinationPorts]) {
    if (port !== '*' && !/^\d{1,5}(-\d{1,5})?$/.test(port)) throw new Error(`rule ${rule.name}: port ${port} is not a port or range`);
  }
  return rule;
}

// NSG evaluation as Azure does it (network-security-groups-overview.md): priority order, first match,
// defaults last, protocol and port matching, service tags, and ranges that are only partly allowed.
// The scene: AKS nodes in 10.224.0.0/16 (AKS VNet 10.224.0.0/12) connecting to Kafka brokers in the
// HDInsight subnet 10.10.0.0/24 (HDInsight VNet 10.10.0.0/16) on port 9092.
import { describe, expect, it } from 'vitest';
import { evaluateNsg, portSpans, type NsgFlow } from '../../src/azure/nsg-verdict.js';
import type { NsgView, RuleAccess, RuleDirection, SecurityRuleView } from '../../src/azure/security-rules.js';

const NSG = '/subscriptions/s1/resourceGroups/kafka-rg/providers/Microsoft.Network/networkSecurityGroups/kafka-nsg';

const rule = (name: string, priority: number, direction: RuleDirection, access: RuleAccess, fields: Partial<SecurityRuleView> = {}): SecurityRuleView => ({
  name,
  id: `${NSG}/securityRules/${name}`,
  priority,
  direction,
  access,
  protocol: '*',
  sourceAddresses: ['*'],
  destinationAddresses: ['*'],
  sourcePorts: ['*'],
  destinationPorts: ['*'],
  sourceGroups: [],
  destinationGroups: [],
  isDefault: false,
  ...fields,
});
const inbound = (name: string, priority: number, access: RuleAccess, fields: Partial<SecurityRuleView> = {}) =>
  rule(name, priority, 'Inbound', access, { protocol: 'Tcp', destinationPorts: ['9092'], ...fields });

/** The six rules every NSG carries (NetworkSecurityGroupGet.json `defaultSecurityRules`). */
const defaults = [
  rule('AllowVnetInBound', 65000, 'Inbound', 'Allow', { sourceAddresses: ['VirtualNetwork'], destinationAddresses: ['VirtualNetwork'] }),
  rule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', { sourceAddresses: ['AzureLoadBalancer'] }),
  rule('DenyAllInBound', 65500, 'Inbound', 'Deny'),
  rule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', { sourceAddresses: ['VirtualNetwork'], destinationAddresses: ['VirtualNetwork'] }),
  rule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', { destinationAddresses: ['Internet'] }),
  rule('DenyAllOutBound', 65500, 'Outbound', 'Deny'),
].map((r) => ({ ...r, id: `${NSG}/defaultSecurityRules/${r.name}`, isDefault: true }));

const nsg = (custom: SecurityRuleView[], withDefaults = true): NsgView => ({
  id: NSG,
  name: 'kafka-nsg',
  resourceGroup: 'kafka-rg',
  subscriptionId: 's1',
  rules: [...custom, ...(withDefaults ? defaults : [])],
});
const flow: NsgFlow = { direction: 'Inbound', sources: ['10.224.0.0/16'], destinations: ['10.10.0.0/24'], port: 9092 };
/** The VirtualNetwork tag of the HDInsight VNet once peered with the AKS VNet. */
const peered = ['10.10.0.0/16', '10.224.0.0/12'];

/** `allowed by A, B` | `blocked by R` | `undetermined by R` */
function outcome(rules: SecurityRuleView[], changes: Partial<NsgFlow> = {}, tag = peered, withDefaults = true): string {
  const verdict = evaluateNsg(nsg(rules, withDefaults), { ...flow, ...changes }, tag);
  if (verdict.verdict === 'allowed') return `allowed by ${verdict.rules.map((r) => r.name).join(', ')}`;
  return `${verdict.verdict} by ${verdict.rule?.name ?? 'nothing'}`;
}

describe('NSG evaluation: order and first match', () => {
  const cases: [string, SecurityRuleView[], string][] = [
    ['only the default rules: AllowVnetInBound admits the peered VNet', [], 'allowed by AllowVnetInBound'],
    ['a custom deny-all comes before every default rule', [inbound('DenyEverything', 4096, 'Deny', { protocol: '*', destinationPorts: ['*'] })], 'blocked by DenyEverything'],
    [
      'the lower priority number wins: allow 100 before deny 200',
      [inbound('DenyKafka', 200, 'Deny'), inbound('AllowKafka', 100, 'Allow')],
      'allowed by AllowKafka',
    ],
    [
      'the lower priority number wins: deny 100 before allow 200',
      [inbound('AllowKafka', 200, 'Allow'), inbound('DenyKafka', 100, 'Deny')],
      'blocked by DenyKafka',
    ],
    ['an outbound deny does not touch inbound traffic', [rule('DenyOut', 100, 'Outbound', 'Deny')], 'allowed by AllowVnetInBound'],
  ];
  it.each(cases)('%s', (_, rules, expected) => expect(outcome(rules)).toBe(expected));
});

describe('NSG evaluation: protocol and destination port', () => {
  const deny = (fields: Partial<SecurityRuleView>) => [inbound('DenyIt', 100, 'Deny', fields)];
  const cases: [string, Partial<SecurityRuleView>, string][] = [
    ['port 9092', { destinationPorts: ['9092'] }, 'blocked by DenyIt'],
    ['range 9000-9100', { destinationPorts: ['9000-9100'] }, 'blocked by DenyIt'],
    ['range 9093-9100 leaves 9092 alone', { destinationPorts: ['9093-9100'] }, 'allowed by AllowVnetInBound'],
    ['any port', { destinationPorts: ['*'] }, 'blocked by DenyIt'],
    ['a list that holds 9092', { destinationPorts: ['22', '9092'] }, 'blocked by DenyIt'],
    ['a list without 9092', { destinationPorts: ['22', '443'] }, 'allowed by AllowVnetInBound'],
    ['protocol Tcp', { protocol: 'Tcp' }, 'blocked by DenyIt'],
    ['protocol *', { protocol: '*' }, 'blocked by DenyIt'],
    ['protocol Udp does not match TCP', { protocol: 'Udp' }, 'allowed by AllowVnetInBound'],
    ['protocol Icmp does not match TCP', { protocol: 'Icmp' }, 'allowed by AllowVnetInBound'],
  ];
  it.each(cases)('a deny rule on %s', (_, fields, expected) => expect(outcome(deny(fields))).toBe(expected));

  it('parses ports as ARM writes them', () => {
    expect(portSpans(['*', '80', '9000-9100', 'nonsense'])).toEqual([
      { first: 0n, last: 65535n },
      { first: 80n, last: 80n },
      { first: 9000n, last: 9100n },
    ]);
  });
});

describe('NSG evaluation: addresses and service tags', () => {
  const cases: [string, SecurityRuleView[], Partial<NsgFlow>, string[], string][] = [
    ['a deny from the AKS prefix', [inbound('DenyAks', 100, 'Deny', { sourceAddresses: ['10.224.0.0/16'] })], {}, peered, 'blocked by DenyAks'],
    ['a deny from another prefix', [inbound('DenyOther', 100, 'Deny', { sourceAddresses: ['10.99.0.0/16'] })], {}, peered, 'allowed by AllowVnetInBound'],
    ['a deny listing several prefixes, one of them AKS', [inbound('DenyList', 100, 'Deny', { sourceAddresses: ['10.99.0.0/16', '10.224.0.0/12'] })], {}, peered, 'blocked by DenyList'],
    ['a deny from VirtualNetwork (which holds the peered VNet)', [inbound('DenyVnet', 100, 'Deny', { sourceAddresses: ['VirtualNetwork'] })], {}, peered, 'blocked by DenyVnet'],
    ['a deny from Internet (private peered ranges are not Internet)', [inbound('DenyInternet', 100, 'Deny', { sourceAddresses: ['Internet'] })], {}, peered, 'allowed by AllowVnetInBound'],
    ['a deny from AzureLoadBalancer', [inbound('DenyLb', 100, 'Deny', { sourceAddresses: ['AzureLoadBalancer'] })], {}, peered, 'allowed by AllowVnetInBound'],
    ['a deny to one broker address', [inbound('DenyBroker', 100, 'Deny', { destinationAddresses: ['10.10.0.4'] })], { destinations: ['10.10.0.4'] }, peered, 'blocked by DenyBroker'],
    ['a deny from Storage (a public service tag never holds private addresses)', [inbound('DenyStorage', 100, 'Deny', { sourceAddresses: ['Storage'] })], {}, peered, 'allowed by AllowVnetInBound'],
    ['without the peered VNet in the VirtualNetwork tag, DenyAllInBound stops AKS', [], {}, ['10.10.0.0/16'], 'blocked by DenyAllInBound'],
    ['a user route to 0.0.0.0/0 widens the VirtualNetwork tag to everything', [], { sources: ['52.1.2.0/24'] }, [...peered, '0.0.0.0/0'], 'allowed by AllowVnetInBound'],
    ['the load balancer probe address is admitted by its own default rule', [], { sources: ['168.63.129.16'] }, peered, 'allowed by AllowAzureLoadBalancerInBound'],
    ['IPv6 prefixes are matched too', [inbound('DenyV6', 100, 'Deny', { sourceAddresses: ['fd00::/56'] })], { sources: ['fd00::/64'], destinations: ['fd10::/64'] }, [...peered, 'fd00::/48', 'fd10::/48'], 'blocked by DenyV6'],
  ];
  it.each(cases)('%s', (_, rules, changes, tag, expected) => expect(outcome(rules, changes, tag)).toBe(expected));

  it('application security groups and unknown tags on public ranges leave the answer open', () => {
    const asg = '/subscriptions/s1/resourceGroups/kafka-rg/providers/Microsoft.Network/applicationSecurityGroups/brokers';
    expect(outcome([inbound('DenyAsg', 100, 'Deny', { destinationAddresses: [], destinationGroups: [asg] })])).toBe('undetermined by DenyAsg');
    // An allow that might match, before a default that allows anyway: allowed whatever the group holds.
    expect(outcome([inbound('AllowAsg', 100, 'Allow', { sourceAddresses: [], sourceGroups: [asg] })])).toBe('allowed by AllowVnetInBound');
    // An allow that might match, before a deny that surely does: it depends on the group.
    expect(outcome([inbound('AllowAsg', 100, 'Allow', { sourceAddresses: [], sourceGroups: [asg] }), inbound('DenyKafka', 200, 'Deny')])).toBe(
      'undetermined by AllowAsg',
    );
    const publicVnet = ['20.1.0.0/16', '10.10.0.0/16'];
    const verdict = evaluateNsg(nsg([inbound('DenyCloud', 100, 'Deny', { sourceAddresses: ['AzureCloud'] })]), { ...flow, sources: ['20.1.0.0/24'] }, publicVnet);
    expect(verdict).toMatchObject({
      verdict: 'undetermined',
      evidence:
        'Whether NSG kafka-nsg allows inbound TCP 9092 from 20.1.0.0/24 to 10.10.0.0/24 depends on rule DenyCloud (priority 100), which names service tag AzureCloud: kafka-aks cannot tell which addresses that covers.',
    });
  });

  it('says so when no rule decides (an NSG listed without its default rules)', () => {
    expect(outcome([inbound('AllowHalf', 100, 'Allow', { sourceAddresses: ['10.224.0.0/17'] })], {}, peered, false)).toBe('undetermined by nothing');
  });
});

describe('NSG evaluation: a range is allowed only if all of it is', () => {
  it('names the rule that denies part of the source range, and the part', () => {
    const verdict = evaluateNsg(nsg([inbound('DenyOneSubnet', 300, 'Deny', { sourceAddresses: ['10.224.3.0/24'] })]), flow, peered);
    expect(verdict).toEqual({
      verdict: 'blocked',
      nsg: { id: NSG, name: 'kafka-nsg', resourceGroup: 'kafka-rg', subscriptionId: 's1' },
      rule: { name: 'DenyOneSubnet', id: `${NSG}/securityRules/DenyOneSubnet`, priority: 300, access: 'Deny', direction: 'Inbound', isDefault: false },
      blocked: { sources: ['10.224.3.0/24'], destinations: ['10.10.0.0/24'], sourcePorts: undefined, whole: false },
      evidence: 'NSG kafka-nsg denies inbound TCP 9092 from 10.224.0.0/16 to 10.10.0.0/24 (for 10.224.3.0/24): rule DenyOneSubnet (priority 300).',
    });
  });

  it('an allow for half the range leaves the other half to the rules below it', () => {
    const verdict = evaluateNsg(
      nsg([inbound('AllowLowerHalf', 100, 'Allow', { sourceAddresses: ['10.224.0.0/17'] }), inbound('DenyKafka', 200, 'Deny')]),
      flow,
      peered,
    );
    expect(verdict).toMatchObject({ verdict: 'blocked', rule: { name: 'DenyKafka' }, blocked: { sources: ['10.224.128.0/17'], whole: false } });
  });

  it('names the first blocking rule in evaluation order when several deny parts', () => {
    const verdict = evaluateNsg(
      nsg([inbound('DenyHigh', 400, 'Deny', { sourceAddresses: ['10.224.128.0/17'] }), inbound('DenyLow', 150, 'Deny', { sourceAddresses: ['10.224.0.0/24'] })]),
      flow,
      peered,
    );
    expect(verdict).toMatchObject({ verdict: 'blocked', rule: { name: 'DenyLow', priority: 150 } });
  });

  it('a deny on part of the destination names that part', () => {
    const verdict = evaluateNsg(nsg([inbound('DenyBroker', 100, 'Deny', { destinationAddresses: ['10.10.0.5/32'] })]), flow, peered);
    expect(verdict).toMatchObject({ verdict: 'blocked', blocked: { sources: ['10.224.0.0/16'], destinations: ['10.10.0.5/32'], whole: false } });
    expect(verdict.evidence).toContain('(for 10.224.0.0/16 to 10.10.0.5/32)');
  });

  it('a deny on some source ports blocks the connections that pick them', () => {
    const verdict = evaluateNsg(nsg([inbound('DenyLowPorts', 100, 'Deny', { sourcePorts: ['0-1023'] })]), flow, peered);
    expect(verdict).toMatchObject({ verdict: 'blocked', blocked: { sourcePorts: '0-1023', whole: false } });
    expect(verdict.evidence).toContain('from source ports 0-1023');
  });

  it('an allowed range names every rule that admits a part of it, in evaluation order', () => {
    const verdict = evaluateNsg(nsg([inbound('AllowLowerHalf', 100, 'Allow', { sourceAddresses: ['10.224.0.0/17'] })]), flow, peered);
    expect(verdict).toMatchObject({
      verdict: 'allowed',
      evidence:
        'NSG kafka-nsg allows inbound TCP 9092 from 10.224.0.0/16 to 10.10.0.0/24: rule AllowLowerHalf (priority 100), default rule AllowVnetInBound (priority 65000).',
    });
  });
});

describe('NSG evaluation: outbound', () => {
  const out: Partial<NsgFlow> = { direction: 'Outbound' };
  const cases: [string, SecurityRuleView[], string][] = [
    ['defaults: AllowVnetOutBound covers the peered VNet', [], 'allowed by AllowVnetOutBound'],
    [
      'a deny to the HDInsight VNet',
      [rule('DenyKafkaOut', 100, 'Outbound', 'Deny', { protocol: 'Tcp', destinationAddresses: ['10.10.0.0/16'], destinationPorts: ['9092'] })],
      'blocked by DenyKafkaOut',
    ],
    ['an inbound deny does not touch outbound traffic', [inbound('DenyKafka', 100, 'Deny')], 'allowed by AllowVnetOutBound'],
  ];
  it.each(cases)('%s', (_, rules, expected) => expect(outcome(rules, out)).toBe(expected));
});

// Whether a network security group lets TCP connections through, decided as Azure decides, for every
// address of a range at once. MicrosoftDocs/azure-docs articles/virtual-network/network-security-groups-overview.md:
// a rule matches on source, source port, destination, destination port and protocol; rules are
// processed in priority order, lower numbers first, and processing stops at the first match; the
// default rules (65000 and up) come after every custom rule. Rules are stateful, so the replies of an
// allowed connection need no rule of their own.
//
// A range is allowed only if every connection from it is: the ranges (and the source ports, which the
// client picks) are cut wherever a rule's addresses or ports start or end, each piece is decided on
// its own, and the first rule that denies any piece is the one named. Pure.
import { cutRanges, cutSpans, mergeSpans, parseRange, prefixesOf, type AddressRange, type Span } from './address-range.js';
import type { NetworkResourceRef } from './resource-id.js';
import type { RuleAccess, RuleDirection, NsgView, SecurityRuleView } from './security-rules.js';
import { anyAddressMatcher, unknownMembers, unresolvedAddresses, type AddressMatcher, type Coverage } from './service-tags.js';

export interface NsgFlow {
  direction: RuleDirection;
  /** Prefixes or addresses the connections come from. */
  sources: string[];
  /** Prefixes or addresses they go to. */
  destinations: string[];
  /** The TCP destination port. */
  port: number;
}

export interface RuleRef {
  name: string;
  id: string;
  priority: number;
  access: RuleAccess;
  direction: RuleDirection;
  isDefault: boolean;
}

export interface BlockedPart {
  sources: string[];
  destinations: string[];
  /** The client's source ports the rule denies: undefined when it denies them all. */
  sourcePorts: string | undefined;
  /** True when the rule denies every connection of the flow. */
  whole: boolean;
}

export type NsgVerdict =
  | { verdict: 'allowed'; nsg: NetworkResourceRef; rules: RuleRef[]; evidence: string }
  | { verdict: 'blocked'; nsg: NetworkResourceRef; rule: RuleRef; blocked: BlockedPart; evidence: string }
  /** A rule that names addresses kafka-aks cannot resolve decides some connections (or no rule does). */
  | { verdict: 'undetermined'; nsg: NetworkResourceRef; rule: RuleRef | undefined; evidence: string };

interface RuleTest {
  rule: SecurityRuleView;
  source: AddressMatcher;
  destination: AddressMatcher;
  sourcePorts: Span[];
}

interface Cell {
  source: AddressRange;
  port: Span;
  destination: AddressRange;
}

type Outcome = { access: RuleAccess; rule: SecurityRuleView } | { access: 'unknown'; rule: SecurityRuleView | undefined };

const ALL_PORTS: Span = { first: 0n, last: 65535n };

/**
 * `virtualNetwork`: the prefixes the VirtualNetwork tag stands for in the NSG's VNet (see
 * service-tags.ts): its own ranges, its peers' and its user-defined routes' prefixes.
 */
export function evaluateNsg(nsg: NsgView, flow: NsgFlow, virtualNetwork: string[]): NsgVerdict {
  const tagRanges = rangesOf(virtualNetwork);
  const port = BigInt(flow.port);
  const tests: RuleTest[] = nsg.rules
    .filter((rule) => rule.direction === flow.direction && carriesTcp(rule) && portSpans(rule.destinationPorts).some((s) => s.first <= port && port <= s.last))
    .sort((a, b) => Number(a.isDefault) - Number(b.isDefault) || a.priority - b.priority)
    .map((rule) => ({
      rule,
      source: rule.sourceGroups.length > 0 ? unknownMembers : anyAddressMatcher(rule.sourceAddresses, tagRanges),
      destination: rule.destinationGroups.length > 0 ? unknownMembers : anyAddressMatcher(rule.destinationAddresses, tagRanges),
      sourcePorts: portSpans(rule.sourcePorts),
    }));
  const sources = cutRanges(rangesOf(flow.sources), tests.flatMap((t) => t.source.bounds));
  const destinations = cutRanges(rangesOf(flow.destinations), tests.flatMap((t) => t.destination.bounds));
  const ports = cutSpans([ALL_PORTS], tests.flatMap((t) => t.sourcePorts));
  const cells: Cell[] = sources.flatMap((source) => ports.flatMap((p) => destinations.map((destination) => ({ source, port: p, destination }))));
  const decided = cells.map((cell) => ({ cell, outcome: decide(tests, cell) }));

  const ref: NetworkResourceRef = { id: nsg.id, name: nsg.name, resourceGroup: nsg.resourceGroup, subscriptionId: nsg.subscriptionId };
  const what = `${flow.direction.toLowerCase()} TCP ${flow.port} from ${flow.sources.join(', ')} to ${flow.destinations.join(', ')}`;
  const rank = (rule: SecurityRuleView | undefined) => tests.findIndex((t) => t.rule === rule);

  const denied = decided.filter((d) => d.outcome.access === 'Deny');
  if (denied.length > 0) {
    const rule = denied.map((d) => d.outcome.rule!).reduce((a, b) => (rank(a) <= rank(b) ? a : b));
    const blocked = blockedPart(denied.filter((d) => d.outcome.rule === rule).map((d) => d.cell), cells);
    const part = blocked.whole ? '' : ` (${describePart(blocked, cells)})`;
    return { verdict: 'blocked', nsg: ref, rule: ruleRef(rule), blocked, evidence: `NSG ${nsg.name} denies ${what}${part}: ${ruleText(rule)}.` };
  }
  const unknown = decided.find((d) => d.outcome.access === 'unknown');
  if (unknown) {
    const rule = unknown.outcome.rule;
    const evidence = rule
      ? `Whether NSG ${nsg.name} allows ${what} depends on ${ruleText(rule)}, which names ${unresolvedOf(rule)}: kafka-aks cannot tell which addresses that covers.`
      : `No rule of NSG ${nsg.name} decides ${what}: ARM listed none of its default rules.`;
    return { verdict: 'undetermined', nsg: ref, rule: rule && ruleRef(rule), evidence };
  }
  const admitting = [...new Set(decided.map((d) => d.outcome.rule!))].sort((a, b) => rank(a) - rank(b));
  return {
    verdict: 'allowed',
    nsg: ref,
    rules: admitting.map(ruleRef),
    evidence: `NSG ${nsg.name} allows ${what}: ${admitting.map(ruleText).join(', ')}.`,
  };
}

/**
 * The first rule that surely matches decides, unless a rule before it might match (an address it
 * cannot resolve) and would decide the other way: then the outcome is unknown.
 */
function decide(tests: RuleTest[], cell: Cell): Outcome {
  const doubts: SecurityRuleView[] = [];
  for (const test of tests) {
    const coverage = all([
      test.source.covers(cell.source),
      test.destination.covers(cell.destination),
      test.sourcePorts.some((s) => s.first <= cell.port.first && cell.port.last <= s.last) ? 'yes' : 'no',
    ]);
    if (coverage === 'no') continue;
    if (coverage === 'maybe') {
      doubts.push(test.rule);
      continue;
    }
    const doubt = doubts.find((rule) => rule.access !== test.rule.access);
    return doubt ? { access: 'unknown', rule: doubt } : { access: test.rule.access, rule: test.rule };
  }
  return { access: 'unknown', rule: doubts[0] };
}

function all(answers: Coverage[]): Coverage {
  return answers.includes('no') ? 'no' : answers.includes('maybe') ? 'maybe' : 'yes';
}

function carriesTcp(rule: SecurityRuleView): boolean {
  const protocol = rule.protocol.toLowerCase();
  return protocol === 'tcp' || protocol === '*';
}

/** `*`, `9092`, `9000-9100` (ARM validated them; anything else matches no port). */
export function portSpans(texts: string[]): Span[] {
  return texts.flatMap((text) => {
    const value = text.trim();
    if (value === '*') return [ALL_PORTS];
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
    if (!match) return [];
    return [{ first: BigInt(match[1]!), last: BigInt(match[2] ?? match[1]!) }];
  });
}

function rangesOf(texts: string[]): AddressRange[] {
  return texts.map(parseRange).filter((range): range is AddressRange => range !== undefined);
}

function blockedPart(blocked: Cell[], every: Cell[]): BlockedPart {
  const ports = mergeSpans(blocked.map((c) => c.port))
    .map((s) => (s.first === s.last ? `${s.first}` : `${s.first}-${s.last}`))
    .join(', ');
  return {
    sources: prefixesOf(blocked.map((c) => c.source)),
    destinations: prefixesOf(blocked.map((c) => c.destination)),
    sourcePorts: ports === `${ALL_PORTS.first}-${ALL_PORTS.last}` ? undefined : ports,
    whole: blocked.length === every.length,
  };
}

function describePart(part: BlockedPart, every: Cell[]): string {
  const allDestinations = prefixesOf(every.map((c) => c.destination));
  return [
    `for ${part.sources.join(', ')}`,
    part.destinations.join() === allDestinations.join() ? '' : ` to ${part.destinations.join(', ')}`,
    part.sourcePorts ? ` from source ports ${part.sourcePorts}` : '',
  ].join('');
}

function unresolvedOf(rule: SecurityRuleView): string {
  const groups = [...rule.sourceGroups, ...rule.destinationGroups].map((id) => id.split('/').pop());
  if (groups.length > 0) return `application security group ${groups.join(', ')}`;
  return `service tag ${unresolvedAddresses([...rule.sourceAddresses, ...rule.destinationAddresses]).join(', ')}`;
}

function ruleRef(rule: SecurityRuleView): RuleRef {
  return { name: rule.name, id: rule.id, priority: rule.priority, access: rule.access, direction: rule.direction, isDefault: rule.isDefault };
}

export function ruleText(rule: Pick<SecurityRuleView, 'name' | 'priority' | 'isDefault'>): string {
  return `${rule.isDefault ? 'default rule' : 'rule'} ${rule.name} (priority ${rule.priority})`;
}

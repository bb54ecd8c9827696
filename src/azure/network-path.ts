// The network path beyond peering (issue 10 §2), a classic silent failure: both peerings Connected,
// and still pods time out on the brokers, because an NSG on either subnet or a user route in the way
// drops the traffic. Four questions, each answered as a finding `status` can print:
//  - does the NSG on the HDInsight subnet admit the AKS ranges on the Kafka port (inbound)?
//  - does the NSG on each AKS subnet let that traffic out (outbound)?
//  - do the routes of each AKS subnet carry the HDInsight range over the peering?
//  - do the routes of the HDInsight subnet carry the replies to the AKS ranges over the peering? (NSGs
//    are stateful and need no rule for replies; routes are not, and a return path through an appliance
//    breaks the connection.)
// Everything is evaluated as it will be once the AKS and HDInsight VNets are peered: the peering
// checks report on the peering itself, so these report only what NSGs and routes do to it.
// The AKS sources are the address ranges of its subnets: with kubenet and Azure CNI overlay, pods
// leave the node with the node's address; with flat Azure CNI they keep their own, from the node
// subnet or a pod subnet (pass both).
import { effectiveRoutes, routeDestination, routeText, type EffectiveRoute } from './effective-routes.js';
import type { AzureClients } from './clients.js';
import type { VnetView } from './network.js';
import { evaluateNsg, type BlockedPart, type NsgVerdict, type RuleRef } from './nsg-verdict.js';
import { parseSubnetId, sameResource, type NetworkResourceRef } from './resource-id.js';
import type { AksNetwork } from './aks.js';
import type { NsgView } from './security-rules.js';
import { readSubnetControls, type Lookup, type SubnetControls, type Unreadable } from './subnet-controls.js';
import type { FindingStatus } from '../findings.js';

export interface NetworkPathTarget {
  /** The AKS VNet as readVnet returned it, and the subnets of its nodes and pods (see aksSubnetIds). */
  aks: { vnet: VnetView; subnetIds: string[] };
  /** The HDInsight VNet, the workers' subnet, and the brokers' addresses when known (else the subnet's ranges). */
  hdinsight: { vnet: VnetView; subnetId: string; brokerAddresses?: string[] };
  /** The Kafka port. */
  port: number;
}


export type Obstacle =
  | { kind: 'security-rule'; nsg: NetworkResourceRef; rule: RuleRef; blocked: BlockedPart }
  /** `route.route` is set for a user route (with its table); unset for a system route. */
  | { kind: 'route'; route: EffectiveRoute | undefined; destination: string; prefixes: string[] };

export interface NetworkPathFinding {
  /** `nsg-hdinsight-inbound`, `nsg-aks-outbound:<subnet>`, `routes-aks-to-hdinsight:<subnet>`, `routes-hdinsight-to-aks`. */
  id: string;
  title: string;
  status: FindingStatus;
  evidence: string;
  /** Subnet the finding is about. */
  subnetId: string;
  /** Failed: the rule or route in the way, with the NSG or route table it belongs to. */
  blockedBy?: Obstacle;
  /** Could not check because of these reads (a refused one names its permission and the roles that grant it). */
  unreadable?: Unreadable[];
}

export interface SubnetReading {
  id: string;
  lookup: Lookup<SubnetControls>;
}

/** The AKS subnets to check: those its agent pools name in its VNet, else (a VNet AKS made) all the VNet's subnets. */
export function aksSubnetIds(aks: Pick<AksNetwork, 'subnetIds'>, vnet: VnetView): string[] {
  const named = aks.subnetIds.filter((id) => {
    const ref = parseSubnetId(id);
    return ref !== undefined && sameResource(ref.vnet.id, vnet.id);
  });
  return named.length > 0 ? named : vnet.subnets.map((subnet) => subnet.id);
}

export async function inspectNetworkPath(clients: AzureClients, target: NetworkPathTarget): Promise<NetworkPathFinding[]> {
  const read = async (id: string): Promise<SubnetReading> => {
    const ref = parseSubnetId(id);
    if (ref) return { id, lookup: await readSubnetControls(clients, ref) };
    const message = `${id} is not a subnet id.`;
    return { id, lookup: { kind: 'unreadable', unreadable: { what: `subnet ${id}`, id, reason: 'unexpected-answer', message, permission: undefined } } };
  };
  const aksIds = target.aks.subnetIds.filter((id, i, all) => all.findIndex((other) => sameResource(other, id)) === i);
  const [hdinsight, ...aks] = await Promise.all([read(target.hdinsight.subnetId), ...aksIds.map(read)]);
  return networkPathFindings(target, { hdinsight: hdinsight!, aks });
}

/** What the four questions are asked about, once read. */
interface Path {
  port: number;
  aksVnet: VnetView;
  hdiVnet: VnetView;
  hdi: SubnetReading;
  hdiName: string;
  hdiControls: SubnetControls | undefined;
  /** The AKS subnets' ranges; `aksUnreadable` lists the subnets that could not be read (undefined: none was given). */
  aksSources: string[];
  aksUnreadable: Unreadable[] | undefined;
  /** The brokers' addresses, else the HDInsight subnet's ranges; undefined when neither is known. */
  destinations: string[] | undefined;
}

/** The findings, from what was read. Pure. */
export function networkPathFindings(target: NetworkPathTarget, read: { hdinsight: SubnetReading; aks: SubnetReading[] }): NetworkPathFinding[] {
  const hdi = read.hdinsight;
  const hdiControls = controlsOf(hdi);
  const brokers = target.hdinsight.brokerAddresses ?? [];
  const path: Path = {
    port: target.port,
    aksVnet: target.aks.vnet,
    hdiVnet: target.hdinsight.vnet,
    hdi,
    hdiName: subnetName(hdi.id),
    hdiControls,
    aksSources: read.aks.flatMap((r) => controlsOf(r)?.subnet.addressPrefixes ?? []),
    aksUnreadable: read.aks.length === 0 ? undefined : read.aks.flatMap(unreadableOf),
    destinations: brokers.length > 0 ? brokers : hdiControls?.subnet.addressPrefixes,
  };
  return [hdinsightInbound(path), ...read.aks.flatMap((reading) => aksOutbound(path, reading)), returnRoutes(path)];
}

function hdinsightInbound(path: Path): NetworkPathFinding {
  const { hdi, hdiControls, aksUnreadable, destinations, port } = path;
  const base = { id: 'nsg-hdinsight-inbound', title: `NSG on HDInsight subnet ${path.hdiName} admits AKS on port ${port}`, subnetId: hdi.id };
  if (!aksUnreadable) return noAksSubnet(base);
  if (!hdiControls || !destinations || aksUnreadable.length > 0) return couldNotCheck(base, [...unreadableOf(hdi), ...aksUnreadable]);
  return nsgFinding(base, hdiControls, 'into', (nsg) =>
    evaluateNsg(nsg, { direction: 'Inbound', sources: path.aksSources, destinations, port }, virtualNetworkTag(path.hdiVnet, path.aksVnet, hdiControls)),
  );
}

/** The NSG and the routes of one AKS subnet. */
function aksOutbound(path: Path, reading: SubnetReading): NetworkPathFinding[] {
  const { destinations, port } = path;
  const name = subnetName(reading.id);
  const nsgBase = { id: `nsg-aks-outbound:${name}`, title: `NSG on AKS subnet ${name} lets traffic out to Kafka on port ${port}`, subnetId: reading.id };
  const routeBase = { id: `routes-aks-to-hdinsight:${name}`, title: `Routes from AKS subnet ${name} reach HDInsight over the peering`, subnetId: reading.id };
  const mine = controlsOf(reading);
  if (!mine || !destinations) {
    const unreadable = [...unreadableOf(reading), ...(destinations ? [] : unreadableOf(path.hdi))];
    return [couldNotCheck(nsgBase, unreadable), couldNotCheck(routeBase, unreadable)];
  }
  return [
    nsgFinding(nsgBase, mine, 'out of', (nsg) =>
      evaluateNsg(nsg, { direction: 'Outbound', sources: mine.subnet.addressPrefixes, destinations, port }, virtualNetworkTag(path.aksVnet, path.hdiVnet, mine)),
    ),
    routeFinding(routeBase, mine, path.aksVnet, path.hdiVnet, destinations),
  ];
}

function returnRoutes(path: Path): NetworkPathFinding {
  const { hdi, hdiControls, aksUnreadable } = path;
  const base = { id: 'routes-hdinsight-to-aks', title: `Return routes from HDInsight subnet ${path.hdiName} reach AKS over the peering`, subnetId: hdi.id };
  if (!aksUnreadable) return noAksSubnet(base);
  if (!hdiControls || aksUnreadable.length > 0) return couldNotCheck(base, [...unreadableOf(hdi), ...aksUnreadable]);
  return routeFinding(base, hdiControls, path.hdiVnet, path.aksVnet, path.aksSources);
}

function controlsOf(reading: SubnetReading): SubnetControls | undefined {
  return reading.lookup.kind === 'read' ? reading.lookup.value : undefined;
}

function unreadableOf(reading: SubnetReading): Unreadable[] {
  return reading.lookup.kind === 'unreadable' ? [reading.lookup.unreadable] : [];
}

type Base = Pick<NetworkPathFinding, 'id' | 'title' | 'subnetId'>;

function nsgFinding(base: Base, controls: SubnetControls, way: 'into' | 'out of', evaluate: (nsg: NsgView) => NsgVerdict): NetworkPathFinding {
  const { nsg } = controls;
  if (nsg.kind === 'unreadable') return couldNotCheck(base, [nsg.unreadable]);
  if (nsg.kind === 'none') {
    return { ...base, status: 'ok', evidence: `No NSG is associated with subnet ${controls.subnet.name}: nothing filters traffic ${way} it.` };
  }
  const verdict = evaluate(nsg.value);
  switch (verdict.verdict) {
    case 'allowed':
      return { ...base, status: 'ok', evidence: verdict.evidence };
    case 'blocked':
      return { ...base, status: 'failed', evidence: verdict.evidence, blockedBy: { kind: 'security-rule', nsg: verdict.nsg, rule: verdict.rule, blocked: verdict.blocked } };
    case 'undetermined':
      return { ...base, status: 'could-not-check', evidence: verdict.evidence };
  }
}

function routeFinding(base: Base, controls: SubnetControls, local: VnetView, remote: VnetView, destinations: string[]): NetworkPathFinding {
  const { routeTable, subnet } = controls;
  if (routeTable.kind === 'unreadable') return couldNotCheck(base, [routeTable.unreadable]);
  const table = routeTable.kind === 'read' ? routeTable.value : undefined;
  const routes = effectiveRoutes({ localPrefixes: local.addressPrefixes, peeredPrefixes: peeredPrefixes(local, remote), routeTable: table });
  const routings = destinations.map((destination) => routeDestination(routes, destination));
  const diversions = routings.flatMap((routing) =>
    routing.parts
      .filter((part) => part.route?.nextHopType !== 'VNetPeering')
      .map((part) => ({ destination: routing.destination, whole: routing.parts.length === 1, ...part })),
  );
  const context = table
    ? `Subnet ${subnet.name} uses route table ${table.name}`
    : `No route table is associated with subnet ${subnet.name}, so only system routes apply`;
  if (diversions.length === 0) {
    const carried = routings.map((r) => `${r.destination} by ${r.parts.map((p) => routeText(p.route!)).join(' and ')}`);
    return { ...base, status: 'ok', evidence: `${context}; over the peering: ${carried.join('; ')}.` };
  }
  const told = diversions.map((d) => {
    const what = d.whole ? d.destination : `${d.prefixes.join(', ')} (part of ${d.destination})`;
    return d.route ? `${what} takes ${routeText(d.route)} instead of the peering` : `no route carries ${what}, so it is dropped`;
  });
  const first = diversions[0]!;
  return {
    ...base,
    status: 'failed',
    evidence: `${context}: ${told.join('; ')}.`,
    blockedBy: { kind: 'route', route: first.route, destination: first.destination, prefixes: first.prefixes },
  };
}

/**
 * The VNets a VNet is peered with, counting the AKS-HDInsight peering as made: its Connected peerings
 * to other VNets, and the other side of ours.
 */
function peeredPrefixes(local: VnetView, remote: VnetView): string[] {
  const others = local.peerings.filter((p) => p.state === 'Connected' && !sameResource(p.remoteVnetId, remote.id));
  return [...remote.addressPrefixes, ...others.flatMap((p) => p.remoteAddressPrefixes)];
}

/** The VirtualNetwork service tag of an NSG in `local`'s subnet: its VNet, its peers, its user routes' prefixes. */
function virtualNetworkTag(local: VnetView, remote: VnetView, controls: SubnetControls): string[] {
  const udr = controls.routeTable.kind === 'read' ? controls.routeTable.value.routes.map((route) => route.addressPrefix) : [];
  return [...local.addressPrefixes, ...peeredPrefixes(local, remote), ...udr];
}

function couldNotCheck(base: Base, unreadable: Unreadable[]): NetworkPathFinding {
  return { ...base, status: 'could-not-check', evidence: unreadable.map((u) => u.message).join(' '), unreadable };
}

function noAksSubnet(base: Base): NetworkPathFinding {
  return { ...base, status: 'could-not-check', evidence: 'No subnet of the AKS cluster is known, so there is no source range to check.' };
}

function subnetName(id: string): string {
  return parseSubnetId(id)?.name ?? id;
}

// The simulator's own judgement of whether a TCP connection gets through the simulated network.
// Written from Azure's documented rules, independently of src/azure, which it exists to check: one
// source address, one destination address, one port, nothing cut into pieces. In order:
//  1. Peering (MicrosoftDocs/azure-docs articles/virtual-network/virtual-network-manage-peering.md): between two
//     VNets traffic flows only when both peerings are Connected. A peering that does not allow virtual
//     network access ("Block" in the portal) leaves the remote range out of the VirtualNetwork tag, and
//     the same article says traffic then does not flow by default but may if an NSG rule with the right
//     IP addresses explicitly allows it: here, an explicit (not default) Allow rule must decide it in the
//     NSG of the source subnet and of the destination subnet, as practitioners describe it ("You'll need to
//     create allow rules in each NSG for each of the subnets", blog.aelterman.com 2021-01-08, "Defaulting
//     Azure Virtual Network Peering from Allowing to Denying Traffic").
//  2. Routes (virtual-networks-udr-overview.md): the longest matching prefix wins, a user route beats a
//     system route of the same prefix. The destination must be routed within the VNet or over the
//     peering, and so must the replies: the simulated world has no appliances, gateways or internet,
//     so what a route hands to one of them is lost, as a firewall that drops asymmetric flows loses it.
//  3. NSGs (network-security-groups-overview.md): the source subnet's NSG outbound, the destination
//     subnet's inbound; rules in priority order, the first match decides, the six defaults last; the
//     rules are stateful, so replies need none.
// The connection comes from the first address Azure hands out in the source subnet (x.x.x.4: Azure
// reserves the first four of every subnet, virtual-networks-faq.md) and from source port 50000, in
// Linux's ephemeral range. IPv4 only.
import { BlockList, isIPv4 } from 'node:net';
import { sameId } from './ids.js';
import { DEFAULT_RULES, type SecurityRule } from './nsg.js';
import type { ArmWorld, Subnet, Vnet } from './world.js';

export type TrafficVerdict = { allowed: true } | { allowed: false; reason: string };

interface Place {
  vnet: Vnet;
  subnet: Subnet;
}

interface Connection {
  sourceIp: string;
  destinationIp: string;
  port: number;
  text: string;
}

const CLIENT_PORT = 50000;
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];
const LOAD_BALANCER = '168.63.129.16/32';

export function trafficVerdict(world: ArmWorld, from: { vnetId: string; subnetName: string }, toIp: string, port: number): TrafficVerdict {
  const vnet = world.findVnet(from.vnetId);
  const subnet = vnet?.subnets.find((s) => sameId(s.name, from.subnetName));
  if (!vnet || !subnet) throw new Error(`no subnet ${from.subnetName} in VNet ${from.vnetId} of the simulated world`);
  const source: Place = { vnet, subnet };
  const target = world.vnets.flatMap((v) => v.subnets.map((s) => ({ vnet: v, subnet: s }))).find((p) => holds(p.subnet.addressPrefix, toIp));
  if (!target) return { allowed: false, reason: `no subnet of the simulated world holds ${toIp}` };
  const sourceIp = firstHost(subnet.addressPrefix);
  const connection: Connection = {
    sourceIp,
    destinationIp: toIp,
    port,
    text: `TCP ${port} from ${sourceIp} (subnet ${subnet.name} of ${vnet.name}) to ${toIp} (subnet ${target.subnet.name} of ${target.vnet.name})`,
  };
  const reason =
    peeringProblem(world, source.vnet, target.vnet) ??
    routeProblem(world, source, toIp, target.vnet, connection.text) ??
    blockedAccessProblem(world, source, target, connection) ??
    nsgProblem(world, source, 'Outbound', connection) ??
    nsgProblem(world, target, 'Inbound', connection) ??
    routeProblem(world, target, sourceIp, source.vnet, `the replies to ${connection.text}`);
  return reason === undefined ? { allowed: true } : { allowed: false, reason };
}

function peeringProblem(world: ArmWorld, from: Vnet, to: Vnet): string | undefined {
  if (from === to) return undefined;
  for (const [local, remote] of [[from, to], [to, from]] as const) {
    const peering = local.peerings.find((p) => sameId(p.remoteVnetId, world.idOf(remote)));
    if (!peering) return `VNet ${local.name} has no peering to ${remote.name}`;
    const state = world.peeringState(local, peering);
    if (state !== 'Connected') return `peering ${peering.name} of VNet ${local.name} is ${state}, not Connected`;
  }
  return undefined;
}

/** A peering that blocks virtual network access: only explicit NSG Allow rules on both subnets let traffic through (rule 1 above). */
function blockedAccessProblem(world: ArmWorld, source: Place, target: Place, connection: Connection): string | undefined {
  if (source.vnet === target.vnet) return undefined;
  const blocking = [[source.vnet, target.vnet], [target.vnet, source.vnet]]
    .map(([local, remote]) => ({ local: local!, remote: remote!, peering: local!.peerings.find((p) => sameId(p.remoteVnetId, world.idOf(remote!)))! }))
    .find(({ peering }) => !peering.allowVirtualNetworkAccess);
  if (!blocking) return undefined;
  const blocked = `peering ${blocking.peering.name} of VNet ${blocking.local.name} does not allow access to ${blocking.remote.name}`;
  for (const [place, direction] of [[source, 'Outbound'], [target, 'Inbound']] as const) {
    const decision = nsgDecision(world, place, direction, connection);
    if (!decision) return `${blocked}, and subnet ${place.subnet.name} has no NSG whose rule could allow it explicitly`;
    if (decision.rule.access !== 'Allow' || DEFAULT_RULES.some((rule) => rule.name === decision.rule.name)) {
      return `${blocked}, and NSG ${decision.nsg} of subnet ${place.subnet.name} does not allow ${direction.toLowerCase()} ${connection.text} explicitly (rule ${decision.rule.name} decides)`;
    }
  }
  return undefined;
}

interface Hop {
  prefix: string;
  /** The next hop type, and the appliance's address for VirtualAppliance. */
  nextHop: string;
  /** How the reason names it: `route R (prefix) of route table T`, `the system route prefix`. */
  named: string;
}

function routeProblem(world: ArmWorld, place: Place, ip: string, expected: Vnet, what: string): string | undefined {
  const wanted = expected === place.vnet ? 'VnetLocal' : 'VNetPeering';
  const hop = routeOf(world, place, ip);
  if (hop?.nextHop === wanted) return undefined;
  if (!hop) return `${what}: no route from subnet ${place.subnet.name}`;
  return `${what}: subnet ${place.subnet.name} sends ${ip} to ${hop.nextHop} by ${hop.named}, not ${wanted === 'VnetLocal' ? 'within the VNet' : 'over the peering'}`;
}

/** The route a packet from this subnet to `ip` takes: longest prefix; on a tie the first listed, user routes first. */
function routeOf(world: ArmWorld, place: Place, ip: string): Hop | undefined {
  const { vnet } = place;
  const table = place.subnet.routeTableId ? world.findRouteTable(place.subnet.routeTableId) : undefined;
  const system = (prefix: string, nextHop: string): Hop => ({ prefix, nextHop, named: `the system route ${prefix}` });
  const candidates: Hop[] = [
    ...(table?.routes ?? []).map((r) => ({
      prefix: r.addressPrefix,
      nextHop: [r.nextHopType, r.nextHopIpAddress].filter(Boolean).join(' '),
      named: `route ${r.name} (${r.addressPrefix}) of route table ${table!.name}`,
    })),
    ...vnet.addressPrefixes.map((prefix) => system(prefix, 'VnetLocal')),
    // A peering's routes cover the remote address space as this side last synced it.
    ...vnet.peerings.filter((p) => world.peeringState(vnet, p) === 'Connected').flatMap((p) => p.syncedRemotePrefixes.map((prefix) => system(prefix, 'VNetPeering'))),
    system('0.0.0.0/0', 'Internet'),
    // Reserved ranges are dropped, unless the VNet's own range is, or contains, one of them.
    ...PRIVATE.filter((reserved) => !vnet.addressPrefixes.some((own) => lengthOf(own) <= lengthOf(reserved) && holds(own, reserved.split('/')[0]!))).map((prefix) =>
      system(prefix, 'None'),
    ),
  ];
  let best: Hop | undefined;
  for (const hop of candidates) if (holds(hop.prefix, ip) && (!best || lengthOf(hop.prefix) > lengthOf(best.prefix))) best = hop;
  return best;
}

function nsgProblem(world: ArmWorld, place: Place, direction: SecurityRule['direction'], connection: Connection): string | undefined {
  const decision = nsgDecision(world, place, direction, connection);
  return decision?.rule.access === 'Deny'
    ? `NSG ${decision.nsg} of subnet ${place.subnet.name} denies ${direction.toLowerCase()} ${connection.text}: rule ${decision.rule.name} (priority ${decision.rule.priority})`
    : undefined;
}

/** The rule of the subnet's NSG that decides the connection (the first match in priority order), or undefined without an NSG. */
function nsgDecision(world: ArmWorld, place: Place, direction: SecurityRule['direction'], connection: Connection): { nsg: string; rule: Omit<SecurityRule, 'etag'> } | undefined {
  const nsg = place.subnet.networkSecurityGroupId ? world.findNsg(place.subnet.networkSecurityGroupId) : undefined;
  if (!nsg) return undefined;
  const virtualNetwork = virtualNetworkTag(world, place.vnet);
  const covers = (entries: string[], ip: string) =>
    entries.some((entry) => {
      if (entry === '*') return true;
      if (entry === 'VirtualNetwork') return virtualNetwork.some((prefix) => holds(prefix, ip));
      if (entry === 'AzureLoadBalancer') return holds(LOAD_BALANCER, ip);
      if (entry === 'Internet') return ![...virtualNetwork, ...PRIVATE].some((prefix) => holds(prefix, ip));
      return holds(entry, ip);
    });
  const onPort = (ranges: string[], port: number) =>
    ranges.some((range) => {
      if (range === '*') return true;
      const [low, high = low] = range.split('-').map(Number);
      return low! <= port && port <= high!;
    });
  const rules: Omit<SecurityRule, 'etag'>[] = [...nsg.rules, ...DEFAULT_RULES].filter((r) => r.direction === direction).sort((a, b) => a.priority - b.priority);
  const decisive = rules.find(
    (r) =>
      (r.protocol === 'Tcp' || r.protocol === '*') &&
      onPort(r.destinationPorts, connection.port) &&
      onPort(r.sourcePorts, CLIENT_PORT) &&
      covers(r.sources, connection.sourceIp) &&
      covers(r.destinations, connection.destinationIp),
  )!;
  return { nsg: nsg.name, rule: decisive };
}

/**
 * The VirtualNetwork tag in a VNet: its ranges, its Connected peers' ranges (those its peering allows
 * access to, rule 1 above), and its subnets' user route prefixes (service-tags-overview.md).
 */
function virtualNetworkTag(world: ArmWorld, vnet: Vnet): string[] {
  const peers = vnet.peerings.filter((p) => world.peeringState(vnet, p) === 'Connected' && p.allowVirtualNetworkAccess).flatMap((p) => p.syncedRemotePrefixes);
  const tables = vnet.subnets.flatMap((s) => (s.routeTableId ? [world.findRouteTable(s.routeTableId)] : []));
  return [...vnet.addressPrefixes, ...peers, ...tables.flatMap((t) => t?.routes.map((r) => r.addressPrefix) ?? [])];
}

/** Whether a prefix (or a lone address) holds an address; an IPv6 prefix holds no IPv4 address. */
function holds(prefix: string, ip: string): boolean {
  const [network, length] = prefix.split('/') as [string, string | undefined];
  const family = isIPv4(network) ? 'ipv4' : 'ipv6';
  if ((isIPv4(ip) ? 'ipv4' : 'ipv6') !== family) return false;
  const list = new BlockList();
  list.addSubnet(network, Number(length ?? (family === 'ipv4' ? 32 : 128)), family);
  return list.check(ip, family);
}

function lengthOf(prefix: string): number {
  return Number(prefix.split('/')[1] ?? 32);
}

function firstHost(prefix: string): string {
  const [network, length] = prefix.split('/');
  const value = network!.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const mask = Number(length) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(length));
  const host = (value & mask) >>> 0;
  const first = host + 4;
  return [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join('.');
}

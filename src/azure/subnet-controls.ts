// A subnet and the two resources that govern its traffic, read through ARM: the network security
// group and the route table it names by id (`properties.networkSecurityGroup.id`, `properties.routeTable.id`;
// absent when none is associated: Azure/azure-rest-api-specs, network 2025-05-01 examples SubnetGet.json).
// A read that ARM refuses (403) or cannot find, or an answer kafka-aks cannot evaluate, is not an
// error here but a fact for `status` to report as "could not check", with the permission it lacks and
// the built-in roles that grant it. Anything else (sign-in, network, Ctrl-C) is thrown as usual.
import type { Subnet } from '@azure/arm-network';
import { isKafkaAksError } from '../errors.js';
import { armFailureOf, fromArmError } from './arm-errors.js';
import type { AzureClients } from './clients.js';
import { subnetPrefixesOf } from './network.js';
import { parseNetworkResourceId, parseSubnetId, type NetworkResourceRef, type SubnetRef } from './resource-id.js';
import { routeTableViewOf, type RouteTableView } from './route-table.js';
import { nsgViewOf, type NsgView } from './security-rules.js';

export interface SubnetView extends SubnetRef {
  addressPrefixes: string[];
  nsgId: string | undefined;
  routeTableId: string | undefined;
}

export interface Unreadable {
  /** In the operator's words: `subnet aks-subnet`, `NSG kafka-nsg`, `route table aks-routes`. */
  what: string;
  id: string;
  reason: 'permission' | 'not-found' | 'unexpected-answer';
  /** One sentence, for the evidence. */
  message: string;
  /** A refused read: the RBAC action it needs and built-in roles that grant it. */
  permission: { action: string; roles: string[] } | undefined;
}

export type Lookup<T> = { kind: 'read'; value: T } | { kind: 'none' } | { kind: 'unreadable'; unreadable: Unreadable };

export interface SubnetControls {
  subnet: SubnetView;
  nsg: Lookup<NsgView>;
  routeTable: Lookup<RouteTableView>;
}

/**
 * Built-in roles that grant these reads: Reader (`*\/read`) and Network Contributor
 * (`Microsoft.Network/*`), learn.microsoft.com/azure/role-based-access-control/built-in-roles.
 */
const READ_ROLES = ['Reader', 'Network Contributor'];

export async function readSubnetControls(clients: AzureClients, subnet: SubnetRef): Promise<Lookup<SubnetControls>> {
  const { vnet } = subnet;
  const read = await lookup(
    { what: `subnet ${subnet.name}`, id: subnet.id, action: 'Microsoft.Network/virtualNetworks/subnets/read' },
    async () => (await clients.network(vnet.subscriptionId)).subnets.get(vnet.resourceGroup, vnet.name, subnet.name),
    (answer) => subnetViewOf(answer, subnet),
  );
  if (read.kind !== 'read') return read;
  const view = read.value;
  const [nsg, routeTable] = await Promise.all([
    associated(view.nsgId, 'networkSecurityGroups', 'NSG', (ref) =>
      lookup(
        { what: `NSG ${ref.name}`, id: ref.id, action: 'Microsoft.Network/networkSecurityGroups/read' },
        async () => (await clients.network(ref.subscriptionId)).networkSecurityGroups.get(ref.resourceGroup, ref.name),
        nsgViewOf,
      ),
    ),
    associated(view.routeTableId, 'routeTables', 'route table', (ref) =>
      lookup(
        { what: `route table ${ref.name}`, id: ref.id, action: 'Microsoft.Network/routeTables/read' },
        async () => (await clients.network(ref.subscriptionId)).routeTables.get(ref.resourceGroup, ref.name),
        routeTableViewOf,
      ),
    ),
  ]);
  return { kind: 'read', value: { subnet: view, nsg, routeTable } };
}

function subnetViewOf(subnet: Subnet, fallback: SubnetRef): SubnetView {
  const ref = (subnet.id && parseSubnetId(subnet.id)) || fallback;
  return {
    ...ref,
    addressPrefixes: subnetPrefixesOf(subnet),
    nsgId: subnet.networkSecurityGroup?.id,
    routeTableId: subnet.routeTable?.id,
  };
}

async function associated<T>(
  id: string | undefined,
  type: 'networkSecurityGroups' | 'routeTables',
  kind: string,
  read: (ref: NetworkResourceRef) => Promise<Lookup<T>>,
): Promise<Lookup<T>> {
  if (id === undefined) return { kind: 'none' };
  const ref = parseNetworkResourceId(id, type);
  if (ref) return read(ref);
  return unreadable({ what: `${kind} ${id}`, id, reason: 'unexpected-answer', message: `The subnet names its ${kind} by an id kafka-aks cannot read: ${id}.`, permission: undefined });
}

interface Reading {
  what: string;
  id: string;
  action: string;
}

async function lookup<Answer, T>(reading: Reading, call: () => Promise<Answer>, parse: (answer: Answer) => T): Promise<Lookup<T>> {
  let answer: Answer;
  try {
    answer = await call();
  } catch (error) {
    const failure = armFailureOf(error);
    const { what, id, action } = reading;
    if (failure?.statusCode === 403 || failure?.code === 'AuthorizationFailed' || failure?.code === 'LinkedAuthorizationFailed') {
      return unreadable({
        what, id, reason: 'permission',
        message: `Reading ${what} was refused: the signed-in identity lacks ${action} on ${id} (${failure.code ?? 'HTTP 403'}); the built-in roles ${READ_ROLES.join(' and ')} grant it.`,
        permission: { action, roles: READ_ROLES },
      });
    }
    if (failure?.statusCode === 404) {
      return unreadable({ what, id, reason: 'not-found', message: `ARM found no ${what} (${failure.code ?? 'HTTP 404'}): ${id}.`, permission: undefined });
    }
    throw fromArmError(error, { what: `Reading ${what}` });
  }
  try {
    return { kind: 'read', value: parse(answer) };
  } catch (error) {
    if (!isKafkaAksError(error)) throw error;
    return unreadable({ what: reading.what, id: reading.id, reason: 'unexpected-answer', message: error.message, permission: undefined });
  }
}

function unreadable(fields: Unreadable): { kind: 'unreadable'; unreadable: Unreadable } {
  return { kind: 'unreadable', unreadable: fields };
}

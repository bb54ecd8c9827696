// Microsoft.Network: virtual networks (GET, list by resource group) and their peerings (PUT, GET,
// list, DELETE), plus the async-operation resources that long-running PUTs and DELETEs report through.
// Shapes: VirtualNetworkGet.json, VirtualNetworkPeeringCreate.json / Get.json (2025-05-01 examples,
// Azure/azure-rest-api-specs specification/network/.../examples/2025-05-01/). Peering refusals use
// the codes ARM answers with (as collected in kyma-project/cloud-manager pkg/kcp/provider/azure/meta/metadata.go;
// a full body in Azure/ResourceModules#731): VnetAddressSpacesOverlap,
// VnetAddressSpaceOverlapsWithAlreadyPeeredVnet, AnotherPeeringAlreadyReferencesRemoteVnet,
// RemotePeeringIsDisconnected; Microsoft.Network's naming rule: InvalidResourceName.
import { randomUUID } from 'node:crypto';
import { BlockList, isIPv4 } from 'node:net';
import { ArmError, resourceNotFound } from './errors.js';
import { peeringId, sameId } from './ids.js';
import type { Operation } from './operations.js';
import { peeringJson, vnetJson } from './render.js';
import type { ArmSimulator, Reply, Route, RouteContext } from './server.js';
import { newEtag, type Peering, type Vnet } from './world.js';

const SUB = '/subscriptions/([^/]+)';
const VNETS = `${SUB}/resourceGroups/([^/]+)/providers/Microsoft\\.Network/virtualNetworks`;
const OPS = `${SUB}/providers/Microsoft\\.Network/locations/([^/]+)`;
const re = (pattern: string) => new RegExp(`^${pattern}/?$`, 'i');
const NETWORK = 'Microsoft.Network' as const;
const PEERING_TYPE = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings';
/** Microsoft.Network's rule for names: 1-80 word characters, '.', '-', '_'; starts with a word character. */
const VALID_NAME = /^[A-Za-z0-9](?:[\w.-]{0,78}[\w])?$/;

export function networkRoutes(sim: ArmSimulator): Route[] {
  const { world } = sim;
  const scope = { subscription: 1, resourceGroup: 2 };

  const vnetAt = ({ match }: RouteContext): Vnet => {
    const [, sub, group, name] = match;
    const vnet = world.findVnet(`/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/${name}`);
    if (!vnet) throw resourceNotFound('Microsoft.Network/virtualNetworks', name!, group!);
    return vnet;
  };

  const asyncHeaders = (context: RouteContext, operation: Operation, withLocation: boolean): Record<string, string> => {
    const at = `${context.base}/subscriptions/${operation.subscriptionId}/providers/Microsoft.Network/locations/${operation.location}`;
    const version = context.query.get('api-version')!;
    return {
      'Azure-AsyncOperation': `${at}/operations/${operation.id}?api-version=${version}`,
      ...(withLocation ? { Location: `${at}/operationResults/${operation.id}?api-version=${version}` } : {}),
      'Retry-After': sim.operations.retryAfter(operation),
    };
  };

  /** ARM runs one operation at a time on a resource (AnotherOperationInProgress, 409). */
  const assertIdle = (peering: Peering) => {
    if (peering.provisioningState === 'Updating' || peering.provisioningState === 'Deleting') {
      throw new ArmError(409, 'AnotherOperationInProgress', `Another operation on this or dependent resource is in progress. To retry later, put or delete peering ${peering.name} again.`);
    }
  };

  /** A long-running operation for this request, which may be armed to fail (faults.failNextOperation). */
  const startOperation = (vnet: Vnet, context: RouteContext, finish: Operation['finish']) =>
    sim.operations.start({
      subscriptionId: vnet.subscriptionId,
      location: vnet.location,
      durationMs: sim.lroDurationMs,
      failure: sim.faults.takeOperationFailure(context.method, context.path),
      finish,
    });

  const putPeering = (context: RouteContext): Reply => {
    const vnet = vnetAt(context);
    const name = context.match[4]!;
    const id = peeringId(world.idOf(vnet), name);
    if (!VALID_NAME.test(name)) {
      throw new ArmError(
        400,
        'InvalidResourceName',
        `Resource name ${name} is invalid. The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`,
      );
    }
    const properties = (context.body as { properties?: Record<string, unknown> } | undefined)?.properties;
    const remoteId = (properties?.remoteVirtualNetwork as { id?: unknown } | undefined)?.id;
    if (typeof remoteId !== 'string') {
      throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. Peering ${id} has no remoteVirtualNetwork.id.`);
    }
    const existing = world.findPeering(vnet, name);
    if (existing) assertIdle(existing);
    const other = vnet.peerings.find((p) => p !== existing && sameId(p.remoteVnetId, remoteId));
    if (other) {
      throw new ArmError(
        400,
        'AnotherPeeringAlreadyReferencesRemoteVnet',
        `Peering ${peeringId(world.idOf(vnet), other.name)} already references remote virtual network ${remoteId}. Cannot add another peering ${id} referencing the same remote virtual network.`,
      );
    }
    const remote = world.findVnet(remoteId);
    if (remote) {
      const overlap = overlapping(vnet.addressPrefixes, remote.addressPrefixes);
      if (overlap.length > 0) {
        throw new ArmError(
          400,
          'VnetAddressSpacesOverlap',
          `Cannot create or update peering ${id}. Virtual networks ${world.idOf(vnet)} and ${world.idOf(remote)} cannot be peered because their address spaces overlap. Overlapping address prefixes: ${overlap.join(', ')}`,
        );
      }
      for (const peered of vnet.peerings) {
        const third = peered === existing ? undefined : world.findVnet(peered.remoteVnetId);
        const clash = third ? overlapping(remote.addressPrefixes, third.addressPrefixes) : [];
        if (third && clash.length > 0) {
          throw new ArmError(
            400,
            'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
            `Cannot create or update peering ${id}. Address space of virtual network ${world.idOf(remote)} overlaps with address space of virtual network ${world.idOf(third)} already peered with virtual network ${world.idOf(vnet)}. Overlapping address prefixes: ${clash.join(', ')}`,
          );
        }
      }
      const reverse = remote.peerings.find((p) => sameId(p.remoteVnetId, world.idOf(vnet)));
      if (reverse?.disconnected) {
        throw new ArmError(
          400,
          'RemotePeeringIsDisconnected',
          `Cannot create or update peering ${id} because remote peering ${peeringId(world.idOf(remote), reverse.name)} referencing parent virtual network ${world.idOf(vnet)} is in Disconnected state. Update or re-create the remote peering to get it back to Initiated state. Peering gets Disconnected when remote vnet or remote peering is deleted and re-created.`,
        );
      }
    }
    const flag = (key: string, fallback: boolean) => (typeof properties?.[key] === 'boolean' ? (properties[key] as boolean) : fallback);
    const peering = existing ?? {
      name,
      remoteVnetId: remote ? world.idOf(remote) : remoteId,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
      syncedRemotePrefixes: remote ? [...remote.addressPrefixes] : [],
      disconnected: false,
      provisioningState: 'Updating' as const,
      resourceGuid: randomUUID(),
      etag: newEtag(),
    };
    // The REST API's default for allowVirtualNetworkAccess is true; the Azure CLI sends false unless told.
    peering.allowVirtualNetworkAccess = flag('allowVirtualNetworkAccess', true);
    peering.allowForwardedTraffic = flag('allowForwardedTraffic', false);
    peering.allowGatewayTransit = flag('allowGatewayTransit', false);
    peering.useRemoteGateways = flag('useRemoteGateways', false);
    // An update brings a Disconnected side back to Initiated (RemotePeeringIsDisconnected's own advice).
    peering.disconnected = false;
    if (existing && remote && context.query.get('syncRemoteAddressSpace')?.toLowerCase() === 'true') {
      peering.syncedRemotePrefixes = [...remote.addressPrefixes];
    }
    peering.provisioningState = 'Updating';
    peering.etag = newEtag();
    if (!existing) vnet.peerings.push(peering);
    const operation = startOperation(vnet, context, (failure) => {
      peering.provisioningState = failure ? 'Failed' : 'Succeeded';
    });
    // 201 for a new peering, 200 for an update, both still Updating (VirtualNetworkPeeringCreate.json).
    return {
      status: existing ? 200 : 201,
      body: peeringJson(world, vnet, peering),
      headers: asyncHeaders(context, operation, false),
    };
  };

  const deletePeering = (context: RouteContext): Reply => {
    const vnet = vnetAt(context);
    const peering = world.findPeering(vnet, context.match[4]!);
    // Deleting what is not there succeeds at once (Virtual Network Peerings - Delete: 200, 202 or 204).
    if (!peering) return { status: 204 };
    assertIdle(peering);
    peering.provisioningState = 'Deleting';
    const operation = startOperation(vnet, context, (failure) => {
      if (failure) peering.provisioningState = 'Failed';
      else world.removePeering(world.idOf(vnet), peering.name);
    });
    return { status: 202, headers: asyncHeaders(context, operation, true) };
  };

  const operationAt = ({ match }: RouteContext): Operation => {
    const operation = sim.operations.get(match[3]!);
    if (!operation || !sameId(operation.subscriptionId, match[1]!)) {
      throw new ArmError(404, 'NotFound', `Operation ${match[3]} was not found.`);
    }
    return operation;
  };

  return [
    {
      method: 'GET', pattern: re(VNETS), provider: NETWORK, scope,
      action: 'Microsoft.Network/virtualNetworks/read',
      handle: ({ match }) => ({
        status: 200,
        body: {
          value: world.vnets
            .filter((v) => sameId(v.subscriptionId, match[1]!) && sameId(v.resourceGroup, match[2]!))
            .map((v) => vnetJson(world, v)),
        },
      }),
    },
    {
      method: 'GET', pattern: re(`${VNETS}/([^/]+)`), provider: NETWORK, scope,
      action: 'Microsoft.Network/virtualNetworks/read',
      handle: (context) => ({ status: 200, body: vnetJson(world, vnetAt(context)) }),
    },
    {
      method: 'GET', pattern: re(`${VNETS}/([^/]+)/virtualNetworkPeerings`), provider: NETWORK, scope,
      action: `${PEERING_TYPE}/read`,
      handle: (context) => {
        const vnet = vnetAt(context);
        return { status: 200, body: { value: vnet.peerings.map((p) => peeringJson(world, vnet, p)) } };
      },
    },
    {
      method: 'GET', pattern: re(`${VNETS}/([^/]+)/virtualNetworkPeerings/([^/]+)`), provider: NETWORK, scope,
      action: `${PEERING_TYPE}/read`,
      handle: (context) => {
        const vnet = vnetAt(context);
        const peering = world.findPeering(vnet, context.match[4]!);
        if (!peering) throw resourceNotFound(PEERING_TYPE, `${vnet.name}/${context.match[4]}`, vnet.resourceGroup);
        return { status: 200, body: peeringJson(world, vnet, peering) };
      },
    },
    {
      method: 'PUT', pattern: re(`${VNETS}/([^/]+)/virtualNetworkPeerings/([^/]+)`), provider: NETWORK, scope,
      action: `${PEERING_TYPE}/write`,
      handle: putPeering,
    },
    {
      method: 'DELETE', pattern: re(`${VNETS}/([^/]+)/virtualNetworkPeerings/([^/]+)`), provider: NETWORK, scope,
      action: `${PEERING_TYPE}/delete`,
      handle: deletePeering,
    },
    {
      // Azure-AsyncOperation: {"status":"InProgress"|"Succeeded"|"Failed", "error"?} (async-operations doc).
      method: 'GET', pattern: re(`${OPS}/operations/([^/]+)`), provider: NETWORK, scope: { subscription: 1 },
      action: 'Microsoft.Network/locations/operations/read',
      handle: (context) => {
        const operation = operationAt(context);
        if (!operation.finished) {
          return { status: 200, body: { status: 'InProgress' }, headers: { 'Retry-After': sim.operations.retryAfter(operation) } };
        }
        if (operation.failure) {
          return { status: 200, body: { status: 'Failed', error: { code: operation.failure.code, message: operation.failure.message } } };
        }
        return { status: 200, body: { status: 'Succeeded' } };
      },
    },
    {
      // Location: 202 while running, 204 once a DELETE is done.
      method: 'GET', pattern: re(`${OPS}/operationResults/([^/]+)`), provider: NETWORK, scope: { subscription: 1 },
      action: 'Microsoft.Network/locations/operationResults/read',
      handle: (context) => {
        const operation = operationAt(context);
        if (!operation.finished) {
          return { status: 202, headers: { Location: `${context.base}${context.path}?${context.query}`, 'Retry-After': sim.operations.retryAfter(operation) } };
        }
        if (operation.failure) throw new ArmError(400, operation.failure.code, operation.failure.message);
        return { status: 204 };
      },
    },
  ];
}

/**
 * The prefixes of `a` that overlap a prefix of `b`. Uses Node's BlockList rather than the product's
 * CIDR code, so a bug there cannot hide behind the same bug here. Two prefixes overlap exactly when
 * one contains the other's first address.
 */
export function overlapping(a: string[], b: string[]): string[] {
  const contains = (prefix: string, other: string) => {
    const [network, length] = prefix.split('/');
    const [first] = other.split('/');
    const family = isIPv4(network!) ? 'ipv4' : 'ipv6';
    if ((isIPv4(first!) ? 'ipv4' : 'ipv6') !== family) return false;
    const list = new BlockList();
    list.addSubnet(network!, Number(length), family);
    return list.check(first!, family);
  };
  const found = new Set<string>();
  for (const x of a) for (const y of b) if (contains(x, y) || contains(y, x)) found.add(x).add(y);
  return [...found];
}

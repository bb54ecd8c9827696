// The write side of peering: carry out the plans of peering-inspect.ts and verify the result.
// Both directions run at once; each long-running operation is awaited with the SDK's poller, which
// follows ARM's Retry-After. Order where ARM imposes one: a Disconnected side is deleted before any
// side is created, because ARM refuses to create the other side while it is Disconnected
// (RemotePeeringIsDisconnected: "Update or re-create the remote peering to get it back to Initiated
// state", as quoted in kyma-project/cloud-manager pkg/kcp/provider/azure/meta/metadata.go).
import type { VirtualNetworkPeering } from '@azure/arm-network';
import type { Progress } from '../context.js';
import { interruptedWhile, operationFailed } from '../errors.js';
import { armCall } from './arm-errors.js';
import type { AzureClients } from './clients.js';
import { readPeering, type PeeringView } from './network.js';
import type { DirectionPlan, PeerSettings } from './peering-inspect.js';

export interface PeeringResult {
  direction: DirectionPlan['direction'];
  name: string;
  localVnet: string;
  remoteVnet: string;
  action: DirectionPlan['action'];
  state: string;
  syncLevel: string;
}

export interface ApplyOptions {
  signal: AbortSignal;
  progress: Progress;
}

const verb: Record<DirectionPlan['action'], string> = {
  none: 'keeping',
  create: 'creating',
  recreate: 're-creating',
  sync: 'syncing',
  update: 'updating',
};

export async function applyPeeringPlans(
  clients: AzureClients,
  plans: DirectionPlan[],
  settings: PeerSettings,
  options: ApplyOptions,
): Promise<PeeringResult[]> {
  const changing = plans.filter((plan) => plan.action !== 'none');
  const { progress, signal } = options;
  progress.begin(`Peering: ${changing.map((p) => `${verb[p.action]} ${p.name} on ${p.local.name}`).join(', ')}`);
  try {
    await allOrFirstError(changing.filter((p) => p.action === 'recreate').map((plan) => deletePeering(clients, plan, signal)));
    await allOrFirstError(changing.map((plan) => putPeering(clients, plan, settings, signal)));
  } catch (error) {
    if (!signal.aborted) {
      progress.fail();
      throw error;
    }
    progress.fail('Interrupted');
    throw interruptedWhile(signal.reason, `while peering. In Azure now: ${await describeState(clients, plans)}.`, {
      hint: 'Run the same command again: it finds what exists and completes the rest.',
      cause: error,
    });
  }
  progress.succeed(`Peered ${changing.map((p) => p.name).join(' and ')}`);
  return verifyPeerings(clients, plans);
}

async function deletePeering(clients: AzureClients, plan: DirectionPlan, signal: AbortSignal): Promise<void> {
  const { local } = plan;
  await armCall({ what: `Deleting the Disconnected peering ${plan.name} of VNet ${local.name}` }, async () => {
    const network = await clients.network(local.subscriptionId);
    const poller = await network.virtualNetworkPeerings.beginDelete(local.resourceGroup, local.name, plan.name, { abortSignal: signal });
    await poller.pollUntilDone({ abortSignal: signal });
  });
}

async function putPeering(clients: AzureClients, plan: DirectionPlan, settings: PeerSettings, signal: AbortSignal): Promise<void> {
  const { local, remote } = plan;
  // A re-created side starts afresh; an update keeps what the operator set by hand (gateway flags,
  // forwarded traffic) and only adds what kafka-aks needs.
  const kept = plan.action === 'recreate' ? undefined : plan.existing;
  const body: VirtualNetworkPeering = {
    remoteVirtualNetwork: { id: remote.id },
    // Always explicit: the Azure CLI defaults it to false, the portal to true; a peering that is
    // Connected but carries no traffic is the result (Azure/azure-cli#26066).
    allowVirtualNetworkAccess: true,
    allowForwardedTraffic: settings.allowForwardedTraffic || (kept?.allowForwardedTraffic ?? false),
    allowGatewayTransit: kept?.allowGatewayTransit ?? false,
    useRemoteGateways: kept?.useRemoteGateways ?? false,
  };
  await armCall({ what: `${capitalise(verb[plan.action])} peering ${plan.name} on VNet ${local.name}` }, async () => {
    const network = await clients.network(local.subscriptionId);
    const poller = await network.virtualNetworkPeerings.beginCreateOrUpdate(local.resourceGroup, local.name, plan.name, body, {
      abortSignal: signal,
      ...(plan.action === 'sync' ? { syncRemoteAddressSpace: 'true' } : {}),
    });
    await poller.pollUntilDone({ abortSignal: signal });
  });
}

/** Both sides must end Connected and FullyInSync; anything else is a failure the operator must see. */
export async function verifyPeerings(clients: AzureClients, plans: DirectionPlan[]): Promise<PeeringResult[]> {
  const views = await Promise.all(plans.map((plan) => readPeering(clients, plan.local, plan.name)));
  const results = plans.map((plan, i) => resultOf(plan, views[i]));
  const wrong = results.filter((r) => r.state !== 'Connected' || r.syncLevel !== 'FullyInSync');
  if (wrong.length > 0) {
    throw operationFailed(
      `The peerings did not end Connected and FullyInSync: ${wrong.map((r) => `${r.name} on ${r.localVnet} is ${r.state}, ${r.syncLevel}`).join('; ')}.`,
      { hint: 'Run kafka-aks peer again; if the state stays the same, look at the peerings in the portal.', details: { peerings: results } },
    );
  }
  return results;
}

export function resultOf(plan: DirectionPlan, view: PeeringView | undefined): PeeringResult {
  return {
    direction: plan.direction,
    name: plan.name,
    localVnet: plan.local.name,
    remoteVnet: plan.remote.name,
    action: plan.action,
    state: view?.state ?? 'missing',
    syncLevel: view?.syncLevel ?? 'missing',
  };
}

/** What exists in Azure now, read afresh (the command's own signal is already aborted). */
async function describeState(clients: AzureClients, plans: DirectionPlan[]): Promise<string> {
  const timeout = AbortSignal.timeout(10_000);
  const parts = await Promise.all(
    plans.map(async (plan) => {
      try {
        const view = await readPeering(clients, plan.local, plan.name, timeout);
        return view
          ? `${plan.name} on ${plan.local.name} exists (${view.state}, provisioning ${view.provisioningState})`
          : `${plan.name} on ${plan.local.name} does not exist yet`;
      } catch {
        return `${plan.name} on ${plan.local.name} could not be read`;
      }
    }),
  );
  return parts.join('; ');
}

/** Wait for all, so no operation is left half-watched; then fail with the first error. */
async function allOrFirstError(work: Promise<void>[]): Promise<void> {
  const outcomes = await Promise.allSettled(work);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

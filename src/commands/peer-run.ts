// What `kafka-aks peer` does once it runs (its flags and help: peer.ts): inspect both VNets, refuse
// overlapping ranges before any write, apply the plan, report.
import { createAzureClients } from '../azure/clients.js';
import { applyPeeringPlans } from '../azure/peering-apply.js';
import { assertNoConflicts, inspectPeering, unsettledPeerings } from '../azure/peering-inspect.js';
import type { Context } from '../context.js';
import { interruptedWhile, operationFailed } from '../errors.js';
import type { PeerOptions } from './peer.js';
import { peerReport, renderPeerReport } from './peer-report.js';
import { peeringTarget } from './steps/peering.js';

export async function peer(ctx: Context, options: PeerOptions): Promise<void> {
  const { reporter } = ctx;
  const clients = createAzureClients(ctx);
  const settings = { prefix: options.peeringPrefix, allowForwardedTraffic: Boolean(options.allowForwardedTraffic) };
  const target = peeringTarget(clients, options);

  const inspection = await inspectPeering(clients, target, settings, reporter);
  assertNoConflicts(inspection);
  const changing = inspection.plans.filter((plan) => plan.action !== 'none');

  if (options.dryRun) {
    reporter.info(changing.length === 0 ? 'Dry run: nothing to do.' : 'Dry run: nothing was changed.');
    reporter.result(peerReport(inspection, undefined, true), renderPeerReport);
    return;
  }
  if (changing.length === 0) {
    const unsettled = unsettledPeerings(inspection);
    if (unsettled.length > 0) {
      throw operationFailed(
        `Azure is still applying a change: ${unsettled.map((p) => `${p.name} on ${p.local.name} is ${p.existing!.state}, provisioning ${p.existing!.provisioningState}`).join('; ')}.`,
        { hint: 'Run the same kafka-aks peer command again in a minute: it verifies the peerings once Azure is done.' },
      );
    }
    reporter.info('Nothing to do: both peerings exist, Connected and FullyInSync.');
    reporter.result(peerReport(inspection, undefined, false), renderPeerReport);
    return;
  }
  if (ctx.signal.aborted) throw interruptedWhile(ctx.signal.reason, 'before any change: no peering was created.');
  const results = await applyPeeringPlans(clients, inspection.plans, settings, {
    signal: ctx.signal,
    progress: reporter,
  });
  reporter.result(peerReport(inspection, results, false), renderPeerReport);
}

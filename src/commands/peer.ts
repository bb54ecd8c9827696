// `kafka-aks peer`: runbook step 1. AKS and the Kafka cluster sit in different VNets, which must be
// peered both ways before a pod can reach a broker. Read both sides, refuse overlapping ranges before
// any write, create or repair what is missing, verify. Idempotent: a second run changes nothing.
import type { Command } from '../commander.js';
import { hdinsightClusterName, resourceGroupName } from '../azure/names.js';
import { addAksOptions, type AksFlags } from './aks-options.js';
import { interruptedWhile, operationFailed } from '../errors.js';
import { nameOf } from './parsers.js';
import { runCommand } from './runner.js';

interface PeerOptions extends AksFlags {
  cluster: string;
  resourceGroup: string;
  peeringPrefix: string;
  allowForwardedTraffic?: boolean;
  dryRun?: boolean;
}

export function registerPeer(program: Command): void {
  const command = program
    .command('peer')
    .summary('peer the AKS and HDInsight virtual networks, both ways')
    .description(
      'Find the AKS cluster\'s VNet and the Kafka cluster\'s VNet, refuse overlapping address ranges ' +
        '(including the AKS service and pod ranges) before any change, then create or repair the two ' +
        'peerings and verify that both are Connected and FullyInSync. Running it again changes nothing.',
    );
  addAksOptions(command)
    .requiredOption('--cluster <name>', 'HDInsight Kafka cluster name', nameOf(hdinsightClusterName))
    .requiredOption('--resource-group <rg>', 'resource group of the HDInsight cluster', nameOf(resourceGroupName))
    .option('--peering-prefix <prefix>', 'new peerings are named <prefix>-to-<remote vnet>', 'kafka-aks')
    .option('--allow-forwarded-traffic', 'also allow traffic forwarded from outside the remote VNet')
    .option('--dry-run', 'print the VNets and the peerings that would be created or repaired; change nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks peer --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg
  $ kafka-aks peer --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg --dry-run
  $ kafka-aks peer --aks aks1 --aks-resource-group aks-rg --aks-subscription <id> \\
      --cluster mykafka --resource-group kafka-rg --json

Needs Network Contributor (or Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write and
Microsoft.Network/virtualNetworks/peer/action) on both VNets, and read access to both clusters.`,
    )
    .action(
      runCommand<PeerOptions>(async (ctx, reporter, options) => {
        const [{ createAzureClients }, { peeringTarget }, inspect, apply, report] = await Promise.all([
          import('../azure/clients.js'),
          import('./steps/peering.js'),
          import('../azure/peering-inspect.js'),
          import('../azure/peering-apply.js'),
          import('./peer-report.js'),
        ]);
        const clients = createAzureClients(ctx);
        const settings = { prefix: options.peeringPrefix, allowForwardedTraffic: Boolean(options.allowForwardedTraffic) };
        const target = peeringTarget(clients, options);

        const inspection = await inspect.inspectPeering(clients, target, settings, reporter);
        inspect.assertNoConflicts(inspection);
        const changing = inspection.plans.filter((plan) => plan.action !== 'none');

        if (options.dryRun) {
          reporter.info(changing.length === 0 ? 'Dry run: nothing to do.' : 'Dry run: nothing was changed.');
          reporter.result(report.peerReport(inspection, undefined, true), report.renderPeerReport);
          return;
        }
        if (changing.length === 0) {
          const unsettled = inspect.unsettledPeerings(inspection);
          if (unsettled.length > 0) {
            throw operationFailed(
              `Azure is still applying a change: ${unsettled.map((p) => `${p.name} on ${p.local.name} is ${p.existing!.state}, provisioning ${p.existing!.provisioningState}`).join('; ')}.`,
              { hint: 'Run the same kafka-aks peer command again in a minute: it verifies the peerings once Azure is done.' },
            );
          }
          reporter.info('Nothing to do: both peerings exist, Connected and FullyInSync.');
          reporter.result(report.peerReport(inspection, undefined, false), report.renderPeerReport);
          return;
        }
        if (ctx.signal.aborted) throw interruptedWhile(ctx.signal.reason, 'before any change: no peering was created.');
        const results = await apply.applyPeeringPlans(clients, inspection.plans, settings, {
          signal: ctx.signal,
          progress: reporter,
        });
        reporter.result(report.peerReport(inspection, results, false), report.renderPeerReport);
      }, 'Run the same command again: it finds the peerings that exist and completes the rest.'),
    );
}

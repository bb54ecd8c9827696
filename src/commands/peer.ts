// `kafka-aks peer`: runbook step 1. AKS and the Kafka cluster sit in different VNets, which must be
// peered both ways before a pod can reach a broker. Read both sides, refuse overlapping ranges before
// any write, create or repair what is missing, verify. Idempotent: a second run changes nothing.
import { Option, type Command } from '../commander.js';
import { hdinsightClusterName, peeringPrefix, resourceGroupName } from '../azure/names.js';
import { addAksOptions, type AksFlags } from './aks-options.js';
import { nameOf } from './parsers.js';
import { runCommand } from './runner.js';

export interface PeerOptions extends AksFlags {
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
    .addOption(new Option('--peering-prefix <prefix>', 'new peerings are named <prefix>-to-<remote vnet>').default('kafka-aks').argParser(nameOf(peeringPrefix)))
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
      runCommand<PeerOptions>(
        async (ctx, options) => (await import('./peer-run.js')).peer(ctx, options),
        'Run the same command again: it finds the peerings that exist and completes the rest.',
      ),
    );
}

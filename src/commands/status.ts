// `kafka-aks status`: where a setup stands, read-only. Its flags and help load at start-up; the checks
// (status-run.ts) only when it runs.
import { Option, type Command } from '../commander.js';
import { aksClusterName, resourceGroupName, subscriptionId } from '../azure/names.js';
import { addAmbariOptions, type AmbariOptions } from './ambari-options.js';
import { nameOf, parseDuration, parsePort } from './parsers.js';
import { runCommand } from './runner.js';

export interface StatusOptions extends AmbariOptions {
  resourceGroup: string;
  aks: string;
  aksResourceGroup: string;
  aksSubscription?: string;
  aksVnet?: string;
  hdinsightVnet?: string;
  port?: number;
  skipSmokeTest?: boolean;
  /** Milliseconds: the whole Kafka part (metadata and the smoke test). */
  kafkaTimeout: number;
}

export function registerStatus(program: Command): void {
  const command = program
    .command('status')
    .summary('check every step of the setup, read-only: peering, network path, advertising, brokers, a smoke test')
    .description(
      'Read the AKS and HDInsight networks, the Kafka configuration in Ambari and the brokers, and say for ' +
        'each check whether it is ok, failed (with the command that fixes it) or could not be checked (and ' +
        'why). Changes nothing. Exit 0 when every check passed, 4 when one did not.',
    )
    .requiredOption('--aks <name>', 'AKS cluster name', nameOf(aksClusterName))
    .requiredOption('--aks-resource-group <rg>', 'resource group of the AKS cluster', nameOf(resourceGroupName))
    .option('--aks-subscription <id>', 'subscription id of the AKS cluster (default: the --subscription one)', nameOf(subscriptionId))
    .option('--aks-vnet <id>', 'resource id of the AKS VNet, when it cannot be found on its own')
    .option('--hdinsight-vnet <id>', "resource id of the HDInsight VNet, instead of the cluster's own")
    .addOption(new Option('--port <port>', "Kafka port (default: the brokers' listeners in Ambari)").argParser(parsePort))
    .option('--skip-smoke-test', 'do not produce and consume the 10 test messages')
    .addOption(
      new Option('--kafka-timeout <duration>', 'how long the Kafka checks (metadata, smoke test) may take').default(30_000, '30s').argParser(parseDuration),
    );
  addAmbariOptions(command, { resourceGroupRequired: true })
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks status --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg
  $ kafka-aks status --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg --json

Needs read access to both clusters and both VNets (Reader), and the Ambari login (from the cluster's
gateway settings through Azure, with --resource-group).`,
    )
    .action(
      runCommand<StatusOptions>(
        async (ctx, reporter, options, self) => (await import('./status-run.js')).status(ctx, reporter, options, self),
        'Nothing was changed: status only reads. Run the same command again.',
      ),
    );
}

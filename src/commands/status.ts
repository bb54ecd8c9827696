// `kafka-aks status`: where a setup stands, read-only. Its flags and help load at start-up; the checks
// (status-run.ts) only when it runs.
import { Option, type Command } from '../commander.js';
import { addAksOptions, type AksFlags } from './aks-options.js';
import { addAmbariOptions, type AmbariOptions } from './ambari-options.js';
import { parseDuration, parsePort } from './parsers.js';
import { runCommand } from './runner.js';

export interface StatusOptions extends AmbariOptions, AksFlags {
  resourceGroup: string;
  port?: number;
  skipSmokeTest?: boolean;
  /** Milliseconds: the whole Kafka part (metadata and the smoke test). */
  kafkaTimeout: number;
}

export function registerStatus(program: Command): void {
  const command = addAksOptions(program.command('status'))
    .summary('check every step of the setup, read-only: peering, network path, advertising, brokers, a smoke test')
    .description(
      'Read the AKS and HDInsight networks, the Kafka configuration in Ambari and the brokers, and say for ' +
        'each check whether it is ok, failed (with the command that fixes it) or could not be checked (and ' +
        'why). Changes nothing. Exit 0 when every check passed, 4 when one did not.',
    )
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
        async (ctx, options, self) => (await import('./status-run.js')).status(ctx, options, self),
        'Nothing was changed: status only reads. Run the same command again.',
      ),
    );
}

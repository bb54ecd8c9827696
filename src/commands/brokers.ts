// `kafka-aks brokers`: runbook step 4, the broker hosts and the private IPs that pods must reach.
import { Option, type Command } from '../commander.js';
import type { BrokerEndpoint } from './steps/brokers.js';
import { formatServers } from '../kafka/bootstrap.js';
import { renderTable } from '../output/table.js';
import { addAmbariOptions, openAmbariCluster, type AmbariOptions } from './ambari-options.js';
import { parsePort } from './parsers.js';
import { runCommand } from './runner.js';

interface BrokersOptions extends AmbariOptions {
  port?: number;
  bootstrap?: boolean;
}

export function registerBrokers(program: Command): void {
  const command = program
    .command('brokers')
    .summary('list the Kafka brokers and their private IPs')
    .description(
      'List the Kafka brokers of an HDInsight cluster: every host running KAFKA_BROKER, with its ' +
        'private IP (what pods in a peered VNet connect to) and the broker state from Ambari.',
    )
    .addOption(
      new Option('--port <port>', "Kafka port to print (default: the brokers' listeners in Ambari)").argParser(parsePort),
    )
    .option('--bootstrap', 'print only ip:port,ip:port,... (for scripts and bootstrap.servers)');
  addAmbariOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ AMBARI_PASSWORD=... kafka-aks brokers --cluster mykafka
  $ kafka-aks brokers --cluster mykafka --bootstrap --ambari-password-stdin < password.txt
  $ kafka-aks brokers --cluster mykafka --json | jq -r '.[].ip'`,
    )
    .action(
      runCommand<BrokersOptions>(async (ctx, reporter, options) => {
        const cluster = await openAmbariCluster(ctx, options);
        const { readBrokers, bootstrapOf } = await import('./steps/brokers.js');
        const { brokers } = await readBrokers(cluster, options.port, reporter);
        if (options.bootstrap && reporter.mode !== 'json') {
          reporter.result(brokers, (list) => formatServers(bootstrapOf(list)));
        } else {
          reporter.result(brokers, brokersTable);
        }
      }, 'Nothing was changed: brokers only reads. Run the same command again.'),
    );
}

function brokersTable(brokers: BrokerEndpoint[]): string {
  return renderTable(
    [
      { header: 'HOST', value: (b: BrokerEndpoint) => b.host },
      { header: 'IP', value: (b) => b.ip },
      { header: 'PORT', value: (b) => b.port, align: 'right' },
      { header: 'STATE', value: (b) => b.state },
    ],
    brokers,
  );
}

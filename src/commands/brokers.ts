// `kafka-aks brokers`: runbook step 4, the broker hosts and the private IPs that pods must reach.
import { Option, type Command } from '../commander.js';
import { addAmbariOptions, type AmbariOptions } from './ambari-options.js';
import { parsePort } from './parsers.js';
import { runCommand } from './runner.js';

export interface BrokersOptions extends AmbariOptions {
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
      runCommand<BrokersOptions>(
        async (ctx, options) => (await import('./brokers-run.js')).brokers(ctx, options),
        'Nothing was changed: brokers only reads. Run the same command again.',
      ),
    );
}

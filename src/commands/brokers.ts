// `kafka-aks brokers`: runbook step 4, the broker hosts and the private IPs that pods must reach.
import { Option, type Command } from '../commander.js';
import { configMapName, namespaceName } from '../aks/kubernetes-names.js';
import { addAksClusterOptions } from './aks-options.js';
import { addAmbariOptions, type AmbariOptions } from './ambari-options.js';
import { nameOf, parsePort } from './parsers.js';
import { runCommand } from './runner.js';

export interface BrokersOptions extends AmbariOptions {
  port?: number;
  bootstrap?: boolean;
  applyConfigmap?: boolean;
  namespace: string;
  configmap: string;
  aks?: string;
  aksResourceGroup?: string;
  aksSubscription?: string;
  dryRun?: boolean;
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
    .option('--bootstrap', 'print only ip:port,ip:port,... (for scripts and bootstrap.servers)')
    .option('--apply-configmap', 'also write the list as a ConfigMap in the AKS cluster (bootstrap.servers, port, cluster), for workloads to read')
    .option('--namespace <name>', 'with --apply-configmap: its namespace', nameOf(namespaceName), 'default')
    .option('--configmap <name>', 'with --apply-configmap: its name', nameOf(configMapName), 'kafka-bootstrap')
    .option('--dry-run', 'with --apply-configmap: print the manifest and what would change, write nothing');
  addAksClusterOptions(command, { required: false });
  addAmbariOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ AMBARI_PASSWORD=... kafka-aks brokers --cluster mykafka
  $ kafka-aks brokers --cluster mykafka --bootstrap --ambari-password-stdin < password.txt
  $ kafka-aks brokers --cluster mykafka --json | jq -r '.[].ip'
  $ kafka-aks brokers --cluster mykafka --resource-group kafka-rg --apply-configmap --aks myaks --aks-resource-group aks-rg

A workload reads the ConfigMap like this (Deployment container spec):
  env:
    - name: KAFKA_BOOTSTRAP_SERVERS
      valueFrom: { configMapKeyRef: { name: kafka-bootstrap, key: bootstrap.servers } }`,
    )
    .action(
      runCommand<BrokersOptions>(
        async (ctx, options, command) => (await import('./brokers-run.js')).brokers(ctx, options, command),
        'Run the same command again: it reads the brokers again, and writes the ConfigMap only if it does not hold them yet.',
      ),
    );
}

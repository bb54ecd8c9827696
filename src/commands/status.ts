// `kafka-aks status`: where a setup stands, read-only. Its flags and help load at start-up; the checks
// (status-run.ts) only when it runs.
import { Option, type Command } from '../commander.js';
import { DEFAULT_KCAT_IMAGE } from '../aks/kcat-image.js';
import { configMapName, imageReference, namespaceName } from '../aks/kubernetes-names.js';
import { addAksOptions, type AksFlags } from './aks-options.js';
import { addAmbariOptions, type AmbariOptions } from './ambari-options.js';
import { nameOf, parseDuration, parsePort } from './parsers.js';
import { runCommand } from './runner.js';

export interface StatusOptions extends AmbariOptions, AksFlags {
  resourceGroup: string;
  port?: number;
  skipSmokeTest?: boolean;
  /** Milliseconds: reading the brokers' metadata from here. */
  kafkaTimeout: number;
  /** Milliseconds: the smoke test in a pod of the AKS cluster, starting the pod included. */
  smokeTimeout: number;
  namespace: string;
  configmap: string;
  image: string;
}

export function registerStatus(program: Command): void {
  const command = addAksOptions(program.command('status'))
    .summary('check every step of the setup, read-only: peering, network path, advertising, brokers, a smoke test')
    .description(
      'Read the AKS and HDInsight networks, the Kafka configuration in Ambari and the brokers, and say for ' +
        'each check whether it is ok, failed (with the command that fixes it) or could not be checked (and ' +
        'why). Changes nothing in Azure, Ambari or the cluster\'s configuration; the smoke test runs in a short-lived ' +
        'pod of the AKS cluster (through the AKS run command) and produces 10 messages to its topic. ' +
        'Exit 0 when every check passed, 4 when one did not.',
    )
    .addOption(new Option('--port <port>', "Kafka port (default: the brokers' listeners in Ambari)").argParser(parsePort))
    .option('--skip-smoke-test', 'do not produce and consume the 10 test messages in a pod of the AKS cluster')
    .addOption(
      new Option('--kafka-timeout <duration>', "how long reading the brokers' metadata from here may take").default(30_000, '30s').argParser(parseDuration),
    )
    .addOption(
      new Option('--smoke-timeout <duration>', 'how long the smoke test in AKS may take, starting its pod included').default(5 * 60_000, '5m').argParser(parseDuration),
    )
    .option('--namespace <name>', 'namespace of the smoke-test pod and of the bootstrap ConfigMap', nameOf(namespaceName), 'default')
    .option('--configmap <name>', 'the bootstrap ConfigMap to check (written by brokers --apply-configmap and up)', nameOf(configMapName), 'kafka-bootstrap')
    .option('--image <image>', 'the kcat image of the smoke-test pod', nameOf(imageReference), DEFAULT_KCAT_IMAGE);
  addAmbariOptions(command, { resourceGroupRequired: true })
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks status --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg
  $ kafka-aks status --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg --json

Needs read access to both clusters and both VNets (Reader), the Ambari login (from the cluster's
gateway settings through Azure, with --resource-group), and for the smoke test and the ConfigMap check
the AKS run command (Microsoft.ContainerService/managedClusters/runCommand/action).`,
    )
    .action(
      runCommand<StatusOptions>(
        async (ctx, options, self) => (await import('./status-run.js')).status(ctx, options, self),
        'Nothing was changed: status only reads. Run the same command again.',
      ),
    );
}

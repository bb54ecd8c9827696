// `kafka-aks up`: the whole runbook as one command. Its flags and help load at start-up; the steps
// (up-run.ts) only when it runs.
import { Option, type Command } from '../commander.js';
import { DEFAULT_KCAT_IMAGE } from '../aks/kcat-image.js';
import { configMapName, imageReference, namespaceName } from '../aks/kubernetes-names.js';
import { kafkaTopicName } from '../kafka/topic-name.js';
import { peeringPrefix } from '../azure/names.js';
import { addAksOptions, type AksFlags } from './aks-options.js';
import { addAmbariOptions, type AmbariOptions } from './ambari-options.js';
import type { RestartFlags } from './configure-advertising-run.js';
import { nameOf, parseDuration, parsePort, parseSeconds, parseSecondsOrZero } from './parsers.js';
import { runCommand } from './runner.js';
import { parseInAksMessages } from './smoke-test.js';

export interface UpOptions extends AmbariOptions, AksFlags, RestartFlags {
  resourceGroup: string;
  peeringPrefix: string;
  port?: number;
  topic: string;
  messages: number;
  /** Milliseconds, for the smoke test in AKS (starting its pod included). */
  timeout: number;
  namespace: string;
  configmap: string;
  image: string;
  dryRun?: boolean;
}

export function registerUp(program: Command): void {
  const command = addAksOptions(program.command('up'))
    .summary('run the whole runbook: peer, configure-advertising, brokers, smoke-test in AKS, the bootstrap ConfigMap')
    .description(
      'Peer the AKS and HDInsight VNets both ways, make every broker advertise its IP (restarting under ' +
        'maintenance mode), list the brokers, prove messages make the round trip from a pod in the AKS cluster, ' +
        'and write the broker list as a ConfigMap for workloads. Every step reads first ' +
        'and changes only what is missing, so a second run changes nothing and a run after a failure resumes ' +
        'where it stopped. The Ambari login comes from the cluster through Azure: only an Azure login is needed.',
    )
    .addOption(new Option('--peering-prefix <prefix>', 'new peerings are named <prefix>-to-<remote vnet>').default('kafka-aks').argParser(nameOf(peeringPrefix)))
    .addOption(new Option('--port <port>', 'advertise this port (default: the port of the current listeners)').argParser(parsePort))
    .option('--rolling', 'restart one broker at a time, so partitions stay available')
    .addOption(new Option('--rolling-pause <seconds>', 'pause between brokers with --rolling when Kafka cannot be reached').default(120).argParser(parseSecondsOrZero))
    .addOption(new Option('--poll-interval <seconds>', 'how often to poll Ambari (and Kafka) during a restart').default(3).argParser(parseSeconds))
    .addOption(new Option('--health-timeout <seconds>', 'with --rolling: how long to wait for Kafka to be healthy after each broker').default(300).argParser(parseSeconds))
    .addOption(new Option('--restart-timeout <duration>', 'stop following an Ambari restart request after this long').default(30 * 60_000, '30m').argParser(parseDuration))
    .addOption(new Option('-t, --topic <name>', 'smoke-test topic; created if missing, kept afterwards').default('kafka-aks-smoke').argParser(nameOf(kafkaTopicName)))
    .addOption(new Option('-c, --messages <count>', 'smoke-test messages').default(100).argParser(parseInAksMessages))
    .addOption(new Option('--timeout <duration>', 'the smoke test in AKS gives up after this long, starting its pod included').default(5 * 60_000, '5m').argParser(parseDuration))
    .option('--namespace <name>', 'namespace of the smoke-test pod and of the bootstrap ConfigMap', nameOf(namespaceName), 'default')
    .option('--configmap <name>', 'the ConfigMap that hands the broker list to workloads', nameOf(configMapName), 'kafka-bootstrap')
    .option('--image <image>', 'the kcat image of the smoke-test pod (a mirror in your registry for clusters without egress)', nameOf(imageReference), DEFAULT_KCAT_IMAGE)
    .option('-y, --yes', 'restart brokers without asking (required when there is no terminal to ask on)')
    .option('--dry-run', "print every step's plan; change nothing");
  addAmbariOptions(command, { resourceGroupRequired: true })
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks up --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg --dry-run
  $ kafka-aks up --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg --rolling --yes

Needs Network Contributor on both VNets (peering), read access to both clusters, the cluster's
gateway settings (Contributor on the HDInsight cluster) or AMBARI_PASSWORD, and the AKS run command
(Microsoft.ContainerService/managedClusters/runCommand/action) for the smoke test and the ConfigMap.`,
    )
    .action(
      runCommand<UpOptions>(
        async (ctx, options, self) => (await import('./up-run.js')).up(ctx, { ...options, restart: true }, self),
        'Run the same command again: every step reads the current state first and carries on from there.',
      ),
    );
}

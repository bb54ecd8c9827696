// `kafka-aks up`: the whole runbook as one command. Its flags and help load at start-up; the steps
// (up-run.ts) only when it runs.
import { Option, type Command } from '../commander.js';
import { kafkaTopicName } from '../kafka/topic-name.js';
import { addAksOptions, type AksFlags } from './aks-options.js';
import { addAmbariOptions, type AmbariOptions } from './ambari-options.js';
import type { RestartFlags } from './configure-advertising-run.js';
import { nameOf, parseDuration, parsePort, parseSeconds, parseSecondsOrZero } from './parsers.js';
import { runCommand } from './runner.js';
import { parseMessages } from './smoke-test.js';

export interface UpOptions extends AmbariOptions, AksFlags, RestartFlags {
  resourceGroup: string;
  peeringPrefix: string;
  port?: number;
  topic: string;
  messages: number;
  /** Milliseconds, for the smoke test. */
  timeout: number;
  dryRun?: boolean;
}

export function registerUp(program: Command): void {
  const command = addAksOptions(program.command('up'))
    .summary('run the whole runbook: peer, configure-advertising, brokers, smoke-test')
    .description(
      'Peer the AKS and HDInsight VNets both ways, make every broker advertise its IP (restarting under ' +
        'maintenance mode), list the brokers, and prove messages make the round trip. Every step reads first ' +
        'and changes only what is missing, so a second run changes nothing and a run after a failure resumes ' +
        'where it stopped. The Ambari login comes from the cluster through Azure: only an Azure login is needed.',
    )
    .option('--peering-prefix <prefix>', 'new peerings are named <prefix>-to-<remote vnet>', 'kafka-aks')
    .addOption(new Option('--port <port>', 'advertise this port (default: the port of the current listeners)').argParser(parsePort))
    .option('--rolling', 'restart one broker at a time, so partitions stay available')
    .addOption(new Option('--rolling-pause <seconds>', 'pause between brokers with --rolling when Kafka cannot be reached').default(120).argParser(parseSecondsOrZero))
    .addOption(new Option('--poll-interval <seconds>', 'how often to poll Ambari (and Kafka) during a restart').default(3).argParser(parseSeconds))
    .addOption(new Option('--health-timeout <seconds>', 'with --rolling: how long to wait for Kafka to be healthy after each broker').default(300).argParser(parseSeconds))
    .addOption(new Option('--restart-timeout <duration>', 'stop following an Ambari restart request after this long').default(30 * 60_000, '30m').argParser(parseDuration))
    .addOption(new Option('-t, --topic <name>', 'smoke-test topic; created if missing, kept afterwards').default('kafka-aks-smoke').argParser(nameOf(kafkaTopicName)))
    .addOption(new Option('-c, --messages <count>', 'smoke-test messages').default(100).argParser(parseMessages))
    .addOption(new Option('--timeout <duration>', 'the smoke test gives up after this long').default(30_000, '30s').argParser(parseDuration))
    .option('-y, --yes', 'restart brokers without asking (required when there is no terminal to ask on)')
    .option('--dry-run', "print every step's plan; change nothing");
  addAmbariOptions(command, { resourceGroupRequired: true })
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks up --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg --dry-run
  $ kafka-aks up --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg --rolling --yes

Needs Network Contributor on both VNets (peering), read access to both clusters, and the cluster's
gateway settings (Contributor on the HDInsight cluster) or AMBARI_PASSWORD.`,
    )
    .action(
      runCommand<UpOptions>(
        async (ctx, options) => (await import('./up-run.js')).up(ctx, { ...options, restart: true }),
        'Run the same command again: every step reads the current state first and carries on from there.',
      ),
    );
}

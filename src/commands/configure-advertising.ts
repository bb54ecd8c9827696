// `kafka-aks configure-advertising`: runbook steps 2-3. Make every broker advertise its private IP,
// restart the brokers safely under maintenance mode, verify; or roll the change back.
import { Option, type Command } from '../commander.js';
import { addAmbariOptions, type AmbariOptions } from './ambari-options.js';
import { parseDuration, parsePort, parseSeconds, parseSecondsOrZero } from './parsers.js';
import { runCommand } from './runner.js';

export interface ConfigureAdvertisingOptions extends AmbariOptions {
  port?: number;
  rolling?: boolean;
  rollingPause: number;
  /** false with --no-restart */
  restart: boolean;
  yes?: boolean;
  dryRun?: boolean;
  rollback?: boolean;
  pollInterval: number;
  healthTimeout: number;
  /** Milliseconds. */
  restartTimeout: number;
}

export function registerConfigureAdvertising(program: Command): void {
  const command = program
    .command('configure-advertising')
    .summary('make every Kafka broker advertise its private IP (through Ambari), restart safely')
    .description(
      'Names do not resolve across peered VNets, so Kafka must advertise IP addresses. This appends the ' +
        'documented snippet to the kafka-env template (fenced, never twice), binds listeners to 0.0.0.0 keeping ' +
        'their protocol and port, writes both in one Ambari change, then restarts the brokers under maintenance ' +
        'mode and verifies. A second run changes nothing; a run after a failed restart only restarts. ' +
        '--rollback restores the configuration from before kafka-aks changed it.',
    )
    .addOption(new Option('--port <port>', 'advertise this port (default: the port of the current listeners)').argParser(parsePort))
    .option('--rolling', 'restart one broker at a time, so partitions stay available (default: all at once, like Ambari)')
    .addOption(
      new Option('--rolling-pause <seconds>', 'pause between brokers with --rolling (Ambari UI default)').default(120).argParser(parseSecondsOrZero),
    )
    .option('--no-restart', 'write the configuration only; restart later (the change takes effect at the next restart)')
    .option('-y, --yes', 'restart without asking (required when there is no terminal to ask on)')
    .option('--dry-run', 'print the change and the restart plan; write nothing')
    .option('--rollback', "restore the Kafka configuration from before kafka-aks's last change")
    .addOption(new Option('--poll-interval <seconds>', 'how often to poll Ambari (and Kafka) during a restart').default(3).argParser(parseSeconds))
    .addOption(
      new Option('--health-timeout <seconds>', 'with --rolling: how long to wait for Kafka to be healthy after each broker')
        .default(300)
        .argParser(parseSeconds),
    )
    .addOption(
      new Option(
        '--restart-timeout <duration>',
        'stop following an Ambari restart request after this long (30m, 1800s; it goes on in Ambari); maintenance mode is turned OFF',
      )
        .default(30 * 60_000, '30m')
        .argParser(parseDuration),
    );
  addAmbariOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks configure-advertising --cluster mykafka --dry-run
  $ kafka-aks configure-advertising --cluster mykafka --rolling --yes
  $ kafka-aks configure-advertising --cluster mykafka --no-restart
  $ kafka-aks configure-advertising --cluster mykafka --rollback --yes

With --rolling, kafka-aks restarts the Kafka controller last and, after each broker, waits until it is
back in the metadata and no partition is under-replicated. Where the brokers
cannot be reached from where it runs, it pauses --rolling-pause seconds instead, and says so.`,
    )
    .action(
      runCommand<ConfigureAdvertisingOptions>(
        async (ctx, options) => (await import('./configure-advertising-run.js')).configureAdvertising(ctx, options),
        'Run the same command again: it reads the configuration and the brokers first, and carries on from there.',
      ),
    );
}

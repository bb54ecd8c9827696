// The commander program: global options, one registration per command, and the one place where a
// usage error becomes a message and an exit code. Loads nothing heavy: each command imports the
// Azure SDK, axios or kafkajs inside its action, so `kafka-aks --help` costs little more than Node.
import packageJson from '../package.json' with { type: 'json' };
import { Command, CommanderError, Option } from './commander.js';
import { cloudNames } from './clouds.js';
import { registerBrokers } from './commands/brokers.js';
import { registerCompletion } from './commands/completion.js';
import { registerConfigureAdvertising } from './commands/configure-advertising.js';
import { registerPeer } from './commands/peer.js';
import { registerSmokeTest } from './commands/smoke-test.js';
import { registerStatus } from './commands/status.js';
import { registerUp } from './commands/up.js';
import { ExitCode, isKafkaAksError } from './errors.js';
import { reportUsageErrorAsJson, shortenQuoted, usageErrorFrom } from './usage-error.js';
import { tolerateClosedReader } from './output/closed-reader.js';

// Inlined by the bundler: the shipped code reads no file beside itself.
const { version } = packageJson;

export function buildProgram(): Command {
  const program = new Command('kafka-aks')
    .description(
      'Connect workloads on Azure Kubernetes Service to Apache Kafka on Azure HDInsight: ' +
        'peer the VNets, make brokers advertise their IPs, list the brokers, prove the round trip; or all at once (up), or check where it stands (status).',
    )
    .version(version, '-V, --version', 'print the version of kafka-aks')
    .option('--subscription <id>', 'Azure subscription id (default: AZURE_SUBSCRIPTION_ID, then the Azure CLI default)')
    .addOption(
      new Option('--cloud <name>', 'Azure cloud whose endpoints to use').choices(cloudNames).default('AzureCloud'),
    )
    .option('--json', 'print the result as one JSON document on stdout')
    .option('--verbose', 'trace every HTTP call (secrets redacted) and show stack traces')
    .option('-q, --quiet', 'print only the result and errors, no progress')
    // Commander's error lines; subcommands inherit this (they are added below).
    .configureOutput({
      writeErr: (text) => {
        tolerateClosedReader(process.stderr);
        process.stderr.write(text);
      },
      outputError: (text, write) => write(shortenQuoted(text)),
    })
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .addHelpText(
      'after',
      `
Examples:
  $ kafka-aks status --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg
  $ kafka-aks up --aks aks1 --aks-resource-group aks-rg --cluster mykafka --resource-group kafka-rg --rolling --yes
  $ kafka-aks brokers --cluster mykafka
  $ kafka-aks brokers --cluster mykafka --bootstrap
  $ kafka-aks brokers --cluster mykafka --cloud AzureChinaCloud --json
  $ kafka-aks configure-advertising --cluster mykafka --dry-run
  $ kafka-aks configure-advertising --cluster mykafka --rolling --yes
  $ kafka-aks smoke-test --cluster mykafka --messages 1000
  $ source <(kafka-aks completion bash)      # TAB completion; zsh and fish: kafka-aks completion --help

Exit codes: 0 done, 1 operation failed, 2 bad usage or input, 3 not found,
            4 check failed, 5 authentication refused, 130 interrupted (Ctrl-C),
            143 terminated (SIGTERM), 129 hung up (SIGHUP), 141 output closed.
Docs: README.md, or https://github.com/kafka-aks/kafka-aks`,
    );

  registerBrokers(program);
  registerConfigureAdvertising(program);
  registerPeer(program);
  registerSmokeTest(program);
  registerStatus(program);
  registerUp(program);
  registerCompletion(program);

  // Usage errors exit 2 with commander's one line (it names the bad flag and suggests the right one),
  // and become KafkaAksErrors naming the --help of the command that refused the words. --help and
  // --version end through here too, as commander's errors with exit code 0.
  for (const command of [program, ...program.commands]) {
    command.exitOverride((error) => {
      throw error.exitCode === 0 ? error : usageErrorFrom(error, command);
    });
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `kafka-aks --help | head -1`. stderr is watched where it is first written (below, and the
  // Reporter): Node makes that stream on first use, a cost --help would pay for nothing.
  tolerateClosedReader(process.stdout);
  const program = buildProgram();
  let onlyStdout = false;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // --help or --version. (A command's own errors never get here: its runner has reported them.)
    if (error instanceof CommanderError) {
      process.exitCode = ExitCode.ok;
      onlyStdout = true;
    } else if (isKafkaAksError(error)) {
      process.exitCode = error.exitCode;
      await reportUsageErrorAsJson(error, argv, program);
    } else throw error;
  }
  exitOnceFlushed(onlyStdout);
}

/**
 * The command has finished and said everything: end the process once stdout and stderr are flushed.
 * A library may leave timers behind - kafkajs keeps retrying in the background after a deadline, and
 * takes no signal to stop - and they must not keep the process alive after the verdict. --help and
 * --version wrote to stdout only: stderr is left alone there, since Node makes its stream on first use,
 * a cost `kafka-aks --help` would pay for nothing (bench/cold-start).
 */
function exitOnceFlushed(onlyStdout: boolean): void {
  process.stdout.write('', () => (onlyStdout ? process.exit() : process.stderr.write('', () => process.exit())));
}

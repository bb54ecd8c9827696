// commander's own usage errors (an unknown command or flag, a missing or refused value) told as every
// other error is: a KafkaAksError of kind usage, and with --json one document on stdout,
// {"error": {"kind": "usage", "exitCode": 2, "message", "hint"}} (README "Exit codes"). People keep
// commander's line on stderr, which names the bad word and suggests the right one.
import type { CommanderError, Command } from './commander.js';
import { usageError, type KafkaAksError } from './errors.js';

/**
 * commander quotes a refused value whole: a 10 kB value (a file pasted by mistake) fills the terminal.
 * A quoted value longer than this is cut, saying how long it was. Above every name's limit (a topic's 249
 * characters is the longest), so a name just too long is still shown whole.
 */
const LONGEST_QUOTED = 256;

export function shortenQuoted(text: string): string {
  return text.replace(new RegExp(`'([^']{${LONGEST_QUOTED + 1},})'`, 'g'), (_, value: string) => `'${value.slice(0, LONGEST_QUOTED)}…' (${value.length} characters)`);
}

/** commander's message without its "error: " prefix, and the --help of the command that refused the words. */
export function usageErrorFrom(error: CommanderError, command: Command): KafkaAksError {
  const path = command.parent ? `${command.parent.name()} ${command.name()}` : command.name();
  // 'commander.help' with a non-zero exit: no command was named (`kafka-aks --json`) or `help` was asked
  // about an unknown one; commander printed the usage on stderr and has no message of its own.
  const message =
    error.code === 'commander.help'
      ? `Name a command: ${listOf(command.commands.map((sub) => sub.name()))}.`
      : shortenQuoted(error.message.replace(/^error: /, ''));
  return usageError(message, { hint: `Run \`${path} --help\` for usage.` });
}

/**
 * Whether the words ask for --json, read from argv rather than from what commander parsed: commander may
 * refuse a word before it reaches --json (`--cloud Mars --json brokers`), and that error is owed as JSON
 * too. Read as commander reads the program's options, which it does first, wherever they stand: before
 * `--`, before or after the command, and not as the value of a global option that takes one
 * (`--subscription --json` names a subscription "--json"). So a command's own flag does not swallow it:
 * `smoke-test --topic --json` is --json, and a --topic without its value.
 */
export function asksForJson(argv: readonly string[], program: Command): boolean {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') return false;
    if (arg === '--json') return true;
    if (program.options.some((option) => option.required && (option.long === arg || option.short === arg))) i += 1;
  }
  return false;
}

/** With --json, the error as the one document on stdout; commander has told people on stderr already. */
export async function reportUsageErrorAsJson(error: KafkaAksError, argv: readonly string[], program: Command): Promise<void> {
  if (!asksForJson(argv, program)) return;
  const [{ createReporter }, { describeError, errorDocument }] = await Promise.all([
    import('./output/reporter.js'),
    import('./output/render-error.js'),
  ]);
  const reporter = await createReporter({ mode: 'json', verbose: false, quiet: true });
  reporter.result(errorDocument(describeError(error)), () => '');
}

function listOf(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

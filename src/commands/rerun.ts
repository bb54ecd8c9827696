// "Run this again": the command the operator typed, from the real argv, so a hint keeps every flag they
// gave (--ambari-url, --rolling, --subscription ...) instead of a reconstruction that drops some.
// Secrets are never in argv (passwords come from stdin, the environment or a prompt), so none leak here.
import type { Command } from '../commander.js';
import { shellWord } from '../shell-word.js';

export interface Rerun {
  /** Flags to leave out (boolean flags only), e.g. --dry-run for the command that applies the plan. */
  drop?: string[];
  /** Flags to add when absent, e.g. --rollback. */
  add?: string[];
}

export function rerunCommand(change: Rerun = {}, argv: string[] = process.argv.slice(2)): string {
  const kept = argv.filter((arg) => !(change.drop ?? []).includes(arg));
  const added = (change.add ?? []).filter((flag) => !kept.includes(flag));
  return ['kafka-aks', ...kept, ...added].map(shellWord).join(' ');
}

/**
 * Another command with the operator's own flags, those it accepts: `status` names the exact
 * `kafka-aks peer ...` or `configure-advertising ...` that fixes a check, with the --aks, --cluster,
 * --ambari-url, --subscription the operator gave. Which flags take a value comes from commander itself.
 */
export function sameFlagsFor(from: Command, target: string, extra: string[] = [], argv: string[] = process.argv.slice(2)): string {
  const program = rootOf(from);
  const into = program.commands.find((c) => c.name() === target);
  if (!into) throw new Error(`no command ${target}`);
  const known = (command: Command, flag: string) => command.options.find((o) => o.long === flag || o.short === flag);
  const words: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === from.name()) continue;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), true] : [arg, false];
    const option = known(from, flag) ?? known(program, flag);
    const takesValue = option !== undefined && (option.required || option.optional) && !inline;
    const value = takesValue ? argv[i + 1] : undefined;
    if (takesValue) i += 1;
    if (option === undefined || PRESENTATION.has(flag) || !(known(into, flag) ?? known(program, flag))) continue;
    words.push(arg, ...(value === undefined ? [] : [value]));
  }
  return ['kafka-aks', target, ...words, ...extra.filter((flag) => !words.includes(flag))].map(shellWord).join(' ');
}

/** How this run printed, not what the other command should do: left to the operator. */
const PRESENTATION = new Set(['--json', '--verbose', '-q', '--quiet']);

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

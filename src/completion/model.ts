// What a shell needs to complete kafka-aks, read from the commander program itself when the script is
// asked for: the commands, the flags each accepts, which flags take a value, and the values commander
// accepts where it knows them (`.choices()`). Nothing here is a list of our own, so a command or flag
// added to the program is completed without touching this folder. As clap_complete does for Rust CLIs,
// the data is written into the script: a TAB costs the shell nothing, not a Node start.
import type { Command, Option } from '../commander.js';

export interface CompletionFlag {
  /** `-b`, when there is one. */
  short?: string;
  /** `--bootstrap-server`, when there is one. */
  long?: string;
  description: string;
  /** The flag takes a value (`<value>`), in the next word or after `=`. */
  takesValue: boolean;
  /** What the value is, from the flag's `<...>`: `host:port,...`. */
  valueName: string;
  /** Every value commander accepts, when it knows them (`--cloud`); undefined when any word goes. */
  choices?: readonly string[];
}

export interface CompletionCommand {
  name: string;
  description: string;
  /** Every flag accepted after this command: its own, then the program's (commander reads those anywhere). */
  flags: CompletionFlag[];
  /** Per positional argument, in order, the words it accepts (undefined: any word). */
  arguments: (readonly string[] | undefined)[];
}

export interface CompletionModel {
  /** The program's name, as the shell calls it. */
  program: string;
  version: string;
  /** The flags accepted before a command, --help and --version included. */
  flags: CompletionFlag[];
  /** The commands, commander's `help [command]` included (its argument: the other commands). */
  commands: CompletionCommand[];
}

/** The model of the program that `command` belongs to (the root is found from any of its commands). */
export function completionModel(command: Command): CompletionModel {
  let program = command;
  while (program.parent) program = program.parent;
  const help = program.createHelp();
  const programFlags = help.visibleOptions(program);
  // The program's own options, without the --help it shares with every command: commander parses these
  // before and after the command's name (`kafka-aks brokers --json`).
  const inherited = programFlags.filter((option) => program.options.includes(option));
  const visible = help.visibleCommands(program);
  const names = visible.filter((sub) => program.commands.includes(sub)).map((sub) => sub.name());
  const commands = visible.map((sub) => ({
    name: plainWord(sub.name()),
    description: sub.summary() || sub.description(),
    flags: uniqueFlags([...help.visibleOptions(sub), ...inherited]).map(flagOf),
    // commander's implicit `help [command]` is the one command not in program.commands.
    arguments: program.commands.includes(sub)
      ? sub.registeredArguments.map((argument) => argument.argChoices?.map(plainWord))
      : [names],
  }));
  return { program: plainWord(program.name()), version: program.version() ?? '', flags: programFlags.map(flagOf), commands };
}

function uniqueFlags(options: Option[]): Option[] {
  const seen = new Set<string>();
  return options.filter((option) => {
    const key = option.long ?? option.short ?? option.flags;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function flagOf(option: Option): CompletionFlag {
  return {
    ...(option.short ? { short: plainWord(option.short) } : {}),
    ...(option.long ? { long: plainWord(option.long) } : {}),
    description: option.description,
    // An optional value (`[value]`) is never taken from the next word by a completion: it may be an argument.
    takesValue: option.required,
    valueName: /[<[](.+)[>\]]/.exec(option.flags)?.[1] ?? 'value',
    ...(option.argChoices ? { choices: option.argChoices.map(plainWord) } : {}),
  };
}

/**
 * Names, flags and choices are written into shell code unquoted (bash's `compgen -W` splits its word
 * list at blanks; zsh and fish read them as words too): one with a blank, a quote or a glob character
 * would complete wrongly, so the program may not have one.
 */
function plainWord(word: string): string {
  if (!/^[\w.,@%+/-]+$/.test(word)) throw new Error(`cannot complete ${JSON.stringify(word)}: not a plain word`);
  return word;
}

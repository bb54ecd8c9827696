// `kafka-aks completion bash|zsh|fish`: a shell completion script generated from this program's own
// commands and flags (src/completion/), so it can never fall behind them. Its flags and help load at
// start-up; the generators only when it runs.
import { Argument, type Command } from '../commander.js';
import { runCommand } from './runner.js';

export const completionShells = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof completionShells)[number];

export function registerCompletion(program: Command): void {
  const run = runCommand<object>(
    async (ctx, _options, command) => (await import('./completion-run.js')).completion(ctx, command),
    'Nothing was changed: completion only prints a script. Run the same command again.',
  );
  program
    .command('completion')
    .summary('print a shell completion script for bash, zsh or fish')
    .description(
      "Print a completion script for your shell, made from this kafka-aks's own commands and flags: TAB then " +
        'completes commands, flags, and the values of flags whose choices are known (--cloud). Install it once ' +
        'as below; run it again after upgrading kafka-aks. With --json: {shell, script}.',
    )
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(completionShells))
    .addHelpText(
      'after',
      `
Examples:
  $ source <(kafka-aks completion bash)        # bash, this shell only
  $ mkdir -p ~/.local/share/bash-completion/completions
  $ kafka-aks completion bash > ~/.local/share/bash-completion/completions/kafka-aks   # bash, every shell (bash-completion 2)
  $ mkdir -p ~/.zfunc && kafka-aks completion zsh > ~/.zfunc/_kafka-aks
      # zsh: ~/.zfunc on $fpath, in ~/.zshrc before compinit: fpath=(~/.zfunc $fpath); autoload -Uz compinit && compinit
  $ kafka-aks completion fish > ~/.config/fish/completions/kafka-aks.fish`,
    )
    // commander hands the action the argument first: the runner wants the options and the command.
    .action((_shell: string, options: object, command: Command) => run(options, command));
}

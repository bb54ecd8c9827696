// What `kafka-aks completion <shell>` does once it runs (its flags and help: completion.ts): the script
// for that shell, from the program the command belongs to.
import type { Command } from '../commander.js';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { completionModel, type CompletionModel } from '../completion/model.js';
import { zshScript } from '../completion/zsh.js';
import type { Context } from '../context.js';
import type { CompletionShell } from './completion.js';

const scriptFor: Record<CompletionShell, (model: CompletionModel) => string> = {
  bash: bashScript,
  zsh: zshScript,
  fish: fishScript,
};

export async function completion(ctx: Context, command: Command): Promise<void> {
  // commander has checked the argument against completionShells.
  const shell = command.processedArgs[0] as CompletionShell;
  const script = scriptFor[shell](completionModel(command));
  ctx.reporter.result({ shell, script }, (result) => result.script.trimEnd());
}

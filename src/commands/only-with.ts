// Flags that mean something only beside another (--aks without --in-aks, --namespace without
// --apply-configmap) would otherwise be ignored without a word: refuse them, naming each as typed.
import type { Command } from '../commander.js';
import { usageError } from '../errors.js';

/** `keys` are the options' attribute names; `required` the flag they need, as the message names it. */
export function refuseUnlessWith(command: Command, keys: string[], required: string, hint: string): void {
  const given = keys.filter((key) => command.getOptionValueSource(key) === 'cli');
  if (given.length === 0) return;
  const flags = given.map((key) => command.options.find((o) => o.attributeName() === key)?.long ?? key);
  throw usageError(`${flags.join(', ')} ${flags.length === 1 ? 'applies' : 'apply'} only with ${required}.`, { hint });
}

// "Run this again": the command the operator typed, from the real argv, so a hint keeps every flag they
// gave (--ambari-url, --rolling, --subscription ...) instead of a reconstruction that drops some.
// Secrets are never in argv (passwords come from stdin, the environment or a prompt), so none leak here.

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

/** A word as a POSIX shell reads it back unchanged. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
